"""One way to print what a command answers: a table, JSON, CSV, Markdown or Excel.

A command builds a `Listing` (columns, rows, the JSON it promises, and notes);
`render` prints it, or writes it to a file (`-o`), in the format asked for.
Tables follow the terminal (NO_COLOR, width); CSV opens in Excel (UTF-8 with BOM;
`csv-semicolon` for Excel set to Vietnamese, which expects `;`) and cannot run
formulas; Markdown pastes into documents; Excel (.xlsx) has typed cells; JSON is
the documented contract.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable

from kehoach.answer.listing import Column, Listing, shown
from kehoach.errors import UsageError
from kehoach.escape import cell_text, md_cell, md_text, safe_cell
from kehoach.labels import MARK
from kehoach.show.jsondoc import json_document
from kehoach.terminal import tell
from kehoach.tuples import Any

FORMATS = ("text", "json", "csv", "csv-semicolon", "md", "xlsx")
# the format an output file's extension asks for
SUFFIXES = {
    ".txt": "text",
    ".json": "json",
    ".csv": "csv",
    ".md": "md",
    ".markdown": "md",
    ".xlsx": "xlsx",
}


REPORT_FORMATS = ("md", "docx", "pdf")
REPORT_SUFFIXES = {".md": "md", ".markdown": "md", ".docx": "docx", ".pdf": "pdf"}


def output_format(
    fmt: str | None,
    output: str | os.PathLike[str] | None,
    formats: tuple[str, ...] = FORMATS,
    suffixes: dict[str, str] = SUFFIXES,
    files_only: tuple[str, ...] = ("xlsx",),
) -> str:
    """The format to write: as asked, else from the extension of `-o`, else the first of `formats`.

    A format that contradicts the extension (`--format csv -o x.xlsx`) is refused,
    and so is a binary format without a file (Excel, Word and PDF are not text for
    a terminal). Listings use the defaults; the report passes REPORT_FORMATS.
    """
    implied = suffixes.get(os.path.splitext(os.fspath(output))[1].lower()) if output is not None else None
    if fmt is None:
        fmt = implied or formats[0]
    elif implied is not None and implied != fmt and not (fmt == "csv-semicolon" and implied == "csv"):
        raise UsageError(
            f"--format {fmt} không khớp đuôi tệp «{output}» ({implied}); hãy đổi đuôi tệp hoặc --format."
        )
    if fmt not in formats:
        raise UsageError(f"Giá trị không hợp lệ cho --format: «{fmt}». Chọn một trong: {', '.join(formats)}.")
    if fmt in files_only and output is None:
        raise UsageError(f"--format {fmt} cần -o TỆP.{fmt} (tệp này không in ra màn hình).")
    return fmt


def render(
    listing: Listing,
    fmt: str,
    echo: Callable[..., None] | None = None,
    output: str | os.PathLike[str] | None = None,
) -> None:
    """Print `listing` in `fmt`, or write it to `output` (atomically) and say so on stderr; every mention
    of an unconfirmed body marked (show/marks.py)."""
    from kehoach.show.marks import marked

    listing = marked(listing)
    if output is not None:
        from pathlib import Path

        from kehoach.files.atomic import check_parent, write_atomic

        output = Path(output)
        if fmt in ("json", "csv", "csv-semicolon"):
            _notes_to_stderr(listing)
        check_parent(output)
        write_atomic(output, content(listing, fmt))
        tell(f"Đã ghi {output}")
        return
    out = echo or _echo
    if fmt in ("json", "csv", "csv-semicolon"):
        _notes_to_stderr(listing)
    out(str(content(listing, fmt)), nl=fmt == "json" or fmt == "md")


def content(listing: Listing, fmt: str) -> str | bytes:
    """`listing` as the whole text (or, for xlsx, the bytes) of a file in `fmt` (unconfirmed bodies
    marked: show/marks.py)."""
    from kehoach.show.marks import marked

    listing = marked(listing)
    if fmt == "json":
        data = (
            listing.data if listing.data is not None else {"rows": [_plain(listing, r) for r in listing.rows]}
        )
        return json_document(data)
    if fmt in ("csv", "csv-semicolon"):
        return to_csv(listing, ";" if fmt == "csv-semicolon" else ",")
    if fmt == "md":
        return to_markdown(listing)
    if fmt == "xlsx":
        from kehoach.show.xlsx import listing_workbook

        return listing_workbook(listing)
    from kehoach.show.table import render_text

    return render_text(listing)


def _echo(text: str, nl: bool = True) -> None:
    from kehoach.terminal import say

    say(text, "\n" if nl else "")


def _notes_to_stderr(listing: Listing) -> None:
    """What qualifies a machine-readable answer, said beside it (the rest of the notes is its heading,
    which the JSON carries as data)."""
    for note in listing.caveats:
        tell(note)


def _plain(listing: Listing, row: dict[str, Any]) -> dict[str, Any]:
    return {c.key: row.get(c.key) for c in listing.columns}


# --- CSV -------------------------------------------------------------------------


def to_csv(listing: Listing, delimiter: str = ",") -> str:
    """UTF-8 with a BOM (so Excel shows Vietnamese), formula-safe cells.

    The main table first (one header row); then each further table (the standing
    duties of `tasks --agency`, the consolidated report of `status`) after an
    empty row, with its title and header; then the legend (matrix) after an empty row.
    """
    buffer = io.StringIO()
    import csv

    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    _csv_table(writer, listing)
    for section in listing.sections:
        writer.writerow([])
        writer.writerow([safe_cell(section.title or "")])
        _csv_table(writer, section)
    if listing.footer:
        writer.writerow([])
        for line in listing.footer:
            writer.writerow([safe_cell(line)])
    return "\ufeff" + buffer.getvalue()


def _csv_table(writer: Any, listing: Listing) -> None:
    columns = shown(listing.columns, machine=True)
    writer.writerow([c.header for c in columns])
    for row in listing.rows:
        writer.writerow([safe_cell(cell_text(row.get(c.key))) for c in columns])


# --- Markdown --------------------------------------------------------------------


def to_markdown(listing: Listing, level: int = 2) -> str:
    parts: list[str] = []
    columns: list[Column] = shown(listing.columns, machine=False)
    if listing.title:
        parts.append(f"{'#' * level} {md_cell(listing.title)}\n")
    parts += [f"{md_text(note)}\n" for note in listing.notes]
    if listing.rows:
        parts.append("| " + " | ".join(md_cell(c.header) for c in columns) + " |")
        parts.append("|" + "|".join(" ---: " if c.justify == "right" else " --- " for c in columns) + "|")
        for row in listing.rows:
            parts.append("| " + " | ".join(md_cell(row.get(c.key)) for c in columns) + " |")
    else:
        parts.append(listing.empty)
    marked = [line for line in listing.footer if line.startswith(MARK)]  # show/marks.py: one paragraph each
    footer = [line for line in listing.footer if not line.startswith(MARK)]
    if footer:  # the legend, then what each short name stands for: data, escaped like every cell
        legend, *names = footer
        parts += ["", md_text(legend)]
        if names:
            parts += ["", *(f"- {md_text(name)}" for name in names)]
    for line in marked:
        parts += ["", md_text(line)]
    text = "\n".join(parts)
    for section in listing.sections:
        text += "\n\n" + to_markdown(section, level + 1)
    return text
