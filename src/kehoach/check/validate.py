"""`kehoach validate`: load, run the checks, and place every problem in its file.

Positions cost nothing on the valid path: only a file that has a problem is
composed again (C parser) to turn each problem's data path into line and column.
"""

from __future__ import annotations

import os
from collections.abc import Collection
from dataclasses import dataclass, replace
from pathlib import Path

from kehoach.check.common import TASKS, reset_suggestions
from kehoach.check.registry import CHECKS
from kehoach.files import yamlread
from kehoach.files.layout import (
    PLANS_DIR,
    REPORTS_DIR,
    ROSTER,
    PlanFiles,
    in_register,
    is_plan_id,
    one_plan,
    register_ids,
)
from kehoach.files.read import DataFileError, read_data_file
from kehoach.model.load import Loaded, load
from kehoach.model.schema import FILES
from kehoach.problems import Path as Path_
from kehoach.problems import Problem


@dataclass
class Validation:
    loaded: Loaded  # of the one plan (in a register: of the first; queries validate one plan at a time)
    problems: list[Problem]

    def valid(self, *, strict: bool = False) -> bool:
        return not any(p.severity == "error" or strict for p in self.problems)


def validate(
    root: Path, checks: Collection[str] | None = None, sources: dict[str, bytes | None] | None = None
) -> Validation:
    """Every problem in the data folder under `root` (or in `sources`, by the names of the files in the
    data folder): its one plan, or every plan of its register with the roster once; sorted by file and
    position."""
    reset_suggestions()
    errors: list[DataFileError] = []
    ids = register_ids(root, sources, errors)
    if ids is None:
        return validate_plan(root, sources, one_plan(), checks)
    problems = [Problem(e.code, e.name, e.detail, (), 1, 1) for e in errors]
    problems += _layout_problems(root, sources, ids)
    plans = [in_register(i) for i in ids if is_plan_id(i)]
    loads: list[tuple[PlanFiles, Loaded, dict[str, bytes | None] | None]] = []
    first: Loaded | None = None
    for files in plans:
        own = files.own(sources) if sources is not None else None
        loaded = load(root, own, roster=first, files=files)
        first = first or loaded
        loads.append((files, loaded, own))
    register = {
        files.id: {t.id for t in getattr(loaded.checkable.get(TASKS), "tasks", ())}
        for files, loaded, _ in loads
    }
    seen: set[Problem] = set()
    for files, loaded, own in loads:
        loaded.register = register
        for problem in _checked(root, loaded, checks, own, files):
            if problem.file != ROSTER or problem not in seen:  # the roster's problems, once
                seen.add(problem)
                problems.append(problem)
    if first is None:
        first = load(root, {}, files=one_plan())
    order = {name: i for i, name in enumerate(FILES)}
    problems.sort(key=lambda p: (order.get(p.file, len(order)), p.file, p.line or 0, p.column or 0, p.code))
    return Validation(first, problems)


def validate_plan(
    root: Path,
    sources: dict[str, bytes | None] | None,
    files: PlanFiles,
    checks: Collection[str] | None = None,
) -> Validation:
    """One plan's problems (`sources` by the names inside kehoach), as a query validates the plan it
    reads. A plan alone in its data folder is the whole register, so its references are checked too;
    one of a register leaves them to the run over every plan (check/plans.py)."""
    reset_suggestions()
    loaded = load(root, sources, files=files)
    if not files.register:
        loaded.register = {files.id: {t.id for t in getattr(loaded.checkable.get(TASKS), "tasks", ())}}
    return Validation(loaded, _checked(root, loaded, checks, sources, files))


def _checked(
    root: Path,
    loaded: Loaded,
    checks: Collection[str] | None,
    sources: dict[str, bytes | None] | None,
    files: PlanFiles,
) -> list[Problem]:
    """The plan's problems, placed in its files, with the names those files have in the data folder."""
    problems = list(loaded.problems)
    for name, check in CHECKS.items():
        if checks is None or name in checks:
            problems.extend(check(loaded))
    placed = place(root, problems, sources, files)
    if not files.register:
        return placed
    return [replace(p, file=files.physical(p.file), message=files.translate(p.message)) for p in placed]


def _layout_problems(root: Path, sources: dict[str, bytes | None] | None, ids: list[str]) -> list[Problem]:
    """What is wrong with the register's folders: a plan folder whose name is not an id, plan files
    left in the one-plan places, no plan at all."""
    problems = [
        Problem(
            "bad-plan-id",
            f"{PLANS_DIR}/{name}",
            "tên thư mục kế hoạch phải là một mã: chữ thường không dấu, số và dấu gạch nối (ví dụ "
            "hop-tac-hn-hcm-2024); hãy đổi tên thư mục bằng `git mv`",
            (),
            1,
            1,
        )
        for name in ids
        if not is_plan_id(name)
    ]
    left = [
        name
        for name in (*FILES, REPORTS_DIR)
        if name != ROSTER
        and (
            any(n == name or n.startswith(name + "/") for n in sources if sources[n] is not None)
            if sources is not None
            else os.path.lexists(os.path.join(root, name))
        )
    ]
    problems += [
        Problem(
            "mixed-layout",
            name,
            f"dữ liệu là sổ kế hoạch (có {PLANS_DIR}/) nhưng {name} vẫn ở chỗ của bố cục một kế hoạch; hãy "
            f"chuyển nó vào thư mục của kế hoạch bằng `git mv {name} {PLANS_DIR}/<mã-kế-hoạch>/`",
            (),
            1,
            1,
        )
        for name in left
    ]
    if not ids:
        problems.append(
            Problem(
                "empty-register",
                PLANS_DIR,
                "sổ kế hoạch chưa có kế hoạch nào; hãy thêm thư mục plan/plans/<mã-kế-hoạch>/ với plan.yaml "
                "và tasks.yaml",
                (),
                1,
                1,
            )
        )
    return problems


def place(
    root: Path,
    problems: list[Problem],
    sources: dict[str, bytes | None] | None = None,
    files: PlanFiles | None = None,
) -> list[Problem]:
    """Fill in line and column from each problem's path, reading each file once."""
    files = files or one_plan()
    wanted: dict[str, list[Path_]] = {}
    for problem in problems:
        if problem.line is None:
            wanted.setdefault(problem.file, []).append(problem.path)
    locators = {
        name: yamlread.Locator(_read(root, name, sources, files), paths) for name, paths in wanted.items()
    }
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


def _read(root: Path, name: str, sources: dict[str, bytes | None] | None, files: PlanFiles) -> str | None:
    try:
        data = sources.get(name) if sources is not None else read_data_file(root, files.physical(name))
        return yamlread.decode(data) if data is not None else None
    except (OSError, yamlread.YamlError):
        return None
