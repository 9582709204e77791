"""A Listing as a plain-text table that fits the terminal and never hides a column.

Columns take their natural width when the table fits; otherwise the widest
wrappable columns give way down to their longest word, and when even that does
not fit (a wide matrix on a narrow terminal) the table is split into parts that
each repeat the first column and say which columns they hold. Text from the
data is shown with control characters made visible, so it cannot drive the
terminal. (rich laid tables out before: 45 ms to import and ~0.3 ms a row, more
than a query's whole budget; this is a few milliseconds for the whole roster.)
"""

from __future__ import annotations

import functools
import os
import unicodedata
from collections.abc import Iterator

from kehoach.answer.listing import Column, Listing
from kehoach.answer.listing import shown as shown_columns
from kehoach.escape import cell_text, visible
from kehoach.text import shorten
from kehoach.tuples import Any

RULE = "─"
# Outside Latin (U+0000–U+02FF) and Latin Extended Additional (Vietnamese, U+1E00–U+1EFF) a character may
# be combining (no cell) or wide (two cells); inside, each is one cell.
_PLAIN = frozenset(map(chr, (*range(0x300), *range(0x1E00, 0x1F00))))


def terminal_width() -> int:
    """COLUMNS when set, else the terminal's width, else 80; never below 20."""
    try:
        columns = int(os.environ.get("COLUMNS", "0")) or os.get_terminal_size().columns
    except (OSError, ValueError):
        columns = 80
    return max(columns, 20)


def width_of(text: str) -> int:
    """Terminal cells `text` takes (wide East Asian characters take two; combining marks none)."""
    if text.isascii() or _PLAIN.issuperset(text):
        return len(text)
    return _wide_width(text)


@functools.lru_cache(maxsize=4096)
def _wide_width(text: str) -> int:
    return sum(
        0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        for ch in text
    )


def render_text(listing: Listing, width: int | None = None) -> str:
    """The listing as the terminal shows it: notes, title, table (in parts when needed), footer."""
    width = width or terminal_width()
    notes = listing.notes
    if listing.groups is not None:  # a legend line that is a table's heading is said there, not twice
        headings = set(listing.groups[1].values())
        notes = [note for note in notes if note not in headings]
    lines = [line for note in notes for line in _lines(visible(note), width)]
    if notes:
        lines.append("")
    if listing.title:
        lines += _lines(visible(listing.title), width)
        lines.append("")
    if listing.rows and listing.groups is not None:
        lines += _grouped(listing, *listing.groups, width)
    elif listing.rows:
        lines += _table(listing, width)
    else:
        lines.append(visible(listing.empty))
    if listing.footer:
        lines.append("")
    for note in listing.footer:
        lines += _lines(visible(note), width)
    text = "\n".join(lines) + "\n"
    for section in listing.sections:
        text += "\n" + render_text(section, width)
    return text


def _grouped(listing: Listing, key: str, titles: dict[str, str], width: int) -> list[str]:
    """One table per value of column `key` (in the order rows first show it), under its heading: the
    column itself is left out, so the others, the content first, have its room."""
    buckets: dict[Any, list[dict[str, Any]]] = {}
    for row in listing.rows:
        buckets.setdefault(row.get(key), []).append(row)
    columns = [c for c in listing.columns if c.key != key]
    lines: list[str] = []
    for value, rows in buckets.items():
        if lines:
            lines.append("")
        lines += _lines(visible(titles.get(value) or cell_text(value)), width)
        lines.append("")
        lines += _table(Listing(columns, rows, compact=listing.compact), width)
    return lines


def _lines(text: str, width: int) -> list[str]:
    if " ".join(text.split()) == text:
        return wrap_words(text, width) or [""]
    import textwrap

    return textwrap.wrap(text, width, break_long_words=True, break_on_hyphens=False) or [""]


def _cells(listing: Listing) -> list[list[str]]:
    rows = []
    for row in listing.rows:
        cells = []
        for column in shown_columns(listing.columns, machine=False):
            text = " ".join(visible(cell_text(row.get(column.key))).split())
            cells.append(shorten(text, column.shorten) if column.shorten else text)
        rows.append(cells)
    return rows


def _table(listing: Listing, width: int) -> list[str]:
    columns = shown_columns(listing.columns, machine=False)
    rows = _cells(listing)
    gap = 1 if listing.compact else 2
    natural = [
        max([width_of(c.header), *(width_of(r[i]) for r in rows)], default=1) for i, c in enumerate(columns)
    ]
    if sum(natural) + gap * (len(natural) - 1) <= width:
        minimum = natural  # it fits as it is: nothing wraps, no part is needed
    else:
        minimum = [
            natural[i]
            if c.no_wrap
            else max([_longest_word(c.header), *(_longest_word(r[i]) for r in rows), 1])
            for i, c in enumerate(columns)
        ]
        minimum = [max(m, c.min_width or 0) for m, c in zip(minimum, columns, strict=True)]
    parts = list(_parts(natural, minimum, width, gap))
    lines: list[str] = []
    for n, part in enumerate(parts):
        widths = _fit([natural[i] for i in part], [minimum[i] for i in part], width - gap * (len(part) - 1))
        if len(parts) > 1:
            shown = ", ".join(columns[i].header for i in part[1:])
            lines += _lines(f"(phần {n + 1}/{len(parts)} của bảng — cột {shown})", width)
        lines += _block([columns[i] for i in part], [[r[i] for i in part] for r in rows], widths, gap)
        if n + 1 < len(parts):
            lines.append("")
    return lines


def _longest_word(text: str) -> int:
    return max((width_of(word) for word in text.split()), default=0)


def _parts(natural: list[int], minimum: list[int], width: int, gap: int) -> Iterator[list[int]]:
    """Column indices of each part: all of them when they fit, else the first column and as many
    others as fit beside it, part after part (no column is ever left out)."""
    if sum(minimum) + gap * (len(minimum) - 1) <= width or len(minimum) <= 1:
        yield list(range(len(minimum)))
        return
    part = [0]
    used = minimum[0]
    for i in range(1, len(minimum)):
        if len(part) > 1 and used + gap + minimum[i] > width:
            yield part
            part, used = [0], minimum[0]
        part.append(i)
        used += gap + minimum[i]
    yield part


def _fit(natural: list[int], minimum: list[int], room: int) -> list[int]:
    """Natural widths when they fit in `room`; else the widest columns shrink, none below its minimum."""
    widths = list(natural)
    while sum(widths) > room:
        candidates = [i for i, w in enumerate(widths) if w > minimum[i]]
        if not candidates:
            break
        widest = max(candidates, key=lambda i: widths[i])
        others = [widths[i] for i in candidates if i != widest]
        target = max(max(others, default=minimum[widest]), minimum[widest])
        excess = sum(widths) - room
        widths[widest] = max(minimum[widest], min(widths[widest] - 1, max(target, widths[widest] - excess)))
    return widths


def _block(columns: list[Column], rows: list[list[str]], widths: list[int], gap: int) -> list[str]:
    sep = " " * gap
    lines = _row([c.header for c in columns], columns, widths, sep)
    lines.append(sep.join(RULE * w for w in widths).rstrip())
    for row in rows:
        lines += _row(row, columns, widths, sep)
    return lines


def _row(cells: list[str], columns: list[Column], widths: list[int], sep: str) -> list[str]:
    wrapped = [_wrap(text, w) for text, w in zip(cells, widths, strict=True)]
    height = max(len(w) for w in wrapped)
    lines = []
    for n in range(height):
        parts = []
        for text_lines, column, w in zip(wrapped, columns, widths, strict=True):
            text = text_lines[n] if n < len(text_lines) else ""
            pad = " " * max(w - width_of(text), 0)
            parts.append(pad + text if column.justify == "right" else text + pad)
        lines.append(sep.join(parts).rstrip())
    return lines


def _wrap(text: str, width: int) -> list[str]:
    if width_of(text) <= width:
        return [text]
    return wrap_words(text, width) or [""]  # cells are single-spaced (_cells)


def wrap_words(text: str, width: int) -> list[str]:
    """textwrap.wrap(text, width, break_long_words=True, break_on_hyphens=False) for text whose only
    whitespace is single spaces, the same lines, without importing textwrap (a test compares them):
    words fill each line; a word longer than a line is cut to fill the rest of the line."""
    chunks: list[str] = []
    for word in text.split(" "):
        if chunks:
            chunks.append(" ")
        if word:
            chunks.append(word)
    chunks.reverse()
    lines: list[str] = []
    while chunks:
        line: list[str] = []
        used = 0
        if lines and chunks[-1] == " ":
            chunks.pop()
        while chunks and used + len(chunks[-1]) <= width:
            used += len(chunks[-1])
            line.append(chunks.pop())
        if chunks and len(chunks[-1]) > width:
            room = width - used if width >= 1 else 1
            line.append(chunks[-1][:room])
            chunks[-1] = chunks[-1][room:]
        if line and line[-1] == " ":
            line.pop()
        if line:
            lines.append("".join(line))
    return lines
