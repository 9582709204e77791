"""A plan's document as kehoach reads it: paragraphs and table rows, from Word (.docx) or from text.

Both readers give the same thing, a list of `Block`s in the document's order: a paragraph (one cell)
or a table row (its cells, a merged cell's text where it was merged down, nothing where it was merged
across), each with where it is — "dòng 12" of a text file, "bảng 2, hàng 5" of a Word document — so
that every message can point there. A text file is the document system's export: UTF-8, one
paragraph per line, a table row as cells separated by tabs. Everything is NFC. What the reader takes
is bounded: MAX_TEXT bytes of text, MAX_BLOCKS blocks, MAX_CELL characters per cell.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from kehoach.errors import DataError, os_message
from kehoach.text import nfc
from kehoach.tuples import NamedTuple

MAX_TEXT = 5 * 1024 * 1024  # bytes of a text file (a 200-task plan is about 150 KB)
MAX_BLOCKS = 50_000
MAX_CELL = 20_000  # characters (a task's content is at most 10,000)
TEXT_SUFFIXES = (".txt", ".md")


class Block(NamedTuple):
    cells: tuple[str, ...]  # a paragraph: its text alone; a row: its cells
    row: bool
    where: str  # "dòng 12", "bảng 2, hàng 5", "đoạn 7"


class DocumentError(DataError):
    """A file that is not a plan's document kehoach reads, and why (one line, the file named)."""

    def __init__(self, path: Path | str, message: str) -> None:
        super().__init__(f"{path}: {message}")


def read_document(path: Path) -> list[Block]:
    """The blocks of the plan's document at `path`: a Word .docx, or a .txt/.md export."""
    suffix = path.suffix.lower()
    if suffix == ".docx":
        from kehoach.files.docx import read_docx

        return read_docx(path)
    if suffix in TEXT_SUFFIXES:
        return read_text(path)
    if suffix in (".doc", ".rtf", ".odt", ".docm", ".pdf"):
        raise DocumentError(
            path, f"định dạng {suffix} không được nhận; hãy mở bằng Word và lưu lại dạng .docx."
        )
    raise DocumentError(path, "không phải văn bản Word .docx hay văn bản thuần .txt/.md.")


def read_text(path: Path) -> list[Block]:
    """The blocks of a text export: a line with a tab is a table row, any other non-empty line a paragraph."""
    raw = _read_bounded(path)
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        at = raw[: exc.start].count(b"\n") + 1
        raise DocumentError(
            path, f"dòng {at}: không phải văn bản UTF-8; hãy lưu lại với bảng mã UTF-8 (Unicode)."
        ) from None
    if "\x00" in text:
        raise DocumentError(path, "có ký tự NUL: không phải văn bản thuần; hãy xuất lại dạng .txt.")
    blocks: list[Block] = []
    for n, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        if not line.strip():
            continue
        if len(blocks) >= MAX_BLOCKS:
            raise DocumentError(path, f"quá nhiều dòng (tối đa {MAX_BLOCKS}).")
        where = f"dòng {n}"
        if "\t" in line:
            blocks.append(Block(tuple(_cell(c, path, where) for c in line.split("\t")), True, where))
        else:
            blocks.append(Block((_cell(line, path, where),), False, where))
    return blocks


def _cell(text: str, path: Path | str, where: str) -> str:
    if len(text) > MAX_CELL:
        raise DocumentError(path, f"{where}: một ô dài quá {MAX_CELL} ký tự.")
    return nfc(text.strip())


def _read_bounded(path: Path) -> bytes:
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise DocumentError(path, f"không đọc được ({os_message(exc)}).") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise DocumentError(path, "không phải tệp thường.")
        if info.st_size > MAX_TEXT:
            raise DocumentError(path, f"tệp quá lớn (tối đa {MAX_TEXT // 1024 // 1024} MB).")
        chunks = []
        total = 0
        while chunk := os.read(fd, 1 << 20):
            total += len(chunk)
            if total > MAX_TEXT:
                raise DocumentError(path, f"tệp quá lớn (tối đa {MAX_TEXT // 1024 // 1024} MB).")
            chunks.append(chunk)
    except OSError as exc:
        raise DocumentError(path, f"không đọc được ({os_message(exc)}).") from None
    finally:
        os.close(fd)
    return b"".join(chunks)
