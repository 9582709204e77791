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

from kehoach import labels
from kehoach.answer.across import number_text, overdue, state_text
from kehoach.answer.categories import CATEGORIES, LABEL, SHORT
from kehoach.answer.consolidated import roster_rank
from kehoach.answer.queries import (
    deadline_text,
    lineage_sentence,
    role_text,
    unconfirmed_note,
    validity_span,
    via_text,
)
from kehoach.answer.site import (
    YEAR_ROWS,
    Page,
    agency_path,
    agency_task_rows,
    link_of,
    members_on,
    pages,
    plan_base,
    split,
    year_path,
)
from kehoach.dates import show
from kehoach.model.lineage import carriers, succeeded_by
from kehoach.model.register import Register
from kehoach.model.roles import roles_of
from kehoach.model.views import Agency

OVERDUE_PATH = "ton-dong.html"


def register_pages(register: Register, as_of: dt.date) -> Iterator[Page]:
    """Every page of a register's site, one at a time."""
    yield Page("index.html", "register.html.j2", register_home(register, as_of))
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
    """One agency: who it is (the roster's), and its tasks and duties in every plan in force."""
    plans = register.in_force(as_of)
    first = next(iter(register.plans.values()))
    tasks = []
    duties = []
    reports = []
    for plan in plans:
        base = plan_base(plan.id)
        tasks += agency_task_rows(plan, agency, as_of, base)
        duties += [
            {
                "plan": plan.id,
                "section": r.item.section,
                "text": r.item.text,
                "role": role_text(r.role, r.scope),
                "via": via_text(r.via),
                "due": deadline_text(plan, r.item, as_of),
            }
            for r in roles_of(plan, agency, as_of, plan.duties)
        ]
        for (year, agency_id), report in sorted(plan.reports.items()):
            if agency_id == agency.id:
                reports.append(
                    {
                        "plan": plan.id,
                        "year": year,
                        "path": year_path(year, base),
                        "number": report.number or "…",
                        "dated": show(report.dated) if report.dated else "",
                        "received": show(report.received) if report.received else "",
                        "tasks": len(report.tasks),
                        "fictitious": report.fictitious,
                    }
                )
    lineage = [
        {"text": lineage_sentence(first, agency, carrier.chain), **link_of(carrier.agency, as_of)}
        for carrier in (carriers(first, agency.id, as_of) if not agency.in_force(as_of) else [])
        if carrier.chain
    ]
    return {
        "id": agency.id,
        "name": agency.name,
        "kind": labels.KIND.get(agency.kind, agency.kind),
        "city": labels.CITY.get(agency.city, agency.city),
        "valid": validity_span(agency),
        "in_force": agency.in_force(as_of),
        "unconfirmed": unconfirmed_note(agency) if agency.confidence == "unconfirmed" else "",
        "aliases": list(agency.aliases),
        "as_of": show(as_of),
        "tasks": tasks,
        "across": True,
        "deadlines": any(t["deadline"] for t in tasks),
        "duties": duties,
        "reports": reports,
        "lineage": lineage,
        "formed_from": [
            {"text": lineage_sentence(first, other, (step,)), **link_of(other, as_of)}
            for other, step in succeeded_by(first, agency.id)
        ],
        "members": [link_of(a, as_of) for a in members_on(first, agency, as_of)],
    }
