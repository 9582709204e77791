"""Who does what: the answers behind `tasks`, `task`, `agencies`, `agency` and `matrix`.

Who the answer is for (a name read on a date, after lineage), what the plan asks
of it (its roles, from model/roles.py), and each answer as a `Listing` for
`show.formats.render`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from kehoach import labels
from kehoach.answer.categories import LABEL, Standing, standing
from kehoach.answer.listing import Column, Listing
from kehoach.dates import show
from kehoach.errors import UsageError
from kehoach.model.lineage import Carrier, carriers, focal_agency, groups_of, members, predecessors
from kehoach.model.resolve import Match
from kehoach.model.roles import Role, Via, roles_of
from kehoach.model.views import (
    Agency,
    AgencyReportRule,
    Assignment,
    ConsolidatedReportRule,
    Contact,
    Duty,
    Plan,
    Successor,
    Task,
)
from kehoach.text import search_key, sort_key
from kehoach.tuples import Any, NamedTuple

_ROLE_WORDS = {
    "lead": "lead",
    "chutri": "lead",
    "c": "lead",
    "coordinator": "coordinator",
    "phoihop": "coordinator",
    "p": "coordinator",
}


def parse_role(text: str) -> str:
    role = _ROLE_WORDS.get(search_key(text))
    if role is None:
        raise UsageError(f"Vai trò không hợp lệ: «{text}»; chọn lead (chủ trì) hoặc coordinator (phối hợp).")
    return role


def check_sector(plan: Plan, sector: str) -> str:
    wanted = sector.strip().upper()
    if wanted not in plan.sectors:
        raise UsageError(f"Không có lĩnh vực «{sector}»; các lĩnh vực: {', '.join(plan.sectors)}.")
    return wanted


def via_text(via: Via | None) -> str:
    if via is None:
        return labels.DIRECT
    if via.kind == "group" and via.group is not None:
        return f"Qua nhóm {via.group.short}, kế thừa {via.agency.short} ({show(via.effective)})"
    if via.kind == "group":
        return f"Qua nhóm {via.agency.short}"
    return f"Kế thừa {via.agency.short} ({show(via.effective)})"


def via_json(via: Via | None) -> dict[str, object] | None:
    if via is None:
        return None
    return {
        "kind": via.kind,
        "id": via.agency.id,
        "name": via.agency.name,
        "effective": via.effective.isoformat() if via.effective else None,
        "group": {"id": via.group.id, "name": via.group.name} if via.group else None,
    }


def role_text(role: str, scope: str | None) -> str:
    return labels.ROLE[role] + (f" ({scope})" if scope else "")


# --- who the answer is for ----------------------------------------------------------


class Subject(NamedTuple):
    """The agency an answer is about on a date, after lineage, with what to tell the user."""

    agency: Agency
    on: dt.date
    notes: tuple[str, ...] = ()


def subject(plan: Plan, match: Match, on: dt.date, typed: str, answer: str = "kết quả dưới đây") -> Subject:
    """The agency to answer for: the one named, or its successor on `on` (said in one line, "…; `answer`
    là của <successor>")."""
    agency = match.agency
    notes = list(match_notes(match, typed, on))
    if agency.unconfirmed_on(on):
        notes.append(unconfirmed_note(agency))
    if agency.in_force(on) or (agency.is_group and not agency.successors):
        return Subject(agency, on, tuple(notes))
    found = carriers(plan, agency.id, on)
    if len(found) == 1:
        carrier = found[0]
        notes.append(
            lineage_sentence(plan, agency, carrier.chain) + f"; {answer} là của {carrier.agency.name}."
        )
        notes += namesake_notes(plan, agency, on) if carrier.agency.is_group else []
        return Subject(carrier.agency, on, tuple(notes))
    if len(found) > 1:
        names = ", ".join(c.agency.name for c in found)
        raise UsageError(
            f"{agency.name} không còn vào ngày {show(on)}; nhiệm vụ chuyển cho nhiều cơ quan: {names}. "
            "Hãy hỏi từng cơ quan."
        )
    if agency.valid_from and on < agency.valid_from:
        notes.append(
            f"{agency.name} chỉ tồn tại từ {show(agency.valid_from)}; vào ngày {show(on)} chưa có nhiệm vụ."
        )
    else:
        notes.append(
            f"{agency.name} không còn tồn tại vào ngày {show(on)} và không có cơ quan kế thừa trong dữ liệu."
        )
    return Subject(agency, on, tuple(notes))


def namesakes(plan: Plan, agency: Agency, on: dt.date) -> list[Agency]:
    """Local bodies in force on `on` named for the same place as `agency` (quận Hoàn Kiếm → phường
    Hoàn Kiếm): where a person asking about an ended district most likely wants to look. A place is
    a name's distinctive words as the resolver reads them (model/resolve.py)."""
    from kehoach.model.resolve import LOCAL_KINDS, place_words

    place = place_words(agency.name) if agency.kind in LOCAL_KINDS else frozenset()
    if not place:
        return []
    return [
        other
        for other in plan.agencies.values()
        if other.id != agency.id
        and other.kind in LOCAL_KINDS
        and other.in_force(on)
        and place_words(other.name) == place
    ]


def namesake_notes(plan: Plan, agency: Agency, on: dt.date) -> list[str]:
    """ "Cùng tên địa bàn, nay có UBND phường Hoàn Kiếm (từ 01/07/2025): …" for each namesake."""
    notes = []
    for other in namesakes(plan, agency, on):
        since = f" (từ {show(other.valid_from)})" if other.valid_from else ""
        short = other.name.removeprefix("UBND ")
        notes.append(
            f'Cùng tên địa bàn, nay có {other.name}{since}: xem việc của cơ quan này bằng --agency "{short}".'
        )
    return notes


def subject_named(plan: Plan, typed: str, on: dt.date, answer: str = "kết quả dưới đây") -> Subject:
    """The agency `typed` means on `on`, however it is typed, after lineage (see `subject`)."""
    from kehoach.model.resolve import resolve_agency

    return subject(plan, resolve_agency(plan, typed, on), on, typed, answer)


def reporting_subject(plan: Plan, typed: str, year: int, answer: str = "kết quả dưới đây") -> Subject:
    """The agency `typed` means for the reports of `year`: named on that year's reporting deadline."""
    return subject_named(plan, typed, plan.reporting.agency_report.deadline(year), answer)


def reporting_named(plan: Plan, typed: str, year: int) -> Agency:
    """The agency `typed` means on `year`'s reporting deadline, itself (not its successor)."""
    from kehoach.model.resolve import resolve_agency

    return resolve_agency(plan, typed, plan.reporting.agency_report.deadline(year)).agency


def agency_named(plan: Plan, typed: str, on: dt.date) -> Subject:
    """The agency `typed` means on `on` itself (not its successor), with how the name was read."""
    from kehoach.model.resolve import resolve_agency

    match = resolve_agency(plan, typed, on)
    return Subject(match.agency, on, match_notes(match, typed, on))


class AgencyTasks(NamedTuple):
    """What the plan asks of one agency on a date."""

    agency: Agency  # after lineage: the agency that carries the work on the date
    as_of: dt.date
    notes: tuple[str, ...]  # how the name was read, lineage, what is unconfirmed
    tasks: list[Role[Task]]
    duties: list[Role[Duty]]


def agency_tasks(
    plan: Plan,
    who: Subject,
    *,
    sector: str | None = None,
    role: str | None = None,
    direct: bool = False,
) -> AgencyTasks:
    """`who`'s tasks (of one sector, one role, or not only through a group, when asked) and duties."""
    chosen_role = parse_role(role) if role else None
    chosen_sector = check_sector(plan, sector) if sector else None
    found = [
        r
        for r in roles_of(plan, who.agency, who.on, plan.tasks.values())
        if (chosen_sector is None or r.item.sector == chosen_sector)
        and (chosen_role is None or r.role == chosen_role)
        and not (direct and r.via is not None and r.via.kind == "group")
    ]
    return AgencyTasks(who.agency, who.on, who.notes, found, roles_of(plan, who.agency, who.on, plan.duties))


def plan_tasks(plan: Plan, *, sector: str | None = None, role: str | None = None) -> list[Task]:
    """The tasks as the plan wrote them, of one sector, or with a role of that kind assigned."""
    chosen_role = parse_role(role) if role else None
    chosen_sector = check_sector(plan, sector) if sector else None
    tasks = [t for t in plan.tasks.values() if chosen_sector is None or t.sector == chosen_sector]
    if chosen_role is not None:
        tasks = [t for t in tasks if (t.lead if chosen_role == "lead" else t.coordinators)]
    return tasks


class TaskAnswer(NamedTuple):
    """One task, and who carries each of its assignments on a date."""

    task: Task
    as_of: dt.date
    carried_by: dict[str, list[Agency]]  # agency id as the plan wrote it -> who carries it on the date


def task_answer(plan: Plan, number: int, on: dt.date) -> TaskAnswer:
    """Task `number` and who carries each of its assignments on `on`."""
    found = plan.tasks.get(number)
    if found is None:
        raise UsageError(
            f"Không có nhiệm vụ số {number}; Kế hoạch có các nhiệm vụ {min(plan.tasks)}–{max(plan.tasks)}."
        )
    carried = {
        a.agency: [c.agency for c in carriers(plan, a.agency, on)] for a in (*found.lead, *found.coordinators)
    }
    return TaskAnswer(found, on, carried)


MARK = labels.MARK


def unconfirmed_line(names: str, note: str) -> str:
    """The legend line of a mark: "† Thanh tra Thành phố — chưa xác nhận (từ …): …"."""
    return f"{MARK} {names} — {note[:1].lower()}{note[1:]}"


def unconfirmed_marks(plan: Plan, on: dt.date) -> dict[str, str]:
    """The name of every body the roster marks unconfirmed on `on` -> what is unconfirmed about it."""
    found: dict[str, str] = {}
    for agency in plan.agencies.values():
        if agency.unconfirmed_on(on):
            note = unconfirmed_note(agency)
            found[agency.name] = note
            if agency.short_name and len(agency.short_name) >= 5:  # a matrix's column, a narrow table
                found.setdefault(agency.short_name, note)
    return found


def unconfirmed_note(agency: Agency) -> str:
    """ "Chưa xác nhận (từ 01/03/2025): …" — said wherever an unconfirmed fact is shown."""
    since = f" (từ {show(agency.unconfirmed_from)})" if agency.unconfirmed_from else ""
    return f"{labels.UNCONFIRMED.capitalize()}{since}: {agency.note or agency.name}"


def match_notes(match: Match, typed: str, on: dt.date) -> tuple[str, ...]:
    """What to tell the user when the name typed was not the agency's own: how it was read."""
    if match.how == "words":
        return (f"«{typed.strip()}» được hiểu là {match.agency.name}.",)
    if match.how == "date":
        return (
            f"«{typed.strip()}» được hiểu là {match.agency.name}, cơ quan mang tên này vào ngày {show(on)}.",
        )
    return ()


def lineage_sentence(plan: Plan, agency: Agency, chain: Iterable[Successor]) -> str:
    """ "Sở Kế hoạch và Đầu tư hợp nhất vào Sở Tài chính từ 01/03/2025 (Nghị quyết …)"."""
    parts = []
    current = agency.name
    for step in chain:
        target = plan.agencies[step.agency]
        basis = plan.bases.get(step.basis)
        cite = f" ({basis.cite()})" if basis else ""
        cite += f" ({labels.UNCONFIRMED})" if step.confidence == "unconfirmed" else ""
        parts.append(
            f"{current} {labels.EVENT.get(step.event, '→')} {target.name} từ {show(step.effective)}{cite}"
        )
        current = target.name
    return "; ".join(parts)


# --- tasks ------------------------------------------------------------------------


def _names(plan: Plan, assignments: Iterable[Assignment], on: dt.date | None = None) -> str:
    """The agencies as the plan names them; with `on`, each ended one followed by who carries its work
    on that day ("Sở Kế hoạch và Đầu tư (nay là Sở Tài chính)")."""
    shown = []
    for a in assignments:
        text = plan.agencies[a.agency].name + (f" ({a.scope})" if a.scope else "")
        now = carried_by(plan, a.agency, on) if on is not None else []
        shown.append(text + (f" (nay là {', '.join(c.name for c in now)})" if now else ""))
    return "; ".join(shown)


def carried_by(plan: Plan, agency_id: str, on: dt.date) -> list[Agency]:
    """Who carries the work of `agency_id` on `on` when it is no longer in force itself (else nothing)."""
    agency = plan.agencies[agency_id]
    if agency.in_force(on) or (agency.is_group and not agency.successors):
        return []
    return [c.agency for c in carriers(plan, agency_id, on) if c.agency.id != agency_id]


def _assignments_json(plan: Plan, assignments: Iterable[Assignment]) -> list[dict[str, object]]:
    return [{"id": a.agency, "name": plan.agencies[a.agency].name, "scope": a.scope} for a in assignments]


def task_json(plan: Plan, task: Task) -> dict[str, object]:
    due = task.due
    return {
        "plan": plan.id,
        "id": task.id,
        "sector": task.sector,
        "content": task.content,
        "lead": _assignments_json(plan, task.lead),
        "coordinators": _assignments_json(plan, task.coordinators),
        "deadline": task.deadline,  # as the plan writes it
        "due": due.isoformat() if due else None,  # the date it means (model/deadline.py)
        "product": task.product,
        "related": list(task.related),
    }


def deadline_cell(task: Task) -> str:
    """The deadline as written, with the date it means: "Quý II/2026 (30/06/2026)"; "" without one."""
    if task.deadline is None:
        return ""
    due = task.due
    return f"{task.deadline} ({show(due)})" if due and task.deadline != show(due) else task.deadline


def deadline_columns(tasks: Iterable[Task], *, category: bool = False) -> list[Column]:
    """A "Thời hạn" column (and, with `category`, "Tình trạng": the four categories), only when the plan
    gives some of these tasks a deadline."""
    if not any(t.deadline for t in tasks):
        return []
    return [Column("deadline", "Thời hạn"), *([Column("category", "Tình trạng")] if category else [])]


def standing_json(found: Standing) -> dict[str, object]:
    """A task's category on the date, for JSON: the category and the completion date it rests on."""
    return {
        "category": found.category,
        "completed_on": found.completed_on.isoformat() if found.completed_on else None,
    }


def deadline_line(task: Task) -> str | None:
    """ "Thời hạn: Quý II/2026 (đến hết ngày 30/06/2026)", or None when the plan gives the task none."""
    if task.deadline is None:
        return None
    due = task.due
    meaning = f"đến hết ngày {show(due)}" if due else "định kỳ, không có một ngày hạn"
    return f"Thời hạn: {task.deadline} ({meaning})"


def tasks_listing(tasks: list[Task], plan: Plan, on: dt.date | None = None) -> Listing:
    """The tasks as the plan wrote them; with `on`, an agency that had ended by then is followed by who
    carries its work on that day (as `--as-of` promises)."""
    rows = [
        {
            "id": t.id,
            "sector": t.sector,
            "content": t.content,
            "lead": _names(plan, t.lead, on),
            "coordinators": _names(plan, t.coordinators, on),
            "deadline": deadline_cell(t),
        }
        for t in tasks
    ]
    columns = [
        Column("id", "TT", justify="right"),
        Column("sector", "Lĩnh vực"),
        Column("content", "Nội dung", shorten=90),
        Column("lead", "Chủ trì"),
        Column("coordinators", "Phối hợp"),
        *deadline_columns(tasks),
    ]
    data: dict[str, Any] = {"tasks": [task_json(plan, t) for t in tasks]}
    if on is not None:
        data["as_of"] = on.isoformat()
        for item, task in zip(data["tasks"], tasks, strict=True):
            for role in ("lead", "coordinators"):
                for entry, a in zip(item[role], getattr(task, role), strict=True):
                    now = carried_by(plan, a.agency, on)
                    entry["carried_by"] = [{"id": c.id, "name": c.name} for c in now]
    marked = on is not None and any("(nay là " in f"{r['lead']} {r['coordinators']}" for r in rows)
    said = f"Tính đến ngày {show(on)}: cơ quan đã thôi hoạt động có ghi kèm «nay là …»." if on else ""
    notes = [said] if marked else []
    return Listing(
        columns,
        rows,
        title=f"Các nhiệm vụ của Kế hoạch ({len(rows)})",
        data=data,
        caveats=notes,
        notes=notes,
    )


def agency_tasks_listing(plan: Plan, answer: AgencyTasks) -> Listing:
    """What the plan asks of one agency on a date: its tasks, then its standing duties."""
    found = answer.tasks
    who = Subject(answer.agency, answer.as_of, answer.notes)
    rows = [
        {
            "id": r.item.id,
            "sector": r.item.sector,
            "content": r.item.content,
            "role": role_text(r.role, r.scope),
            "via": via_text(r.via),
            "deadline": deadline_cell(r.item),
            "category": LABEL[standing(plan, r.item, answer.as_of).category],
        }
        for r in found
    ]
    entries = []
    for r in found:
        entry = task_json(plan, r.item)
        entry.update(role=r.role, scope=r.scope, via=via_json(r.via))
        entry.update(standing_json(standing(plan, r.item, answer.as_of)))
        entries.append(entry)
    duties = duties_listing(plan, answer.duties, who.on, answer.agency)
    data = {
        "agency": agency_json(who.agency),
        "as_of": who.on.isoformat(),
        "notes": list(who.notes),
        "tasks": entries,
        "duties": duties.data,
    }
    columns = [
        Column("id", "TT", justify="right"),
        Column("sector", "Lĩnh vực"),
        Column("content", "Nội dung", shorten=80),
        Column("role", "Vai trò"),
        Column("via", "Nguồn"),
        *deadline_columns((r.item for r in found), category=True),
    ]
    title = f"Nhiệm vụ của {who.agency.name} tính đến ngày {show(who.on)} ({len(rows)})"
    leads = sum(r.role == "lead" for r in found)
    footer = [f"Chủ trì {leads}, phối hợp {len(found) - leads} nhiệm vụ."] if found else []
    listing = Listing(
        columns,
        rows,
        title=title,
        data=data,
        notes=list(who.notes),
        footer=footer,
        empty="Không có nhiệm vụ nào theo điều kiện đã chọn.",
    )
    if duties.rows:
        listing.sections.append(duties)
    return listing


def duties_listing(
    plan: Plan, duties: list[Role[Duty]], on: dt.date, agency: Agency | None = None
) -> Listing:
    """The standing duties from the plan's body that concern `agency`."""
    rows, data = [], []
    for r in duties:
        duty = r.item
        rows.append(
            {
                "section": duty.section,
                "label": duty.title or duty.text,  # a person reads the title; a spreadsheet gets both
                "title": duty.title or "",
                "text": duty.text,
                "role": role_text(r.role, r.scope),
                "via": via_text(r.via),
                "due": deadline_text(plan, duty, on, agency),
            }
        )
        rule: AgencyReportRule | ConsolidatedReportRule | None = None
        if duty.report == "agency_report":
            rule = plan.reporting.agency_report
        elif duty.report == "consolidated_report":
            rule = plan.reporting.consolidated_report
        data.append(
            {
                "id": duty.id,
                "section": duty.section,
                "title": duty.title,
                "text": duty.text,
                "role": r.role,
                "scope": r.scope,
                "via": via_json(r.via),
                "due": {"month": rule.due.month, "day": rule.due.day} if rule else None,
                "due_text": rows[-1]["due"] or None,
            }
        )
    columns = [
        Column("section", "Mục"),
        Column("label", "Nội dung", shorten=56, only="text"),
        Column("title", "Tên gọi", only="data"),
        Column("text", "Nội dung", only="data"),
        Column("role", "Vai trò"),
        Column("via", "Nguồn"),
        Column("due", "Hạn, nơi nhận"),
    ]
    return Listing(columns, rows, title="Nhiệm vụ thường xuyên (phần II.2, III của Kế hoạch)", data=data)


def deadline_text(plan: Plan, duty: Duty, on: dt.date, agency: Agency | None = None) -> str:
    """When and to whom the duty's report goes; for the focal agency itself, that it sends none (it
    receives and consolidates them: it is never told to report to itself)."""
    if duty.report == "agency_report":
        rule = plan.reporting.agency_report
        focal = focal_agency(plan, on)
        if focal is not None and agency is not None and agency.id == focal.id:
            return "Không gửi: là cơ quan đầu mối, nhận và tổng hợp báo cáo của các cơ quan"
        receiver = f"{focal.name} (cơ quan đầu mối)" if focal else "cơ quan đầu mối"
        return f"Trước {rule.due.day}/{rule.due.month} hằng năm, gửi {receiver}"
    if duty.report == "consolidated_report":
        rule = plan.reporting.consolidated_report
        receivers = ", ".join(plan.agencies[a].name for a in rule.to if a in plan.agencies)
        return f"Trước {rule.due.day}/{rule.due.month} hằng năm, gửi {receivers}"
    return ""


# --- one task ---------------------------------------------------------------------


def task_listing(plan: Plan, answer: TaskAnswer) -> Listing:
    task, on = answer.task, answer.as_of
    sector = plan.sectors[task.sector]
    rows, agencies_json = [], []
    for role, assignments in (("lead", task.lead), ("coordinator", task.coordinators)):
        for a in assignments:
            named = plan.agencies[a.agency]
            now = carriers_text(plan, named, on)
            rows.append({"role": labels.ROLE[role], "agency": named.name, "scope": a.scope or "", "now": now})
            agencies_json.append(
                {
                    "role": role,
                    "id": named.id,
                    "name": named.name,
                    "scope": a.scope,
                    "carried_by": [{"id": c.id, "name": c.name} for c in answer.carried_by[named.id]],
                }
            )
    columns = [
        Column("role", "Vai trò"),
        Column("agency", "Cơ quan (theo Kế hoạch)"),
        Column("scope", "Phạm vi"),
        Column("now", f"Thực hiện vào ngày {show(on)}"),
    ]
    found = standing(plan, task, on)
    notes = [f"Kế hoạch {plan.id}: {plan.info.title}"] if plan.files.register else []
    notes += [f"Nhiệm vụ {task.id} — Lĩnh vực {sector.id}. {sector.title}", task.content]
    notes += [line for line in (deadline_line(task), task.product and f"Sản phẩm: {task.product}") if line]
    if task.deadline is not None:
        done = f" (hoàn thành ngày {show(found.completed_on)})" if found.completed_on else ""
        notes.append(f"Tình trạng ngày {show(on)}: {LABEL[found.category]}{done}")
    if task.related:
        notes.append("Liên quan: " + ", ".join(task.related))
    readings = group_notes(plan, [a.agency for a in (*task.lead, *task.coordinators)], on)
    notes += readings
    data = task_json(plan, task) | {
        "sector_title": sector.title,
        "as_of": on.isoformat(),
        "agencies": agencies_json,
        **standing_json(found),
    }
    title = f"Cơ quan thực hiện nhiệm vụ {task.id}"  # the heading notes are in the JSON, not on stderr
    return Listing(columns, rows, title=title, data=data, notes=notes, caveats=readings)


def group_notes(plan: Plan, agency_ids: Iterable[str], on: dt.date) -> list[str]:
    """How each group that a count depends on is read (its `members.note`), once per group."""
    notes: dict[str, str] = {}
    for agency_id in agency_ids:
        for carrier in carriers(plan, agency_id, on):
            group = carrier.agency
            if group.is_group and group.members is not None and group.members.note:
                notes.setdefault(group.id, f"{group.name}: {group.members.note}")
    return list(notes.values())


def carriers_text(plan: Plan, named: Agency, on: dt.date) -> str:
    """Who carries `named`'s assignment on `on`, in words."""
    found = carriers(plan, named.id, on)
    if not found:
        return "(không còn cơ quan thực hiện trong dữ liệu)"
    parts = []
    for carrier in found:
        agency = carrier.agency
        name = agency.name  # marked where it is shown, as every mention is (show/marks.py)
        text = name if not carrier.chain else f"{name} (từ {show(carrier.chain[-1].effective)})"
        if agency.is_group:
            text += (
                f" — {len(members(plan, agency, on))} cơ quan trong danh mục"
                if agency.members
                and (
                    agency.members.agencies
                    or any(a.kind in agency.members.kinds for a in plan.agencies.values())
                )
                else " — danh sách đơn vị không ghi trong danh mục"
            )
        parts.append(text)
    return "; ".join(parts)


# --- the roster -------------------------------------------------------------------


def roster(
    plan: Plan, on: dt.date, *, kind: str | None = None, city: str | None = None, every: bool = False
) -> list[Agency]:
    """The roster on `on` (every entry with `every`), of one kind and city when asked, in Vietnamese order."""
    if kind is not None and kind not in labels.KIND:
        raise UsageError(f"Loại cơ quan không hợp lệ: «{kind}»; chọn một trong: {', '.join(labels.KIND)}.")
    if city is not None and city not in labels.CITY:
        raise UsageError(f"Thành phố không hợp lệ: «{city}»; chọn một trong: {', '.join(labels.CITY)}.")
    chosen = [
        a
        for a in plan.agencies.values()
        if (kind is None or a.kind == kind) and (city is None or a.city == city) and (every or a.in_force(on))
    ]
    chosen.sort(key=lambda a: sort_key(a.name))
    return chosen


def agencies_listing(plan: Plan, chosen: list[Agency], on: dt.date, *, every: bool = False) -> Listing:
    """The roster as a table: names, kinds, validity, successors on `on`."""
    rows = [
        {
            "id": a.id,
            "name": a.name,
            "short_name": a.short_name or "",
            "kind": labels.KIND[a.kind],
            "valid": validity_span(a) + (f" ({labels.UNCONFIRMED})" if a.unconfirmed_on(on) else ""),
            "valid_from": show(a.valid_from) if a.valid_from else "",
            "valid_until": show(a.valid_until) if a.valid_until else "",
            "confidence": labels.UNCONFIRMED if a.unconfirmed_on(on) else "",
            "successor": "; ".join(c.agency.name for c in carriers(plan, a.id, on) if c.chain),
        }
        for a in chosen
    ]
    columns = [
        Column("name", "Tên"),
        Column("short_name", "Viết tắt"),
        Column("kind", "Loại"),
        Column("valid", "Hiệu lực", only="text"),
        Column("valid_from", "Hiệu lực từ", kind="date", only="data"),
        Column("valid_until", "Hiệu lực đến", kind="date", only="data"),
        Column("confidence", "Xác nhận", only="data"),
        Column("id", "Mã", no_wrap=True),
    ]
    if every:
        columns.append(Column("successor", f"Kế thừa vào {show(on)}"))
    data = {
        "as_of": on.isoformat(),
        "all": every,
        "agencies": [agency_json(a) | {"in_force": a.in_force(on)} for a in chosen],
    }
    scope = "mọi cơ quan trong danh mục" if every else f"cơ quan tồn tại vào ngày {show(on)}"
    return Listing(columns, rows, title=f"Danh mục cơ quan: {scope} ({len(rows)})", data=data)


def agency_json(a: Agency) -> dict[str, Any]:
    """An agency's own fields as the JSON outputs give them."""
    return {
        "id": a.id,
        "name": a.name,
        "short_name": a.short_name,
        "aliases": list(a.aliases),
        "kind": a.kind,
        "city": a.city,
        "valid_from": _iso(a.valid_from),
        "valid_until": _iso(a.valid_until),
        "code": a.code,
        "confidence": a.confidence,
        "unconfirmed_from": _iso(a.unconfirmed_from),
    }


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def validity_span(agency: Agency) -> str:
    """ "từ 01/03/2025 đến 30/06/2025", "từ …", "đến …", or "" when the roster gives no dates."""
    if agency.valid_from is None and agency.valid_until is None:
        return ""
    start = f"từ {show(agency.valid_from)}" if agency.valid_from else ""
    end = f"đến {show(agency.valid_until)}" if agency.valid_until else ""
    return " ".join(p for p in (start, end) if p)


# --- one agency -------------------------------------------------------------------


def roles_day(agency: Agency, on: dt.date) -> dt.date:
    """The day an agency's roles are read on: `on`, or its last day when it had ended by then (what the
    plan gave it while it existed, never shown as today's work)."""
    return agency.valid_until if agency.valid_until is not None and agency.valid_until < on else on


def agency_listing(plan: Plan, who: Subject) -> Listing:
    """Everything about one agency: names, groups, lineage, counterpart, contacts, tasks in brief."""
    a, on = who.agency, who.on
    worked = roles_day(a, on)
    found = _AgencyFacts(
        roles_of(plan, a, worked, plan.tasks.values()),
        roles_of(plan, a, worked, plan.duties),
        predecessors(plan, a.id, on),
        carriers(plan, a.id, on) if not a.in_force(on) else [],
    )
    rows = _agency_rows(plan, who, found)
    data = _agency_data(plan, who, found)
    succ = found.carried_by
    if succ:
        data["carried_by"] = [{"id": c.agency.id, "name": c.agency.name} for c in succ]
    notes = list(who.notes)
    if succ:
        heirs = ", ".join(c.agency.name for c in succ)
        until = f" (đến {show(a.valid_until)})" if a.valid_until else ""
        notes.append(
            f"{a.name} không còn tồn tại vào ngày {show(on)}; nhiệm vụ do {heirs} thực hiện. "
            f"Các nhiệm vụ dưới đây là những việc Kế hoạch giao cho cơ quan này khi còn hoạt động{until}."
        )
        notes += namesake_notes(plan, a, on)
    return Listing(
        [Column("field", "Mục"), Column("value", "Nội dung")], rows, title=a.name, data=data, notes=notes
    )


class _AgencyFacts(NamedTuple):
    """What `agency_listing` shows of an agency on its date, worked out once for the table and the JSON."""

    task_roles: list[Role[Task]]
    duty_roles: list[Role[Duty]]
    predecessors: list[Carrier]
    carried_by: list[Carrier]  # who carries its work, when it has ended


def _agency_rows(plan: Plan, who: Subject, found: _AgencyFacts) -> list[dict[str, str]]:
    """The table of one agency: a row per fact (field, value)."""
    a, on = who.agency, who.on
    task_roles, duty_roles, preds = found.task_roles, found.duty_roles, found.predecessors
    rows: list[dict[str, str]] = []

    def add(label: str, value: str) -> None:
        rows.append({"field": label, "value": value})

    add("Tên", a.name)
    add("Mã", a.id)
    add("Viết tắt", a.short_name or "")
    add("Tên gọi khác", "; ".join(a.aliases))
    add("Loại", labels.KIND[a.kind])
    add("Thành phố", labels.CITY[a.city])
    add("Hiệu lực", validity_span(a) or "(không có ngày bắt đầu/kết thúc trong dữ liệu)")
    if a.code:
        add("Mã đơn vị hành chính", a.code)
    if a.basis:
        basis = plan.bases.get(a.basis)
        add("Căn cứ thành lập", basis.cite() if basis else a.basis)
    if a.confidence == "unconfirmed":
        add("Độ tin cậy", unconfirmed_note(a))
    elif a.note:
        add("Ghi chú", a.note)
    if a.is_group:
        listed = members(plan, a, on)
        note = a.members.note if a.members and a.members.note else ""
        add(
            f"Thành viên vào {show(on)}",
            f"{len(listed)} cơ quan trong danh mục" + (f" ({note})" if note else ""),
        )
    add(f"Thuộc nhóm (vào {show(on)})", "; ".join(g.name for g in groups_of(plan, a, on)))
    add("Tiền thân", "; ".join(lineage_sentence(plan, p.agency, p.chain) for p in preds))
    add("Kế thừa", "; ".join(lineage_sentence(plan, a, (s,)) for s in a.successors))
    add("Cơ quan tương ứng (TP.HCM)", a.counterpart.name if a.counterpart else "(chưa có dữ liệu)")
    add("Đầu mối liên hệ", "; ".join(_contact(c) for c in a.contacts) or "(chưa có dữ liệu)")
    if a.id == plan.info.issuer:
        # the plan's signer is a fact about the 2024 document, never today's contact
        sign = plan.info.signature
        signer = ", ".join(p for p in (sign.name, sign.delegation, sign.title) if p)
        add(f"Người ký Kế hoạch năm {plan.info.year or '…'}", signer)
    add("Chủ trì nhiệm vụ", role_brief(task_roles, "lead"))
    add("Phối hợp nhiệm vụ", role_brief(task_roles, "coordinator"))
    duty_text = [f"{r.item.section} ({labels.ROLE[r.role].lower()})" for r in duty_roles]
    add("Nhiệm vụ thường xuyên", "; ".join(dict.fromkeys(duty_text)))
    return rows


def _agency_data(plan: Plan, who: Subject, found: _AgencyFacts) -> dict[str, Any]:
    """The JSON of one agency (the manual: docs/phat-trien/json.md)."""
    a, on = who.agency, who.on
    task_roles, duty_roles, preds = found.task_roles, found.duty_roles, found.predecessors
    data = {
        **agency_json(a),
        "as_of": on.isoformat(),
        "groups": [{"id": g.id, "name": g.name} for g in groups_of(plan, a, on)],
        "predecessors": [
            {
                "id": p.agency.id,
                "name": p.agency.name,
                "effective": _iso(p.chain[0].effective),
                "basis": plan.bases[p.chain[0].basis].cite() if p.chain[0].basis in plan.bases else None,
            }
            for p in preds
        ],
        "successors": [
            {
                "id": s.agency,
                "name": plan.agencies[s.agency].name,
                "event": s.event,
                "effective": s.effective.isoformat(),
                "basis": plan.bases[s.basis].cite() if s.basis in plan.bases else None,
            }
            for s in a.successors
        ],
        "counterpart": a.counterpart._asdict() if a.counterpart else None,
        "contacts": [c._asdict() for c in a.contacts],
        "tasks": [
            {"id": r.item.id, "role": r.role, "scope": r.scope, "via": via_json(r.via)} for r in task_roles
        ],
        "duties": [{"id": r.item.id, "role": r.role, "via": via_json(r.via)} for r in duty_roles],
    }
    return data


def _contact(contact: Contact) -> str:
    parts = [value for value in (contact.name, contact.title, contact.phone, contact.email) if value]
    return ", ".join(parts) + f" (nguồn: {contact.source})"


def role_brief(found: list[Role[Task]], role: str) -> str:
    parts = []
    for r in found:
        if r.role != role:
            continue
        mark = "" if r.via is None else " (kế thừa)" if r.via.kind == "predecessor" else " (qua nhóm)"
        parts.append(f"{r.item.id}{mark}")
    return ", ".join(parts) if parts else "—"


# --- the responsibility matrix ------------------------------------------------------


def matrix_listing(plan: Plan, on: dt.date, *, as_written: bool = False) -> Listing:
    """Agencies × tasks, C = chủ trì, P = phối hợp, by who carries each assignment on `on`.

    One row per agency and one narrow column per task, so that it fits a screen
    and an A4 page.
    """
    cells: dict[str, dict[str, str]] = {}
    scoped = False
    for task in plan.tasks.values():
        for role, assignments in (("lead", task.lead), ("coordinator", task.coordinators)):
            for a in assignments:
                ids = [a.agency] if as_written else [c.agency.id for c in carriers(plan, a.agency, on)]
                for agency_id in ids:
                    row = cells.setdefault(agency_id, {})
                    scoped = scoped or bool(a.scope)
                    if row.get(str(task.id), "P").startswith("P"):  # a lead role wins over coordinating
                        row[str(task.id)] = labels.ROLE_LETTER[role] + ("*" if a.scope else "")
    order = [agency_id for agency_id in plan.agencies if agency_id in cells]
    columns = [Column("agency", "Cơ quan", no_wrap=True)]
    columns += [Column(str(t), str(t), justify="right", no_wrap=True, min_width=2) for t in plan.tasks]
    rows = [{"agency": plan.agencies[i].short, **cells[i]} for i in order]
    basis = "theo Kế hoạch (tên năm 2024)" if as_written else f"theo cơ quan thực hiện vào ngày {show(on)}"
    legend = "C = chủ trì, P = phối hợp"
    if scoped:
        legend += "; * = trong phạm vi ghi ở nhiệm vụ (xem bằng lệnh «kehoach task SỐ»)"
    names = [
        f"{plan.agencies[i].short}: {plan.agencies[i].name}" for i in order if plan.agencies[i].short_name
    ]
    data = {
        "as_of": None if as_written else on.isoformat(),
        "agencies": [
            {
                "id": i,
                "name": plan.agencies[i].name,
                "short_name": plan.agencies[i].short,
                "roles": {
                    task: {
                        "role": labels.ROLE_OF_LETTER[cells[i][task][0]],
                        "scoped": cells[i][task].endswith("*"),
                    }
                    for task in sorted(cells[i], key=int)
                },
            }
            for i in order
        ],
    }
    return Listing(
        columns, rows, title=f"Ma trận trách nhiệm {basis}", data=data, footer=[legend, *names], compact=True
    )
