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

from kehoach import versioned
from kehoach.answer.listing import Listing
from kehoach.escape import cell_text, md_cell, md_text, safe_cell, visible

FORMATS = ("text", "json", "csv", "md")


def render(listing: Listing, fmt: str, echo: Callable[..., None] | None = None) -> None:
    """Print `listing` in `fmt` (text | json | csv | md)."""
    out = echo or _echo
    if fmt == "json":
        _notes_to_stderr(listing)
        data = (
            listing.data if listing.data is not None else {"rows": [_plain(listing, r) for r in listing.rows]}
        )
        out(json.dumps(versioned(data), ensure_ascii=False, indent=2, default=str))
    elif fmt == "csv":
        _notes_to_stderr(listing)
        out(to_csv(listing), nl=False)
    elif fmt == "md":
        out(to_markdown(listing))
    else:
        from kehoach.show.table import render_text

        out(render_text(listing), nl=False)


def _echo(text: str, nl: bool = True) -> None:
    sys.stdout.write(text + ("\n" if nl else ""))


def _notes_to_stderr(listing: Listing) -> None:
    for note in listing.notes:
        sys.stderr.write(visible(note) + "\n")


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
