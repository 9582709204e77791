"""The named checks, in the order they run: one module each, holding its codes and messages.

`syntax` and `schema` problems come from loading (model/load.py) and are always
reported: the other checks need data they can read. The others can be run one
at a time with `kehoach validate --check NAME`. The list of names is written once,
`kehoach.problems.CHECKS` (the command line's choices and help come from it); each
name after `schema` is the module kehoach/check/<name>.py, with NAME, CODES and
run(loaded). A new check is such a module and its name added to that list.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from importlib import import_module
from types import ModuleType

from kehoach.model.load import Loaded
from kehoach.problems import CHECKS as NAMES
from kehoach.problems import Problem, register

Check = Callable[[Loaded], Iterable[Problem]]

MODULES: tuple[ModuleType, ...] = tuple(
    import_module(f"kehoach.check.{name.replace('-', '_')}") for name in NAMES if name != "schema"
)
CHECKS: dict[str, Check] = {module.NAME: module.run for module in MODULES}
for _module in MODULES:
    register(_module.NAME, _module.CODES)
