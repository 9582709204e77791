"""What a register's web site says besides each plan's own pages: the plans, the four categories by
agency across plans, and one page per agency with its tasks in every plan.

A site of one plan is that plan's pages (answer/site.py) at the root, as it has always been. A site of
several plans has, at its root, the register's home page (`index.html`), the city-wide page of the
Government Office's four categories (`ton-dong.html`) and the agency pages (`co-quan/<id>.html`);
each plan's own pages (home, years, sectors, tasks) are under `ke-hoach/<id>/`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from kehoach.answer.across import number_text, overdue, state_text
from kehoach.answer.categories import CATEGORIES, LABEL, SHORT
from kehoach.answer.consolidated import roster_rank
from kehoach.answer.site import (
    YEAR_ROWS,
    Page,
    agency_duty_rows,
    agency_facts,
    agency_path,
    agency_task_rows,
    link_of,
    pages,
    plan_base,
    report_row,
    split,
    tasks_heading,
)
from kehoach.dates import show
from kehoach.model.register import Register
from kehoach.model.views import Agency

OVERDUE_PATH = "ton-dong.html"


def register_pages(register: Register, as_of: dt.date) -> Iterator[Page]:
    """Every page of a register's site, one at a time."""
    yield from split("index.html", "register.html.j2", register_home(register, as_of), "plans")
    yield from split(OVERDUE_PATH, "overdue.html.j2", overdue_page(register, as_of), "rows", YEAR_ROWS)
    first = next(iter(register.plans.values()))
    rank = roster_rank(first)
    for agency in sorted(first.agencies.values(), key=lambda a: rank[a.id]):
        yield from split(
            agency_path(agency.id), "agency.html.j2", agency_across(register, agency, as_of), "tasks"
        )
    for plan in register.plans.values():
        yield from pages(plan, as_of, plan_base(plan.id))


def _bars(counts: dict[str, int]) -> list[dict[str, Any]]:
    return [{"state": k, "label": LABEL[k], "count": counts[k]} for k in CATEGORIES]


def register_home(register: Register, as_of: dt.date) -> dict[str, Any]:
    counted = {c.key: c for c in overdue(list(register.plans.values()), as_of, by="plan")}
    plans = []
    for plan in register.plans.values():
        info = plan.info
        found = counted[plan.id].counts
        plans.append(
            {
                "id": plan.id,
                "path": f"{plan_base(plan.id)}index.html",
                "number": number_text(plan),
                "dated": show(info.dated) if info.dated else f"…/…/{info.year or info.period.start_year}",
                "title": info.title,
                "tasks": len(plan.tasks),
                "state": state_text(plan, as_of),
                "in_force": info.in_force(as_of),
                "overdue": found["open_overdue"],
            }
        )
    totals = dict.fromkeys(CATEGORIES, 0)
    for plan in register.in_force(as_of):
        for k in CATEGORIES:
            totals[k] += counted[plan.id].counts[k]
    return {
        "plans": plans,
        "in_force": sum(p["in_force"] for p in plans),
        "totals": totals,
        "bars": _bars(totals),
        "total": sum(totals.values()),
        "overdue_path": OVERDUE_PATH,
    }


def overdue_page(register: Register, as_of: dt.date) -> dict[str, Any]:
    """The four categories of the tasks each agency leads, over the plans in force: the city-wide page."""
    counted = overdue(register.in_force(as_of), as_of)
    rows = []
    totals = dict.fromkeys(CATEGORIES, 0)
    for c in counted:
        assert c.agency is not None
        for k in CATEGORIES:
            totals[k] += c.counts[k]
        rows.append(
            {
                **link_of(c.agency, as_of),
                "counts": [{"key": k, "count": c.counts[k]} for k in CATEGORIES],
                "total": sum(c.counts.values()),
                "state": "open_overdue" if c.counts["open_overdue"] else "none",
            }
        )
    return {
        "as_of": show(as_of),
        "rows": rows,
        "heads": [{"key": k, "label": SHORT[k], "title": LABEL[k]} for k in CATEGORIES],
        "bars": _bars(totals),
        "total": sum(totals.values()),
        "plans": len(register.in_force(as_of)),
    }


def agency_across(register: Register, agency: Agency, as_of: dt.date) -> dict[str, Any]:
    """One agency: who it is (the roster's), and its tasks, duties and reports in every plan in force."""
    plans = register.in_force(as_of)
    tasks: list[dict[str, Any]] = []
    duties, reports = [], []  # one line per plan: hundreds of plans repeat the same standing duties
    for plan in plans:
        base = plan_base(plan.id)
        tasks += agency_task_rows(plan, agency, as_of, base)
        sections: dict[str, int] = {}
        for row in agency_duty_rows(plan, agency, as_of):
            sections[row["section"]] = sections.get(row["section"], 0) + 1
        if sections:
            listed = ", ".join(f"mục {k}" + (f" ({n})" if n > 1 else "") for k, n in sections.items())
            duties.append({"plan": plan.id, "path": f"{base}index.html", "sections": listed})
        sent = [
            report_row(plan, year, report, base)
            for (year, agency_id), report in sorted(plan.reports.items())
            if agency_id == agency.id
        ]
        if sent:
            reports.append({"plan": plan.id, "reports": sent})
    return agency_facts(next(iter(register.plans.values())), agency, as_of) | {
        "tasks_heading": tasks_heading(agency, as_of),
        "tasks": tasks,
        "across": True,
        "deadlines": any(t["deadline"] for t in tasks),
        "duties": duties,
        "reports": reports,
    }
