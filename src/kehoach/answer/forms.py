"""The yearly report form: what one agency must report on, and where each answer goes.

`form_content` says what goes into an agency's form for a year (its tasks on the
deadline, its standing duties, what it has already reported); the constants below
are the form's layout, shared by the writer (`show/form.py`) and the reader
(`answer/intake.py`) so that a form written by one version is read back by the
same rules. A hidden sheet carries the marker (form version, year, agency id,
task rows) that recognises a form on import, and the signature (`form_signature`)
that says the office issued it for that agency, year and rows.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from kehoach.answer.consolidated import reported_duties
from kehoach.answer.queries import role_text, unconfirmed_line, unconfirmed_note, via_text
from kehoach.answer.status import check_year, must_report
from kehoach.dates import show
from kehoach.errors import UsageError
from kehoach.model.lineage import focal_agency, selects
from kehoach.model.roles import Role, roles_of
from kehoach.model.views import Agency, Duty, Plan

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
DUTY_ROW = "Nhiệm vụ thường xuyên"  # column B of a standing duty's row (column A: its section, "III.3")


# rows of the marker sheet (column A: the key, column B: the value)
MARKER_ROWS = ("kehoach-form", "year", "agency", "tasks", "duties", "key", "signature", "plan")
PLAN_ROW = MARKER_ROWS.index("plan") + 1  # B8: the plan's id, which `import` files the form under


def form_signature(secret: bytes, plan_title: str, year: int, agency: str, tasks: str, duties: str) -> str:
    """HMAC-SHA256 (hex) over what a form is for: version, plan, year, agency and its task and duty rows
    exactly as the marker lists them ("1,2,5" and "budget")."""
    import hashlib
    import hmac

    message = "\n".join((MARKER, str(FORM_VERSION), plan_title, str(year), agency, tasks, duties))
    return hmac.new(secret, message.encode("utf-8"), hashlib.sha256).hexdigest()


class FormRow(NamedTuple):
    """One row of the table: a task (`task` its number) or a standing duty (`task` the duty's section,
    "II.2", and `duty` its id)."""

    task: int | str
    sector: str  # "IV. Lĩnh vực …"
    content: str
    role: str  # "Chủ trì (phạm vi …) — qua nhóm …"
    status: str | None  # what the agency already reported (pre-filled), as the Vietnamese label
    results: str | None
    difficulties: str | None
    proposals: str | None
    duty: str | None = None


class FormContent(NamedTuple):
    year: int
    agency: Agency
    plan_title: str
    due: dt.date
    deadline_text: str  # "trước ngày 15/09/2025": the plan's words (how kehoach reads them is its own)
    focal: str  # the focal agency's name on the deadline
    rows: tuple[FormRow, ...]  # the tasks, then the standing duties reported on in their own rows
    duties: tuple[str, ...]  # the other standing duties of the agency, said in the instructions
    statuses: tuple[str, ...]  # the Vietnamese progress labels (the drop-down)
    number: str | None
    dated: dt.date | None
    notes: str | None
    plan: str = "plan"  # the plan's id (its folder in a register), for `import` to know where it goes
    unconfirmed: tuple[str, ...] = ()  # "† X — chưa xác nhận …" for the bodies the form names


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
    report = plan.reports.get((year, agency.id))
    on_tasks = {t.task: t for t in report.tasks} if report else {}
    rows = []
    for r in roles_of(plan, agency, due, plan.tasks.values()):
        sector = plan.sectors[r.item.sector]
        rows.append(
            _row(plan, r, r.item.id, f"{sector.id}. {sector.title}", r.item.content, on_tasks.get(r.item.id))
        )
    on_duties = {d.duty: d for d in report.duties} if report else {}
    in_rows, others = duty_rows(plan, roles_of(plan, agency, due, plan.duties))
    for r in in_rows:
        rows.append(_row(plan, r, r.item.section, DUTY_ROW, r.item.text, on_duties.get(r.item.id), r.item.id))
    duties = [f"{r.item.section}: {r.item.text}" for r in others]
    focal = focal_agency(plan, due)
    reading = f"trước ngày {show(due)}"  # the plan's words
    return FormContent(
        year,
        agency,
        plan.info.title,
        due,
        reading,
        focal.name if focal else "cơ quan đầu mối",
        tuple(rows),
        tuple(duties),
        tuple(plan.statuses.values()),
        report.number if report else None,
        report.dated if report else None,
        report.notes if report else None,
        plan.id,
        tuple(
            unconfirmed_line(a.name, unconfirmed_note(a))
            for a in dict.fromkeys(x for x in (agency, focal) if x is not None)
            if a.unconfirmed_on(due)
        ),
    )


def duty_rows(plan: Plan, roles: list[Role[Duty]]) -> tuple[list[Role[Duty]], list[Role[Duty]]]:
    """An agency's `roles` on standing duties, split: those its form has a row for (the duties the
    consolidated report tells apart, II.2 and III.3), and the others (said in the instructions)."""
    own = {d.id for d in reported_duties(plan)}
    return [r for r in roles if r.item.id in own], [r for r in roles if r.item.id not in own]


def _row(
    plan: Plan, role: Any, number: int | str, sector: str, content: str, done: Any, duty: str | None = None
) -> FormRow:
    """One row of the form, pre-filled with what the agency already reported on it."""
    return FormRow(
        number,
        sector,
        content,
        role_text(role.role, role.scope) + (f" — {via_text(role.via)}" if role.via is not None else ""),
        plan.statuses.get(done.status, done.status) if done and done.status else None,
        done.results if done else None,
        done.difficulties if done else None,
        done.proposals if done else None,
        duty,
    )


def form_file_name(year: int, agency: Agency) -> str:
    """The file name staff recognise: bieu-mau-2025-so-du-lich.xlsx (ASCII, safe in e-mail and zip)."""
    return f"bieu-mau-{year}-{agency.id}.xlsx"
