"""`kehoach validate`: load, run the checks, and place every problem in its file.

Positions cost nothing on the valid path: only a file that has a problem is
composed again (C parser) to turn each problem's data path into line and column.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace
from pathlib import Path

from kehoach.check.common import reset_suggestions
from kehoach.check.registry import CHECKS
from kehoach.files import yamlread
from kehoach.files.read import read_data_file
from kehoach.model.load import Loaded, load
from kehoach.model.schema import FILES
from kehoach.problems import Path as Path_
from kehoach.problems import Problem


@dataclass
class Validation:
    loaded: Loaded
    problems: list[Problem]

    def valid(self, *, strict: bool = False) -> bool:
        return not any(p.severity == "error" or strict for p in self.problems)


def validate(
    root: Path, checks: Collection[str] | None = None, sources: dict[str, bytes | None] | None = None
) -> Validation:
    """Every problem in the plan under `root` (or in `sources`), sorted by file and position."""
    reset_suggestions()
    loaded = load(root, sources)
    problems = list(loaded.problems)
    for name, check in CHECKS.items():
        if checks is None or name in checks:
            problems.extend(check(loaded))
    return Validation(loaded, place(root, problems, sources))


def place(
    root: Path, problems: list[Problem], sources: dict[str, bytes | None] | None = None
) -> list[Problem]:
    """Fill in line and column from each problem's path, reading each file once."""
    wanted: dict[str, list[Path_]] = {}
    for problem in problems:
        if problem.line is None:
            wanted.setdefault(problem.file, []).append(problem.path)
    locators = {name: yamlread.Locator(_read(root, name, sources), paths) for name, paths in wanted.items()}
    placed = []
    for problem in problems:
        if problem.line is None:
            line, column = locators[problem.file].locate(problem.path, key=problem.at_key)
            problem = replace(problem, line=line, column=column)
        placed.append(problem)
    order = {name: i for i, name in enumerate(FILES)}
    return sorted(
        placed, key=lambda p: (order.get(p.file, len(order)), p.file, p.line or 0, p.column or 0, p.code)
    )


def _read(root: Path, name: str, sources: dict[str, bytes | None] | None) -> str | None:
    try:
        data = sources.get(name) if sources is not None else read_data_file(root, name)
        return yamlread.decode(data) if data is not None else None
    except (OSError, yamlread.YamlError):
        return None
