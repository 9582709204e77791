"""The yearly reporting cycle: who must report, to whom, by when, and where each stands.

A report is on time when received by the last on-time day (the plan's deadline,
read as `reporting.deadline_reading` says), late when received after it,
overdue when still missing after it, and pending before it. Only reports
received by the `as_of` date count, so a past date shows the past.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from kehoach.dates import show
from kehoach.errors import UsageError
from kehoach.lineage import focal_agency, lead_agencies, members, with_roles
from kehoach.output import Column, Listing
from kehoach.plan import Agency, Plan, Report, ReportRule
from kehoach.text import sort_key

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
    start = plan.info["period"]["start_year"]
    end = plan.info["period"].get("end_year")
    if year < start or (end is not None and year > end) or year > 2100:
        span = f"{start}–{end}" if end else f"từ {start}"
        raise UsageError(f"Năm {year} ngoài thời gian thực hiện Kế hoạch ({span}).")


def must_report(plan: Plan, year: int) -> list[Agency]:
    """The agencies that owe a report for `year`: those with a task or duty on its deadline, after lineage.

    Groups are not agencies that write reports; their members are. The commune
    level (from 01/07/2025) is a group whose members the roster does not list,
    so it is not counted one by one (see README).
    """
    due = plan.reporting.agency_report.due(year)
    owing_ids = with_roles(plan, due)
    owing = [a for a in plan.agencies.values() if not a.is_group and a.in_force(due) and a.id in owing_ids]
    return sorted(owing, key=lambda a: sort_key(a.name))


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
        report if report is not None and report.received is not None and report.received <= as_of else None
    )
    state, days = state_on(last, counted.received if counted else None, as_of)
    return Standing(agency, rule.due(year), last, counted, state, days, required)


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
    focal = focal_agency(plan, rule.due(year))
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
        "received": report.received.isoformat() if report and report.received else None,
        "state": s.state,
        "days": s.days,
        "document": {"number": report.number, "dated": report.dated.isoformat() if report.dated else None}
        if report
        else None,
        "required": s.required,
    }


def status_listing(
    plan: Plan, year: int, as_of: dt.date, agency: Agency | None = None, notes: tuple[str, ...] = ()
) -> Listing:
    """`kehoach status`: who reported for `year`, on time, late, overdue or pending, as of a date."""
    check_year(plan, year)
    rows_data = agency_standings(plan, year, as_of)
    if agency is not None:
        rows_data = [s for s in rows_data if s.agency.id == agency.id]
        if not rows_data:
            raise UsageError(
                f"{agency.name} không phải báo cáo năm {year} (không có nhiệm vụ vào hạn báo cáo "
                "hoặc không tồn tại vào ngày đó)."
            )
    consolidated = consolidated_standing(plan, year, as_of)
    rule = plan.reporting.agency_report
    last = plan.reporting.last_on_time(rule, year)
    focal = focal_agency(plan, rule.due(year))
    counts = {state: sum(s.state == state and s.required for s in rows_data) for state in STATES}
    required = sum(s.required for s in rows_data)
    text_notes = [
        *notes,
        f"Năm {year}, tính đến ngày {show(as_of)}: {required} cơ quan phải báo cáo — "
        + ", ".join(f"{STATE_LABEL[k].lower()} {v}" for k, v in counts.items())
        + ".",
        f"Hạn: trước ngày {show(rule.due(year))} (nhận chậm nhất {show(last)})"
        + (f", gửi {focal.name} (cơ quan đầu mối)." if focal else "."),
    ]
    for group in unlisted_groups(plan, rule.due(year)):
        text_notes.append(
            f"{group.name} có nhiệm vụ nhưng danh mục không ghi từng đơn vị, nên không theo dõi "
            "báo cáo của từng đơn vị trong nhóm này."
        )
    rows = [_row(s) for s in rows_data]
    columns = [
        Column("name", "Cơ quan"),
        Column("state", "Trạng thái"),
        Column("received", "Ngày nhận"),
        Column("number", "Số, ký hiệu"),
        Column("dated", "Ngày văn bản"),
    ]
    data = {
        "year": year,
        "as_of": as_of.isoformat(),
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


def _row(s: Standing) -> dict[str, str]:
    report = s.report
    name = s.agency.name + ("" if s.required else " (không thuộc diện phải báo cáo)")
    if report is not None and report.fictitious:
        name += " [minh họa]"
    return {
        "name": name,
        "state": describe(s),
        "received": show(report.received) if report else "",
        "number": (report.number or "…") if report else "",
        "dated": show(report.dated) if report else "",
    }


def received_reports(plan: Plan, year: int, as_of: dt.date) -> dict[str, Report]:
    """The agencies' reports for `year` received by `as_of`, by agency id."""
    return {
        agency: report
        for (y, agency), report in plan.reports.items()
        if y == year and report.received is not None and report.received <= as_of
    }


def unlisted_groups(plan: Plan, on: dt.date) -> list[Agency]:
    """Groups with a task or duty on `on` whose members the roster does not list (the communes, from
    01/07/2025): nobody in them can be asked for a report by name."""
    return [
        group
        for group in plan.agencies.values()
        if group.is_group
        and group.in_force(on)
        and not members(plan, group, on)
        and group.id in with_roles(plan, on)
    ]


# --- progress by task ---------------------------------------------------------------


def task_progress_listing(plan: Plan, year: int, as_of: dt.date) -> Listing:
    """Each task's progress as its lead agencies reported it for `year`."""
    check_year(plan, year)
    due = plan.reporting.agency_report.due(year)
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
