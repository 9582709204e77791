"""The Government Office's four categories of an assigned task on a date, and "no deadline".

    on_time       hoàn thành đúng hạn            completed on or before its due date
    late          hoàn thành quá hạn             completed after its due date
    open_in_time  chưa hoàn thành, còn trong hạn  not completed, and the date is not past the due date
    open_overdue  chưa hoàn thành, quá hạn        not completed, and the date is past the due date
    no_deadline   không có thời hạn              recurring ("Thường xuyên", "Hằng năm") or no deadline

The due date is the one the deadline means (model/deadline.py): the due day itself is still in time,
and a completion on the due day is on time. A task is completed on a date when, by then, its lead
(the agency the plan names as lead, one carrying its work by lineage, or a member of the lead group)
has reported it completed in a report received by that date: the latest such report decides (a
later "not completed" undoes an earlier completion), and its completion date is `completed_on`, or
the report's received date when the report gave none.
"""

from __future__ import annotations

import datetime as dt

from kehoach.model.roles import link
from kehoach.model.views import Agency, Chase, Plan, Task
from kehoach.tuples import NamedTuple

COMPLETED = "completed"  # the progress status (its id in plan.yaml) that says a task is done
CATEGORIES = ("on_time", "late", "open_in_time", "open_overdue", "no_deadline")
LABEL = {
    "on_time": "Hoàn thành đúng hạn",
    "late": "Hoàn thành quá hạn",
    "open_in_time": "Chưa hoàn thành, còn trong hạn",
    "open_overdue": "Chưa hoàn thành, quá hạn",
    "no_deadline": "Không có thời hạn",
}
SHORT = {  # column heads
    "on_time": "Xong đúng hạn",
    "late": "Xong quá hạn",
    "open_in_time": "Còn trong hạn",
    "open_overdue": "Quá hạn",
    "no_deadline": "Không thời hạn",
}


class Standing(NamedTuple):
    """Where one task stands on a date."""

    task: Task
    due: dt.date | None
    completed_on: dt.date | None  # as known on the date
    category: str  # one of CATEGORIES


def category(due: dt.date | None, completed_on: dt.date | None, on: dt.date) -> str:
    """The category of a task due `due`, completed `completed_on` (None: not by `on`), on `on`."""
    if due is None:
        return "no_deadline"
    if completed_on is not None and completed_on <= on:
        return "on_time" if completed_on <= due else "late"
    return "open_in_time" if on <= due else "open_overdue"


def completions(plan: Plan, on: dt.date) -> dict[int, dt.date]:
    """Each task's completion date as known on `on` (only the completed ones), from its lead's reports.
    Read from the reports' validated data, without building their views (a question across plans
    asks this of every plan)."""
    key = ("completions", on)
    if key in plan.memo:
        return plan.memo[key]  # type: ignore[no-any-return]
    latest: dict[int, tuple[int, dt.date | None]] = {}  # task -> (report year, completion or None)
    reports = [r for r in plan.report_data().values() if r.get("tasks") and r.get("received")]
    for report in sorted(reports, key=lambda r: (r["year"], r["agency"])):
        received = _day(report["received"])
        agency_id = report["agency"]
        if received is None or received > on or agency_id not in plan.agencies:
            continue
        target = plan.agencies[agency_id]
        for entry in report["tasks"]:
            task = plan.tasks.get(entry["task"])
            status = entry.get("status")
            if task is None or status is None or not _leads(plan, task, target, received):
                continue
            done = (_day(entry.get("completed_on")) or received) if status == COMPLETED else None
            if done is not None and done > on:
                done = None
            held = latest.get(task.id)
            if held is None or report["year"] >= held[0]:
                latest[task.id] = (report["year"], done)
    found = {task_id: done for task_id, (_, done) in latest.items() if done is not None}
    plan.memo[key] = found
    return found


def _day(value: object) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _leads(plan: Plan, task: Task, target: Agency, on: dt.date) -> bool:
    return any(
        link(plan, plan.agencies[a.agency], target, on)[0] for a in task.lead if a.agency in plan.agencies
    )


def standing(plan: Plan, task: Task, on: dt.date) -> Standing:
    """Where `task` stands on `on`."""
    due = task.due
    done = completions(plan, on).get(task.id)
    return Standing(task, due, done, category(due, done, on))


def chased(plan: Plan, on: dt.date) -> dict[int, list[Chase]]:
    """Task id -> the reminders sent about it up to `on`, oldest first (remembered per plan and date)."""
    key = ("chased", on)
    if key in plan.memo:
        return plan.memo[key]  # type: ignore[no-any-return]
    found: dict[int, list[Chase]] = {}
    for chase in sorted(plan.chases, key=lambda c: c.dated):
        if chase.dated <= on:
            for task in chase.tasks:
                found.setdefault(task, []).append(chase)
    plan.memo[key] = found
    return found


def times_chased(plan: Plan, on: dt.date, task: int, agency: str | None = None) -> list[Chase]:
    """The reminders sent about `task` up to `on`: to `agency` when given, else one per letter (a letter
    to many agencies counts once)."""
    found = chased(plan, on).get(task, [])
    if agency is not None:
        return [c for c in found if c.agency == agency]
    letters: dict[tuple[dt.date, str | None], Chase] = {}
    for chase in found:
        letters.setdefault((chase.dated, chase.number), chase)
    return list(letters.values())
