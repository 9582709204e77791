"""One way to print what a command answers: a table, JSON, CSV or Markdown.

A command builds a `Listing` (columns, rows, the JSON it promises, and notes);
`render` prints it in the format asked for. Tables use rich and follow the
terminal (NO_COLOR, width); CSV opens in Excel (UTF-8 with BOM) and cannot run
formulas; Markdown pastes into documents; JSON is the documented contract.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Callable
from typing import Any

from kehoach.answer.listing import Listing
from kehoach.escape import cell_text, md_cell, md_text, safe_cell

FORMATS = ("table", "json", "csv", "md")


def render(listing: Listing, fmt: str, echo: Callable[..., None] | None = None) -> None:
    """Print `listing` in `fmt` (table | json | csv | md)."""
    out = echo or _echo
    if fmt == "json":
        _notes_to_stderr(listing)
        data = listing.data if listing.data is not None else [_plain(listing, row) for row in listing.rows]
        out(json.dumps(data, ensure_ascii=False, indent=2, default=str))
    elif fmt == "csv":
        _notes_to_stderr(listing)
        out(to_csv(listing), nl=False)
    elif fmt == "md":
        out(to_markdown(listing))
    else:
        _table(listing)


def _echo(text: str, nl: bool = True) -> None:
    sys.stdout.write(text + ("\n" if nl else ""))


def _notes_to_stderr(listing: Listing) -> None:
    for note in listing.notes:
        sys.stderr.write(note + "\n")


def _plain(listing: Listing, row: dict[str, Any]) -> dict[str, Any]:
    return {c.key: row.get(c.key) for c in listing.columns}


# --- CSV -------------------------------------------------------------------------


def to_csv(listing: Listing) -> str:
    """UTF-8 with a BOM (so Excel shows Vietnamese), one header row, formula-safe cells."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([c.header for c in listing.columns])
    for row in listing.rows:
        writer.writerow([safe_cell(cell_text(row.get(c.key))) for c in listing.columns])
    return "\ufeff" + buffer.getvalue()


# --- Markdown --------------------------------------------------------------------


def to_markdown(listing: Listing, level: int = 2) -> str:
    parts: list[str] = []
    if listing.title:
        parts.append(f"{'#' * level} {md_cell(listing.title)}\n")
    parts += [f"{md_text(note)}\n" for note in listing.notes]
    if listing.rows:
        parts.append("| " + " | ".join(md_cell(c.header) for c in listing.columns) + " |")
        parts.append(
            "|" + "|".join(" ---: " if c.justify == "right" else " --- " for c in listing.columns) + "|"
        )
        for row in listing.rows:
            parts.append("| " + " | ".join(md_cell(row.get(c.key)) for c in listing.columns) + " |")
    else:
        parts.append(listing.empty)
    if listing.footer:
        parts.append("")
        parts += listing.footer
    text = "\n".join(parts)
    for section in listing.sections:
        text += "\n\n" + to_markdown(section, level + 1)
    return text


# --- table (rich) ----------------------------------------------------------------


def shorten(text: str, width: int) -> str:
    """`text` cut at a word to at most `width` characters, with "…" when cut."""
    if len(text) <= width:
        return text
    cut = text[: width - 1].rsplit(" ", 1)[0].rstrip(",;:.-– ")
    return cut + "…"


def _table(listing: Listing) -> None:
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(highlight=False, soft_wrap=False, emoji=False)  # data like ":x:" stays as written
    for note in listing.notes:
        console.print(note, markup=False)
    if listing.notes:
        console.print()
    if listing.rows:
        table = Table(
            title=Text(listing.title) if listing.title else None,
            box=box.SIMPLE_HEAD,
            title_justify="left",
            show_lines=False,
            header_style="bold",
            pad_edge=False,
            padding=(0, 0) if listing.compact else (0, 1),
        )
        for column in listing.columns:
            table.add_column(
                column.header,
                justify=column.justify,  # type: ignore[arg-type]
                overflow="fold",
                no_wrap=column.no_wrap,
                min_width=column.min_width,
            )
        for row in listing.rows:
            cells = []
            for column in listing.columns:
                text = cell_text(row.get(column.key))
                cells.append(Text(shorten(text, column.shorten) if column.shorten else text))  # no markup
            table.add_row(*cells)
        console.print(table)
    else:
        if listing.title:
            console.print(listing.title, markup=False, style="bold")
        console.print(listing.empty, markup=False)
    for line in listing.footer:
        console.print(line, markup=False)
    for section in listing.sections:
        console.print()
        _table(section)
