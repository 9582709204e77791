"""The plan through its git history: `kehoach diff` and `kehoach history`.

`diff` loads two versions from git objects and validates them like any other
(cached by content). `history` walks the whole first-parent history in bulk.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from kehoach.answer.diff import Change, diff
from kehoach.check.cache import load_register
from kehoach.errors import KehoachError, UsageError
from kehoach.files.git import (
    WORK_TREE,
    BlobReader,
    Commit,
    Version,
    default_base,
    resolve,
    sources_at,
    versions,
)
from kehoach.files.layout import CHASES, ONE_PLAN, PLAN_FILES, REPORTS_DIR, PlanFiles, in_register, plan_ids
from kehoach.model.load import lenient_file, validate_file
from kehoach.model.register import Register, choose_message, unknown_plan
from kehoach.model.views import Plan, build_file

WORK_TREE_LABEL = "thư mục làm việc"


def register_at(root: Path, rev: str) -> Register:
    """Every validated plan at `rev`, or in the work tree."""
    try:
        return load_register(root, None if rev == WORK_TREE else sources_at(root, rev))
    except KehoachError as exc:
        if isinstance(exc, UsageError):
            raise
        raise KehoachError(
            f"Dữ liệu ở phiên bản {rev} không hợp lệ nên không so sánh được. {exc.message}"
        ) from None


def matched(old: Register, new: Register) -> list[tuple[str, Plan | None, Plan | None]]:
    """The plans of two versions side by side, by id. A plan of the one-plan layout (id "plan") is the
    register's plan it was moved to: the one with the same title, else the register's only plan."""
    olds, news = dict(old.plans), dict(new.plans)
    for side, other in ((olds, news), (news, olds)):
        if ONE_PLAN in side and ONE_PLAN not in other and other:
            lone = side.pop(ONE_PLAN)
            same = [i for i, p in other.items() if p.info.title == lone.info.title]
            target = same[0] if len(same) == 1 else next(iter(other)) if len(other) == 1 else ONE_PLAN
            side[target] = lone
    return [(i, olds.get(i), news.get(i)) for i in sorted(set(olds) | set(news))]


def diff_revisions(root: Path, revs: list[str], plan: str | None = None) -> tuple[list[Change], str, str]:
    """Changes between two versions: (merge-base with the default branch | REV1) and (work tree | REV2),
    in every plan (only `plan` when given), each change with its plan's id when there are several; a
    plan moved into the register (git mv) is compared with itself before the move."""
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
    pairs = matched(register_at(root, old_rev), register_at(root, new_rev))
    if plan is not None:
        if plan not in {i for i, _, _ in pairs}:
            raise UsageError(unknown_plan(plan, [i for i, _, _ in pairs]))
        pairs = [p for p in pairs if p[0] == plan]
    changes: list[Change] = []
    for plan_id, before, after in pairs:
        found = _plan_changes(plan_id, before, after)
        if len(pairs) > 1:
            found = [
                c._replace(text=f"[{plan_id}] {c.text}", details={**c.details, "plan": plan_id})
                for c in found
            ]
        changes += found
    return changes, old_label, new_label


def _plan_changes(plan_id: str, before: Plan | None, after: Plan | None) -> list[Change]:
    if before is not None and after is not None:
        return diff(before, after)
    if after is not None:
        return [Change("plan-added", f"Thêm kế hoạch {plan_id}: {after.info.title}", {"plan": plan_id})]
    assert before is not None
    return [Change("plan-removed", f"Bỏ kế hoạch {plan_id}: {before.info.title}", {"plan": plan_id})]


class Entry(NamedTuple):
    commit: Commit
    changes: list[Change]
    note: str | None = None


def history(
    root: Path,
    *,
    task: int | None = None,
    agency: str | None = None,
    rev: str = "HEAD",
    plan_id: str | None = None,
) -> list[Entry]:
    """Commits that changed `task`, or `agency`'s assignments or entry, in plan `plan_id` (the only
    plan when None), newest first. The plan is followed across its move into a register: a version
    in the one-plan layout is that plan when it has the same title, or when the register holds only it.

    Linear in the number of commits and file versions, and flat in memory: one `git log --raw` lists
    every commit with the blob ids of its plan files; one `git cat-file --batch` process reads each
    file version when the walk reaches it, and only the versions of the two commits being compared
    are held; a file that did not change between two commits is the same object on both sides (its
    part of the comparison is skipped).
    """
    walk = versions(root, rev)
    newest = plan_ids(walk[0].after) if walk else None
    if newest is None:
        follow = None  # the one-plan layout at `rev`: every version is read as it is
        if plan_id not in (None, ONE_PLAN):
            raise UsageError(unknown_plan(plan_id or "", [ONE_PLAN]))
    else:
        if plan_id is None:
            if len(newest) != 1:
                raise UsageError(choose_message(newest, "lịch sử"))
            plan_id = newest[0]
        elif plan_id not in newest:
            raise UsageError(unknown_plan(plan_id, newest))
        follow = in_register(plan_id)
    only = newest is not None and len(newest) == 1

    def select(files: dict[str, str]) -> dict[str, str] | None:
        """The followed plan's files at one version, by their names inside kehoach."""
        if follow is None or plan_ids(files) is not None:
            if follow is None:
                return files
            own = {follow.logical(n): b for n, b in files.items()}
            return (
                {n: b for n, b in own.items() if n is not None}
                if any(n != PLAN_FILES[2] for n in own)
                else None
            )
        return files  # the one-plan layout: the followed plan before its move, if its title says so

    with BlobReader(root) as reader:
        return _walk(walk, select, reader, follow, only, task, agency)


def _walk(
    walk: list[Version],
    select: Callable[[dict[str, str]], dict[str, str] | None],
    reader: BlobReader,
    follow: PlanFiles | None,
    only: bool,
    task: int | None,
    agency: str | None,
) -> list[Entry]:
    """The entries of `history`, newest first, holding the file versions of two commits at a time."""
    target_title: list[str | None] = [None]  # the followed plan's title at the newest commit, once read
    parts: dict[str, Any] = {}  # blob id -> (validated data, view), or None when invalid
    newer: dict[str, dict[str, Any]] = {}  # file -> its latest version that validates (walk: newest first)
    lenient: dict[str, list[str]] = {}  # blob id -> what reading it leniently took (an old schema)

    def part(name: str, blob: str) -> Any:
        if blob not in parts:
            content = reader.get(blob)
            data = validate_file(name, content) if content is not None else None
            if data is not None:
                newer[name] = data
            elif content is not None:  # an older schema: what can be read is compared
                if name not in newer and walk:  # the newest version fills what the old one lacks
                    head = (select(walk[0].after) or {}).get(name)
                    latest = reader.get(head) if head else None
                    found = validate_file(name, latest) if latest is not None else None
                    if found is not None:
                        newer[name] = found
                data, done = lenient_file(name, content, newer.get(name))
                if data is not None:
                    lenient[blob] = done
            parts[blob] = None if data is None else (data, build_file(name, data))
        return parts[blob]

    def leniency(files: dict[str, str] | None) -> list[str]:
        chosen = select(files) if files else None
        return [f"{n}: {d}" for n, b in (chosen or {}).items() for d in lenient.get(b, ())]

    plans: dict[frozenset[tuple[str, str]], tuple[bool, Plan | None]] = {}

    def plan(version_files: dict[str, str]) -> tuple[bool, Plan | None]:
        """Whether the followed plan is in this version, and its validated view (None: invalid)."""
        files = select(version_files)
        if files is None:
            return False, None
        key = frozenset(files.items())
        if key not in plans:
            found = _assemble(files)
            present = True
            if found is not None and follow is not None and plan_ids(version_files) is None and not only:
                present = found.info.title == target_title[0]
            plans[key] = (present, found)
        return plans[key]

    def _assemble(files: dict[str, str]) -> Plan | None:
        data: dict[str, Any] = {REPORTS_DIR: {}}
        views: dict[str, Any] = {}
        for name, blob in files.items():
            found = part(name, blob)
            if found is None:
                return None
            if name in PLAN_FILES or name == CHASES:
                data[name] = found[0]
            else:
                data[REPORTS_DIR][name] = found[0]
            views[name] = found[1]
        if any(name not in views for name in PLAN_FILES):
            return None
        return Plan.from_parts(data, views)

    entries = []
    if walk and follow is not None and not only and plan_ids(walk[-1].after) is None:
        newest = plan(walk[0].after)[1]  # read now: older versions in the one-plan layout compare titles
        target_title[0] = newest.info.title if newest else ""
    for version in walk:
        if task is not None and _same_task(version, select, reader, task):
            _keep_only(version.before, parts, plans, select)
            continue  # the task's own lines are the same: nothing of it changed, nothing to parse
        present, after = plan(version.after)
        if not present:
            continue  # the followed plan is not in this version (another plan's, or before it existed)
        was, before = plan(version.before) if version.before else (False, None)
        if not was:
            before = _empty_like(after) if after else None
        if after is None or before is None:
            entries.append(
                Entry(version.commit, [], "dữ liệu ở commit này hoặc commit trước không hợp lệ; bỏ qua")
            )
            continue
        relevant = [c for c in diff(before, after) if _concerns(c, task, agency)]
        read = leniency(version.after) + leniency(version.before)
        note = "đọc theo lược đồ cũ — " + "; ".join(dict.fromkeys(read)) if read else None
        if relevant:
            entries.append(Entry(version.commit, relevant, note))
        _keep_only(version.before, parts, plans, select)
    return entries


def _same_task(
    version: Version,
    select: Callable[[dict[str, str]], dict[str, str] | None],
    reader: BlobReader,
    task: int,
) -> bool:
    """Whether task `task` is written the same in the followed plan's tasks.yaml before and after the
    commit, judged on the text (its block, from its "- id:" line to the next task): then its history
    has nothing at this commit and neither version is parsed. Anything unusual — the file missing on a
    side, the task not found once as a block — answers False, and the versions are compared in full."""
    before, after = select(version.before) if version.before else None, select(version.after)
    if before is None or after is None:
        return False
    old, new = before.get(PLAN_FILES[1]), after.get(PLAN_FILES[1])
    if old is None or new is None:
        return False
    if old == new:
        return True
    texts = [reader.get(blob) for blob in (old, new)]
    blocks = [_task_block(text, task) for text in texts if text is not None]
    return len(blocks) == 2 and blocks[0] is not None and blocks[0] == blocks[1]


def _task_block(text: bytes, task: int) -> bytes | None:
    """The lines of task `task` in a tasks.yaml written in this project's style ("  - id: N" at the
    start of a line), or None when they cannot be found exactly once."""
    marker = f"\n  - id: {task}\n".encode()
    start = text.find(marker)
    if start < 0 or text.find(marker, start + 1) >= 0:
        return None
    end = start + len(marker)
    while True:
        line_end = text.find(b"\n", end)
        if line_end < 0:
            return text[start:]
        line = text[end : line_end + 1]
        if line.startswith(b"  - ") or (line[:1] not in (b" ", b"\n") and line.strip()):
            return text[start:end]
        end = line_end + 1


def _keep_only(
    files: dict[str, str],
    parts: dict[str, Any],
    plans: dict[frozenset[tuple[str, str]], Any],
    select: Callable[[dict[str, str]], dict[str, str] | None],
) -> None:
    """Forget every file version but those of `files`: the next (older) commit compares against them."""
    blobs_kept = set(files.values())
    for blob in [b for b in parts if b not in blobs_kept]:
        del parts[blob]
    chosen = select(files)
    kept = frozenset(chosen.items()) if chosen is not None else None
    for key in [k for k in plans if k != kept]:
        del plans[key]


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
