"""What changed between two versions of the plan, in the plan's own terms.

Not a line diff: tasks added or removed, content changed (word by word), an
agency added to or removed from a task, a role or scope changed; agencies added,
removed, renamed, merged, aliases changed; reports recorded or changed; plan
metadata changed. Agencies are named, not shown by id.
"""

from __future__ import annotations

import difflib
from typing import Any, NamedTuple

from kehoach.dates import show
from kehoach.files.layout import PLAN_FILES
from kehoach.labels import EVENT, ROLE
from kehoach.model.views import Agency, Plan, Report, Task

SECTIONS = {
    "task": "Nhiệm vụ",
    "sector": "Lĩnh vực",
    "assignment": "Phân công",
    "agency": "Cơ quan",
    "report": "Báo cáo",
    "plan": "Thông tin kế hoạch",
}


class Change(NamedTuple):
    kind: str  # stable, kebab-case: task-added, role-changed, agency-renamed, …
    text: str  # Vietnamese, one line
    details: dict[str, Any]
    words: list[tuple[str, str]] | None = None  # word diff: (op, text), op in equal/delete/insert

    @property
    def section(self) -> str:
        return self.kind.split("-", 1)[0]


def diff(old: Plan, new: Plan) -> list[Change]:
    """What changed from `old` to `new`; a file whose view is the same object on both sides (history
    builds each file version once) cannot have changed, and is not compared."""
    info, tasks, roster = PLAN_FILES

    def same(name: str) -> bool:
        return old.parts.get(name) is new.parts.get(name) is not None

    changes: list[Change] = []
    if not same(tasks):
        changes += _sectors(old, new)
        changes += _tasks(old, new)
    if not same(roster):
        changes += _agencies(old, new)
    changes += _reports(old, new)
    if not same(info):
        changes += _plan_info(old.data[info], new.data[info])
    return changes


def _name(old: Plan, new: Plan, agency_id: str) -> str:
    agency = new.agencies.get(agency_id) or old.agencies.get(agency_id)
    return agency.name if agency else agency_id


# --- tasks -------------------------------------------------------------------------


def _sectors(old: Plan, new: Plan) -> list[Change]:
    out = []
    for sid in [s for s in new.sectors if s not in old.sectors]:
        out.append(Change("sector-added", f"Thêm lĩnh vực {sid}. {new.sectors[sid].title}", {"sector": sid}))
    for sid in [s for s in old.sectors if s not in new.sectors]:
        out.append(Change("sector-removed", f"Bỏ lĩnh vực {sid}. {old.sectors[sid].title}", {"sector": sid}))
    for sid in [s for s in new.sectors if s in old.sectors]:
        before, after = old.sectors[sid].title, new.sectors[sid].title
        if before != after:
            out.append(
                Change(
                    "sector-title-changed",
                    f"Lĩnh vực {sid}: đổi tên",
                    {"sector": sid, "from": before, "to": after},
                    word_diff(before, after),
                )
            )
    return out


def _roles(task: Task) -> dict[str, tuple[str, str | None]]:
    found = {a.agency: ("lead", a.scope) for a in task.lead}
    for a in task.coordinators:
        found.setdefault(a.agency, ("coordinator", a.scope))
    return found


def _tasks(old: Plan, new: Plan) -> list[Change]:
    out = []
    for tid in [t for t in new.tasks if t not in old.tasks]:
        task = new.tasks[tid]
        out.append(
            Change(
                "task-added",
                f"Thêm nhiệm vụ {tid} (lĩnh vực {task.sector}): {task.content}",
                {"task": tid, "sector": task.sector, "content": task.content},
            )
        )
    for tid in [t for t in old.tasks if t not in new.tasks]:
        task = old.tasks[tid]
        out.append(
            Change(
                "task-removed", f"Bỏ nhiệm vụ {tid}: {task.content}", {"task": tid, "content": task.content}
            )
        )
    for tid in [t for t in new.tasks if t in old.tasks]:
        before, after = old.tasks[tid], new.tasks[tid]
        if before.content != after.content:
            out.append(
                Change(
                    "task-content-changed",
                    f"Nhiệm vụ {tid}: sửa nội dung",
                    {"task": tid, "from": before.content, "to": after.content},
                    word_diff(before.content, after.content),
                )
            )
        if before.sector != after.sector:
            out.append(
                Change(
                    "task-sector-changed",
                    f"Nhiệm vụ {tid}: chuyển từ lĩnh vực {before.sector} sang {after.sector}",
                    {"task": tid, "from": before.sector, "to": after.sector},
                )
            )
        out += _assignments(old, new, before, after)
    return out


def _assignments(old: Plan, new: Plan, before: Task, after: Task) -> list[Change]:
    out = []
    was, now = _roles(before), _roles(after)
    tid = after.id
    for agency_id, (role, scope) in now.items():
        name = _name(old, new, agency_id)
        base = {"task": tid, "agency": {"id": agency_id, "name": name}}
        if agency_id not in was:
            scoped = f" (phạm vi: {scope})" if scope else ""
            out.append(
                Change(
                    "assignment-added",
                    f"Nhiệm vụ {tid}: thêm {name} — {ROLE[role].lower()}{scoped}",
                    {**base, "role": role, "scope": scope},
                )
            )
            continue
        old_role, old_scope = was[agency_id]
        if old_role != role:
            out.append(
                Change(
                    "assignment-role-changed",
                    f"Nhiệm vụ {tid}: {name} từ {ROLE[old_role].lower()} thành {ROLE[role].lower()}",
                    {**base, "from": old_role, "to": role},
                )
            )
        if old_scope != scope:
            out.append(
                Change(
                    "assignment-scope-changed",
                    f"Nhiệm vụ {tid}: phạm vi của {name}: "
                    f"«{old_scope or '(không giới hạn)'}» → «{scope or '(không giới hạn)'}»",
                    {**base, "from": old_scope, "to": scope},
                )
            )
    for agency_id, (role, _) in was.items():
        if agency_id not in now:
            name = _name(old, new, agency_id)
            out.append(
                Change(
                    "assignment-removed",
                    f"Nhiệm vụ {tid}: bỏ {name} ({ROLE[role].lower()})",
                    {"task": tid, "agency": {"id": agency_id, "name": name}, "role": role},
                )
            )
    return out


# --- agencies ----------------------------------------------------------------------


def _agencies(old: Plan, new: Plan) -> list[Change]:
    out = []
    for aid in [a for a in new.agencies if a not in old.agencies]:
        agency = new.agencies[aid]
        out.append(
            Change(
                "agency-added", f"Thêm cơ quan {agency.name}", {"agency": {"id": aid, "name": agency.name}}
            )
        )
    for aid in [a for a in old.agencies if a not in new.agencies]:
        agency = old.agencies[aid]
        out.append(
            Change(
                "agency-removed", f"Bỏ cơ quan {agency.name}", {"agency": {"id": aid, "name": agency.name}}
            )
        )
    for aid in [a for a in new.agencies if a in old.agencies]:
        out += _agency(old, new, old.agencies[aid], new.agencies[aid])
    return out


def _agency(old: Plan, new: Plan, before: Agency, after: Agency) -> list[Change]:
    out = []
    who = {"id": after.id, "name": after.name}
    if before.name != after.name:
        out.append(
            Change(
                "agency-renamed",
                f"Đổi tên {before.name} thành {after.name}",
                {"agency": who, "from": before.name, "to": after.name},
            )
        )
    added = [a for a in after.aliases if a not in before.aliases]
    removed = [a for a in before.aliases if a not in after.aliases]
    if before.short_name != after.short_name:
        added += [after.short_name] if after.short_name else []
        removed += [before.short_name] if before.short_name else []
    if added or removed:
        parts = ([f"thêm {', '.join(added)}"] if added else []) + (
            [f"bỏ {', '.join(removed)}"] if removed else []
        )
        out.append(
            Change(
                "agency-aliases-changed",
                f"{after.name}: tên gọi khác — {'; '.join(parts)}",
                {"agency": who, "added": added, "removed": removed},
            )
        )
    for successor in [s for s in after.successors if s not in before.successors]:
        target = _name(old, new, successor.agency)
        basis = new.bases.get(successor.basis)
        cite = f" ({basis.cite()})" if basis else ""
        kind = "agency-merged" if successor.event == "merge" else "agency-succeeded"
        out.append(
            Change(
                kind,
                f"{after.name} {EVENT.get(successor.event, '→')} {target} từ "
                f"{show(successor.effective)}{cite}",
                {
                    "agency": who,
                    "successor": {"id": successor.agency, "name": target},
                    "event": successor.event,
                    "effective": successor.effective.isoformat(),
                },
            )
        )
    for successor in [s for s in before.successors if s not in after.successors]:
        target = _name(old, new, successor.agency)
        out.append(
            Change(
                "agency-succession-removed",
                f"{after.name}: bỏ việc kế thừa bởi {target}",
                {"agency": who, "successor": {"id": successor.agency, "name": target}},
            )
        )
    if (before.valid_from, before.valid_until) != (after.valid_from, after.valid_until):
        out.append(
            Change(
                "agency-validity-changed",
                f"{after.name}: hiệu lực {_span(before)} → {_span(after)}",
                {
                    "agency": who,
                    "from": [_iso(before.valid_from), _iso(before.valid_until)],
                    "to": [_iso(after.valid_from), _iso(after.valid_until)],
                },
            )
        )
    others = [
        f
        for f in ("kind", "city", "members", "counterpart", "contacts", "note")
        if getattr(before, f) != getattr(after, f)
    ]
    if others:
        out.append(
            Change(
                "agency-changed", f"{after.name}: sửa {', '.join(others)}", {"agency": who, "fields": others}
            )
        )
    return out


def _span(agency: Agency) -> str:
    start = show(agency.valid_from) if agency.valid_from else "…"
    end = show(agency.valid_until) if agency.valid_until else "…"
    return f"{start}–{end}"


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


# --- reports -----------------------------------------------------------------------


def _report_map(plan: Plan) -> dict[tuple[int, str, bool], Report]:
    found: dict[tuple[int, str, bool], Report] = {(r.year, r.agency, False): r for r in plan.reports.values()}
    found.update({(r.year, r.agency, True): r for r in plan.consolidated.values()})
    return found


def _reports(old: Plan, new: Plan) -> list[Change]:
    out = []
    before, after = _report_map(old), _report_map(new)
    for key in sorted(after.keys() | before.keys()):
        year, agency_id, consolidated = key
        name = _name(old, new, agency_id)
        what = f"báo cáo tổng hợp năm {year} của {name}" if consolidated else f"báo cáo năm {year} của {name}"
        base = {"year": year, "agency": {"id": agency_id, "name": name}, "consolidated": consolidated}
        if key not in before:
            received = after[key].arrived
            when = f" ({'gửi' if consolidated else 'nhận'} {show(received)})" if received else ""
            out.append(Change("report-recorded", f"Ghi {what}{when}", base))
        elif key not in after:
            out.append(Change("report-removed", f"Xóa {what}", base))
        elif before[key] != after[key]:
            fields = [
                f
                for f in (
                    "agency",
                    "number",
                    "dated",
                    "sent" if consolidated else "received",
                    "document",
                    "override",
                    "unverified_sender",
                    "notes",
                    "ad_hoc",
                    "fictitious",
                )
                if getattr(before[key], f, None) != getattr(after[key], f, None)
            ]
            tasks_before = {t.task: t for t in getattr(before[key], "tasks", ())}
            tasks_after = {t.task: t for t in getattr(after[key], "tasks", ())}
            changed_tasks = sorted(
                t
                for t in tasks_before.keys() | tasks_after.keys()
                if tasks_before.get(t) != tasks_after.get(t)
            )
            parts = [*fields, f"nhiệm vụ {', '.join(map(str, changed_tasks))}"] if changed_tasks else fields
            out.append(
                Change(
                    "report-changed",
                    f"Sửa {what}: {', '.join(parts)}",
                    {**base, "fields": fields, "tasks": changed_tasks},
                )
            )
    return out


# --- plan metadata -------------------------------------------------------------------

_PLAN_LABELS = {
    "reporting": "quy định báo cáo (hạn, cơ quan đầu mối)",
    "progress_statuses": "danh mục tiến độ",
    "recipients": "nơi nhận",
    "duties": "nhiệm vụ thường xuyên",
    "signature": "khối chữ ký",
    "purposes": "mục đích, yêu cầu",
    "period": "thời gian thực hiện",
    "based_on": "căn cứ",
}


def _plan_info(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    out = []
    for key in [*new, *(k for k in old if k not in new)]:
        before, after = old.get(key), new.get(key)
        if before == after:
            continue
        label = _PLAN_LABELS.get(key, key)
        paths = _paths(before, after, key)
        shown = "; ".join(f"{p}: {_short(b)} → {_short(a)}" for p, b, a in paths[:5])
        more = f" (và {len(paths) - 5} thay đổi khác)" if len(paths) > 5 else ""
        out.append(
            Change(
                "plan-changed",
                f"Sửa {label}: {shown}{more}",
                {"field": key, "changes": [{"path": p, "from": b, "to": a} for p, b, a in paths]},
            )
        )
    return out


def _paths(before: Any, after: Any, path: str) -> list[tuple[str, Any, Any]]:
    """Leaf differences between two JSON-like values; lists of {id: …} are matched by id."""
    if isinstance(before, dict) and isinstance(after, dict):
        out = []
        for key in list(after) + [k for k in before if k not in after]:
            if before.get(key) != after.get(key):
                out += _paths(before.get(key), after.get(key), f"{path}.{key}")
        return out
    if isinstance(before, list) and isinstance(after, list):
        if all(isinstance(x, dict) and "id" in x for x in before + after):
            b = {x["id"]: x for x in before}
            a = {x["id"]: x for x in after}
            out = []
            for key in list(a) + [k for k in b if k not in a]:
                if b.get(key) != a.get(key):
                    out += _paths(b.get(key), a.get(key), f"{path}[{key}]")
            return out
        if all(isinstance(x, str) for x in before + after):
            removed = [x for x in before if x not in after]
            added = [x for x in after if x not in before]
            return [(f"{path}[-]", x, None) for x in removed] + [(f"{path}[+]", None, x) for x in added] or [
                (path, before, after)
            ]
    return [(path, before, after)]


def _short(value: Any) -> str:
    if value is None:
        return "(trống)"
    if isinstance(value, dict):
        value = ", ".join(f"{k}={v}" for k, v in value.items())
    text = str(value)
    return f"«{text if len(text) <= 60 else text[:57] + '…'}»"


# --- word diff and rendering ----------------------------------------------------------


def word_diff(before: str, after: str) -> list[tuple[str, str]]:
    """(op, words) runs: equal, delete, insert — by words, not characters or lines."""
    a, b = before.split(), after.split()
    out: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(("equal", " ".join(a[i1:i2])))
        else:
            if i2 > i1:
                out.append(("delete", " ".join(a[i1:i2])))
            if j2 > j1:
                out.append(("insert", " ".join(b[j1:j2])))
    return out
