"""The yearly report form as an Excel workbook that an agency fills in and sends back.

Sheet "Báo cáo": the header (agency, year, deadline, focal agency), the cells for
the report's number, date and notes, and one row per task the agency has a role in,
then one per standing duty it carries that the consolidated report tells apart
(II.2, III.3) — progress from a drop-down of the plan's Vietnamese labels, results, difficulties,
proposals. Only those cells are unlocked (the sheet is protected without a password:
protection guards against slips, not against intent). Sheet "Hướng dẫn" says how
to fill it in; a very hidden sheet carries the marker that `kehoach import` checks.
A4 landscape, fitted to the page width, header row repeated on every page.
"""

from __future__ import annotations

import os
from typing import Any

from kehoach.answer.forms import (
    COLUMNS,
    DATED_CELL,
    FIRST_ROW,
    FORM_VERSION,
    HEADER_ROW,
    HELP_SHEET,
    MARKER_ROWS,
    MARKER_SHEET,
    NOTES_CELL,
    NUMBER_CELL,
    SHEET,
    FormContent,
    form_content,
    form_signature,
)
from kehoach.dates import show, today
from kehoach.files.formkey import Key
from kehoach.model.views import Agency, Plan
from kehoach.show.xlsx import DATE_FORMAT, a4, fit_height, save, stamp, text_cell, wrapped

STATUS_COLUMN = 4  # column D of the marker sheet: the progress labels the drop-down offers


def form_workbook(form: FormContent, key: Key) -> bytes:
    """The .xlsx bytes of one agency's form, signed with `key`."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    bold = Font(bold=True)
    unlocked = Protection(locked=False)
    fill = PatternFill("solid", fgColor="FFF2CC")  # the cells to fill, in light yellow
    thin = Side(style="thin", color="808080")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    last_col = get_column_letter(len(COLUMNS))

    def line(row: int, text: str, *, size: int = 11, strong: bool = False, center: bool = False) -> None:
        sheet.merge_cells(f"A{row}:{last_col}{row}")
        cell = sheet.cell(row=row, column=1)
        text_cell(cell, text)
        cell.font = Font(bold=strong, size=size)
        cell.alignment = Alignment(horizontal="center" if center else "left", vertical="top", wrap_text=True)

    line(1, f"BÁO CÁO KẾT QUẢ THỰC HIỆN NĂM {form.year}", size=13, strong=True, center=True)
    line(2, form.plan_title, center=True)
    sheet.row_dimensions[2].height = 45
    facts = [
        (
            "Cơ quan báo cáo:",
            form.agency.name + ("†" if any(form.agency.name in u for u in form.unconfirmed) else ""),
        ),
        ("Năm báo cáo:", str(form.year)),
        ("Hạn gửi:", form.deadline_text),
        ("Gửi về:", _receiver(form)),
    ]
    for i, (label, fact) in enumerate(facts, start=4):
        _pair(sheet, i, label, fact, last_col)
        sheet.cell(row=i, column=3).font = bold
    inputs: list[tuple[str, str, Any]] = [
        (NUMBER_CELL, "Số, ký hiệu văn bản báo cáo:", form.number),
        (DATED_CELL, "Ngày văn bản (dd/mm/yyyy):", form.dated),
        (NOTES_CELL, "Ghi chú (nếu có):", form.notes),
    ]
    for ref, label, value in inputs:
        _pair(sheet, int(ref[1:]), label, None, last_col)
        cell = sheet[ref]
        if value is not None:
            if isinstance(value, str):
                text_cell(cell, value)
            else:
                cell.value = value
        if ref == DATED_CELL:
            cell.number_format = DATE_FORMAT
        cell.protection = unlocked
        cell.fill = fill
        cell.border = box
    for j, (header, width) in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=j)
        text_cell(cell, header)
        cell.font = bold
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = box
        sheet.column_dimensions[get_column_letter(j)].width = width
    for i, row in enumerate(form.rows, start=FIRST_ROW):
        values: list[Any] = [
            row.task,
            row.sector,
            row.content,
            row.role,
            row.status,
            row.results,
            row.difficulties,
            row.proposals,
        ]
        for j, value in enumerate(values, start=1):
            cell = sheet.cell(row=i, column=j)
            if isinstance(value, str):
                text_cell(cell, value)
            else:
                cell.value = value
            open_ = j >= 5  # the agency's answers: unlocked, in yellow
            if i > FIRST_ROW:
                stamp(cell, sheet.cell(row=FIRST_ROW, column=5 if open_ else 1))
                continue
            cell.alignment = wrapped()
            cell.border = box
            if open_:
                cell.protection = unlocked
                cell.fill = fill
        fit_height(sheet, i, [(str(v or ""), w) for v, (_, w) in zip(values, COLUMNS, strict=True)])
    end = FIRST_ROW + len(form.rows) - 1
    if form.rows:
        choices = DataValidation(
            type="list",
            # a range, not a quoted list: a label may hold a comma or a quote (and a list stops at 255)
            formula1=f"{MARKER_SHEET}!$D$1:$D${len(form.statuses)}",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Tiến độ",
            error="Chọn một tiến độ trong danh sách.",
            promptTitle="Tiến độ",
            prompt="Chọn: " + "; ".join(form.statuses),
            showInputMessage=True,
        )
        sheet.add_data_validation(choices)
        choices.add(f"E{FIRST_ROW}:E{end}")
    sheet.freeze_panes = f"A{FIRST_ROW}"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.protection.sheet = True
    sheet.protection.formatRows = False  # rows may grow with long answers
    sheet.protection.formatColumns = False
    a4(sheet, landscape=True)
    _instructions(book.create_sheet(HELP_SHEET), form)
    _marker(book.create_sheet(MARKER_SHEET), form, key)
    book.active = 0
    return save(book)


def _pair(sheet: Any, row: int, label: str, value: str | None, last_col: str) -> None:
    from openpyxl.styles import Font

    sheet.merge_cells(f"A{row}:B{row}")
    text_cell(sheet.cell(row=row, column=1), label)
    sheet.cell(row=row, column=1).font = Font(bold=True)
    sheet.merge_cells(f"C{row}:{last_col}{row}")
    if value is not None:
        text_cell(sheet.cell(row=row, column=3), value)
    sheet.cell(row=row, column=3).alignment = wrapped()


def _receiver(form: FormContent) -> str:
    """Where the form goes: the focal agency, or — for the focal agency itself — nowhere else."""
    if form.agency.name == form.focal:
        return "Không gửi: là cơ quan đầu mối, đưa kết quả vào báo cáo tổng hợp"
    return f"{form.focal} (cơ quan đầu mối)"


def _instructions(sheet: Any, form: FormContent) -> None:
    lines = [
        "HƯỚNG DẪN ĐIỀN BIỂU MẪU",
        "",
        f"1. Biểu mẫu này dành cho {form.agency.name}, báo cáo năm {form.year}; "
        + (
            "là cơ quan đầu mối, cơ quan đưa kết quả của mình thẳng vào báo cáo tổng hợp."
            if form.agency.name == form.focal
            else f"gửi {form.focal} {form.deadline_text}."
        ),
        "2. Chỉ điền vào các ô màu vàng: số, ký hiệu và ngày của văn bản báo cáo, ghi chú, và ở mỗi "
        "nhiệm vụ: tiến độ (chọn trong danh sách), kết quả thực hiện, khó khăn, vướng mắc, đề xuất, "
        "kiến nghị. Các ô khác đã khóa.",
        "3. Tiến độ chọn một trong: " + "; ".join(form.statuses) + ".",
        *(
            [
                "   Các dòng cuối bảng có cột TT ghi số mục (ví dụ III.3) là nhiệm vụ thường xuyên cơ quan "
                "chủ trì hoặc phối hợp theo phần tổ chức thực hiện của Kế hoạch: điền như các nhiệm vụ."
            ]
            if any(r.duty for r in form.rows)
            else []
        ),
        "4. Ngày ghi theo dạng dd/mm/yyyy (ví dụ 10/09/" + str(form.year) + ").",
        "5. Ghi chữ, không dùng công thức; không thêm, xóa hay đổi thứ tự dòng, cột hay trang tính.",
        "6. Lưu tệp dạng Excel (.xlsx), giữ nguyên tên tệp, gửi kèm văn bản báo cáo có chữ ký.",
    ]
    if form.unconfirmed:  # the one rule for unconfirmed facts (show/marks.py), on the form too
        lines += ["", *form.unconfirmed]
    if form.duties:
        lines += ["", "Nhiệm vụ thường xuyên của cơ quan theo Kế hoạch (báo cáo trong phần ghi chú):"]
        lines += [f"- {duty}" for duty in form.duties]
    lines += ["", f"Biểu mẫu do kehoach lập ngày {show(today())}; phiên bản biểu mẫu {FORM_VERSION}."]
    sheet.column_dimensions["A"].width = 110
    for i, text in enumerate(lines, start=1):
        cell = sheet.cell(row=i, column=1)
        text_cell(cell, text)
        cell.alignment = wrapped()
    from openpyxl.styles import Font

    sheet.cell(row=1, column=1).font = Font(bold=True, size=13)
    a4(sheet, landscape=False)


def _marker(sheet: Any, form: FormContent, key: Key) -> None:
    tasks = ",".join(str(r.task) for r in form.rows if r.duty is None)
    duties = ",".join(r.duty for r in form.rows if r.duty is not None)
    signature = form_signature(key.secret, form.plan_title, form.year, form.agency.id, tasks, duties)
    values = (FORM_VERSION, form.year, form.agency.id, tasks, duties, key.id, signature, form.plan)
    for i, (name, value) in enumerate(zip(MARKER_ROWS, values, strict=True), start=1):
        sheet.cell(row=i, column=1).value = name
        sheet.cell(row=i, column=2).value = value
    for i, label in enumerate(form.statuses, start=1):  # the drop-down's list (formula1 points here)
        cell = sheet.cell(row=i, column=STATUS_COLUMN)
        cell.value = label
        cell.data_type = "s"  # a label is text, even one that starts with "="
    sheet.sheet_state = "veryHidden"
    sheet.protection.sheet = True


def write_forms(
    plan: Plan, year: int, who: Agency | None, *, every: bool, output: str | os.PathLike[str]
) -> tuple[int, str]:
    """The forms of `who` (a group: one per member) or of every agency that must report, each built
    before any is written; `output` is the .xlsx of one agency or the folder of many. (count, where)."""
    from pathlib import Path

    from kehoach.answer.forms import form_agencies, form_file_name
    from kehoach.answer.status import check_year
    from kehoach.errors import UsageError
    from kehoach.files.atomic import check_parent, make_folder, write_atomic

    check_year(plan, year)
    chosen = form_agencies(plan, year, who)
    path = Path(output)
    single = len(chosen) == 1 and not every and not (who is not None and who.is_group)
    if single and path.suffix.lower() != ".xlsx":
        if path.is_dir():
            path = path / form_file_name(year, chosen[0])
        else:
            raise UsageError(f"-o phải là tệp .xlsx hoặc một thư mục có sẵn, không phải «{path}».")
    if not single:
        if path.suffix.lower() == ".xlsx":
            raise UsageError("Nhiều biểu mẫu: -o phải là một thư mục (mỗi cơ quan một tệp).")
        make_folder(path)
    else:
        check_parent(path)
    from kehoach.files.formkey import signing_key

    key = signing_key()
    books = [
        form_workbook(form_content(plan, year, found), key) for found in chosen
    ]  # all built, then written
    for found, book in zip(chosen, books, strict=True):
        write_atomic(path if single else path / form_file_name(year, found), book)
    return len(chosen), str(path) if single else f"{path}/ ({len(chosen)} tệp)"
