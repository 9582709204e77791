"""The named checks, in the order they run: one module each, holding its codes and messages.

`syntax` and `schema` problems come from loading (model/load.py) and are always
reported: the other checks need data they can read. The others can be run one
at a time with `kehoach validate --check NAME`. A new check is a module with
NAME, CODES and run(loaded), added to MODULES.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from kehoach.check import lineage, references, reports, text, unique_ids, unique_names
from kehoach.model.load import Loaded
from kehoach.problems import Problem, register

Check = Callable[[Loaded], Iterable[Problem]]

MODULES = (references, unique_ids, unique_names, lineage, reports, text)
CHECKS: dict[str, Check] = {module.NAME: module.run for module in MODULES}
for _module in MODULES:
    register(_module.NAME, _module.CODES)
