"""What the consolidated report says: the context its templates render.

The focal agency in force for the year reports to the City: who reported (and
when), each task's progress as its leads reported it, the difficulties and
proposals with their agency named, and an appendix of every report. Everything
here is plain data (str, int, list, dict): the templates decide the layout.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

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
from kehoach.dates import show
from kehoach.labels import KIND_COUNTED
from kehoach.model.lineage import lead_agencies
from kehoach.model.views import Plan

PLACEHOLDER = "…"


def document_date(place: str, day: dt.date | None) -> str:
    """ "Hà Nội, ngày 05 tháng 02 năm 2026" (NĐ30: days below 10 and months 1–2 take a leading zero)."""
    if day is None:
        return f"{place}, ngày {PLACEHOLDER} tháng {PLACEHOLDER} năm {PLACEHOLDER}"
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def build_context(plan: Plan, year: int, as_of: dt.date, date: dt.date | None = None) -> dict[str, Any]:
    """The consolidated report for `year` as data, counting reports received by `as_of`."""
    check_year(plan, year)
    info = plan.info
    due = plan.reporting.agency_report.deadline(year)
    standings = [s for s in agency_standings(plan, year, as_of) if s.required]
    consolidated = consolidated_standing(plan, year, as_of)
    focal = consolidated.agency if consolidated else None
    parent = plan.agencies.get(info.issuer)
    plan_number = info.number or PLACEHOLDER
    plan_ref = f"Kế hoạch số {plan_number}/{info.type_code}-{info.issuer_code} của UBND Thành phố"
    by_state: dict[str, list[dict[str, Any]]] = {state: [] for state in STATE_LABEL}
    for item in summarise(standings):
        if isinstance(item, Summary):
            # communes: counted, not named one by one (the appendix names those that reported)
            for state, n in item.counts().items():
                name = f"{n} UBND {KIND_COUNTED[item.kind]}"
                by_state[state].append({"name": name, "days": None, "state": STATE_LABEL[state], "count": n})
        else:
            by_state[item.state].append(
                {"name": item.agency.name, "days": item.days, "state": describe(item), "count": 1}
            )
    reports = received_reports(plan, year, as_of)
    sectors, difficulties, proposals = [], [], []
    for sector in plan.sectors.values():
        tasks = []
        for task in (t for t in plan.tasks.values() if t.sector == sector.id):
            with_scope = lead_agencies(plan, task, due)
            leads = [agency for agency, _ in with_scope]
            labels = [agency.name + (f" ({scope})" if scope else "") for agency, scope in with_scope]
            named = [plan.agencies[a.agency].name + (f" ({a.scope})" if a.scope else "") for a in task.lead]
            entries = []
            for lead in leads:
                report = reports.get(lead.id)
                entry = next((t for t in report.tasks if t.task == task.id), None) if report else None
                if entry is None:
                    continue
                status = plan.statuses.get(entry.status or "", "")
                entries.append({"agency": lead.name, "status": status, "results": entry.results or ""})
                if entry.difficulties:
                    difficulties.append({"agency": lead.name, "task": task.id, "text": entry.difficulties})
                if entry.proposals:
                    proposals.append({"agency": lead.name, "task": task.id, "text": entry.proposals})
            statuses = sorted({e["status"] for e in entries if e["status"]})
            tasks.append(
                {
                    "id": task.id,
                    "content": task.content,
                    "leads": labels if len(leads) <= 3 else [f"{len(leads)} cơ quan ({', '.join(named)})"],
                    "named": named,
                    "status": "; ".join(statuses)
                    if statuses
                    else ("Chưa có báo cáo" if not entries else "Không ghi"),
                    "entries": entries,
                    "reported": bool(entries),
                    "results": "\n".join(f"{e['agency']}: {e['results']}" for e in entries if e["results"]),
                }
            )
        sectors.append({"id": sector.id, "title": sector.title, "tasks": tasks})
    appendix = []
    for item in summarise(standings):
        if isinstance(item, Summary):
            # communes that reported are named; the rest of each kind is one row
            for s in item.standings:
                if s.report is not None:
                    appendix.append(_appendix_row(s))
            missing = [s for s in item.standings if s.report is None]
            if missing:
                states = Summary(item.kind, tuple(missing))
                appendix.append(
                    {
                        "name": f"UBND {KIND_COUNTED[item.kind]} chưa báo cáo: {len(missing)} đơn vị",
                        "number": "",
                        "dated": "",
                        "received": "",
                        "state": summary_text(states),
                    }
                )
        else:
            appendix.append(_appendix_row(item))
    fictitious = any(r.fictitious for (y, _), r in plan.reports.items() if y == year) or bool(
        consolidated and consolidated.report and consolidated.report.fictitious
    )
    recipients = [plan.agencies[a].name for a in plan.reporting.consolidated_report.to if a in plan.agencies]
    return {
        "year": year,
        "as_of": show(as_of),
        "fictitious": fictitious,
        "parent": (parent.name if parent else "UBND Thành phố Hà Nội").upper(),
        "issuer": (focal.name if focal else PLACEHOLDER).upper(),
        "issuer_name": focal.name if focal else PLACEHOLDER,
        "number_line": f"Số: {PLACEHOLDER}/BC-{PLACEHOLDER}",
        "place_date": document_date(info.place, date),
        "doc_type": "BÁO CÁO",
        "subject": f"Kết quả thực hiện năm {year} {plan_ref} triển khai thực hiện nội dung hợp tác giữa "
        f"Ban Thường vụ Thành ủy Hà Nội và Ban Thường vụ Thành ủy Thành phố Hồ Chí Minh",
        "plan_title": info.title,
        "plan_ref": plan_ref,
        "due": show(due),
        "consolidated_due": show(plan.reporting.consolidated_report.deadline(year)),
        "overview": {
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
        },
        "sectors": sectors,
        "difficulties": difficulties,
        "proposals": proposals,
        "appendix": appendix,
        "recipients": [*recipients, "Lưu: VT"],
        # The signer is not in the data: the title and name are left for the secretariat.
        "signature": {"title": "GIÁM ĐỐC", "name": PLACEHOLDER},
    }


def _appendix_row(s: Standing) -> dict[str, str]:
    report = s.report
    return {
        "name": s.agency.name,
        "number": (report.number or PLACEHOLDER) if report else "",
        "dated": show(report.dated) if report else "",
        "received": show(report.arrived) if report else "",
        "state": describe(s),
    }
