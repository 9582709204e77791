"""What a command answers, before it is shown: columns, rows, the JSON it promises, notes.

`show.formats` prints a Listing as a table, JSON, CSV or Markdown.
"""

from __future__ import annotations

from kehoach.tuples import Any, NamedTuple


class Column(NamedTuple):
    key: str
    header: str
    shorten: int | None = None  # in tables, cut longer text at a word, with "…"
    justify: str = "left"
    no_wrap: bool = False  # in tables, keep on one line (short codes, names in a matrix)
    min_width: int | None = None
    kind: str = "text"  # text | int | date ("dd/mm/yyyy"): a spreadsheet gets the typed value
    only: str | None = None  # "text": tables and Markdown only; "data": CSV and Excel only


def shown(columns: list[Column], machine: bool) -> list[Column]:
    """The columns a person reads (tables, Markdown) or a spreadsheet gets (CSV, Excel)."""
    hidden = "text" if machine else "data"
    return [c for c in columns if c.only != hidden]


class Listing:
    """What a command answers: columns, rows, the JSON it promises, and what to say around it."""

    def __init__(
        self,
        columns: list[Column],
        rows: list[dict[str, Any]],
        *,
        title: str | None = None,
        data: Any = None,
        notes: list[str] | None = None,
        footer: list[str] | None = None,
        empty: str = "Không có kết quả.",
        compact: bool = False,
        caveats: list[str] | None = None,
    ) -> None:
        self.columns = columns
        self.rows = rows
        self.title = title
        self.data = data  # the JSON contract; default: rows keyed by column
        self.notes = notes or []  # above the table
        # The notes that qualify the answer (how a name was read, who carries an ended agency's work, a
        # group reading): the only ones on stderr for json and csv; by default every note
        self.caveats = self.notes if caveats is None else caveats
        # Names the roster marks unconfirmed on the answer's date -> what is unconfirmed: every format
        # marks each mention (show/marks.py); set by `unconfirmed_marks`
        self.marks: dict[str, str] = {}
        self.footer = footer or []  # below the table (table and md only)
        self.sections: list[Listing] = []  # more tables (table and md only)
        self.empty = empty
        self.compact = compact  # in tables, one space between columns (wide matrices)
        # (column key, value -> heading): in text, one table per value of that column, each under its
        # heading and without the column (a plan per table across plans); other formats stay flat
        self.groups: tuple[str, dict[str, str]] | None = None
