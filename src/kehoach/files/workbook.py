"""Opening an Excel file that came from outside: checked before openpyxl reads it.

A filled form arrives by e-mail from another agency: it may be a macro-enabled
file renamed, an archive that expands to gigabytes, or not a workbook at all.
`open_workbook` reads only regular .xlsx files of at most MAX_FILE bytes whose zip
directory is small and sane (at most MAX_MEMBERS entries, MAX_EXPANDED bytes once
expanded, no member more than MAX_RATIO times its compressed size, no VBA project,
no external links), and whose every XML part reads safely (files/sheetxml.py: no DTD,
well-formed, every cell of every sheet as openpyxl will read it); only then does
openpyxl open it, read-only, values as written (formulas stay visible as formulas,
so they can be refused). `read_cells` reads a sheet's area into plain values at
once, so that nothing of openpyxl's lazy reading happens later. Every refusal is a
`WorkbookError` naming the file, and the sheet and cell where there is one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kehoach.files.archive import ArchiveError, open_archive

REQUIRED = ("[content_types].xml", "xl/workbook.xml")
WorkbookError = ArchiveError  # a file that is not a workbook kehoach will read, and why


class Formula(str):
    """A cell holding a formula (its text, "=…"): refused where an answer is expected."""


def read_cells(path: Path | str, book: Any, sheet: str, max_row: int, max_col: int) -> dict[str, Any]:
    """The non-empty cells of `sheet` up to `max_row` × `max_col` as {"C12": value}, formulas as `Formula`.

    Read at once: openpyxl parses a read-only sheet only now, and whatever it raises on a
    part that passed `check_parts` still becomes a WorkbookError naming the sheet."""
    found: dict[str, Any] = {}
    try:
        for row in book[sheet].iter_rows(min_row=1, max_row=max_row, max_col=max_col):
            for cell in row:
                if getattr(cell, "value", None) is None:
                    continue
                ref = f"{cell.column_letter}{cell.row}"
                found[ref] = Formula(cell.value) if cell.data_type == "f" else cell.value
    except Exception as exc:  # openpyxl's lazy reader: any failure means "this sheet cannot be read"
        raise WorkbookError(
            path,
            f"{sheet}: trang tính hỏng, không đọc được ({type(exc).__name__}); hãy mở bằng Excel, "
            "lưu lại rồi gửi lại.",
        ) from None
    return found


def open_workbook(path: Path) -> Any:
    """The workbook at `path`, opened read-only after the checks above."""
    suffix = path.suffix.lower()
    if suffix in (".xlsm", ".xltm", ".xlam"):
        raise WorkbookError(path, "tệp Excel có macro (.xlsm) không được nhận; hãy lưu lại dạng .xlsx.")
    if suffix in (".xls", ".ods", ".csv"):
        raise WorkbookError(path, f"định dạng {suffix} không được nhận; hãy lưu lại dạng Excel .xlsx.")
    if suffix != ".xlsx":
        raise WorkbookError(path, "không phải tệp Excel .xlsx.")
    archive = open_archive(path, "Excel .xlsx", REQUIRED, links=("xl/externallinks/",))
    from kehoach.files.sheetxml import XmlProblem, check_parts

    try:
        check_parts(archive)
    except XmlProblem as problem:
        raise WorkbookError(path, str(problem)) from None  # "Báo cáo!E14: …"
    try:
        from openpyxl import load_workbook

        buffer = archive.fp
        assert buffer is not None
        buffer.seek(0)
        return load_workbook(buffer, read_only=True, data_only=False, keep_links=False, keep_vba=False)
    except Exception as exc:  # openpyxl raises many kinds on a malformed file; all mean "cannot read"
        raise WorkbookError(path, f"tệp Excel hỏng, không đọc được ({type(exc).__name__}).") from None
