"""What the plan's web site says: one context per page, and the search index.

Pages: home (the plan, the next deadline, this year's reporting status, the
sectors and their first tasks), one per sector (all its tasks), one per agency
of the whole roster (its tasks and duties on the site's date with role, scope
and source, its reports, its lineage), one per task (leads and coordinators as
written and who carries them on the date, results by year), one status page per
year. Paths are relative to the site's root; the templates make every link
relative to the page, so the site works from a sub-path and from file://. A
listing longer than PAGE_ROWS (a sector's tasks, an agency's tasks, a task's
results) continues on numbered pages, so no page grows with the plan.
Everything here is plain data; `kehoach.show.site` renders and writes it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any, NamedTuple

from kehoach import labels
from kehoach.answer.categories import LABEL, standing
from kehoach.answer.consolidated import entries_by_item, roster_rank
from kehoach.answer.deadlines import deadlines, plan_years
from kehoach.answer.queries import (
    deadline_cell,
    deadline_line,
    deadline_text,
    lineage_sentence,
    role_text,
    roles_day,
    unconfirmed_note,
    validity_span,
    via_text,
)
from kehoach.answer.status import (
    STATE_LABEL,
    STATES,
    Standing,
    agency_standings,
    consolidated_standing,
    describe,
    reporting_interpretation,
    scope_text,
)
from kehoach.dates import show
from kehoach.model.lineage import carriers, members, succeeded_by
from kehoach.model.resolve import search_forms
from kehoach.model.roles import roles_of
from kehoach.model.views import Agency, Plan, Task
from kehoach.text import search_words, shorten

PAGE_ROWS = 200  # rows of one listing on a page (about 75 KB); the rest continue on numbered pages
PART_TEXT = 100_000  # characters of data on one part: long rows (report texts) start a new part sooner
YEAR_ROWS = 500  # agencies on one part of a year's status page (filtered and sorted in the browser)
INDEX_TEXT = 1_000  # characters of a task's words in the search index (every page loads the index)
EXACT_TEXT = 300  # characters of a task's own words (with diacritics) that an exact match is ranked on
HOME_TASKS = 20  # tasks of a sector on the home page; the sector's page lists them all


class Page(NamedTuple):
    path: str  # relative to the site's root, "/"-separated
    template: str  # in templates/site/
    context: dict[str, Any]


def agency_path(agency_id: str) -> str:
    return f"co-quan/{agency_id}.html"


# A plan's own pages are at the site's root when the site is one plan's, and under "ke-hoach/<id>/" (its
# `base`) when the site holds a register of several; agency pages are always at the root.


def plan_base(plan_id: str) -> str:
    return f"ke-hoach/{plan_id}/"


def task_path(task_id: int, base: str = "") -> str:
    return f"{base}nhiem-vu/{task_id}.html"


def year_path(year: int, base: str = "") -> str:
    return f"{base}bao-cao/{year}.html"


def sector_path(sector_id: str, base: str = "") -> str:
    return f"{base}linh-vuc/{sector_id.lower()}.html"


def part_path(path: str, number: int) -> str:
    """Where part `number` of a listing page is: the page itself, then "<page>/trang-N.html"."""
    return path if number == 1 else f"{path.removesuffix('.html')}/trang-{number}.html"


def split(
    path: str, template: str, context: dict[str, Any], key: str, per_page: int | None = None
) -> list[Page]:
    """A page whose listing `context[key]` takes as many pages as it needs: `per_page` rows each, fewer
    when the rows are long (PART_TEXT characters of data a part), so that a page stays in the site's
    budget. Every part gets `part`: its number, the count, the links to every part, its first and last
    rows, and the total."""
    rows, per_page = context[key], per_page or PAGE_ROWS
    chunks: list[list[Any]] = [[]]
    size = 0
    for row in rows:
        cost = len(repr(row))
        if chunks[-1] and (len(chunks[-1]) >= per_page or size + cost > PART_TEXT):
            chunks.append([])
            size = 0
        chunks[-1].append(row)
        size += cost
    count = len(chunks)
    links = [{"number": n, "path": part_path(path, n)} for n in range(1, count + 1)] if count > 1 else []
    out, start = [], 0
    for n, chunk in enumerate(chunks, start=1):
        part = {"number": n, "count": count, "links": links, "total": len(rows)}
        part |= {"first": start + 1, "last": start + len(chunk)}
        out.append(Page(part_path(path, n), template, {**context, key: chunk, "part": part}))
        start += len(chunk)
    return out


def site_years(plan: Plan, as_of: dt.date) -> list[int]:
    """The reporting years up to the site's date (the year of the date included)."""
    return [y for y in plan_years(plan, as_of) if plan.reporting.agency_report.deadline(y).year <= as_of.year]


def pages(plan: Plan, as_of: dt.date, base: str = "") -> Iterator[Page]:
    """Every page of the site on `as_of`, one at a time (a large plan's pages are not all held at once);
    with a `base`, the plan's own pages of a register's site (its agencies' pages are the register's)."""
    years = site_years(plan, as_of)
    yield Page(f"{base}index.html", "home.html.j2", home(plan, as_of, years, base))
    for year in years:
        status = year_status(plan, year, as_of, base)
        yield from split(year_path(year, base), "year.html.j2", status, "rows", YEAR_ROWS)
    for sector in plan.sectors.values():
        listed = sector_page(plan, sector.id, base)
        yield from split(sector_path(sector.id, base), "sector.html.j2", listed, "tasks")
    # each year's received entries by task, read once for every task page
    by_year = {y: entries_by_item({a: r for (ry, a), r in plan.reports.items() if ry == y}) for y in years}
    for task in plan.tasks.values():
        one = task_page(plan, task, as_of, by_year)
        yield from split(task_path(task.id, base), "task.html.j2", one, "results")
    if base:
        return
    rank = roster_rank(plan)
    for agency in sorted(plan.agencies.values(), key=lambda a: rank[a.id]):
        yield from split(
            agency_path(agency.id), "agency.html.j2", agency_page(plan, agency, as_of, years), "tasks"
        )


def link_of(agency: Agency, on: dt.date) -> dict[str, Any]:
    return {
        "name": agency.name,
        "path": agency_path(agency.id),
        "unconfirmed": agency.unconfirmed_on(on),
        "in_force": agency.in_force(on) or agency.is_group,
    }


def _counts(plan: Plan, year: int, standings: list[Standing], base: str = "") -> dict[str, Any]:
    """A year's count of who must report, with the group reading that count rests on (said beside it)."""
    required = [s for s in standings if s.required]
    counts = {state: sum(s.state == state for s in required) for state in STATES}
    reading = reporting_interpretation(plan)
    return {
        "year": year,
        "path": year_path(year, base),
        "required": len(required),
        "scope": scope_text([s.agency for s in required]),
        "reading": f"Số này dựa trên {reading[:1].lower()}{reading[1:]}" if reading else "",
        "bars": [{"state": state, "label": STATE_LABEL[state], "count": counts[state]} for state in STATES],
    }


def home(plan: Plan, as_of: dt.date, years: list[int], base: str = "") -> dict[str, Any]:
    info = plan.info
    upcoming = [d for d in deadlines(plan, plan_years(plan, as_of), None) if d.day >= as_of]
    following = upcoming[0] if upcoming else None
    tasks_by_sector = []
    for sector in plan.sectors.values():
        listed = sector_page(plan, sector.id, base)
        tasks_by_sector.append(
            {**listed, "tasks": listed["tasks"][:HOME_TASKS], "count": len(listed["tasks"])}
        )
    return {
        "title": info.title,
        "issuer": plan.agencies[info.issuer].name if info.issuer in plan.agencies else info.issuer,
        "number": f"{info.number or '…'}/{info.type_code}-{info.issuer_code}",
        "dated": show(info.dated) if info.dated else "…",
        "period": f"{info.period.start_year}–{info.period.end_year}"
        if info.period.end_year
        else f"từ {info.period.start_year}",
        "purposes": list(info.purposes),
        "next_deadline": {
            "summary": following.summary,
            "day": show(following.day),
            "days_left": (following.day - as_of).days,
        }
        if following
        else None,
        "status": _counts(plan, years[-1], agency_standings(plan, years[-1], as_of), base) if years else None,
        "sectors": tasks_by_sector,
    }


def sector_page(plan: Plan, sector_id: str, base: str = "") -> dict[str, Any]:
    """A sector and its tasks, in the plan's order."""
    sector = plan.sectors[sector_id]
    return {
        "id": sector.id,
        "title": sector.title,
        "path": sector_path(sector.id, base),
        "tasks": [
            {"id": t.id, "path": task_path(t.id, base), "content": shorten(t.content, 200)}
            for t in plan.tasks.values()
            if t.sector == sector.id
        ],
    }


def year_status(plan: Plan, year: int, as_of: dt.date, base: str = "") -> dict[str, Any]:
    rows = []
    standings = agency_standings(plan, year, as_of)
    for s in standings:
        report = s.report
        rows.append(
            {
                **link_of(s.agency, s.due),
                "kind": labels.KIND.get(s.agency.kind, s.agency.kind),
                "state": s.state,
                "state_label": STATE_LABEL[s.state],  # the days are their own column: said once
                "days": s.days,
                "received": show(report.arrived) if report and report.arrived else "",
                "number": (report.number or "…") if report else "",
                "required": s.required,
                "fictitious": bool(report and report.fictitious),
            }
        )
    consolidated = consolidated_standing(plan, year, as_of)
    return {
        "year": year,
        "as_of": show(as_of),
        "due": show(plan.reporting.agency_report.deadline(year)),
        "counts": _counts(plan, year, standings, base),
        "rows": rows,
        "states": [{"state": s, "label": STATE_LABEL[s]} for s in STATES],
        "consolidated": {
            "agency": consolidated.agency.name,
            "state": describe(consolidated),
            "due": show(consolidated.due),
            "number": (consolidated.report.number or "…") if consolidated.report else "",
            "fictitious": bool(consolidated.report and getattr(consolidated.report, "fictitious", False)),
        }
        if consolidated
        else None,
    }


def task_page(
    plan: Plan,
    task: Task,
    as_of: dt.date,
    by_year: dict[int, dict[tuple[str, int | str], list[tuple[str, Any]]]],
) -> dict[str, Any]:
    """One task; `by_year` holds each year's received entries by item (consolidated.entries_by_item)."""

    def assigned(role: str) -> list[dict[str, Any]]:
        out = []
        for a in task.lead if role == "lead" else task.coordinators:
            named = plan.agencies[a.agency]
            carried = [link_of(c.agency, as_of) for c in carriers(plan, a.agency, as_of)]
            out.append({**link_of(named, as_of), "scope": a.scope, "carried_by": carried})
        return out

    results = []
    for year, entries in by_year.items():
        for agency_id, entry in sorted(entries.get(("task", task.id), []), key=lambda pair: pair[0]):
            results.append(
                {
                    "year": year,
                    **link_of(plan.agencies[agency_id], as_of),
                    "status": plan.statuses.get(entry.status or "", ""),
                    "results": entry.results or "",
                    "difficulties": entry.difficulties or "",
                    "proposals": entry.proposals or "",
                    "fictitious": plan.reports[(year, agency_id)].fictitious,
                }
            )
    sector = plan.sectors.get(task.sector)
    found = standing(plan, task, as_of)
    return {
        "id": task.id,
        "title": f"Nhiệm vụ {task.id}",
        "deadline": deadline_line(task) or "",
        "product": task.product or "",
        "category": LABEL[found.category] if task.deadline else "",
        "category_key": found.category,
        "related": list(task.related),
        "sector": f"{task.sector}. {sector.title}" if sector else task.sector,
        "content": task.content,
        "lead": assigned("lead"),
        "coordinators": assigned("coordinator"),
        "results": results,
        "as_of": show(as_of),
    }


def tasks_heading(agency: Agency, as_of: dt.date) -> str:
    worked = roles_day(agency, as_of)
    if worked != as_of:
        return f"Nhiệm vụ Kế hoạch giao khi còn hoạt động (đến {show(worked)})"
    return f"Nhiệm vụ ngày {show(as_of)}"


def agency_task_rows(plan: Plan, agency: Agency, as_of: dt.date, base: str = "") -> list[dict[str, Any]]:
    """The tasks of `plan` that `agency` has a role on, on `as_of` (on its last day, when it had ended),
    as an agency page lists them."""
    rows = []
    for r in roles_of(plan, agency, roles_day(agency, as_of), plan.tasks.values()):
        found = standing(plan, r.item, as_of)
        rows.append(
            {
                "plan": plan.id,
                "id": r.item.id,
                "path": task_path(r.item.id, base),
                "content": shorten(r.item.content, 240),
                "role": role_text(r.role, r.scope),
                "via": via_text(r.via),
                "basis": _basis(plan, r.via),
                "deadline": deadline_cell(r.item),
                "category": LABEL[found.category] if r.item.deadline else "",
                "category_key": found.category,
            }
        )
    return rows


def agency_page(plan: Plan, agency: Agency, as_of: dt.date, years: list[int]) -> dict[str, Any]:
    tasks = agency_task_rows(plan, agency, as_of)
    reports = [
        report_row(plan, year, plan.reports[(year, agency.id)])
        for year in years
        if (year, agency.id) in plan.reports
    ]
    return agency_facts(plan, agency, as_of) | {
        "tasks_heading": tasks_heading(agency, as_of),
        "tasks": tasks,
        "across": False,
        "deadlines": any(t["deadline"] for t in tasks),
        "duties": agency_duty_rows(plan, agency, as_of),
        "reports": reports,
    }


def agency_facts(plan: Plan, agency: Agency, as_of: dt.date) -> dict[str, Any]:
    """What an agency page says of the agency itself, from the roster: names, kind, validity, what
    is unconfirmed, who carries its work, what it was formed from, its members."""
    lineage = [
        {"text": lineage_sentence(plan, agency, carrier.chain), **link_of(carrier.agency, as_of)}
        for carrier in (carriers(plan, agency.id, as_of) if not agency.in_force(as_of) else [])
        if carrier.chain
    ]
    formed_from = [  # from the roster's index: a page costs its own agency, not the whole roster
        {"text": lineage_sentence(plan, other, (step,)), **link_of(other, as_of)}
        for other, step in succeeded_by(plan, agency.id)
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
        "lineage": lineage,
        "formed_from": formed_from,
        "members": [link_of(a, as_of) for a in members_on(plan, agency, as_of)],
    }


def agency_duty_rows(plan: Plan, agency: Agency, as_of: dt.date) -> list[dict[str, Any]]:
    """The standing duties of `plan` the agency has a role on, as its page lists them."""
    return [
        {
            "plan": plan.id,
            "section": r.item.section,
            "title": r.item.title or "",
            "text": r.item.text,
            "role": role_text(r.role, r.scope),
            "via": via_text(r.via),
            "due": deadline_text(plan, r.item, as_of, agency),
        }
        for r in roles_of(plan, agency, roles_day(agency, as_of), plan.duties)
    ]


def report_row(plan: Plan, year: int, report: Any, base: str = "") -> dict[str, Any]:
    """One report an agency sent, as its page lists it."""
    return {
        "plan": plan.id,
        "year": year,
        "path": year_path(year, base),
        "number": report.number or "…",
        "dated": show(report.dated) if report.dated else "",
        "received": show(report.received) if report.received else "",
        "tasks": len(report.tasks),
        "fictitious": report.fictitious,
    }


def _basis(plan: Plan, via: Any) -> str:
    """The legal basis of an inherited role (the resolution that merged the agency)."""
    if via is None or via.kind != "predecessor":
        return ""
    for step in via.agency.successors:
        basis = plan.bases.get(step.basis)
        if basis is not None:
            return str(basis.cite())
    return ""


def members_on(plan: Plan, agency: Agency, on: dt.date) -> list[Agency]:
    if not agency.is_group:
        return []
    rank = roster_rank(plan)
    return sorted(members(plan, agency, on), key=lambda a: rank[a.id])


def search_index(plan: Plan, as_of: dt.date, others: list[Plan] | None = None) -> list[dict[str, Any]]:
    """What the site's search box matches: every agency under every form of its names (the CLI's rules:
    no diacritics, old tone placement, abbreviations, "UBND", a trailing "Hà Nội"), and every task by
    number and words — of `plan`, or of every plan of a register's site (`others`: then a task is
    written PLAN#N). A task's own words (lowercase, with their diacritics) rank an exact match first: the
    folded words merge distinct Vietnamese words. The browser reduces what is typed with the same rules
    (templates/site/site.js)."""
    forms = search_forms(plan)
    rank = roster_rank(plan)
    entries: list[dict[str, Any]] = []
    for agency in sorted(plan.agencies.values(), key=lambda a: rank[a.id]):
        entries.append(
            {
                "label": agency.name,
                "hint": labels.KIND.get(agency.kind, agency.kind)
                + ("" if agency.in_force(as_of) or agency.is_group else " — không còn"),
                "path": agency_path(agency.id),
                "keys": sorted(forms.get(agency.id, [])),
                "live": agency.in_force(as_of) or agency.is_group,
            }
        )
    for one in others if others is not None else [plan]:
        base = plan_base(one.id) if others is not None else ""
        for task in one.tasks.values():
            name = f"{one.id}#{task.id}" if others is not None else f"Nhiệm vụ {task.id}"
            entries.append(
                {
                    "label": f"{name}: {shorten(task.content, 90)}",
                    "hint": "Nhiệm vụ" + (f" — {shorten(one.info.title, 40)}" if others is not None else ""),
                    "path": task_path(task.id, base),
                    "keys": [
                        f"nhiem vu {task.id}",
                        f"{task.id}",
                        *([f"{one.id.replace('-', ' ')} {task.id}"] if others is not None else []),
                        " ".join(search_words(task.content))[:INDEX_TEXT],
                    ],
                    "text": " ".join(task.content.lower().split())[:EXACT_TEXT],
                    "live": True,
                }
            )
    return entries
