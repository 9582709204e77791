"""What the drafter must check before a document is signed, carried beside its text, never inside it.

A report or a letter to be signed says nothing about how kehoach modelled the data: no "cách hiểu
nhóm …", no "chưa xác nhận — …" in its sentences. What rests on such a reading — a count of the
agencies that must report, the name of a body whose existence the sources do not confirm — is a
`ReviewNote` anchored on those words: a Word review comment on them (the way a draft is reviewed in an
office), a Markdown footnote after them, and a checklist on stderr. `--final` leaves them all out: the
drafter has checked, the document is clean.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Sequence

from kehoach.tuples import Any, NamedTuple

AUTHOR = "kehoach"
INITIALS = "KH"


class ReviewNote(NamedTuple):
    anchor: str  # the words in the document the note is about (its first occurrence)
    note: str  # what to check, in a sentence


def notes_of(context: dict[str, Any]) -> list[ReviewNote]:
    """The review notes a document's context carries (`review`: [{anchor, note}])."""
    return [ReviewNote(str(n["anchor"]), str(n["note"])) for n in context.get("review") or ()]


def checklist(notes: Sequence[ReviewNote]) -> str:
    """The notes as the drafter's checklist (stderr), or "" when there is nothing to check."""
    if not notes:
        return ""
    lines = [f"Cần rà soát trước khi ký ({len(notes)}; ghi chú rà soát trong văn bản, bỏ bằng --final):"]
    lines += [f"  {n}. «{note.anchor}»: {note.note}" for n, note in enumerate(notes, start=1)]
    return "\n".join(lines)


def with_footnotes(text: str, notes: Sequence[ReviewNote]) -> str:
    """Markdown with a footnote after each anchor's first occurrence (outside the header table), and the
    footnotes at the end; an anchor that is not in the text is a footnote of the title."""
    body_start = text.find("\n## ")
    found: list[str] = []
    for n, note in enumerate(notes, start=1):
        at = text.find(note.anchor, max(body_start, 0))
        mark = f"[^{n}]"
        if at < 0:
            at = text.find("**BÁO CÁO**")
            if at < 0:
                at = 0
            end = at
        else:
            end = at + len(note.anchor)
        text = text[:end] + mark + text[end:]
        found.append(f"{mark}: Ghi chú rà soát — {note.note}")
    if not found:
        return text
    return text.rstrip("\n") + "\n\n" + "\n".join(found) + "\n"


def add_comments(document: Any, notes: Sequence[ReviewNote]) -> None:
    """Anchor each note as a Word review comment on its words' first occurrence (python-docx Document);
    an anchor that is not in the document goes on the first paragraph with text."""
    for note in notes:
        runs = _anchor_runs(document, note.anchor)
        if not runs:
            first = next((p for p in _paragraphs(document) if p.runs and p.text.strip()), None)
            if first is None:
                continue
            runs = [first.runs[0]]
        document.add_comment(runs, text=note.note, author=AUTHOR, initials=INITIALS)


def _paragraphs(document: Any) -> Iterator[Any]:
    """Every paragraph of the body, then those of its tables (a note is anchored on the first it finds)."""
    yield from document.paragraphs
    for table in document.tables:
        yield from _table_paragraphs(table)


def _table_paragraphs(table: Any) -> Iterator[Any]:
    seen: set[int] = set()
    for row in table.rows:
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell appears once per grid column
                continue
            seen.add(id(cell._tc))
            yield from cell.paragraphs
            for inner in cell.tables:
                yield from _table_paragraphs(inner)


def _anchor_runs(document: Any, anchor: str) -> list[Any]:
    """The runs that hold exactly `anchor` in the first paragraph containing it (runs split as needed)."""
    for paragraph in _paragraphs(document):
        text = "".join(r.text for r in paragraph.runs)
        at = text.find(anchor)
        if at < 0:
            continue
        return _isolate(paragraph, at, at + len(anchor))
    return []


def _isolate(paragraph: Any, start: int, end: int) -> list[Any]:
    """Split the paragraph's runs at `start` and `end` (character offsets); the runs between."""
    _split_at(paragraph, start)
    _split_at(paragraph, end)
    chosen = []
    offset = 0
    for run in paragraph.runs:
        length = len(run.text)
        if offset >= start and offset + length <= end and length:
            chosen.append(run)
        offset += length
    return chosen


def _split_at(paragraph: Any, at: int) -> None:
    offset = 0
    for run in paragraph.runs:
        length = len(run.text)
        if offset < at < offset + length:
            text = run.text
            twin = copy.deepcopy(run._r)
            run._r.addnext(twin)
            run.text = text[: at - offset]
            from docx.text.run import Run

            Run(twin, run._parent).text = text[at - offset :]
            return
        offset += length
