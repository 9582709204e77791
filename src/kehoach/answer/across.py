"""Answers across the plans of a register: `plans`, `tasks` over several plans, and `overdue`.

One roster serves every plan, so a name is read once; each plan answers for itself (its own lineage
memo, roles and reports) and the answers are put side by side, plan by plan, in id order.
"""

from __future__ import annotations

import datetime as dt

from kehoach import labels
from kehoach.answer.categories import CATEGORIES, LABEL, SHORT, Standing, standing, times_chased
from kehoach.answer.listing import Column, Listing
from kehoach.answer.queries import (
    AgencyTasks,
    Subject,
    agency_json,
    agency_tasks,
    deadline_cell,
    duties_listing,
    role_brief,
    role_text,
    standing_json,
    task_json,
    via_json,
    via_text,
)
from kehoach.dates import show
from kehoach.errors import UsageError
from kehoach.model.lineage import members
from kehoach.model.register import Register
from kehoach.model.roles import Role, Via, all_roles, roles_of
from kehoach.model.views import Agency, Plan, Task
from kehoach.text import sort_key
from kehoach.tuples import Any, NamedTuple

# --- kehoach plans ------------------------------------------------------------------

STATE = {"in-force": "Còn hiệu lực", "ended": "Hết hiệu lực", "replaced": "Đã được thay thế"}


def number_text(plan: Plan) -> str:
    """ "219/KH-UBND", or "…/KH-UBND" while the plan's number is blank."""
    info = plan.info
    return f"{info.number or '…'}/{info.type_code}-{info.issuer_code}"


def state_text(plan: Plan, on: dt.date) -> str:
    """The plan's state on `on`, as a person says it."""
    info = plan.info
    if on < info.starts:
        return f"Chưa có hiệu lực (từ {show(info.starts)})"
    if info.in_force(on):
        return STATE["in-force"]
    since = f" từ {show(info.ended_on)}" if info.ended_on else ""
    by = f" bởi {info.replaced_by}" if info.replaced_by else ""
    return f"{STATE[info.state]}{by}{since}"


def next_deadline(plan: Plan, on: dt.date) -> Standing | None:
    """The open task of the plan due soonest on or after `on`."""
    found = [standing(plan, t, on) for t in plan.tasks.values()]
    ahead = [s for s in found if s.category == "open_in_time" and s.due is not None]
    return min(ahead, key=lambda s: (s.due, s.task.id)) if ahead else None


def plans_listing(register: Register, on: dt.date) -> Listing:
    """Every plan read: id, number, date, title, tasks, state and next deadline on `on`."""
    rows, data = [], []
    for plan in register.plans.values():
        info = plan.info
        upcoming = next_deadline(plan, on)
        rows.append(
            {
                "id": plan.id,
                "number": number_text(plan),
                "dated": show(info.dated) if info.dated else f"…/…/{info.year or info.period.start_year}",
                "title": info.title,
                "tasks": len(plan.tasks),
                "state": state_text(plan, on),
                "next": f"{show(upcoming.due)} (NV {upcoming.task.id})" if upcoming and upcoming.due else "",
            }
        )
        data.append(
            {
                "id": plan.id,
                "number": info.number,
                "document_number": number_text(plan),
                "dated": info.dated.isoformat() if info.dated else None,
                "year": info.year,
                "issuer": info.issuer,
                "title": info.title,
                "period": {"start_year": info.period.start_year, "end_year": info.period.end_year},
                "tasks": len(plan.tasks),
                "state": info.state,
                "in_force": info.in_force(on),
                "ended_on": info.ended_on.isoformat() if info.ended_on else None,
                "replaced_by": info.replaced_by,
                "implements": [
                    {"kind": b.kind, "title": b.title, "number": b.number, "plan": b.plan}
                    for b in info.based_on
                ],
                "next_deadline": (
                    {
                        "task": upcoming.task.id,
                        "deadline": upcoming.task.deadline,
                        "due": upcoming.due.isoformat(),
                    }
                    if upcoming and upcoming.due
                    else None
                ),
            }
        )
    columns = [
        Column("id", "Mã", no_wrap=True),
        Column("number", "Số", no_wrap=True),
        Column("dated", "Ngày"),
        Column("title", "Trích yếu", shorten=70, min_width=28),
        Column("tasks", "Nhiệm vụ", justify="right", kind="int"),
        Column("state", "Tình trạng"),
        Column("next", "Hạn gần nhất"),
    ]
    return Listing(
        columns,
        rows,
        title=f"Các kế hoạch trong dữ liệu, tính đến ngày {show(on)} ({len(rows)})",
        data={"as_of": on.isoformat(), "plans": data},
        empty="Dữ liệu chưa có kế hoạch nào.",
    )


# --- tasks over several plans -----------------------------------------------------------


def chosen_plans(register: Register, wanted: list[str] | None, on: dt.date) -> list[Plan]:
    """The plans asked for, or every plan in force on `on`."""
    if wanted:
        return [register.plan(i) for i in wanted]
    return register.in_force(on)


def _plan_column(plans: list[Plan]) -> list[Column]:
    return [Column("plan", "Kế hoạch", no_wrap=True)] if len(plans) > 1 else []


def _legend(plans: list[Plan]) -> list[str]:
    """What the plan ids of a listing stand for (only when there are several plans)."""
    return [f"{p.id}: {number_text(p)} — {p.info.title}" for p in plans] if len(plans) > 1 else []


def _by_plan(listing: Listing, plans: list[Plan]) -> Listing:
    """`listing` shown in text as one table per plan under the plan's legend line, which then is no
    longer a note said beside JSON or CSV (their rows name the plan); other notes stay caveats."""
    if len(plans) > 1:
        headings = dict(zip((p.id for p in plans), _legend(plans), strict=True))
        listing.groups = ("plan", headings)
        listing.caveats = [note for note in listing.notes if note not in headings.values()]
    return listing


def tasks_listing(
    plans: list[Plan], *, sector: str | None, role: str | None, on: dt.date | None = None
) -> Listing:
    """The tasks of several plans as they wrote them, plan by plan (with `on`: who carries an ended
    agency's work that day, as the one-plan listing)."""
    from kehoach.answer.queries import plan_tasks
    from kehoach.answer.queries import tasks_listing as one

    parts = []
    for plan in plans:
        if sector and sector not in plan.sectors:
            continue
        part = one(plan_tasks(plan, sector=sector, role=role), plan, on)
        for row in part.rows:
            row["plan"] = plan.id
        parts.append(part)
    if sector and not parts:
        raise UsageError(f"Không kế hoạch nào đã chọn có lĩnh vực «{sector}».")
    rows = [row for part in parts for row in part.rows]
    first = parts[0].columns if parts else []
    has_deadline = any(c.key == "deadline" for part in parts for c in part.columns)
    columns = _plan_column(plans) + [c for c in first if c.key != "deadline"]
    if has_deadline:
        columns.append(Column("deadline", "Thời hạn"))
    listing = Listing(
        columns,
        rows,
        title=f"Các nhiệm vụ của {len(plans)} kế hoạch ({len(rows)})",
        data={"tasks": [t for part in parts for t in part.data["tasks"]]},
        notes=[*_legend(plans), *dict.fromkeys(n for part in parts for n in part.notes)],
    )
    return _by_plan(listing, plans)


def agency_tasks_across(
    plans: list[Plan],
    who: Subject,
    *,
    sector: str | None = None,
    role: str | None = None,
    direct: bool = False,
) -> list[tuple[Plan, AgencyTasks]]:
    """What each plan asks of `who` (the roster is shared: the name was read once)."""
    found = []
    for plan in plans:
        if sector and sector not in plan.sectors:
            continue
        found.append((plan, agency_tasks(plan, who, sector=sector, role=role, direct=direct)))
    if sector and not found:
        raise UsageError(f"Không kế hoạch nào đã chọn có lĩnh vực «{sector}».")
    return found


def agency_tasks_listing(found: list[tuple[Plan, AgencyTasks]], who: Subject) -> Listing:
    """Everything several plans ask of one agency: its tasks plan by plan with deadline and category,
    then its standing duties."""
    plans = [plan for plan, _ in found]
    rows, entries = [], []
    for plan, answer in found:
        for r in answer.tasks:
            now = standing(plan, r.item, who.on)
            rows.append(
                {
                    "plan": plan.id,
                    "id": r.item.id,
                    "sector": r.item.sector,
                    "content": r.item.content,
                    "role": role_text(r.role, r.scope),
                    "via": via_text(r.via),
                    "deadline": deadline_cell(r.item),
                    "category": LABEL[now.category],
                }
            )
            entry = task_json(plan, r.item)
            entry.update(role=r.role, scope=r.scope, via=via_json(r.via))
            entry.update(standing_json(now))
            entries.append(entry)
    duties = []
    for plan, answer in found:
        part = duties_listing(plan, answer.duties, who.on, answer.agency)
        for item in part.data:
            item["plan"] = plan.id
        duties.append((plan, part))
    data = {
        "agency": agency_json(who.agency),
        "as_of": who.on.isoformat(),
        "notes": list(who.notes),
        "plans": [p.id for p in plans],
        "tasks": entries,
        "duties": [item for _, part in duties for item in part.data],
    }
    deadlines = any(r.item.deadline for _, a in found for r in a.tasks)
    columns = [
        *_plan_column(plans),
        Column("id", "TT", justify="right"),
        Column("sector", "Lĩnh vực"),
        Column("content", "Nội dung", shorten=70),
        Column("role", "Vai trò"),
        Column("via", "Nguồn"),
        *([Column("deadline", "Thời hạn"), Column("category", "Tình trạng")] if deadlines else []),
    ]
    leads = sum(r.role == "lead" for _, a in found for r in a.tasks)
    footer = (
        [f"Chủ trì {leads}, phối hợp {len(rows) - leads} nhiệm vụ trong {len(plans)} kế hoạch."]
        if rows
        else []
    )
    listing = Listing(
        columns,
        rows,
        title=f"Nhiệm vụ của {who.agency.name} tính đến ngày {show(who.on)} ({len(rows)})",
        data=data,
        notes=[
            *who.notes,
            *_legend([p for p in plans if any(r["plan"] == p.id for r in rows)] if len(plans) > 1 else plans),
        ],
        footer=footer,
        empty="Không có nhiệm vụ nào theo điều kiện đã chọn.",
    )
    listing.sections.extend(_same_duties_once(duties, plans))
    return _by_plan(listing, plans)


def _same_duties_once(duties: list[tuple[Plan, Listing]], plans: list[Plan]) -> list[Listing]:
    """The standing-duty tables of several plans, one table for the plans whose duties read alike: most
    plans repeat the same standing rules (report before 15/9 …), and 300 copies of one table hide the
    answer. The heading names the plans (or, for most of them, the others); JSON keeps one item per plan."""
    alike: dict[str, tuple[Listing, list[str]]] = {}  # the rows as text -> (the first table, its plans)
    for plan, part in duties:
        if part.rows:
            alike.setdefault(repr([sorted(row.items()) for row in part.rows]), (part, []))[1].append(plan.id)
    if len(plans) == 1:
        return [part for part, _ in alike.values()]
    considered = [plan.id for plan in plans]
    for part, ids in alike.values():
        if len(ids) == 1:
            part.title = f"{part.title} — {ids[0]}"
        elif len(ids) == len(considered):
            part.title = f"{part.title} — giống nhau ở cả {len(ids)} kế hoạch"
        elif 2 * len(ids) > len(considered):
            shared = set(ids)
            others = [i for i in considered if i not in shared]
            part.title = (
                f"{part.title} — giống nhau ở {len(ids)} kế hoạch, mọi kế hoạch trừ {', '.join(others)}"
            )
        else:
            part.title = f"{part.title} — giống nhau ở {len(ids)} kế hoạch: {', '.join(ids)}"
    return [part for part, _ in alike.values()]


# --- kehoach overdue -----------------------------------------------------------------


class Assigned(NamedTuple):
    """One task an agency leads, where it stands on the date, and how the agency came to lead it."""

    plan: Plan
    standing: Standing
    via: Via | None


class Counted(NamedTuple):
    """The four categories (and "no deadline") of what one agency, or one plan, leads."""

    key: str  # agency id or plan id
    name: str
    counts: dict[str, int]
    tasks: list[Assigned]
    agency: Agency | None = None
    plan: Plan | None = None


def _counts(items: list[Assigned]) -> dict[str, int]:
    counts = dict.fromkeys(CATEGORIES, 0)
    for item in items:
        counts[item.standing.category] += 1
    return counts


def led_tasks(plan: Plan, on: dt.date, agency: Agency | None = None) -> dict[str, list[Assigned]]:
    """Agency id -> the tasks of `plan` it leads on `on` (directly, through a group it belongs to, or
    as the successor of the agency the plan named), with where each stands; only `agency` (a group: its
    members) when given."""
    items: tuple[Task, ...] = tuple(plan.tasks.values())
    if agency is None:
        roles: dict[str, list[Role[Task]]] = {
            agency_id: found
            for agency_id, found in all_roles(plan, on, items).items()
            if agency_id in plan.agencies
            and not plan.agencies[agency_id].is_group
            and plan.agencies[agency_id].in_force(on)
        }
    else:
        who = members(plan, agency, on) if agency.is_group else [agency]
        roles = {a.id: roles_of(plan, a, on, items) for a in who}
    out: dict[str, list[Assigned]] = {}
    for agency_id, found in roles.items():
        led = [Assigned(plan, standing(plan, r.item, on), r.via) for r in found if r.role == "lead"]
        if led:
            out[agency_id] = led
    return out


def overdue(
    plans: list[Plan], on: dt.date, *, agency: Agency | None = None, by: str = "agency"
) -> list[Counted]:
    """The four categories per agency (through lineage) or per plan, over `plans`, on `on`, with the
    tasks; agencies with the most open overdue tasks first."""
    if by == "plan":
        out = []
        for plan in plans:
            if agency is None:
                items = [Assigned(plan, standing(plan, t, on), None) for t in plan.tasks.values()]
            else:
                seen: dict[int, Assigned] = {}
                for led in led_tasks(plan, on, agency).values():
                    for item in led:
                        seen.setdefault(item.standing.task.id, item)
                items = [seen[k] for k in sorted(seen)]
            out.append(Counted(plan.id, plan.info.title, _counts(items), items, plan=plan))
        return out
    merged: dict[str, list[Assigned]] = {}
    for plan in plans:
        for agency_id, led in led_tasks(plan, on, agency).items():
            merged.setdefault(agency_id, []).extend(led)
    roster = plans[0].agencies if plans else {}
    found = [
        Counted(agency_id, roster[agency_id].name, _counts(items), items, agency=roster[agency_id])
        for agency_id, items in merged.items()
    ]
    return sorted(found, key=lambda c: (-c.counts["open_overdue"], -c.counts["late"], sort_key(c.name)))


def _item_json(item: Assigned, on: dt.date, agency: str | None) -> dict[str, Any]:
    found = item.standing
    task = found.task
    return {
        "plan": item.plan.id,
        "id": task.id,
        "content": task.content,
        "deadline": task.deadline,
        "due": found.due.isoformat() if found.due else None,
        "completed_on": found.completed_on.isoformat() if found.completed_on else None,
        "category": found.category,
        "days_overdue": (on - found.due).days if found.category == "open_overdue" and found.due else None,
        "chased": len(times_chased(item.plan, on, task.id, agency)),
        "via": via_json(item.via),
    }


def overdue_listing(
    counted: list[Counted], on: dt.date, *, by: str = "agency", agency: Agency | None = None
) -> Listing:
    """The counts as a table (one row per agency or plan) and, below it, the tasks not completed on
    time; the JSON holds every task."""
    rows = []
    for c in counted:
        row: dict[str, Any] = {"name": c.name if by == "agency" else c.key, **c.counts}
        row["total"] = sum(c.counts.values())
        rows.append(row)
    total = dict.fromkeys(CATEGORIES, 0)
    for c in counted:
        for k in CATEGORIES:
            total[k] += c.counts[k]
    key = "agencies" if by == "agency" else "plans"
    data = {
        "as_of": on.isoformat(),
        "by": by,
        "totals": total,
        key: [
            {
                "id": c.key,
                "name": c.name,
                **c.counts,
                "tasks": [_item_json(item, on, c.key if by == "agency" else None) for item in c.tasks],
            }
            for c in counted
        ],
    }
    columns = [
        Column("name", "Cơ quan" if by == "agency" else "Kế hoạch", shorten=48),
        *[Column(k, SHORT[k], justify="right", kind="int") for k in CATEGORIES],
        Column("total", "Tổng", justify="right", kind="int"),
    ]
    who = f" của {agency.name}" if agency else ""
    title = f"Nhiệm vụ chủ trì{who} theo bốn nhóm của Văn phòng Chính phủ, tính đến ngày {show(on)}"
    notes = [
        "Chỉ tính nhiệm vụ cơ quan chủ trì (trực tiếp, qua nhóm hoặc kế thừa). Quá hạn = số nhiệm vụ "
        "chưa hoàn thành đã quá hạn, không phải số ngày."
    ]
    footer = ["Cộng: " + "; ".join(f"{LABEL[k].lower()} {total[k]}" for k in CATEGORIES) + "."]
    listing = Listing(
        columns,
        rows,
        title=title,
        data=data,
        notes=notes,
        footer=footer,
        empty="Không có nhiệm vụ chủ trì nào.",
    )
    late_rows = [
        {
            "who": c.name if by == "agency" else c.key,
            "plan": item.plan.id,
            "id": item.standing.task.id,
            "content": item.standing.task.content,
            "deadline": deadline_cell(item.standing.task),
            "late": f"{(on - item.standing.due).days} ngày" if item.standing.due else "",
            "via": via_text(item.via),
        }
        for c in counted
        for item in sorted(c.tasks, key=lambda i: (i.standing.due or on, i.plan.id, i.standing.task.id))
        if item.standing.category == "open_overdue"
    ]
    if late_rows:
        listing.sections.append(
            Listing(
                [
                    *([Column("who", "Cơ quan", shorten=30)] if by == "agency" else []),
                    Column("plan", "Kế hoạch", no_wrap=True),
                    Column("id", "TT", justify="right"),
                    Column("content", "Nội dung", shorten=50),
                    Column("deadline", "Thời hạn"),
                    Column("late", "Quá hạn", justify="right"),
                    Column("via", "Nguồn"),
                ],
                late_rows,
                title=f"{LABEL['open_overdue']} ({len(late_rows)})",
            )
        )
    return listing


# --- one agency across plans ------------------------------------------------------------------------

_BRIEF_ROWS = ("Chủ trì nhiệm vụ", "Phối hợp nhiệm vụ", "Nhiệm vụ thường xuyên")


def agency_listing(plans: list[Plan], who: Subject) -> Listing:
    """Everything about one agency (the roster's facts, from the first plan: every plan shares the
    roster), with its tasks and standing duties in brief across `plans`, plan by plan."""
    from kehoach.answer.queries import agency_listing as one

    listing = one(plans[0], who)
    on = who.on
    briefs: dict[str, list[str]] = {label: [] for label in _BRIEF_ROWS}
    tasks, duties = [], []
    for plan in plans:
        found = roles_of(plan, who.agency, on, plan.tasks.values())
        for label, role in (("Chủ trì nhiệm vụ", "lead"), ("Phối hợp nhiệm vụ", "coordinator")):
            if any(r.role == role for r in found):
                briefs[label].append(f"{plan.id}: {role_brief(found, role)}")
        held = roles_of(plan, who.agency, on, plan.duties)
        sections = list(dict.fromkeys(f"{r.item.section} ({labels.ROLE[r.role].lower()})" for r in held))
        if sections:
            briefs["Nhiệm vụ thường xuyên"].append(f"{plan.id}: {'; '.join(sections)}")
        tasks += [
            {"plan": plan.id, "id": r.item.id, "role": r.role, "scope": r.scope, "via": via_json(r.via)}
            for r in found
        ]
        duties += [{"plan": plan.id, "id": r.item.id, "role": r.role, "via": via_json(r.via)} for r in held]
    rows = []
    for row in listing.rows:
        if row["field"].startswith("Người ký Kế hoạch"):
            continue  # a fact about one plan's document
        if row["field"] in briefs:
            row = {**row, "value": " · ".join(briefs[row["field"]]) or "—"}
        rows.append(row)
    listing.rows = rows
    listing.data = {**listing.data, "plans": [p.id for p in plans], "tasks": tasks, "duties": duties}
    return listing
