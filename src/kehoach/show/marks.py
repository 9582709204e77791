"""One rule for unconfirmed facts, applied where every listing is rendered, not by each answer.

Wherever a listing names a body that the roster marks unconfirmed on the answer's date (Thanh tra
Thành phố from 01/07/2025, Trung tâm Xúc tiến from 01/03/2025), the reader sees it on that line: the
name is followed by MARK, and the legend under the table says what is unconfirmed and since when. In
CSV and Excel each row also gets a column naming the unconfirmed bodies it mentions; in JSON the
document lists them (`unconfirmed`). The answer layer only says which names carry a mark on its date
(`Listing.marks`); this module puts the marks on every cell, note and title of every format.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from kehoach.answer.listing import Column, Listing
from kehoach.answer.queries import MARK, unconfirmed_line
from kehoach.tuples import Any

COLUMN = "unconfirmed"
COLUMN_HEADER = "Chưa xác nhận"


def marked(listing: Listing) -> Listing:
    """A copy of `listing` with every mention of a name in `listing.marks` marked, the legend added, and
    (for machines) a column naming them per row and `unconfirmed` in its JSON; `listing` itself when it
    has no marks (or was marked already)."""
    marks: Mapping[str, str] = getattr(listing, "marks", None) or {}
    if not marks or getattr(listing, "is_marked", False):
        return listing
    names = sorted(marks, key=len, reverse=True)  # "… thành phố Hà Nội" before a shorter name inside it
    seen: dict[str, None] = {}

    def mark(value: Any) -> Any:
        return mark_text(value, names, seen)

    copy = _copy(listing, mark, seen, names)
    if isinstance(listing.data, dict):  # always there, so that a program reads one shape
        copy.data = {**listing.data, "unconfirmed": [{"name": n, "note": marks[n]} for n in seen]}
    copy.footer = [*copy.footer, *legend(marks, seen)]
    copy.is_marked = True  # type: ignore[attr-defined]  # marked once: render and content both ask
    return copy


class PageMarks:
    """The rule for a site's pages: every `{{ … }}` a template outputs goes through `finalize` (jinja2's
    hook for each expression), which marks the names; `legend_html` is what the page then says of them."""

    def __init__(self, marks: Mapping[str, str]) -> None:
        self.marks = dict(marks)
        self.names = sorted(self.marks, key=len, reverse=True)
        self.seen: dict[str, None] = {}

    def finalize(self, value: Any) -> Any:
        text = mark_text(value, self.names, self.seen)
        if text is value or type(value) is str:
            return text
        return type(value)(text)  # Markup stays Markup (a mark is plain text: nothing to escape)

    def legend_html(self) -> str:
        """The page's legend (escaped), then forget what was seen: one page at a time."""
        from html import escape

        lines = legend(self.marks, list(self.seen))
        self.seen = {}
        return "".join(f'<p class="unconfirmed">{escape(line)}</p>' for line in lines)


def legend(marks: Mapping[str, str], names: Mapping[str, None] | list[str]) -> list[str]:
    """The lines that say what each mark means: "† Thanh tra Thành phố — chưa xác nhận (từ …): …"; a
    body named two ways (its short name in a matrix, its name in a note) on one line."""
    by_note: dict[str, list[str]] = {}
    for name in names:
        by_note.setdefault(marks[name], []).append(name)
    return [unconfirmed_line(", ".join(shown), note) for note, shown in by_note.items()]


def mark_text(value: Any, names: Sequence[str], seen: dict[str, None]) -> Any:
    """`value` with MARK after each mention of `names` (noted in `seen`); anything else as it is."""
    if not names or not isinstance(value, str):
        return value
    spans = mentions(value, names)
    if not spans:
        return value
    out, last = [], 0
    for start, end in spans:
        seen[value[start:end]] = None
        out.append(value[last:end])
        last = end
        if not value.startswith(MARK, end):
            out.append(MARK)
    out.append(value[last:])
    return "".join(out)


def mentions(text: str, names: Sequence[str]) -> list[tuple[int, int]]:
    """Where `names` (longest first) occur in `text`, without overlaps, in order (no `re`: a query does
    not load it)."""
    taken: list[tuple[int, int]] = []
    for name in names:
        at = text.find(name)
        while at >= 0:
            end = at + len(name)
            if not any(s < end and at < e for s, e in taken):
                taken.append((at, end))
            at = text.find(name, end)
    return sorted(taken)


def _copy(listing: Listing, mark: Any, seen: dict[str, None], names: Sequence[str]) -> Listing:
    rows = []
    for row in listing.rows:
        found = {v[s:e] for v in row.values() if isinstance(v, str) for s, e in mentions(v, names)}
        row_names = sorted(found)
        new = {key: mark(value) for key, value in row.items()}
        new[COLUMN] = "; ".join(row_names)
        rows.append(new)
    columns = list(listing.columns)
    if any(row[COLUMN] for row in rows) and not any(c.key == COLUMN for c in columns):
        columns.append(Column(COLUMN, COLUMN_HEADER, only="data"))
    copy = Listing(
        columns,
        rows,
        title=mark(listing.title),
        data=listing.data,
        notes=[mark(n) for n in listing.notes],
        footer=[mark(n) for n in listing.footer],
        empty=listing.empty,
        compact=listing.compact,
        caveats=[mark(n) for n in listing.caveats],
    )
    copy.sections = [_copy(s, mark, seen, names) for s in listing.sections]
    copy.marks = listing.marks
    if listing.groups is not None:
        key, titles = listing.groups
        copy.groups = (key, {value: mark(title) for value, title in titles.items()})
    return copy
