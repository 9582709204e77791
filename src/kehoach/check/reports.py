"""Reports sit at plan/reports/<year>/<agency>.yaml and refer to what exists, when it existed."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

from kehoach.check.common import AGENCIES, PLAN, TASKS, AgencyIndex, day_text, span, suggest
from kehoach.files.layout import CONSOLIDATED
from kehoach.model.load import Loaded
from kehoach.model.schema import AgencyReport, ConsolidatedReport, PlanInfo, Roster, TaskList
from kehoach.problems import Problem, Severity

NAME = "reports"
CODES: dict[str, tuple[Severity, str]] = {
    "report-path-mismatch": ("error", "tệp báo cáo đặt sai chỗ hoặc sai tên"),
    "year-out-of-period": ("error", "năm ngoài thời gian thực hiện Kế hoạch"),
    "received-before-dated": ("error", "ngày nhận trước ngày văn bản"),
    "agency-not-in-force": ("error", "cơ quan không tồn tại vào thời điểm báo cáo"),
    "unknown-task": ("error", "nhiệm vụ không có trong Kế hoạch"),
    "unknown-status": ("error", "trạng thái tiến độ không có trong danh mục"),
    "duplicate-task-entry": ("error", "một nhiệm vụ được báo cáo hai lần"),
    "unknown-duty": ("error", "nhiệm vụ thường xuyên không có trong Kế hoạch"),
    "not-focal-agency": ("warning", "báo cáo tổng hợp không do cơ quan đầu mối lập"),
    "empty-report": ("error", "tệp báo cáo không có ngày nhận và không có báo cáo đột xuất"),
    "received-before-year": ("warning", "ngày nhận trước năm báo cáo mà không ghi lý do (override)"),
}


_REPORT_PATH = re.compile(r"plan/reports/(\d{4})/([a-z0-9]+(?:-[a-z0-9]+)*)\.yaml\Z")


def run(loaded: Loaded) -> Iterator[Problem]:
    """Reports sit at plan/reports/<year>/<agency>.yaml and refer to what exists, when it existed."""
    reports = [
        (n, r) for n, r in loaded.checkable.items() if isinstance(r, AgencyReport | ConsolidatedReport)
    ]
    if not reports:
        return  # nothing to check, and no plan view or roster index to build
    roster, tasks, info = (loaded.checkable.get(n) for n in (AGENCIES, TASKS, PLAN))
    known = (
        AgencyIndex(roster, loaded.written_ids(AGENCIES, "agencies")) if isinstance(roster, Roster) else None
    )
    plan = _plan_view(loaded)
    # built once for every report (they were rebuilt per report: reports × tasks)
    task_ids = (
        {t.id for t in tasks.tasks} | loaded.written_ids(TASKS, "tasks")
        if isinstance(tasks, TaskList)
        else None
    )
    statuses = {s.id for s in info.progress_statuses} if isinstance(info, PlanInfo) else None
    duty_ids = {d.id for d in info.duties} if isinstance(info, PlanInfo) else None
    for name, report in reports:
        consolidated = isinstance(report, ConsolidatedReport)
        match = _REPORT_PATH.match(name)
        expected_stem = CONSOLIDATED if consolidated else report.agency
        if match is None or match.group(2) != expected_stem:
            yield Problem(
                "report-path-mismatch",
                name,
                f"báo cáo của «{report.agency}» năm {report.year} phải nằm ở "
                f"plan/reports/{report.year}/{expected_stem}.yaml (một tệp cho mỗi cơ quan mỗi năm)",
                ("agency",),
            )
        elif int(match.group(1)) != report.year:
            yield Problem(
                "report-path-mismatch",
                name,
                f"tệp nằm trong thư mục năm {match.group(1)} nhưng ghi "
                f"year: {report.year}; hãy sửa năm hoặc chuyển tệp",
                ("year",),
            )
        if known is not None:
            yield from known.check(name, report.agency, ("agency",))
        if isinstance(info, PlanInfo):
            start, end = info.period.start_year, info.period.end_year
            if report.year < start or (end is not None and report.year > end):
                period = f"{start}–{end}" if end else f"từ {start}"
                yield Problem(
                    "year-out-of-period",
                    name,
                    f"năm {report.year} ngoài thời gian thực hiện Kế hoạch ({period}); hãy kiểm tra lại year",
                    ("year",),
                )
        received = report.sent if isinstance(report, ConsolidatedReport) else report.received
        if report.dated and received and received < report.dated:
            field = "sent" if consolidated else "received"
            yield Problem(
                "received-before-dated",
                name,
                f"ngày {'gửi' if consolidated else 'nhận'} "
                f"{day_text(received)} trước ngày văn bản {day_text(report.dated)}; hãy kiểm tra hai ngày",
                (field,),
            )
        if isinstance(report, AgencyReport):
            yield from _dates(name, report)
        if plan is not None and report.agency in plan.agencies:
            yield from _report_agency_in_force(plan, name, report, consolidated)
        if isinstance(report, AgencyReport):
            yield from _task_entries(name, report, task_ids, statuses)
            yield from _duty_entries(name, report, duty_ids, statuses)


def _plan_view(loaded: Loaded) -> Any:
    """The plan as queries see it, when its three files are valid (for lineage in checks)."""
    from kehoach.model.views import Plan

    if any(n not in loaded.models for n in (PLAN, TASKS, AGENCIES)):
        return None
    return Plan({n: loaded.models[n].model_dump(mode="json") for n in (PLAN, TASKS, AGENCIES)})


def _report_agency_in_force(plan: Any, name: str, report: Any, consolidated: bool) -> Iterator[Problem]:
    from kehoach.model.lineage import carriers

    agency = plan.agencies[report.agency]
    first, last = dt.date(report.year, 1, 1), dt.date(report.year, 12, 31)
    existed = (agency.valid_from is None or agency.valid_from <= last) and (
        agency.valid_until is None or agency.valid_until >= first
    )
    # A body that no longer (or not yet) exists cannot issue or send a document.
    issued = report.dated or (report.sent if consolidated else report.received)
    rule = plan.reporting.consolidated_report if consolidated else plan.reporting.agency_report
    due = rule.deadline(report.year)
    if not existed or (issued is not None and not agency.in_force(issued)):
        heirs = ", ".join(c.agency.name for c in carriers(plan, agency.id, due)) or "không có"
        when = f"năm {report.year}" if not existed else f"ngày {day_text(issued)}"
        yield Problem(
            "agency-not-in-force",
            name,
            f"{agency.name} không tồn tại vào {when} (hiệu lực {span(agency)}); báo cáo năm {report.year} "
            f"do cơ quan thực hiện vào hạn {day_text(due)} gửi: {heirs}",
            ("agency",),
        )
    elif consolidated:
        focal = carriers(plan, plan.reporting.focal_agency, due)
        if focal and focal[0].agency.id != agency.id:
            yield Problem(
                "not-focal-agency",
                name,
                f"báo cáo tổng hợp năm {report.year} do {agency.name} lập, "
                f"nhưng cơ quan đầu mối vào hạn {day_text(due)} là {focal[0].agency.name}",
                ("agency",),
            )


def _dates(name: str, report: AgencyReport) -> Iterator[Problem]:
    if report.received is None and not report.ad_hoc:
        yield Problem(
            "empty-report",
            name,
            "báo cáo chưa có ngày nhận (received) và không có báo cáo đột xuất (ad_hoc); "
            "hãy ghi ngày nhận hoặc xóa tệp",
            ("agency",),
        )
    if report.received is not None and report.received.year < report.year and not report.override:
        yield Problem(
            "received-before-year",
            name,
            f"ngày nhận {day_text(report.received)} trước năm báo cáo {report.year}; nếu đúng, "
            "ghi lý do ở override (kehoach record --force --reason)",
            ("received",),
        )
    for j, item in enumerate(report.ad_hoc):
        if item.received is not None and item.received < item.dated:
            yield Problem(
                "received-before-dated",
                name,
                f"báo cáo đột xuất «{item.subject}»: ngày nhận {day_text(item.received)} "
                f"trước ngày văn bản {day_text(item.dated)}",
                ("ad_hoc", j, "received"),
            )


def _task_entries(
    name: str, report: AgencyReport, task_ids: set[Any] | None, statuses: set[str] | None
) -> Iterator[Problem]:
    def unknown(task: int) -> str | None:
        if task_ids is None or task in task_ids:
            return None
        return f"Kế hoạch không có nhiệm vụ số {task}; các nhiệm vụ: {min(task_ids)}–{max(task_ids)}"

    yield from _entries(
        name, report.tasks, ("tasks", "task", "nhiệm vụ {}"), "unknown-task", unknown, statuses
    )


def _duty_entries(
    name: str, report: AgencyReport, duty_ids: set[str] | None, statuses: set[str] | None
) -> Iterator[Problem]:
    def unknown(duty: str) -> str | None:
        if duty_ids is None or duty in duty_ids:
            return None
        return (
            f"Kế hoạch không có nhiệm vụ thường xuyên «{duty}»{suggest(duty, duty_ids)}; "
            f"các nhiệm vụ thường xuyên (duties trong plan/plan.yaml): {', '.join(sorted(duty_ids))}"
        )

    where = ("duties", "duty", "nhiệm vụ thường xuyên «{}»")
    yield from _entries(name, report.duties, where, "unknown-duty", unknown, statuses)


def _entries(
    name: str,
    entries: Any,
    keys: tuple[str, str, str],
    code: str,
    unknown: Any,
    statuses: set[str] | None,
) -> Iterator[Problem]:
    """The checks every entry on a task or duty gets: the item exists (`unknown` says why not, or None),
    is reported on once, and its progress is one of the plan's. `keys`: the list's key in the report, the
    item's key in an entry, and how a message names the item."""
    list_key, item_key, named = keys
    seen: set[Any] = set()
    for j, entry in enumerate(entries):
        item = getattr(entry, item_key)
        where = (list_key, j, item_key)
        why = unknown(item)
        if why is not None:
            yield Problem(code, name, why, where)
        if item in seen:
            named = f"nhiệm vụ {item}" if item_key == "task" else f"nhiệm vụ thường xuyên «{item}»"
            yield Problem(
                "duplicate-task-entry",
                name,
                f"{named} đã có trong báo cáo này; hãy gộp hai mục làm một",
                where,
            )
        seen.add(item)
        yield from _status(name, entry.status, statuses, (list_key, j, "status"))


def _status(
    name: str, status: str | None, statuses: set[str] | None, path: tuple[str | int, ...]
) -> Iterator[Problem]:
    if statuses is not None and status is not None and status not in statuses:
        yield Problem(
            "unknown-status",
            name,
            f"trạng thái «{status}» không có trong progress_statuses "
            f"của plan/plan.yaml{suggest(status, statuses)}; chọn một trong: "
            f"{', '.join(sorted(statuses))}",
            path,
        )
