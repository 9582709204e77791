"""The yearly reporting cycle: who must report, to whom, by when, and where each stands.

A report is on time when received by the last on-time day (the plan's deadline,
read as `reporting.deadline_reading` says), late when received after it,
overdue when still missing after it, and pending before it. Only reports
received by the `as_of` date count, so a past date shows the past.
"""

from __future__ import annotations

import datetime as dt

from kehoach import labels
from kehoach.answer.listing import Column, Listing
from kehoach.answer.queries import Subject
from kehoach.dates import show
from kehoach.errors import UsageError
from kehoach.model.lineage import focal_agency, lead_agencies, selects, with_roles
from kehoach.model.views import LOCAL_KINDS, Agency, AgencyReport, Plan, Report, ReportRule, roster_order
from kehoach.tuples import Any, NamedTuple

STATES = ("on_time", "late", "overdue", "pending")
STATE_LABEL = {"on_time": "Đúng hạn", "late": "Trễ hạn", "overdue": "Quá hạn", "pending": "Chưa đến hạn"}


class Standing(NamedTuple):
    """Where one report stands on a date."""

    agency: Agency
    due: dt.date  # the deadline as the plan writes it
    last: dt.date  # the last day that counts as on time
    report: Report | None  # counted only if received by the date asked about
    state: str
    days: int  # late by, overdue by, or days left (pending); 0 when on time
    required: bool = True


def state_on(last: dt.date, received: dt.date | None, as_of: dt.date) -> tuple[str, int]:
    """(state, days) of a report due by `last`, received on `received`, seen on `as_of`."""
    if received is not None and received <= as_of:
        return ("on_time", 0) if received <= last else ("late", (received - last).days)
    if as_of > last:
        return "overdue", (as_of - last).days
    return "pending", (last - as_of).days + 1


def check_year(plan: Plan, year: int) -> None:
    start = plan.info.period.start_year
    end = plan.info.period.end_year
    if year < start or (end is not None and year > end) or year > 2100:
        span = f"{start}–{end}" if end else f"từ {start}"
        raise UsageError(f"Năm {year} ngoài thời gian thực hiện Kế hoạch ({span}).")


def must_report(plan: Plan, year: int) -> list[Agency]:
    """The agencies that owe a report for `year`: those of the whole roster with a task or duty on its
    deadline (named, inherited or through a group), in the customary order.

    Groups are not agencies that write reports; their members are, one by one
    (the 126 communes included).
    """
    due = plan.reporting.agency_report.deadline(year)
    owing_ids = with_roles(plan, due)
    owing = [a for a in plan.agencies.values() if not a.is_group and a.in_force(due) and a.id in owing_ids]
    return sorted(owing, key=roster_order)


def scope_text(agencies: list[Agency]) -> str:
    """What a count covers: "17 cơ quan, đơn vị cấp thành phố; 126 UBND cấp xã: 51 phường, 75 xã"."""
    by_kind: dict[str, int] = {}
    for agency in agencies:
        level = agency.kind if agency.is_local or agency.kind == "district" else "city"
        by_kind[level] = by_kind.get(level, 0) + 1
    parts = []
    if by_kind.get("city"):
        parts.append(f"{by_kind['city']} cơ quan, đơn vị cấp thành phố")
    if by_kind.get("district"):
        parts.append(f"{by_kind['district']} UBND cấp huyện")
    local = [f"{by_kind[k]} {labels.KIND_COUNTED[k]}" for k in LOCAL_KINDS if by_kind.get(k)]
    if local:
        total = sum(by_kind[k] for k in LOCAL_KINDS if k in by_kind)
        parts.append(f"{total} UBND cấp xã: {', '.join(local)}")
    return "; ".join(parts) if parts else "không có cơ quan nào"


def reporting_interpretation(plan: Plan) -> str | None:
    """How the group that owes the yearly report is read (its `members.note`), for every count of it."""
    for duty in plan.duties:
        if duty.report == "agency_report":
            for assignment in duty.lead:
                group = plan.agencies.get(assignment.agency)
                if group is not None and group.members is not None and group.members.note:
                    return f"Cách hiểu nhóm «{group.name}»: {group.members.note}"
    return None


def standing(
    plan: Plan,
    agency: Agency,
    rule: ReportRule,
    year: int,
    report: Report | None,
    as_of: dt.date,
    *,
    required: bool = True,
) -> Standing:
    last = plan.reporting.last_on_time(rule, year)
    counted = (
        report if report is not None and report.arrived is not None and report.arrived <= as_of else None
    )
    state, days = state_on(last, counted.arrived if counted else None, as_of)
    return Standing(agency, rule.deadline(year), last, counted, state, days, required)


def agency_standings(plan: Plan, year: int, as_of: dt.date) -> list[Standing]:
    """Every agency that must report, then any other agency whose report arrived."""
    rule = plan.reporting.agency_report
    owing = must_report(plan, year)
    rows = [standing(plan, a, rule, year, plan.reports.get((year, a.id)), as_of) for a in owing]
    others = [r for (y, a), r in plan.reports.items() if y == year and plan.agencies[a] not in owing]
    rows += [standing(plan, plan.agencies[r.agency], rule, year, r, as_of, required=False) for r in others]
    return rows


def consolidated_standing(plan: Plan, year: int, as_of: dt.date) -> Standing | None:
    rule = plan.reporting.consolidated_report
    focal = focal_agency(plan, rule.deadline(year))
    if focal is None:
        return None
    return standing(plan, focal, rule, year, plan.consolidated.get(year), as_of)


def describe(s: Standing) -> str:
    """ "Trễ hạn 3 ngày", "Quá hạn 12 ngày", "Chưa đến hạn (còn 5 ngày)", "Đúng hạn"."""
    if s.state == "late":
        return f"Trễ hạn {s.days} ngày"
    if s.state == "overdue":
        return f"Quá hạn {s.days} ngày"
    if s.state == "pending":
        return f"Chưa đến hạn (còn {s.days} ngày)"
    return STATE_LABEL[s.state]


def _json(s: Standing) -> dict[str, object]:
    report = s.report
    return {
        "id": s.agency.id,
        "name": s.agency.name,
        "due": s.due.isoformat(),
        "last_on_time": s.last.isoformat(),
        "received": report.arrived.isoformat() if report and report.arrived else None,
        "state": s.state,
        "days": s.days,
        "document": {"number": report.number, "dated": report.dated.isoformat() if report.dated else None}
        if report
        else None,
        "required": s.required,
    }


def status_listing(
    plan: Plan,
    year: int,
    as_of: dt.date,
    who: Subject | None = None,
    *,
    every: bool = False,
) -> Listing:
    """`kehoach status`: who reported for `year`, on time, late, overdue or pending, as of a date.

    Communes are counted one by one but shown summarised by kind (one row for the
    phường, one for the xã) unless `every` is set or `agency` is their group or one of them.
    """
    check_year(plan, year)
    agency, notes = (who.agency, who.notes) if who is not None else (None, ())
    rule = plan.reporting.agency_report
    due = rule.deadline(year)
    rows_data = agency_standings(plan, year, as_of)
    if agency is not None:
        every = True  # asked for by name: shown one by one
        rows_data = [s for s in rows_data if selects(plan, agency, s.agency.id, due)]
        if not rows_data:
            raise UsageError(
                f"{agency.name} không phải báo cáo năm {year} (không có nhiệm vụ vào hạn báo cáo "
                f"{show(due)} hoặc không tồn tại vào ngày đó)."
            )
    consolidated = consolidated_standing(plan, year, as_of)
    last = plan.reporting.last_on_time(rule, year)
    focal = focal_agency(plan, due)
    required = [s for s in rows_data if s.required]
    counts = {state: sum(s.state == state for s in required) for state in STATES}
    kinds = "cơ quan, đơn vị phải báo cáo" if agency is None or agency.is_group else "cơ quan phải báo cáo"
    text_notes = [
        *notes,
        f"Năm {year}, tính đến ngày {show(as_of)}: {len(required)} {kinds} "
        f"({scope_text([s.agency for s in required])}) — "
        + ", ".join(f"{STATE_LABEL[k].lower()} {v}" for k, v in counts.items())
        + ".",
        f"Hạn: trước ngày {show(due)} (kehoach đọc là nhận đến hết ngày {show(last)})"
        + (f", gửi {focal.name} (cơ quan đầu mối)." if focal else "."),
    ]
    interpretation = reporting_interpretation(plan)
    if interpretation and agency is None:
        text_notes.append(interpretation)
    shown: list[Standing | Summary] = list(rows_data)
    if not every:
        shown = summarise(rows_data)
        if len(shown) < len(rows_data):
            text_notes.append(
                "UBND phường, xã được gộp theo loại; xem từng đơn vị: --all, hoặc --agency "
                '"UBND các xã, phường", hoặc --agency "phường …".'
            )
    rows = [_row(s) if isinstance(s, Standing) else _summary_row(s) for s in shown]
    columns = [
        Column("name", "Cơ quan"),
        Column("state", "Trạng thái", only="text"),
        Column("state_label", "Trạng thái", only="data"),
        Column("days", "Số ngày (trễ, quá hạn, còn lại)", kind="int", only="data"),
        Column("received", "Ngày nhận", kind="date"),
        Column("number", "Số, ký hiệu"),
        Column("dated", "Ngày văn bản", kind="date"),
    ]
    data = {
        "year": year,
        "as_of": as_of.isoformat(),
        "scope": {
            "required": len(required),
            "by_kind": _by_kind(required),
            "counts": counts,
            "interpretation": interpretation,
        },
        "agencies": [{k: v for k, v in _json(s).items() if k not in ("last_on_time",)} for s in rows_data],
        "consolidated": None,
    }
    listing = Listing(columns, rows, title=f"Tình hình báo cáo năm {year}", data=data, notes=text_notes)
    if consolidated is not None:
        c = _json(consolidated)
        data["consolidated"] = {
            "agency": {"id": c["id"], "name": c["name"]},
            "due": c["due"],
            "received": c["received"],
            "state": c["state"],
            "days": c["days"],
            "document": c["document"],
        }
        sent_columns = [c._replace(header="Ngày gửi") if c.key == "received" else c for c in columns]
        section = Listing(
            sent_columns,
            [_row(consolidated)],
            title=f"Báo cáo tổng hợp gửi UBND Thành phố (hạn trước ngày {show(consolidated.due)})",
        )
        listing.sections.append(section)
    return listing


def failing(plan: Plan, year: int, as_of: dt.date, agency: Agency | None, fail_on: str) -> bool:
    """Whether a required report (the consolidated one included) is overdue, or with `fail_on="late"`
    late or overdue (overdue is worse than late), among all agencies or `agency` (its members)."""
    states = ("overdue",) if fail_on == "overdue" else ("late", "overdue")
    found = [s for s in agency_standings(plan, year, as_of) if s.required]
    if agency is not None:
        due = plan.reporting.agency_report.deadline(year)
        found = [s for s in found if selects(plan, agency, s.agency.id, due)]
    consolidated = consolidated_standing(plan, year, as_of)
    if consolidated is not None:
        found.append(consolidated)
    return any(s.state in states for s in found)


class Summary(NamedTuple):
    """The commune-level units of one kind, counted by state (one row instead of 51 or 75)."""

    kind: str
    standings: tuple[Standing, ...]

    def counts(self) -> dict[str, int]:
        found = {state: sum(s.state == state for s in self.standings) for state in STATES}
        return {state: n for state, n in found.items() if n}


def summarise(standings: list[Standing]) -> list[Standing | Summary]:
    """City-level rows as they are; the required phường and xã as one row per kind."""
    out: list[Standing | Summary] = [s for s in standings if not (s.agency.is_local and s.required)]
    for kind in LOCAL_KINDS:
        group = tuple(s for s in standings if s.agency.kind == kind and s.required)
        if group:
            out.append(Summary(kind, group))
    return out


def summary_text(summary: Summary) -> str:
    """ "Đúng hạn: 3 đơn vị; quá hạn: 48 đơn vị" (a count of units, never read as days)."""
    text = "; ".join(f"{STATE_LABEL[state].lower()}: {n} đơn vị" for state, n in summary.counts().items())
    return text[:1].upper() + text[1:]


def _summary_row(summary: Summary) -> dict[str, str]:
    received = sum(s.report is not None for s in summary.standings)
    return {
        "name": f"UBND {labels.KIND_COUNTED[summary.kind]} ({len(summary.standings)} đơn vị)",
        "state": summary_text(summary),
        "received": f"{received} đã nhận" if received else "",
        "number": "",
        "dated": "",
    }


def _by_kind(standings: list[Standing]) -> dict[str, int]:
    found: dict[str, int] = {}
    for s in standings:
        found[s.agency.kind] = found.get(s.agency.kind, 0) + 1
    return found


def _row(s: Standing) -> dict[str, Any]:
    report = s.report
    name = s.agency.name + ("" if s.required else " (không thuộc diện phải báo cáo)")
    if report is not None and report.fictitious:
        name += " [minh họa]"
    return {
        "name": name,
        "state": describe(s),
        "state_label": STATE_LABEL[s.state],
        "days": s.days if s.days else None,
        "received": show(report.arrived) if report else "",
        "number": (report.number or "…") if report else "",
        "dated": show(report.dated) if report else "",
    }


def received_reports(plan: Plan, year: int, as_of: dt.date) -> dict[str, AgencyReport]:
    """The agencies' reports for `year` received by `as_of`, by agency id."""
    return {
        agency: report
        for (y, agency), report in plan.reports.items()
        if y == year and report.received is not None and report.received <= as_of
    }


# --- progress by task ---------------------------------------------------------------


def task_progress_listing(plan: Plan, year: int, as_of: dt.date) -> Listing:
    """Each task's progress as its lead agencies reported it for `year`."""
    check_year(plan, year)
    due = plan.reporting.agency_report.deadline(year)
    received = received_reports(plan, year, as_of)
    rows, data = [], []
    for task in plan.tasks.values():
        leads = [agency for agency, _ in lead_agencies(plan, task, due)]
        entries: list[dict[str, Any]] = []
        for lead in leads:
            report = received.get(lead.id)
            entry = next((t for t in report.tasks if t.task == task.id), None) if report else None
            entries.append(
                {
                    "id": lead.id,
                    "name": lead.name,
                    "reported": entry is not None,
                    "status": entry.status if entry else None,
                    "status_label": plan.statuses.get(entry.status or "", None) if entry else None,
                }
            )
        statuses: list[str] = sorted({e["status"] for e in entries if e["status"]})
        unreported = not any(e["reported"] for e in entries)
        conflict = len(statuses) > 1
        flag = (
            "Chưa cơ quan chủ trì nào báo cáo"
            if unreported
            else ("Các cơ quan chủ trì báo cáo khác nhau" if conflict else "")
        )
        reported = [e for e in entries if e["reported"]]
        rows.append(
            {
                "id": task.id,
                "sector": task.sector,
                "leads": f"{len(reported)}/{len(entries)}"
                if len(entries) > 1
                else (entries[0]["name"] if entries else ""),
                "status": "; ".join(f"{plan.statuses.get(s, s)}" for s in statuses)
                or ("—" if unreported else "(không ghi)"),
                "flag": flag,
            }
        )
        data.append(
            {
                "id": task.id,
                "sector": task.sector,
                "leads": entries,
                "statuses": statuses,
                "conflict": conflict,
                "unreported": unreported,
            }
        )
    columns = [
        Column("id", "TT", justify="right"),
        Column("sector", "Lĩnh vực"),
        Column("leads", "Chủ trì (đã báo cáo)"),
        Column("status", "Tiến độ"),
        Column("flag", "Lưu ý"),
    ]
    flagged = sum(1 for d in data if d["conflict"] or d["unreported"])
    return Listing(
        columns,
        rows,
        title=f"Tiến độ từng nhiệm vụ năm {year} theo báo cáo của cơ quan chủ trì",
        data={"year": year, "as_of": as_of.isoformat(), "tasks": data},
        notes=[f"Tính đến ngày {show(as_of)}; {flagged} nhiệm vụ cần lưu ý."],
    )
