"""What the consolidated report says: the context its templates render.

The focal agency in force for the year reports to the City (part III.4 of the
plan): who reported (and when), every task's and standing duty's results as
each agency reported them — lead or coordinator, named, with who has not
reported — the difficulties and proposals with their agency and role, the
ad-hoc reports, and an appendix of every report. What only the secretariat can
write (overall assessment, next year's direction, its own proposals, signer,
issuer's symbol) comes from plan/reports/<year>/consolidated.yaml, "…" when
empty. Everything here is plain data (str, int, list, dict): the templates
decide the layout.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from kehoach.answer.status import (
    STATE_LABEL,
    Standing,
    Summary,
    agency_standings,
    check_year,
    consolidated_standing,
    describe,
    received_reports,
    reporting_interpretation,
    scope_text,
    summarise,
    summary_text,
)
from kehoach.dates import show, today
from kehoach.errors import UsageError
from kehoach.labels import KIND_COUNTED
from kehoach.model.lineage import assigned_agencies, carriers, members
from kehoach.model.views import (
    Agency,
    AgencyReport,
    Assignment,
    Duty,
    DutyProgress,
    Plan,
    Signer,
    Task,
    TaskProgress,
    roster_order,
)
from kehoach.text import shorten

PLACEHOLDER = "…"
TASK_BRIEF = 160  # characters of a task's text in the table (the full text is in the plan)
ROLE_TEXT = {"lead": "chủ trì", "coordinator": "phối hợp", "other": "ngoài phân công"}


def document_date(place: str, day: dt.date | None) -> str:
    """ "Hà Nội, ngày 05 tháng 02 năm 2026" (NĐ30: days below 10 and months 1–2 take a leading zero)."""
    return f"{place}, {day_words(day)}"


def day_words(day: dt.date | None) -> str:
    """ "ngày 05 tháng 02 năm 2026", or "ngày … tháng … năm …" when the date is not known yet."""
    if day is None:
        return f"ngày {PLACEHOLDER} tháng {PLACEHOLDER} năm {PLACEHOLDER}"
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def signature(signer: Signer | None, focal: Agency | None) -> dict[str, str]:
    """The signature lines as given; "GIÁM ĐỐC" (a rank, not a person) only for a department signing in
    its own name, "…" for anything else not given."""
    signer = signer or Signer()
    title = signer.title or (
        "GIÁM ĐỐC"
        if focal is not None and focal.kind == "department" and not signer.delegation
        else PLACEHOLDER
    )
    return {
        "delegation": (signer.delegation or "").upper(),
        "title": title.upper(),
        "name": signer.name or PLACEHOLDER,
    }


def paragraphs(text: str | None) -> list[str]:
    """A text field as paragraphs (split on blank lines); ["…"] when empty, for the secretariat to fill."""
    if not text:
        return [PLACEHOLDER]
    found = [" ".join(part.split()) for part in text.replace("\r\n", "\n").split("\n\n")]
    return [p for p in found if p] or [PLACEHOLDER]


class Said(NamedTuple):
    """One agency's entry on a task or duty, found in its report."""

    agency: Agency
    role: str  # lead | coordinator | other
    entry: TaskProgress | DutyProgress


def build_context(
    plan: Plan, year: int, as_of: dt.date | None = None, date: dt.date | None = None
) -> dict[str, Any]:
    """The consolidated report for `year` as data.

    `date` is the document's date (the consolidated report's `dated` when None);
    reports count when received by `as_of`, which defaults to the document's date,
    else today, and may not be later than the document's date.
    """
    check_year(plan, year)
    own = plan.consolidated.get(year)
    date = date or (own.dated if own else None)
    if as_of is None:
        as_of = date or today()
    elif date is not None and as_of > date:
        raise UsageError(
            f"Ngày tính số liệu {show(as_of)} sau ngày văn bản {show(date)}: báo cáo không thể nêu số liệu "
            f"sau ngày ký; bỏ --as-of (mặc định là ngày văn bản) hoặc chọn ngày không muộn hơn --dated."
        )
    info = plan.info
    due = plan.reporting.agency_report.deadline(year)
    standings = [s for s in agency_standings(plan, year, as_of) if s.required]
    consolidated = consolidated_standing(plan, year, as_of)
    focal = consolidated.agency if consolidated else None
    focal_name = focal.name if focal else PLACEHOLDER
    parent = plan.agencies.get(info.issuer)
    plan_ref = (
        f"Kế hoạch số {info.number or PLACEHOLDER}/{info.type_code}-{info.issuer_code} của UBND Thành phố"
    )
    reports = received_reports(plan, year, as_of)
    number = (
        own.number if own and own.number else f"{PLACEHOLDER}/BC-{(own and own.issuer_code) or PLACEHOLDER}"
    )
    difficulties: list[dict[str, str]] = []
    proposals: list[dict[str, str]] = []

    entries = entries_by_item(reports)

    def progress(item: Task | Duty, about: str) -> list[str]:
        said = _said(plan, item, entries, due)
        for s in said:
            where = f"{ROLE_TEXT[s.role]} {about}"
            if s.entry.difficulties:
                difficulties.append({"agency": s.agency.name, "about": where, "text": s.entry.difficulties})
            if s.entry.proposals:
                proposals.append({"agency": s.agency.name, "about": where, "text": s.entry.proposals})
        return _lines(plan, item, said, reports, due)

    sectors = []
    for sector in plan.sectors.values():
        tasks = [
            {
                "id": task.id,
                "content": shorten(task.content, TASK_BRIEF),
                "leads": _lead_names(plan, task.lead, due),
                "lines": progress(task, f"nhiệm vụ {task.id}"),
            }
            for task in plan.tasks.values()
            if task.sector == sector.id
        ]
        sectors.append({"id": sector.id, "title": sector.title, "tasks": tasks})
    duties = [
        {
            "section": duty.section,
            "text": now_named(plan, duty.text, due),
            "leads": _lead_names(plan, duty.lead, due),
            "lead_said": duty.text.casefold().startswith(
                "chủ trì"
            ),  # "(X chủ trì): Chủ trì, …" says it twice
            "lines": progress(duty, f"nhiệm vụ tại mục {duty.section}"),
        }
        for duty in reported_duties(plan)
    ]
    received = len(reports)
    nothing = (
        f"Đến ngày {show(as_of)} chưa nhận được báo cáo nào của các cơ quan, đơn vị, nên chưa tổng hợp được"
        if not received
        else f"Các báo cáo đã nhận ({received}/{len(standings)} cơ quan, đơn vị) không nêu"
    )
    dated_words = day_words(date)
    return {
        "year": year,
        "next_year": year + 1,
        "as_of": show(as_of),
        "fictitious": _fictitious(plan, year),
        "parent": (parent.name if parent else "UBND Thành phố Hà Nội").upper(),
        "issuer": focal_name.upper(),
        "issuer_name": focal_name,
        "number_line": f"Số: {number}",
        "place_date": document_date(info.place, date),
        "doc_type": "BÁO CÁO",
        "subject": f"Kết quả thực hiện năm {year} {plan_ref} triển khai thực hiện nội dung hợp tác giữa "
        f"Ban Thường vụ Thành ủy Hà Nội và Ban Thường vụ Thành ủy Thành phố Hồ Chí Minh",
        "plan_title": info.title,
        "plan_ref": plan_ref,
        "due": show(due),
        "consolidated_due": show(plan.reporting.consolidated_report.deadline(year)),
        "overview": (overview := _overview(plan, standings, due)),
        "review": review_notes(plan, [s.agency for s in standings], due, overview["required"]),
        "ad_hoc": _ad_hoc(plan, year, as_of),
        "sectors": sectors,
        "duties": duties,
        "assessment": paragraphs(own.assessment if own else None),
        "difficulties": difficulties,
        "no_difficulties": f"{nothing} khó khăn, vướng mắc.",
        "direction": paragraphs(own.direction if own else None),
        "own_proposals": list(own.proposals) if own and own.proposals else [],
        "proposals": proposals,
        "no_proposals": f"{nothing} đề xuất, kiến nghị.",
        "appendix": _appendix(standings),
        "appendix_ref": f"(Kèm theo Báo cáo số {number} {dated_words} của {focal_name})",
        "recipients": [
            *(plan.agencies[a].name for a in plan.reporting.consolidated_report.to if a in plan.agencies),
            *(own.recipients if own else ()),
            "Lưu: VT",
        ],
        "signature": signature(own.signature if own else None, focal),
        "properties": {"title": f"Báo cáo kết quả thực hiện năm {year} {plan_ref}", "author": focal_name},
    }


def _overview(plan: Plan, standings: list[Standing], due: dt.date) -> dict[str, Any]:
    """Who had to report and where each stands; phường and xã counted by state, not named."""
    by_state: dict[str, list[dict[str, Any]]] = {state: [] for state in STATE_LABEL}
    for item in summarise(standings):
        if isinstance(item, Summary):
            for state, n in item.counts().items():
                name = f"{n} UBND {KIND_COUNTED[item.kind]}"
                by_state[state].append({"name": name, "days": None, "state": STATE_LABEL[state], "count": n})
        else:
            by_state[item.state].append(
                {"name": item.agency.name, "days": item.days, "state": describe(item), "count": 1}
            )
    return {
        "required": len(standings),
        "scope": scope_text([s.agency for s in standings]),
        "interpretation": reporting_interpretation(plan) or "",
        # what the sources could not confirm about agencies counted here, said in the document
        "unconfirmed": [
            f"{s.agency.name}: {s.agency.note}"
            for s in standings
            if s.agency.unconfirmed_on(due) and s.agency.note
        ],
        "on_time": by_state["on_time"],
        "late": by_state["late"],
        "overdue": by_state["overdue"],
        "pending": by_state["pending"],
    }


def entries_by_item(reports: dict[str, AgencyReport]) -> dict[tuple[str, int | str], list[tuple[str, Any]]]:
    """Every received entry, by ("task", number) or ("duty", id): read once for all tasks and duties."""
    found: dict[tuple[str, int | str], list[tuple[str, Any]]] = {}
    for agency_id, report in reports.items():
        for entry in report.tasks:
            found.setdefault(("task", entry.task), []).append((agency_id, entry))
        for duty in report.duties:
            found.setdefault(("duty", duty.duty), []).append((agency_id, duty))
    return found


def _said(
    plan: Plan, item: Task | Duty, entries: dict[tuple[str, int | str], list[tuple[str, Any]]], due: dt.date
) -> list[Said]:
    """Every received entry on `item`, leads first, then coordinators, then anyone else, in roster order."""
    on_item = entries.get(("task" if isinstance(item, Task) else "duty", item.id), [])
    if not on_item:
        return []
    leads = {a.id for a, _ in assigned_agencies(plan, item.lead, due)}
    coordinators = {a.id for a, _ in assigned_agencies(plan, item.coordinators, due)}
    found = [
        Said(
            plan.agencies[agency_id],
            "lead" if agency_id in leads else "coordinator" if agency_id in coordinators else "other",
            entry,
        )
        for agency_id, entry in on_item
    ]
    order = {"lead": 0, "coordinator": 1, "other": 2}
    rank = roster_rank(plan)
    return sorted(found, key=lambda s: (order[s.role], rank[s.agency.id]))


def _lines(
    plan: Plan, item: Task | Duty, said: list[Said], reports: dict[str, AgencyReport], due: dt.date
) -> list[str]:
    """What the report says on one task or duty: each entry attributed to its agency and role, then each
    lead that has not reported on it, named — or, for a lead that is a whole group, counted with its scope."""
    statuses = plan.statuses
    lines = []
    for s in said:
        parts = [p for p in (statuses.get(s.entry.status or "", ""), s.entry.results or "") if p]
        text = ". ".join(p.rstrip(".") for p in parts) + "." if parts else "không ghi tiến độ, kết quả."
        lines.append(f"{s.agency.name} ({ROLE_TEXT[s.role]}): {text}")
    reported = {s.agency.id for s in said}
    named: list[Agency] = []
    for assignment in item.lead:
        for carrier in carriers(plan, assignment.agency, due):
            if not carrier.agency.is_group:
                named.append(carrier.agency)
                continue
            silent = [a for a in members(plan, carrier.agency, due) if a.id not in reported]
            if silent:
                lines.append(
                    f"Chưa báo cáo nội dung này (thuộc «{carrier.agency.name}», chủ trì): "
                    f"{len(silent)} cơ quan, đơn vị ({scope_text(silent)})."
                )
    rank = roster_rank(plan)
    for agency in sorted({a.id: a for a in named if a.id not in reported}.values(), key=lambda a: rank[a.id]):
        why = "báo cáo không nêu nội dung này" if agency.id in reports else "chưa báo cáo"
        lines.append(f"{agency.name} (chủ trì): {why}.")
    return lines


def roster_rank(plan: Plan) -> dict[str, int]:
    """Each agency's place in the customary order (sorted once per plan: reports sort thousands of lists)."""
    if ("roster-rank",) not in plan.memo:
        ordered = sorted(plan.agencies.values(), key=roster_order)
        plan.memo[("roster-rank",)] = {a.id: i for i, a in enumerate(ordered)}
    return plan.memo[("roster-rank",)]  # type: ignore[no-any-return]


def now_named(plan: Plan, text: str, on: dt.date) -> str:
    """`text` (the plan's own words) with each agency it names that had ended by `on` followed by who
    carries its work then: "phối hợp với Sở Kế hoạch và Đầu tư (nay là Sở Tài chính)"."""
    from kehoach.answer.queries import carried_by

    for agency in sorted(plan.agencies.values(), key=lambda a: -len(a.name)):
        if agency.is_group or agency.name not in text or agency.in_force(on):
            continue
        now = carried_by(plan, agency.id, on)
        if now and f"{agency.name} (nay là" not in text:
            text = text.replace(agency.name, f"{agency.name} (nay là {', '.join(a.name for a in now)})", 1)
    return text


def review_notes(
    plan: Plan, counted: list[Agency], on: dt.date, required: int | None
) -> list[dict[str, str]]:
    """What the drafter checks before signing (show/review.py): the count `required` (when the document
    states one) that rests on how the group owing the report is read, and each body of `counted` the
    sources do not confirm on `on`."""
    from kehoach.answer.queries import unconfirmed_note

    notes = []
    reading = reporting_interpretation(plan)
    if reading and required is not None:
        notes.append(
            {
                "anchor": f"{required} cơ quan, đơn vị",
                "note": f"Số này dựa trên {reading[:1].lower()}{reading[1:]} Kiểm tra trước khi ký.",
            }
        )
    for agency in dict.fromkeys(counted):
        if agency.unconfirmed_on(on):
            said = unconfirmed_note(agency).rstrip(".")
            notes.append({"anchor": agency.name, "note": f"{said}. Kiểm tra trước khi ký."})
    return notes


def _lead_names(plan: Plan, leads: tuple[Assignment, ...], due: dt.date) -> list[str]:
    """The leads as the plan wrote them, and who carries them on the deadline when that differs."""
    names = []
    for assignment in leads:
        written = plan.agencies[assignment.agency]
        scope = f" ({assignment.scope})" if assignment.scope else ""
        carried = assigned_agencies(plan, (assignment,), due)
        if len(carried) == 1 and carried[0][0].id != written.id:
            names.append(f"{written.name}{scope}, nay là {carried[0][0].name}")
        else:
            names.append(f"{written.name}{scope}")
    return names


def reported_duties(plan: Plan) -> list[Duty]:
    """The standing duties one named agency carries for the whole plan (II.2 the leaders' list, III.3 the
    budget): reported on here. The duties of every agency (III.2) are what the whole report is about, and
    the focal agency's own duty (III.4) is this report."""
    return [
        d
        for d in plan.duties
        if d.report is None and not any(plan.agencies[a.agency].is_group for a in d.lead)
    ]


def _ad_hoc(plan: Plan, year: int, as_of: dt.date) -> list[dict[str, str]]:
    """The ad-hoc reports received by `as_of` (or dated by then, when the day received is not recorded)."""
    found = []
    for (y, agency_id), report in plan.reports.items():
        if y != year:
            continue
        for item in report.ad_hoc:
            if (item.received or item.dated) <= as_of:
                found.append((plan.agencies[agency_id], item))
    rank = roster_rank(plan)
    found.sort(key=lambda pair: (rank[pair[0].id], pair[1].dated))
    return [
        {
            "agency": agency.name,
            "subject": item.subject,
            "number": item.number or PLACEHOLDER,
            "dated": show(item.dated),
            "received": show(item.received) if item.received else PLACEHOLDER,
            "notes": item.notes or "",
        }
        for agency, item in found
    ]


def _appendix(standings: list[Standing]) -> list[dict[str, str]]:
    """Every agency that had to report: city-level ones and the phường and xã that reported by name, the
    rest of each kind as one row."""
    rows = []
    for item in summarise(standings):
        if isinstance(item, Summary):
            rows += [_appendix_row(s) for s in item.standings if s.report is not None]
            missing = [s for s in item.standings if s.report is None]
            if missing:
                rows.append(
                    {
                        "name": f"UBND {KIND_COUNTED[item.kind]} chưa báo cáo: {len(missing)} đơn vị",
                        "number": "",
                        "dated": "",
                        "received": "",
                        "state": summary_text(Summary(item.kind, tuple(missing))),
                    }
                )
        else:
            rows.append(_appendix_row(item))
    return rows


def _appendix_row(s: Standing) -> dict[str, str]:
    report = s.report
    state = describe(s)
    if isinstance(report, AgencyReport) and report.notes:
        state = f"{state}. {report.notes}"
    return {
        "name": s.agency.name,
        "number": (report.number or PLACEHOLDER) if report else "",
        "dated": show(report.dated) if report else "",
        "received": show(report.arrived) if report else "",
        "state": state,
    }


def _fictitious(plan: Plan, year: int) -> bool:
    """Whether any report of the year is example data (then every page says so)."""
    own = plan.consolidated.get(year)
    return any(r.fictitious for (y, _), r in plan.reports.items() if y == year) or bool(
        own and own.fictitious
    )
