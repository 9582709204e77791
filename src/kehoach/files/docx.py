"""A plan's Word document (.docx) from outside, read into blocks (files/document.py) without running it.

The archive is checked first (files/archive.py: size, expansion, macros, parts that link elsewhere);
its relationships may point outside only as hyperlinks, which are never followed (an attached
template, a linked picture or a sub-document would be fetched by Word). `word/document.xml` is then
read by expat, streaming, with no DTD and no entity (files/sheetxml.py's reader): paragraphs of the
body, and tables row by row — a cell merged across several columns (gridSpan) gives its text to the
first and nothing to the others, a cell merged down (vMerge) repeats the text above, so that a lead
written once for three tasks is the lead of all three. In a cell each paragraph is a line, a bulleted
paragraph (Word's numbering) starts with "- ", and italic text is kept as <i>…</i>, where the plan
writes the scope of an assignment. A table inside a cell is read as more lines of that cell.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from kehoach.files.archive import ArchiveError, open_archive
from kehoach.files.document import MAX_BLOCKS, MAX_CELL, MAX_TEXT, Block, DocumentError
from kehoach.text import nfc

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main "
_PR = "http://schemas.openxmlformats.org/package/2006/relationships "
REQUIRED = ("[content_types].xml", "word/document.xml")
_OFF = {"0", "false", "off"}


def read_docx(path: Path) -> list[Block]:
    if path.suffix.lower() == ".docm":
        raise DocumentError(path, "tệp Word có macro (.docm) không được nhận; hãy lưu lại dạng .docx.")
    try:
        archive = open_archive(path, "Word .docx", REQUIRED, links=("word/subdocs/",))
    except ArchiveError as exc:
        raise DocumentError(path, exc.reason) from None
    from kehoach.files.sheetxml import XmlProblem

    try:
        _check_relationships(archive)
        return _blocks(path, archive)
    except XmlProblem as problem:
        raise DocumentError(path, str(problem)) from None


def _check_relationships(archive: zipfile.ZipFile) -> None:
    from kehoach.files.sheetxml import XmlProblem, xml_events

    for part in sorted(n for n in archive.namelist() if n.lower().endswith(".rels")):
        for kind, name, attrs in xml_events(archive, part, part):
            if kind != "start" or name != _PR + "Relationship":
                continue
            if attrs.get("TargetMode") == "External" and not attrs.get("Type", "").endswith("/hyperlink"):
                raise XmlProblem(part, "văn bản có liên kết tới tệp bên ngoài; hãy xóa liên kết rồi lưu lại.")


class _Cell:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.span = 1
        self.merge: str | None = None  # "restart", "continue" or None


def _blocks(path: Path, archive: zipfile.ZipFile) -> list[Block]:
    from kehoach.files.sheetxml import xml_events

    blocks: list[Block] = []
    tables = 0
    paragraphs = 0
    depth = 0  # tables open
    row_number = 0
    cells: list[_Cell] = []
    cell: _Cell | None = None
    above: dict[int, str] = {}  # grid column -> text of the cell last started there (for vMerge)
    runs: list[tuple[str, bool]] = []  # the paragraph's text pieces, and whether each is italic
    italic = bullet = in_run_props = in_text = False
    size = 0

    def add(block: Block) -> None:
        if len(blocks) >= MAX_BLOCKS:
            raise DocumentError(path, f"văn bản quá dài (tối đa {MAX_BLOCKS} đoạn và hàng).")
        blocks.append(block)

    for kind, name, attrs in xml_events(archive, "word/document.xml", "word/document.xml"):
        if kind == "text":
            if name and in_text:
                size += len(name)
                if size > MAX_TEXT:
                    raise DocumentError(path, "văn bản quá dài.")
                runs.append((name, italic))
            continue
        if not name.startswith(_W):
            continue
        tag = name[len(_W) :]
        if kind == "start":
            if tag == "tbl":
                depth += 1
                if depth == 1:
                    tables += 1
                    row_number = 0
                    above = {}
            elif tag == "tr" and depth == 1:
                row_number += 1
                cells = []
            elif tag == "tc" and depth == 1:
                cell = _Cell()
            elif tag == "gridSpan" and depth == 1 and cell is not None:
                cell.span = max(1, min(_int(attrs.get(_W + "val")), 64))
            elif tag == "vMerge" and depth == 1 and cell is not None:
                cell.merge = "restart" if attrs.get(_W + "val") == "restart" else "continue"
            elif tag == "p":
                runs, italic, bullet = [], False, False
            elif tag == "rPr":
                in_run_props = True
            elif tag == "i" and in_run_props:
                italic = attrs.get(_W + "val", "1").lower() not in _OFF
            elif tag == "r":
                italic = False
            elif tag == "numPr":
                bullet = True
            elif tag == "t":
                in_text = True
            elif tag == "tab":
                runs.append((" ", italic))
            elif tag in ("br", "cr"):
                runs.append(("\n", False))
        else:
            if tag == "t":
                in_text = False
            elif tag == "rPr":
                in_run_props = False
            elif tag == "p":
                text = _paragraph(runs)
                if bullet and text and not text.startswith(("-", "•", "+")):
                    text = "- " + text
                if depth >= 1 and cell is not None:
                    if text:
                        cell.lines.append(text)
                elif depth == 0 and text.strip():
                    paragraphs += 1
                    add(Block((_limit(path, text, f"đoạn {paragraphs}"),), False, f"đoạn {paragraphs}"))
            elif tag == "tc" and depth == 1 and cell is not None:
                cells.append(cell)
                cell = None
            elif tag == "tr" and depth == 1:
                add(_row(path, cells, above, tables, row_number))
            elif tag == "tbl":
                depth -= 1
    return blocks


def _paragraph(runs: list[tuple[str, bool]]) -> str:
    out: list[str] = []
    open_italic = False
    for text, italic in runs:
        if italic and not open_italic and text.strip():
            out.append("<i>")
            open_italic = True
        elif not italic and open_italic:
            out.append("</i>")
            open_italic = False
        out.append(text)
    if open_italic:
        out.append("</i>")
    return nfc(re.sub(r"[ \t]+", " ", "".join(out)).strip())


def _row(path: Path, cells: list[_Cell], above: dict[int, str], table: int, number: int) -> Block:
    where = f"bảng {table}, hàng {number}"
    texts: list[str] = []
    column = 0
    for cell in cells:
        text = "\n".join(cell.lines)
        if cell.merge == "continue":
            text = above.get(column, "")
        else:
            above[column] = text
        texts.append(_limit(path, text, where))
        texts += [""] * (cell.span - 1)
        column += cell.span
    return Block(tuple(texts), True, where)


def _limit(path: Path, text: str, where: str) -> str:
    if len(text) > MAX_CELL:
        raise DocumentError(path, f"{where}: một ô dài quá {MAX_CELL} ký tự.")
    return text


def _int(value: str | None) -> int:
    try:
        return int(value or "1")
    except ValueError:
        return 1
