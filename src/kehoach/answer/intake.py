"""`kehoach import`: filled report forms back into plan/reports/, all-or-nothing per form.

Each form is read whole and checked before anything is written: the marker (a
kehoach form, of this version, for a year of the plan, for an agency of the
roster), the structure (the header row, the task rows and the standing duties'
rows as written), every input cell (a progress label of the plan, text and not
a formula, a date). A problem names its place as `file: Báo cáo!E14`. Forms
without problems are then recorded through `record_many` — the same checks,
lock and atomic writes as `kehoach record`; a form with any problem writes
nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

from kehoach.answer.forms import (
    COLUMNS,
    DATED_CELL,
    FIRST_ROW,
    FORM_VERSION,
    HEADER_ROW,
    INPUT_COLUMNS,
    MARKER,
    MARKER_SHEET,
    NOTES_CELL,
    NUMBER_CELL,
    PLAN_ROW,
    SHEET,
    duty_rows,
)
from kehoach.answer.record import (
    DutyEntry,
    Recorded,
    Request,
    TaskEntry,
    record_many,
    status_code,
)
from kehoach.answer.status import must_report
from kehoach.dates import parse_date, show, today
from kehoach.errors import KehoachError, UsageError
from kehoach.escape import control_match, visible
from kehoach.files.workbook import Formula
from kehoach.model.schema import TEXT_LIMIT
from kehoach.model.views import Agency, Plan

EXTRA_ROWS = 200  # rows read below the form's task rows, to find what was added there
MAX_TEXT = TEXT_LIMIT  # characters in one cell: what the report's schema allows


class Imported(NamedTuple):
    """One form: where it came from, and what was recorded or why nothing was."""

    file: str
    agency: str | None
    problems: tuple[str, ...]  # "Báo cáo!E14: …" (nothing written when not empty)
    recorded: Recorded | None


def import_forms(
    root: Path,
    plan: Plan,
    files: Sequence[Path],
    *,
    received: str | None = None,
    year: int | None = None,
    force: bool = False,
    dry_run: bool = False,
    today: dt.date | None = None,
    accept_unsigned_from: str | None = None,
) -> list[Imported]:
    """Read every form, then record those without problems (each all-or-nothing).

    With `year`, a form for another year is refused. A form whose signature does not
    match is refused; one the office did not sign (unsigned, from the public site, or
    signed with a key this machine does not hold) is refused too, unless
    `accept_unsigned_from` names who sent it — then that is recorded with the report.
    """
    from kehoach.files.formkey import known_keys
    from kehoach.files.workbook import WorkbookError, open_workbook

    keys = known_keys()  # a broken key file stops the run before any form is read
    trust = _Trust(keys, accept_unsigned_from.strip() if accept_unsigned_from else None)

    day = parse_date(received, "--received") if received else None
    read: list[tuple[str, Request | None, list[str], str | None]] = []
    for path in files:
        try:
            book = open_workbook(path)
            try:
                request, problems, agency = _read_form(plan, _Book(path, book), day, force, year, trust)
            finally:
                book.close()
        except WorkbookError as exc:  # a part found malformed only while reading: this form alone
            read.append((str(path), None, [exc.reason], None))
            continue
        read.append((str(path), request if not problems else None, problems, agency))
    requests = [r for _, r, _, _ in read if r is not None]
    results = iter(record_many(root, requests, today=today, dry_run=dry_run, plan=plan.id))
    out = []
    for name, request, problems, agency in read:
        if request is None:
            out.append(Imported(name, agency, tuple(problems), None))
            continue
        done = next(results)
        if isinstance(done, KehoachError):
            out.append(Imported(name, agency, (done.message,), None))
        else:
            out.append(Imported(name, agency, (), done))
    return out


class _Book(NamedTuple):
    """An open workbook and its file, so that a sheet read late still names the file."""

    path: Path
    book: Any

    @property
    def sheetnames(self) -> list[str]:
        return list(self.book.sheetnames)

    def cells(self, sheet: str, max_row: int, max_col: int) -> dict[str, Any]:
        from kehoach.files.workbook import read_cells

        return read_cells(self.path, self.book, sheet, max_row, max_col)


class _Trust(NamedTuple):
    """The keys this machine accepts, and who sent the forms if the secretariat vouches for unsigned ones."""

    keys: dict[str, Any]
    sender: str | None


class _Refused(Exception):
    """A form that cannot be read any further: its problems, and its agency's name when known."""

    def __init__(self, problems: list[str], agency: str | None = None) -> None:
        super().__init__(problems)
        self.problems = problems
        self.agency = agency


class _Marker(NamedTuple):
    """What the hidden marker sheet says the form is: whose, which year, which rows."""

    year: int
    agency: Agency
    tasks: list[int]
    duties: list[str]
    sender: str | None  # who sent it, as the secretariat stated, when the office's signature is missing


def _read_form(
    plan: Plan, book: _Book, received: dt.date | None, force: bool, wanted: int | None, trust: _Trust
) -> tuple[Request | None, list[str], str | None]:
    """The report a filled form holds, or every problem found in it; and the form's agency's name."""
    try:
        marker = _read_marker(plan, book, wanted, trust)
    except _Refused as refused:
        return None, refused.problems, refused.agency
    year, agency = marker.year, marker.agency
    rows_end = FIRST_ROW + len(marker.tasks) + len(marker.duties)  # the first row after the form's own
    cells = book.cells(SHEET, rows_end + EXTRA_ROWS, len(COLUMNS))  # bounded by the plan, not by the file
    problems = _header_problems(cells)
    if problems:
        return None, problems, agency.name
    due = plan.reporting.agency_report.deadline(year)
    tasks = _task_rows(plan, cells, marker, due, problems)
    duties = _duty_rows(plan, cells, marker, due, problems)
    extra = sorted(
        (int(ref[1:]), ref) for ref in cells if int(ref[1:]) >= rows_end and cells[ref] not in (None, "")
    )
    if extra:
        problems.append(
            f"{SHEET}!{extra[0][1]}: ô ngoài các dòng nhiệm vụ của biểu mẫu; không thêm dòng vào biểu mẫu."
        )
    number = _input(cells.get(NUMBER_CELL), f"{SHEET}!{NUMBER_CELL}", problems)
    notes = _input(cells.get(NOTES_CELL), f"{SHEET}!{NOTES_CELL}", problems)
    dated = _date(cells.get(DATED_CELL), f"{SHEET}!{DATED_CELL}", problems)
    if problems:
        return None, problems, agency.name
    has_report = (year, agency.id) in plan.reports and plan.reports[(year, agency.id)].received is not None
    arrival = received or (None if has_report else today())
    request = Request(
        year=year,
        agency=agency.id,
        received=arrival.isoformat() if arrival else None,
        number=number,
        dated=dated.isoformat() if dated else None,
        notes=notes,
        tasks=tasks,
        duties=duties,
        force=force,
        unverified_sender=marker.sender,
    )
    return request, [], agency.name


def form_plan(path: Path) -> str | None:
    """The plan id a form was made for (its marker's B8), or None when the form does not say (an older
    form) or cannot be read — the full import then says what is wrong with it."""
    from kehoach.files.workbook import WorkbookError, open_workbook

    try:
        book = open_workbook(path)
        try:
            if MARKER_SHEET not in book.sheetnames:
                return None
            cells = _Book(path, book).cells(MARKER_SHEET, PLAN_ROW, 2)
        finally:
            book.close()
    except WorkbookError:
        return None
    if cells.get(f"A{PLAN_ROW}") != "plan":
        return None
    value = cells.get(f"B{PLAN_ROW}")
    return value if isinstance(value, str) and value.isascii() and len(value) <= 120 else None


def _hidden(cell: str) -> str:
    """A cell of the hidden marker sheet, as a message names it: the person cannot see the sheet, so it
    says what it is before saying where (for whoever helps them)."""
    return f"phần đánh dấu ẩn của biểu mẫu (ô {MARKER_SHEET}!{cell})"


def _read_marker(plan: Plan, book: _Book, wanted: int | None, trust: _Trust) -> _Marker:
    """The marker sheet, checked: a kehoach form of this version, of an agency that must report that year
    (the year asked for, if any), listing tasks and duties that exist; _Refused otherwise."""
    if MARKER_SHEET not in book.sheetnames:
        raise _Refused(["không phải biểu mẫu của kehoach (thiếu trang đánh dấu); hãy dùng biểu mẫu đã gửi."])
    cells = book.cells(MARKER_SHEET, 10, 2)
    marker = {str(cells[f"A{i}"]): cells.get(f"B{i}") for i in range(1, 11) if f"A{i}" in cells}
    if marker.get(MARKER) != FORM_VERSION:
        found = marker.get(MARKER)
        what = "không phải biểu mẫu của kehoach" if found is None else f"biểu mẫu phiên bản {found}"
        raise _Refused([f"{_hidden('B1')}: {what}; kehoach này đọc biểu mẫu phiên bản {FORM_VERSION}."])
    year, agency = marker.get("year"), plan.agencies.get(str(marker.get("agency")))
    if not isinstance(year, int) or agency is None:
        raise _Refused([f"{_hidden('B2')}: năm hoặc cơ quan của biểu mẫu không đọc được."])
    if wanted is not None and year != wanted:
        raise _Refused(
            [f"{_hidden('B2')}: biểu mẫu năm {year}, không phải năm {wanted} đang nhập."], agency.name
        )
    start, end = plan.info.period.start_year, plan.info.period.end_year
    if year < start or (end is not None and year > end):
        raise _Refused(
            [f"{_hidden('B2')}: biểu mẫu năm {year}, ngoài thời gian thực hiện Kế hoạch."], agency.name
        )
    if not any(a.id == agency.id for a in must_report(plan, year)):
        raise _Refused([f"{agency.name} không phải báo cáo năm {year}."], agency.name)
    if SHEET not in book.sheetnames:
        raise _Refused([f"thiếu trang «{SHEET}»; biểu mẫu đã bị đổi cấu trúc."], agency.name)
    tasks, duties = _marker_rows(plan, marker, agency)
    return _Marker(year, agency, tasks, duties, _signed(plan, marker, year, agency, trust))


def _signed(plan: Plan, marker: dict[str, Any], year: int, agency: Agency, trust: _Trust) -> str | None:
    """None when the office's signature holds; the sender the secretariat named when the form carries
    no signature this machine can check; _Refused when the signature does not match, or nobody vouched."""
    import hmac

    from kehoach.answer.forms import form_signature
    from kehoach.files.formkey import SITE

    key_id, signature = marker.get("key"), marker.get("signature")
    if key_id is None and signature is None:
        doubt = (
            "biểu mẫu không có chữ ký của văn phòng (lập trước khi kehoach ký biểu mẫu, "
            "hoặc không do văn phòng lập)"
        )
    else:
        key = SITE if key_id == SITE.id else trust.keys.get(str(key_id))
        if key is None:
            doubt = f"biểu mẫu ký bằng khóa {visible(str(key_id))[:20]} không có trên máy này"
        else:
            tasks, duties = str(marker.get("tasks") or ""), str(marker.get("duties") or "")
            expected = form_signature(key.secret, plan.info.title, year, agency.id, tasks, duties)
            if not hmac.compare_digest(expected.encode(), str(signature).encode("utf-8")):  # any text
                raise _Refused(
                    [
                        f"{_hidden('B7')}: chữ ký không khớp — cơ quan, năm hoặc danh sách nhiệm vụ "
                        "của biểu mẫu đã bị sửa (hoặc tên Kế hoạch đã đổi sau khi gửi); không nhận. "
                        f"Hãy gửi {agency.name} biểu mẫu mới (kehoach form)."
                    ],
                    agency.name,
                )
            if key is not SITE:
                return None
            doubt = "biểu mẫu tải từ trang web công khai, không phải biểu mẫu văn phòng gửi"
    if trust.sender is None:
        raise _Refused(
            [
                f"{doubt}; không biết ai đã gửi. Nếu đã xác minh người gửi, nhập lại với "
                '--accept-unsigned --from "NGƯỜI GỬI" (người gửi được ghi vào báo cáo).'
            ],
            agency.name,
        )
    return trust.sender


def _marker_rows(plan: Plan, marker: dict[str, Any], agency: Agency) -> tuple[list[int], list[str]]:
    """The task numbers and standing duties the marker lists as the form's rows, each once and known."""
    tasks = [int(t) for t in str(marker.get("tasks") or "").split(",") if t.strip().isdigit()]
    if len(tasks) > len(plan.tasks) or len(set(tasks)) != len(tasks):
        raise _Refused([f"{_hidden('B4')}: danh sách nhiệm vụ của biểu mẫu không hợp lệ."], agency.name)
    known = {d.id for d in plan.duties}
    duties = [d.strip() for d in str(marker.get("duties") or "").split(",") if d.strip()]
    if len(set(duties)) != len(duties) or any(d not in known for d in duties):
        raise _Refused(
            [f"{_hidden('B5')}: danh sách nhiệm vụ thường xuyên của biểu mẫu không hợp lệ."], agency.name
        )
    return tasks, duties


def _header_problems(cells: dict[str, Any]) -> list[str]:
    """The table's header row as the form wrote it: a changed header means a changed form."""
    problems = []
    for j, (header, _) in enumerate(COLUMNS, start=1):
        ref = f"{_col(j)}{HEADER_ROW}"
        if _text(cells.get(ref)) != header:
            problems.append(f"{SHEET}!{ref}: tiêu đề cột phải là «{header}»; biểu mẫu đã bị đổi cấu trúc.")
    return problems


def _task_rows(
    plan: Plan, cells: dict[str, Any], marker: _Marker, due: dt.date, problems: list[str]
) -> list[TaskEntry]:
    """One entry per task row, each where the form put it and a task of the form's agency."""
    from kehoach.model.roles import roles_of

    own = {r.item.id for r in roles_of(plan, marker.agency, due, plan.tasks.values())}
    tasks: list[TaskEntry] = []
    for offset, task_id in enumerate(marker.tasks):
        row = FIRST_ROW + offset
        ref = f"A{row}"
        value = cells.get(ref)
        task = value if isinstance(value, int) else None
        if task != task_id:
            problems.append(
                f"{SHEET}!{ref}: là «{visible(_text(value))}», biểu mẫu ghi nhiệm vụ {task_id}; "
                "không thêm, xóa hay đổi thứ tự dòng."
            )
            continue
        if task not in own:
            problems.append(
                f"{SHEET}!{ref}: nhiệm vụ {task} không phải của {marker.agency.name} năm {marker.year}."
            )
            continue
        fields = _fields(plan, cells, row, problems)
        if fields:
            tasks.append(TaskEntry(task, **fields))
    return tasks


def _duty_rows(
    plan: Plan, cells: dict[str, Any], marker: _Marker, due: dt.date, problems: list[str]
) -> list[DutyEntry]:
    """One entry per standing-duty row (after the tasks), each in its section and one the form carries."""
    from kehoach.model.roles import roles_of

    known = {d.id: d for d in plan.duties}
    own = {r.item.id for r in duty_rows(plan, roles_of(plan, marker.agency, due, plan.duties))[0]}
    duties: list[DutyEntry] = []
    for offset, duty_id in enumerate(marker.duties):
        row = FIRST_ROW + len(marker.tasks) + offset
        ref, section = f"A{row}", known[duty_id].section
        if _text(cells.get(ref)) != section:
            problems.append(
                f"{SHEET}!{ref}: là «{visible(_text(cells.get(ref)))}», biểu mẫu ghi nhiệm vụ thường xuyên "
                f"mục {section}; không thêm, xóa hay đổi thứ tự dòng."
            )
            continue
        if duty_id not in own:
            problems.append(
                f"{SHEET}!{ref}: nhiệm vụ thường xuyên mục {section} không phải nội dung biểu mẫu của "
                f"{marker.agency.name} năm {marker.year}."
            )
            continue
        fields = _fields(plan, cells, row, problems)
        if fields:
            duties.append(DutyEntry(duty_id, **fields))
    return duties


def _fields(plan: Plan, cells: dict[str, Any], row: int, problems: list[str]) -> dict[str, str]:
    """The answers on one row of the table (progress as its code), each cell checked."""
    fields: dict[str, str] = {}
    for column, key in INPUT_COLUMNS.items():
        text = _input(cells.get(f"{column}{row}"), f"{SHEET}!{column}{row}", problems)
        if text is None:
            continue
        if key == "status":
            try:
                text = status_code(plan, text)
            except UsageError:
                problems.append(
                    f"{SHEET}!{column}{row}: tiến độ «{visible(text)}» không có trong danh sách; chọn: "
                    + "; ".join(plan.statuses.values())
                    + "."
                )
                continue
        fields[key] = text
    return fields


def _input(value: Any, where: str, problems: list[str]) -> str | None:
    if value is None:
        return None
    if isinstance(value, Formula):
        problems.append(f"{where}: ô chứa công thức; hãy ghi chữ (không có dấu = ở đầu).")
        return None
    if isinstance(value, dt.datetime | dt.date):
        value = show(value if isinstance(value, dt.date) else value.date())
    text = _text(value).strip()
    if len(text) > MAX_TEXT:
        problems.append(f"{where}: nội dung quá dài ({len(text)} ký tự; tối đa {MAX_TEXT}).")
        return None
    bad = control_match(text)
    if bad:
        problems.append(f"{where}: có ký tự điều khiển {visible(bad.group())}; hãy xóa ký tự đó.")
        return None
    return text.replace("\r\n", "\n") or None


def _date(value: Any, where: str, problems: list[str]) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _input(value, where, problems)
    if text is None:
        return None
    try:
        return parse_date(text, where)
    except UsageError:
        problems.append(f"{where}: «{visible(text)}» không phải ngày (dd/mm/yyyy).")
        return None


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _col(j: int) -> str:
    return "ABCDEFGH"[j - 1]
