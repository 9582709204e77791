"""Listings as Excel workbooks (.xlsx, openpyxl): what staff sort, filter and print.

One sheet per table (the main one, then e.g. the standing duties or the
consolidated report), and a "Ghi chú" sheet with the notes and the legend. Every
table sheet has a bold header row that stays in view (frozen) and repeats on each
printed page, wrapped text, column widths from the content, an autofilter, and
A4 print setup (landscape when wide, fitted to the page width). Cells are typed:
dates are dates (dd/mm/yyyy), numbers are numbers, and text is always text —
never a formula, whatever it starts with.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from copy import copy
from typing import Any

from kehoach.answer.listing import Column, Listing, shown
from kehoach.escape import cell_text, visible

DATE_FORMAT = "DD/MM/YYYY"
_DAY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})\Z")
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")


def listing_workbook(listing: Listing) -> bytes:
    """The .xlsx bytes of `listing`."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    used: set[str] = set()
    fill_table(sheet, listing, sheet_name(listing.title or "Bảng", used))
    for section in listing.sections:
        fill_table(book.create_sheet(), section, sheet_name(section.title or "Bảng", used))
    lines = [*listing.notes, *([""] if listing.notes and listing.footer else []), *listing.footer]
    if lines:
        notes = book.create_sheet(sheet_name("Ghi chú" if not listing.footer else "Chú giải", used))
        notes.column_dimensions["A"].width = 110
        for i, line in enumerate(lines, start=1):
            text_cell(notes.cell(row=i, column=1), line)
            notes.cell(row=i, column=1).alignment = wrapped()
        a4(notes, landscape=False)
    return save(book)


def save(book: Any) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def sheet_name(title: str, used: set[str]) -> str:
    """A valid, unique sheet name (at most 31 characters, none of []:*?/\\)."""
    base = _SHEET_NAME_BAD.sub(" ", visible(title)).strip()[:31] or "Bảng"
    name, n = base, 2
    while name.casefold() in used:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(name.casefold())
    return name


def fill_table(sheet: Any, listing: Listing, title: str) -> None:
    """One table on `sheet`: header row, typed rows, widths, filter, frozen header, print setup."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet.title = title
    columns = shown(listing.columns, machine=True)
    bold = Font(bold=True)
    for j, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=j)
        text_cell(cell, column.header)
        cell.font = bold
        cell.alignment = wrapped()
    widths = [len(c.header) for c in columns]
    models: dict[bool, Any] = {}  # the first styled body cell, plain and dated: the others copy it
    for i, row in enumerate(listing.rows, start=2):
        for j, column in enumerate(columns, start=1):
            cell = sheet.cell(row=i, column=j)
            value = typed(column, row.get(column.key))
            if isinstance(value, str):
                text_cell(cell, value)
                widths[j - 1] = max(widths[j - 1], min(len(value), 80))
            else:
                cell.value = value
                widths[j - 1] = max(widths[j - 1], 11)
            dated = isinstance(value, dt.date)
            if dated in models:
                stamp(cell, models[dated])
            else:
                cell.alignment = wrapped()
                if dated:
                    cell.number_format = DATE_FORMAT
                models[dated] = cell
    final = [max(8, min(width + 2, 60)) for width in widths]
    for j, width in enumerate(final, start=1):
        sheet.column_dimensions[get_column_letter(j)].width = width
    for i, row in enumerate(listing.rows, start=2):
        fit_height(sheet, i, [(cell_text(row.get(c.key)), w) for c, w in zip(columns, final, strict=True)])
    last = get_column_letter(max(len(columns), 1))
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{last}{max(len(listing.rows) + 1, 1)}"
    sheet.print_title_rows = "1:1"
    a4(sheet, landscape=sum(min(w + 2, 60) for w in widths) > 100)


def fit_height(sheet: Any, row: int, cells: list[tuple[str, float]]) -> None:
    """Make row `row` tall enough for its wrapped text (spreadsheets do not grow rows openpyxl wrote).

    `cells` are (text, column width in characters); about 15 points a line at 11 points.
    """
    lines = 1
    for text, width in cells:
        per_line = max(int(width * 1.1) - 1, 1)
        lines = max(lines, sum(-(-max(len(part), 1) // per_line) for part in text.split("\n")))
    if lines > 1:
        sheet.row_dimensions[row].height = min(15 * lines, 409)  # 409 points: the most a row can be


def typed(column: Column, value: Any) -> Any:
    """The cell value of `value` in `column`: a date, an int, or text."""
    if value is None or value == "":
        return None
    if column.kind == "date":
        if isinstance(value, dt.date):
            return value
        match = _DAY.match(str(value))
        if match:
            day, month, year = map(int, match.groups())
            try:
                return dt.date(year, month, day)
            except ValueError:
                pass
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return cell_text(value)


def text_cell(cell: Any, text: str) -> None:
    """Text that stays text: control characters made visible, never a formula."""
    cell.value = visible(text)
    cell.data_type = "s"  # openpyxl would read a leading "=" as a formula


def stamp(cell: Any, model: Any) -> None:
    """Give `cell` the whole style of `model`, a cell of the same workbook.

    Setting font, alignment, border... cell by cell makes openpyxl hash each style object again: most of
    the time of a 2,000-row sheet. A cell's style is a small array of indexes into the workbook's style
    lists, so copying it from an already styled cell is exact and costs nothing."""
    cell._style = copy(model._style)


def wrapped() -> Any:
    from openpyxl.styles import Alignment

    return Alignment(wrap_text=True, vertical="top")


def a4(sheet: Any, landscape: bool) -> None:
    """A4, fitted to the page width, margins of about 2 cm."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins.left = sheet.page_margins.right = 0.6
    sheet.page_margins.top = sheet.page_margins.bottom = 0.75
