"""The Python API: the questions the command line answers, as typed values.

    >>> from kehoach import api
    >>> plan = api.load("path/to/data")                     # the folder that holds plan/
    >>> mine = api.tasks_of(plan, "Sở Du lịch", dt.date(2026, 1, 1))
    >>> [(r.item.id, r.role) for r in mine.tasks]
    [(1, 'lead'), (2, 'coordinator'), ...]

Every function takes a validated `Plan` (from `load`) and returns the domain
objects of `kehoach.model.views` and small NamedTuples of them; nothing prints
and nothing exits. Known failures raise `kehoach.errors.KehoachError`
(`UsageError` for a name or number that is not in the plan, `DataError` for
data that does not validate).
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Any, NamedTuple

from kehoach.answer import queries
from kehoach.answer import status as reporting
from kehoach.answer.consolidated import build_context
from kehoach.answer.deadlines import Deadline
from kehoach.answer.intake import Imported
from kehoach.answer.queries import Role
from kehoach.answer.record import AdHocEntry, DutyEntry, Recorded, TaskEntry
from kehoach.answer.reminder import reminder_context
from kehoach.answer.status import Standing
from kehoach.check.cache import load_plan
from kehoach.dates import today
from kehoach.errors import UsageError
from kehoach.files.datadir import find_data_dir
from kehoach.model.lineage import carriers
from kehoach.model.resolve import resolve_agency
from kehoach.model.views import Agency, Duty, Plan, Task

__all__ = [
    "AdHocEntry",
    "AgencyTasks",
    "DutyEntry",
    "Imported",
    "Recorded",
    "TaskAnswer",
    "TaskEntry",
    "YearStatus",
    "agencies",
    "deadlines",
    "form",
    "import_forms",
    "late",
    "load",
    "record",
    "reminder_context",
    "report_context",
    "resolve",
    "status",
    "task",
    "tasks_of",
]


class AgencyTasks(NamedTuple):
    """What the plan asks of one agency on a date."""

    agency: Agency  # after lineage: the agency that carries the work on the date
    as_of: dt.date
    notes: tuple[str, ...]  # how the name was read, lineage, what is unconfirmed
    tasks: list[Role[Task]]
    duties: list[Role[Duty]]


class TaskAnswer(NamedTuple):
    """One task, and who carries each of its assignments on a date."""

    task: Task
    as_of: dt.date
    carried_by: dict[str, list[Agency]]  # agency id as the plan wrote it -> who carries it on the date


class YearStatus(NamedTuple):
    """Where the reports of one year stand on a date."""

    year: int
    as_of: dt.date
    agencies: list[Standing]  # every agency that must report, then any other that reported
    consolidated: Standing | None


def load(data_dir: str | os.PathLike[str] | None = None, rev: str | None = None) -> Plan:
    """The validated plan in `data_dir` (found like git finds .git when None), at git `rev` if given."""
    root = find_data_dir(data_dir)
    sources = None
    if rev is not None:
        from kehoach.files.git import sources_at

        sources = sources_at(root, rev)
    return load_plan(root, sources)


def resolve(plan: Plan, name: str, on: dt.date | None = None) -> Agency:
    """The agency `name` means on `on` (today when None), however it is typed."""
    return resolve_agency(plan, name, on or today()).agency


def tasks_of(plan: Plan, agency: str, on: dt.date | None = None) -> AgencyTasks:
    """Everything the plan asks of `agency` on `on`: tasks and standing duties, with role and source."""
    when = on or today()
    who = queries.subject(plan, resolve_agency(plan, agency, when), when, agency)
    return AgencyTasks(
        who.agency,
        when,
        who.notes,
        queries.roles_of(plan, who.agency, when, plan.tasks.values()),
        queries.roles_of(plan, who.agency, when, plan.duties),
    )


def task(plan: Plan, number: int, on: dt.date | None = None) -> TaskAnswer:
    """Task `number` and who carries each of its assignments on `on`."""
    found = plan.tasks.get(number)
    if found is None:
        raise UsageError(f"Không có nhiệm vụ số {number}.")
    when = on or today()
    carried = {
        a.agency: [c.agency for c in carriers(plan, a.agency, when)]
        for a in (*found.lead, *found.coordinators)
    }
    return TaskAnswer(found, when, carried)


def agencies(
    plan: Plan, on: dt.date | None = None, *, kind: str | None = None, include_all: bool = False
) -> list[Agency]:
    """The roster on `on` (or every entry with `include_all`), optionally of one `kind`."""
    when = on or today()
    return [
        a
        for a in plan.agencies.values()
        if (kind is None or a.kind == kind) and (include_all or a.in_force(when))
    ]


def status(plan: Plan, year: int, as_of: dt.date | None = None) -> YearStatus:
    """Who reported for `year`, counting reports received by `as_of` (today when None)."""
    when = as_of or today()
    reporting.check_year(plan, year)
    return YearStatus(
        year,
        when,
        reporting.agency_standings(plan, year, when),
        reporting.consolidated_standing(plan, year, when),
    )


def report_context(
    plan: Plan, year: int, as_of: dt.date | None = None, dated: dt.date | None = None
) -> dict[str, Any]:
    """What the consolidated report of `year` says, as the data its templates render. `dated` is the
    document's date (else the consolidated report's own `dated`); reports count when received by `as_of`,
    which defaults to the document's date, else today, and may not be later than it."""
    return build_context(plan, year, as_of, dated)


def record(data_dir: str | os.PathLike[str], *, year: int, agency: str | None, **fields: Any) -> Recorded:
    """Record a report as `kehoach record` does (same checks, lock, atomic write); `fields` are those
    of `kehoach.answer.record.Request`: received, sent, number, dated, document, notes,
    tasks=[TaskEntry(…)], duties=[DutyEntry(…)], ad_hoc=[AdHocEntry(…)], force, reason, consolidated."""
    from pathlib import Path

    from kehoach.answer.record import record as run

    return run(Path(find_data_dir(data_dir)), year=year, agency=agency, **fields)


def form(plan: Plan, year: int, agency: str) -> bytes:
    """The .xlsx report form of `agency` for `year`, pre-filled (as `kehoach form`)."""
    from kehoach.answer.forms import form_content
    from kehoach.show.form import form_workbook

    found = resolve(plan, agency, plan.reporting.agency_report.deadline(year))
    return bytes(form_workbook(form_content(plan, year, found)))


def import_forms(
    data_dir: str | os.PathLike[str], files: list[str | os.PathLike[str]], **options: Any
) -> list[Imported]:
    """Read filled forms and record those without problems (as `kehoach import`); `options`: year,
    received, force, dry_run."""
    from pathlib import Path

    from kehoach.answer.intake import import_forms as run

    root = Path(find_data_dir(data_dir))
    return run(root, load_plan(root), [Path(f) for f in files], **options)


def late(plan: Plan, year: int, as_of: dt.date | None = None) -> list[Agency]:
    """The agencies that must report for `year` and had not by `as_of` (whom `kehoach remind` writes to)."""
    from kehoach.answer.reminder import late_agencies

    return late_agencies(plan, year, as_of or today())


def deadlines(plan: Plan, years: list[int], agency: str | None = None) -> list[Deadline]:
    """The reporting deadlines of `years` (for everyone, or those `agency` must meet) as dated events."""
    from kehoach.answer.deadlines import deadlines as run

    found = resolve(plan, agency, plan.reporting.agency_report.deadline(years[-1])) if agency else None
    return run(plan, years, found)
