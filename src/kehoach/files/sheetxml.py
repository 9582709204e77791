"""The XML inside a workbook from outside, checked part by part before openpyxl reads any of it.

openpyxl reads a read-only workbook's sheets lazily, when a row is asked for, and
a malformed part then fails deep inside it (a `ValueError` for `<v>abc</v>` in a
number cell, a `KeyError` for a cell `ZZZZZ13`), after the file was "opened". So
every XML part of the archive is read here first, streaming, by expat: no DTD and
no entity declaration (expat then refuses every entity it does not know), well-formed
to the end. The cells of every worksheet are checked as openpyxl will read them —
a reference inside the sheet's limits, written once (when a cell appears twice the
last value wins, and what Excel shows may not be what is recorded), a known type, a
value of that type, a shared string that exists. Each problem is one `XmlProblem`
naming the sheet and the cell (`Báo cáo!E14`) or the part.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from xml.parsers import expat

MAX_COLUMN = 16_384  # XFD
MAX_ROW = 1_048_576
MAX_NUMBER = 40  # characters of a number's text (Python's int() refuses 4,300 digits only after work)
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_REF = re.compile(r"([A-Z]{1,3})(\d{1,7})")
_INT = re.compile(r"[+-]?\d+")
_FLOAT = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d{1,3})?")
_ISO = re.compile(r"\d{4}-\d\d-\d\d(T\d\d:\d\d(:\d\d(\.\d+)?)?)?|\d\d:\d\d(:\d\d(\.\d+)?)?")
_TYPES = {"n", "s", "str", "inlineStr", "b", "e", "d"}


class XmlProblem(Exception):
    """Where a part of the workbook is malformed ("Báo cáo!E14", or the part's path) and what is wrong."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where}: {message}")


def check_parts(archive: zipfile.ZipFile) -> None:
    """Every XML part well-formed and free of DTDs; every worksheet's cells as openpyxl will read them."""
    names = {info.filename for info in archive.infolist()}
    parts = [n for n in names if n.lower().endswith((".xml", ".rels", ".vml"))]
    worksheets = sorted(p for p in parts if p.startswith("xl/worksheets/") and p.count("/") == 2)
    for part in sorted(set(parts) - set(worksheets)):  # read through: well-formed, no DTD
        for _ in xml_events(archive, part, part):
            pass
    strings = _shared_string_count(archive, names)
    sheets = _sheet_names(archive, names)
    for part in worksheets:
        _check_cells(archive, part, sheets.get(part, part), strings)


def xml_events(archive: zipfile.ZipFile, part: str, where: str) -> Iterator[tuple[str, str, dict[str, str]]]:
    """("start" | "end" | "text", name or text, attributes) of one part, read by expat in pieces."""
    parser = expat.ParserCreate(namespace_separator=" ")
    events: list[tuple[str, str, dict[str, str]]] = []

    def refuse(*_: object) -> None:
        raise XmlProblem(where, "tệp có khai báo DTD hoặc thực thể (entity); không đọc.")

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.UnparsedEntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse  # type: ignore[assignment]
    parser.StartElementHandler = lambda name, attrs: events.append(("start", name, attrs))
    parser.EndElementHandler = lambda name: events.append(("end", name, {}))
    parser.CharacterDataHandler = lambda text: events.append(("text", text, {}))
    parser.buffer_text = True
    try:
        with archive.open(part) as handle:
            while True:
                chunk = handle.read(64 * 1024)
                parser.Parse(chunk, not chunk)
                yield from events
                events.clear()
                if not chunk:
                    return
    except expat.ExpatError as exc:
        raise XmlProblem(
            where, f"XML hỏng ở dòng {exc.lineno}, cột {exc.offset + 1} ({expat.ErrorString(exc.code)})."
        ) from None
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, RuntimeError, NotImplementedError):
        raise XmlProblem(where, "phần này của tệp nén bị hỏng; không giải nén được.") from None


def _shared_string_count(archive: zipfile.ZipFile, names: set[str]) -> int:
    part = "xl/sharedStrings.xml"
    if part not in names:
        return 0
    item = f"{_MAIN} si"
    return sum(1 for kind, name, _ in xml_events(archive, part, part) if kind == "start" and name == item)


def _sheet_names(archive: zipfile.ZipFile, names: set[str]) -> dict[str, str]:
    """{"xl/worksheets/sheet1.xml": "Báo cáo"}, from the workbook and its relationships (best effort)."""
    targets: dict[str, str] = {}
    if "xl/_rels/workbook.xml.rels" in names:
        for kind, name, attrs in xml_events(
            archive, "xl/_rels/workbook.xml.rels", "xl/_rels/workbook.xml.rels"
        ):
            if kind == "start" and name == f"{_RELS} Relationship" and "Id" in attrs:
                target = attrs.get("Target", "")
                path = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
                targets[attrs["Id"]] = posixpath.normpath(path)
    found: dict[str, str] = {}
    if "xl/workbook.xml" in names:
        for kind, name, attrs in xml_events(archive, "xl/workbook.xml", "xl/workbook.xml"):
            if kind == "start" and name == f"{_MAIN} sheet":
                part = targets.get(attrs.get(f"{_DOC_RELS} id", ""))
                if part:
                    found[part] = attrs.get("name", part)
    return found


def _check_cells(archive: zipfile.ZipFile, part: str, sheet: str, strings: int) -> None:
    from openpyxl.utils import column_index_from_string, get_column_letter

    seen: set[tuple[int, int]] = set()
    row = col = 0
    cell: tuple[str, str] | None = None  # (where, type) of the open <c>
    value: list[str] | None = None  # the text of the open <v>
    for kind, name, attrs in xml_events(archive, part, sheet):
        if kind == "start" and name == f"{_MAIN} row":
            row = _number(attrs.get("r"), row + 1, MAX_ROW, sheet, f"dòng «{attrs.get('r')}»")
            col = 0
        elif kind == "start" and name == f"{_MAIN} c":
            ref = attrs.get("r")
            if ref is None:
                col += 1
            else:
                match = _REF.fullmatch(ref)
                if match is None or (row and int(match.group(2)) != row):
                    raise XmlProblem(f"{sheet}!{ref[:20]}", "địa chỉ ô không hợp lệ.")
                col, row = column_index_from_string(match.group(1)), int(match.group(2))
                if col > MAX_COLUMN or not 1 <= row <= MAX_ROW:
                    raise XmlProblem(f"{sheet}!{ref}", "ô ngoài giới hạn của trang tính.")
            where = f"{sheet}!{get_column_letter(col)}{row}"
            if (row, col) in seen:
                raise XmlProblem(where, "ô xuất hiện hai lần trong tệp (Excel và kehoach có thể đọc khác).")
            seen.add((row, col))
            kind_ = attrs.get("t", "n")
            if kind_ not in _TYPES:
                raise XmlProblem(where, f"kiểu ô «{kind_[:20]}» không hợp lệ.")
            cell = (where, kind_)
        elif kind == "start" and name == f"{_MAIN} v":
            value = []
        elif kind == "text" and value is not None:
            value.append(name)
        elif kind == "end" and name == f"{_MAIN} v" and cell is not None and value is not None:
            _check_value(cell[0], cell[1], "".join(value), strings)
            value = None
        elif kind == "end" and name == f"{_MAIN} c":
            cell = None


def _check_value(where: str, kind: str, text: str, strings: int) -> None:
    text = text.strip()
    if kind in ("n", "s", "b") and len(text) > MAX_NUMBER:
        raise XmlProblem(where, "giá trị số quá dài.")
    if kind == "n" and text and not _FLOAT.fullmatch(text):  # an integer matches too, as openpyxl reads it
        raise XmlProblem(where, f"ô kiểu số chứa «{text[:20]}».")
    if kind == "b" and text not in ("0", "1"):
        raise XmlProblem(where, f"ô kiểu đúng/sai chứa «{text[:20]}».")
    if kind == "s" and not (_INT.fullmatch(text) and 0 <= int(text) < strings):
        raise XmlProblem(where, "ô trỏ tới một chuỗi không có trong tệp.")
    if kind == "d" and not _ISO.fullmatch(text):
        raise XmlProblem(where, f"ô kiểu ngày chứa «{text[:20]}».")


def _number(text: str | None, default: int, limit: int, sheet: str, what: str) -> int:
    if text is None:
        return default
    if not (text.isascii() and text.isdigit() and len(text) <= 7) or not 1 <= int(text) <= limit:
        raise XmlProblem(sheet, f"{what[:30]} không hợp lệ.")
    return int(text)
