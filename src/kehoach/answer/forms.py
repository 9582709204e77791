"""The yearly report form: what one agency must report on, and where each answer goes.

`form_content` says what goes into an agency's form for a year (its tasks on the
deadline, its standing duties, what it has already reported); the constants below
are the form's layout, shared by the writer (`show/form.py`) and the reader
(`answer/intake.py`) so that a form written by one version is read back by the
same rules. A hidden sheet carries the marker (form version, year, agency id,
task rows) that recognises a form on import.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from kehoach.answer.queries import role_text, roles_of, via_text
from kehoach.answer.status import check_year, must_report
from kehoach.dates import show
from kehoach.errors import UsageError
from kehoach.model.lineage import focal_agency, selects
from kehoach.model.views import Agency, Plan

FORM_VERSION = 1
MARKER = "kehoach-form"  # A1 of the hidden sheet
SHEET = "Báo cáo"
HELP_SHEET = "Hướng dẫn"
MARKER_SHEET = "kehoach"
# header cells the agency fills in (column C of the main sheet)
NUMBER_CELL = "C8"
DATED_CELL = "C9"
NOTES_CELL = "C10"
HEADER_ROW = 12
FIRST_ROW = HEADER_ROW + 1
# the table: (header, width); the last four columns are filled in
COLUMNS = (
    ("TT", 5),
    ("Lĩnh vực", 22),
    ("Nội dung nhiệm vụ (theo Kế hoạch)", 48),
    ("Vai trò của cơ quan", 20),
    ("Tiến độ (chọn)", 18),
    ("Kết quả thực hiện", 40),
    ("Khó khăn, vướng mắc", 30),
    ("Đề xuất, kiến nghị", 30),
)
INPUT_COLUMNS = {"E": "status", "F": "results", "G": "difficulties", "H": "proposals"}


class FormRow(NamedTuple):
    task: int
    sector: str  # "IV. Lĩnh vực …"
    content: str
    role: str  # "Chủ trì (phạm vi …) — qua nhóm …"
    status: str | None  # what the agency already reported (pre-filled), as the Vietnamese label
    results: str | None
    difficulties: str | None
    proposals: str | None


class FormContent(NamedTuple):
    year: int
    agency: Agency
    plan_title: str
    due: dt.date
    deadline_text: str  # "trước ngày 15/09/2025 (chậm nhất 14/09/2025)"
    focal: str  # the focal agency's name on the deadline
    rows: tuple[FormRow, ...]
    duties: tuple[str, ...]  # the standing duties the agency reports on as well
    statuses: tuple[str, ...]  # the Vietnamese progress labels (the drop-down)
    number: str | None
    dated: dt.date | None
    notes: str | None


def form_agencies(plan: Plan, year: int, agency: Agency | None) -> list[Agency]:
    """Who gets a form: `agency` (when it must report that year), else everyone who must."""
    owing = must_report(plan, year)
    if agency is None:
        return owing
    due = plan.reporting.agency_report.deadline(year)
    chosen = [a for a in owing if selects(plan, agency, a.id, due)]
    if chosen:
        return chosen
    raise UsageError(f"{agency.name} không phải báo cáo năm {year}: không có biểu mẫu cho cơ quan này.")


def form_content(plan: Plan, year: int, agency: Agency) -> FormContent:
    """What `agency`'s form for `year` holds: its tasks on the deadline, pre-filled with its report."""
    check_year(plan, year)
    rule = plan.reporting.agency_report
    due = rule.deadline(year)
    last = plan.reporting.last_on_time(rule, year)
    report = plan.reports.get((year, agency.id))
    reported = {t.task: t for t in report.tasks} if report else {}
    rows = []
    for r in roles_of(plan, agency, due, plan.tasks.values()):
        task = r.item
        sector = plan.sectors[task.sector]
        via = via_text(r.via)
        done = reported.get(task.id)
        rows.append(
            FormRow(
                task.id,
                f"{sector.id}. {sector.title}",
                task.content,
                role_text(r.role, r.scope) + (f" — {via}" if via and r.via is not None else ""),
                plan.statuses.get(done.status, done.status) if done and done.status else None,
                done.results if done else None,
                done.difficulties if done else None,
                done.proposals if done else None,
            )
        )
    duties = tuple(f"{r.item.section}: {r.item.text}" for r in roles_of(plan, agency, due, plan.duties))
    focal = focal_agency(plan, due)
    reading = f"trước ngày {show(due)}" + (f" (chậm nhất {show(last)})" if last != due else "")
    return FormContent(
        year,
        agency,
        plan.info.title,
        due,
        reading,
        focal.name if focal else "cơ quan đầu mối",
        tuple(rows),
        duties,
        tuple(plan.statuses.values()),
        report.number if report else None,
        report.dated if report else None,
        report.notes if report else None,
    )


def form_file_name(year: int, agency: Agency) -> str:
    """The file name staff recognise: bieu-mau-2025-so-du-lich.xlsx (ASCII, safe in e-mail and zip)."""
    return f"bieu-mau-{year}-{agency.id}.xlsx"
