"""The plan through its git history: `kehoach diff` and `kehoach history`.

`diff` loads two versions from git objects and validates them like any other
(cached by content). `history` walks the whole first-parent history in bulk.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any, NamedTuple

from kehoach.answer.diff import Change, diff
from kehoach.check.cache import load_plan
from kehoach.errors import KehoachError, UsageError
from kehoach.files.git import WORK_TREE, Commit, blobs, default_base, resolve, sources_at, versions
from kehoach.files.layout import PLAN_FILES, REPORTS_DIR
from kehoach.model.load import validate_file
from kehoach.model.views import Plan, build_file

WORK_TREE_LABEL = "thư mục làm việc"


def plan_at(root: Path, rev: str) -> Plan:
    """The validated plan at `rev`, or in the work tree."""
    if rev == WORK_TREE:
        return load_plan(root)
    try:
        return load_plan(root, sources_at(root, rev))
    except KehoachError as exc:
        if isinstance(exc, UsageError):
            raise
        raise KehoachError(
            f"Dữ liệu ở phiên bản {rev} không hợp lệ nên không so sánh được. {exc.message}"
        ) from None


def diff_revisions(root: Path, revs: list[str]) -> tuple[list[Change], str, str]:
    """Changes between two versions: (merge-base with the default branch | REV1) and (work tree | REV2)."""
    if len(revs) > 2:
        raise UsageError("kehoach diff nhận nhiều nhất hai phiên bản: REV1 REV2.")
    if not revs:
        old_rev, old_label = default_base(root), None
    else:
        old_rev, old_label = revs[0], revs[0]
    new_rev = revs[1] if len(revs) == 2 else WORK_TREE
    old_sha = resolve(root, old_rev)
    if len(revs) == 2:
        resolve(root, new_rev)
    old_label = old_label or f"điểm rẽ nhánh {old_sha[:10]}"
    new_label = new_rev if new_rev != WORK_TREE else WORK_TREE_LABEL
    return diff(plan_at(root, old_rev), plan_at(root, new_rev)), old_label, new_label


class Entry(NamedTuple):
    commit: Commit
    changes: list[Change]
    note: str | None = None


def history(
    root: Path, *, task: int | None = None, agency: str | None = None, rev: str = "HEAD"
) -> list[Entry]:
    """Commits that changed `task`, or `agency`'s assignments or entry, newest first.

    Linear in the number of commits and file versions: one `git log --raw` lists every commit with
    the blob ids of its plan files, one `git cat-file --batch` reads every distinct file version,
    each version is read and checked against its schema once, and a file that did not change
    between two commits is the same object on both sides (its part of the comparison is skipped).
    """
    walk = versions(root, rev)
    ids = sorted({blob for v in walk for blob in (*v.before.values(), *v.after.values())})
    contents = blobs(root, ids)
    parts: dict[str, Any] = {}  # blob id -> (validated data, view), or None when invalid

    def part(name: str, blob: str) -> Any:
        if blob not in parts:
            data = validate_file(name, contents[blob]) if blob in contents else None
            parts[blob] = None if data is None else (data, build_file(name, data))
        return parts[blob]

    plans: dict[frozenset[tuple[str, str]], Plan | None] = {}

    def plan(files: dict[str, str]) -> Plan | None:
        key = frozenset(files.items())
        if key not in plans:
            plans[key] = _assemble(files)
        return plans[key]

    def _assemble(files: dict[str, str]) -> Plan | None:
        data: dict[str, Any] = {REPORTS_DIR: {}}
        views: dict[str, Any] = {}
        for name, blob in files.items():
            found = part(name, blob)
            if found is None:
                return None
            if name in PLAN_FILES:
                data[name] = found[0]
            else:
                data[REPORTS_DIR][name] = found[0]
            views[name] = found[1]
        if any(name not in views for name in PLAN_FILES):
            return None
        return Plan.from_parts(data, views)

    entries = []
    for version in walk:
        after = plan(version.after)
        before = plan(version.before) if version.before else (_empty_like(after) if after else None)
        if after is None or before is None:
            entries.append(
                Entry(version.commit, [], "dữ liệu ở commit này hoặc commit trước không hợp lệ; bỏ qua")
            )
            continue
        relevant = [c for c in diff(before, after) if _concerns(c, task, agency)]
        if relevant:
            entries.append(Entry(version.commit, relevant))
    return entries


def _concerns(change: Change, task: int | None, agency: str | None) -> bool:
    details = change.details
    if task is not None:
        return details.get("task") == task and change.section in ("task", "assignment")
    if agency is not None:
        about = details.get("agency")
        return (
            isinstance(about, dict)
            and about.get("id") == agency
            and change.section in ("assignment", "agency")
        )
    return True


def _empty_like(plan: Plan) -> Plan:
    """The same plan with no tasks, agencies or reports: what came before the first commit."""
    data: dict[str, Any] = copy.deepcopy(plan.data)
    data[PLAN_FILES[1]] = {**data[PLAN_FILES[1]], "tasks": []}
    data[PLAN_FILES[2]] = {**data[PLAN_FILES[2]], "agencies": []}
    data[REPORTS_DIR] = {}
    return Plan(data)
