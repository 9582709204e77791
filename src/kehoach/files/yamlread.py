"""Reading YAML fast, and finding where things are when something is wrong.

The valid path streams the events of ruamel.yaml's C parser (libyaml) straight
into dicts and lists: ruamel's composer, resolver and constructor cost three
times the parsing itself. Positions are not kept on that path; `Locator`
streams only a file that has a problem once more and records where the paths
of its problems are.

Plan data is plain data: aliases, several documents in one file, and tags other
than `!!str` are refused, so a file cannot expand without bound ("billion
laughs"). Plain scalars follow the YAML 1.2 core schema, plus `YYYY-MM-DD` dates.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import Any

from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from ruamel.yaml.reader import ReaderError

try:  # the C extension (ruamel.yaml.clib); pure Python where the platform lacks it
    from ruamel.yaml.main import CParser as _CParser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - depends on the platform
    _CParser = None

Path = tuple[str | int, ...]

_STR_TAGS = frozenset({None, "!", "tag:yaml.org,2002:str"})
_COLLECTION_TAGS = frozenset({None, "!", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"})
_INT = re.compile(r"[-+]?[0-9]+\Z")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_NULL = frozenset({"", "~", "null", "Null", "NULL"})
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_NO_KEY = object()
# First characters of a plain scalar that may resolve to something other than a string.
_SPECIAL_START = frozenset("0123456789-+.~nNtTfF")
_DIGIT_START = frozenset("0123456789-+.")


@dataclass
class YamlError(Exception):
    """A file that cannot be read as plan data, with where and why (Vietnamese)."""

    code: str
    message: str
    line: int = 1
    column: int = 1
    also: tuple[tuple[int, int], ...] = ()  # more places with the same problem (every tab, not the first)


def decode(data: bytes) -> str:
    """UTF-8 (a BOM is fine) to text, or a YamlError naming the first bad byte."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        head = data[: exc.start]
        line = head.count(b"\n") + 1
        column = len(head[head.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        raise YamlError(
            "not-utf8",
            f"tệp không phải UTF-8 (byte 0x{data[exc.start]:02x}); hãy lưu lại tệp với mã hóa UTF-8",
            line,
            column,
        ) from None


# libyaml's most common complaints, in Vietnamese (the rest are shown as libyaml words them).
_MESSAGES = (
    ("did not find expected key", "không tìm thấy khóa ở chỗ cần có (thường do thụt lề sai)"),
    ("did not find expected ',' or ']'", "thiếu «,» hoặc «]» trong danh sách [...]"),
    ("did not find expected ',' or '}'", "thiếu «,» hoặc «}» trong {...}"),
    ("did not find expected '-' indicator", "thiếu dấu «-» của một phần tử danh sách"),
    ("did not find expected <document start>", "có nội dung ở chỗ không được (ngoài khóa gốc)"),
    (
        "mapping values are not allowed",
        "không được có «:» ở đây (đặt văn bản có dấu hai chấm trong ngoặc kép)",
    ),
    ("block sequence entries are not allowed", "không được bắt đầu phần tử «-» ở đây (thụt lề sai)"),
    ("could not find expected ':'", "thiếu «:» sau khóa"),
    (
        "found character that cannot start any token",
        "gặp ký tự không bắt đầu được một giá trị (@, ` hay tab)",
    ),
    ("found unexpected end of stream", "tệp hết giữa chừng (thiếu dấu ngoặc kép hoặc ngoặc đóng)"),
    ("found a tab character", "có ký tự tab trong thụt lề; hãy dùng dấu cách"),
    ("expected <block end>", "cấu trúc khối không khớp (thụt lề sai)"),
    ("expected a comment or a line break", "thừa nội dung sau giá trị trên cùng dòng"),
    ("found unknown escape character", "chuỗi trong ngoặc kép có ký tự thoát «\\» không hợp lệ"),
)


def vietnamese(message: str) -> str:
    """libyaml's message in Vietnamese when it is a common one, else as written (quoted)."""
    for english, vietnamese_text in _MESSAGES:
        if message.startswith(english):
            return vietnamese_text
    return f"«{message}» (thông báo của libyaml)"


@contextmanager
def _parse_errors(text: str, c_parser: bool) -> Iterator[None]:
    """Turn the parser's exceptions into YamlError with a line and column."""
    try:
        yield
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = vietnamese(" ".join(str(exc.problem or exc.context or "").split()))
        raise YamlError(
            "yaml-syntax",
            f"lỗi cú pháp YAML: {what}; kiểm tra thụt lề, dấu hai chấm và dấu ngoặc kép",
            line,
            column,
        ) from None
    except ReaderError as exc:
        # libyaml counts this position in UTF-8 bytes, the Python reader in characters
        before = (
            text.encode("utf-8")[: exc.position].decode("utf-8", "ignore")
            if c_parser
            else text[: exc.position]
        )
        line = before.count("\n") + 1
        column = len(before) - (before.rfind("\n") + 1) + 1
        raise YamlError(
            "yaml-syntax",
            f"ký tự không được phép trong YAML (U+{exc.character:04X}); hãy xóa ký tự điều khiển này",
            line,
            column,
        ) from None
    except YAMLError as exc:  # pragma: no cover - other reader/parser failures
        raise YamlError("yaml-syntax", f"lỗi cú pháp YAML: {exc}") from None


@contextmanager
def _events(text: str, pure: bool = False) -> Iterator[Iterator[Event]]:
    """The parser's events as an iterator, inside a block that maps its errors."""
    if "\t" in text:
        _check_tabs(text)
    if "\u2028" in text or "\u2029" in text or "\x85" in text:
        _check_breaks(text)
    c_parser = _CParser is not None and not pure
    with _parse_errors(text, c_parser):
        if not c_parser:
            from ruamel.yaml import YAML

            yield YAML(typ="safe", pure=True).parse(text)
            return
        parser = _CParser(text)
        try:
            yield iter(parser.get_event, None)  # a C-level loop: no generator per event
        finally:
            parser.dispose()


def load(text: str, *, pure: bool = False) -> Any:
    """Parse plan data: dicts, lists, str, int, float, bool, None and dates.

    `pure` uses ruamel's Python parser (the fallback where the C one is missing).
    """
    with _events(text, pure) as events:
        return _build(events)


MAX_DEPTH = 64  # nesting of collections; plan files need fewer than ten (a bracket bomb needs thousands)


def _build(events: Iterator[Any]) -> Any:
    stack: list[list[Any]] = []  # frames: [container, pending key or _NO_KEY, key event]
    root: Any = _NO_KEY
    scalar_event, mapping_start, sequence_start = ScalarEvent, MappingStartEvent, SequenceStartEvent
    # One object per distinct short string: keys ("agency", "lead") and ids repeat in every task, and a
    # plan of 100,000 tasks would hold millions of equal copies.
    shared: dict[str, str] = {}
    share = shared.setdefault
    for event in events:
        cls = event.__class__
        if cls is scalar_event:
            value = event.value
            if event.style or event.tag is not None or not value or value[:1] in _SPECIAL_START:
                value = _scalar(event)
            elif len(value) <= 48:
                value = share(value, value)
        elif cls is mapping_start or cls is sequence_start:
            if event.tag not in _COLLECTION_TAGS:
                raise _at(event, "yaml-tag", f"thẻ YAML không được hỗ trợ: {event.tag}")
            value = {} if cls is mapping_start else []
        elif cls is MappingEndEvent or cls is SequenceEndEvent:
            stack.pop()
            continue
        elif cls is AliasEvent:
            raise _at(
                event,
                "yaml-alias",
                f"bí danh YAML «*{event.anchor}» dùng lại một giá trị, điều không dùng trong dữ liệu "
                "kế hoạch (tránh tệp phình ra vô hạn); hãy viết đầy đủ giá trị",
            )
        else:
            continue  # stream and document start/end
        if not stack:
            if root is not _NO_KEY:
                raise _at(event, "yaml-syntax", "tệp có nhiều tài liệu YAML (---); mỗi tệp chỉ một")
            root = value
        else:
            frame = stack[-1]
            container = frame[0]
            if container.__class__ is list:
                container.append(value)
            elif frame[1] is _NO_KEY:
                if cls is not scalar_event:
                    raise _at(event, "yaml-syntax", "khóa phải là một giá trị đơn (chuỗi hoặc số)")
                frame[1] = value
                frame[2] = event
                continue
            else:
                key = frame[1]
                if key in container:
                    raise _at(
                        frame[2],
                        "duplicate-key",
                        f"khóa «{key}» xuất hiện hai lần trong cùng một khối; hãy xóa hoặc gộp",
                    )
                container[key] = value
                frame[1] = _NO_KEY
        if cls is not scalar_event:
            if len(stack) >= MAX_DEPTH:
                raise _at(
                    event,
                    "yaml-too-deep",
                    f"khối lồng nhau quá {MAX_DEPTH} tầng; dữ liệu kế hoạch chỉ cần vài tầng — hãy kiểm tra "
                    "các dấu ngoặc [ ] { }",
                )
            stack.append([value, _NO_KEY, None])
    if root is _NO_KEY:
        raise YamlError("empty-file", "tệp rỗng; hãy ghi nội dung theo lược đồ của tệp")
    return root


def _at(event: Event, code: str, message: str) -> YamlError:
    mark = event.start_mark
    return YamlError(code, message, mark.line + 1, mark.column + 1)


def _scalar(event: Any) -> Any:
    value: str = event.value
    tag = event.tag
    if tag is None and not event.style:  # plain: resolve
        if value in _NULL:
            return None
        if value in _BOOL:
            return _BOOL[value]
        first = value[:1]
        if first in _DIGIT_START:
            if _INT.match(value):
                if len(value) > 30:  # no number in a plan is this long; int() of 5,000 digits raises
                    raise _at(
                        event, "invalid-value", f"số quá dài ({len(value)} chữ số); hãy kiểm tra lại giá trị"
                    )
                return int(value)
            if _DATE.match(value):
                try:
                    return dt.date.fromisoformat(value)
                except ValueError:
                    raise _at(event, "invalid-value", f"ngày không hợp lệ: {value}") from None
            if _FLOAT.match(value):
                return float(value)
        return value
    if tag in _STR_TAGS:
        return value
    raise _at(event, "yaml-tag", f"thẻ YAML không được hỗ trợ: {tag}")


MAX_TAB_LINES = 100  # lines with a tab reported per file (past that, the first hundred say enough)


def _check_tabs(text: str) -> None:
    """A YamlError at every line indented with a tab (each must be fixed; the first alone hides the rest)."""
    found: list[tuple[int, int]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            found.append((number, indent.index("\t") + 1))
            if len(found) == MAX_TAB_LINES:
                break
    if found:
        (first, column), *more = found
        raise YamlError(
            "yaml-tab", "dùng ký tự tab để thụt lề; YAML chỉ cho phép dấu cách", first, column, tuple(more)
        )


_BREAKS = {"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\x85"}


def _check_breaks(text: str) -> None:
    """A YamlError at every line separator (U+2028, U+2029, NEL): YAML reads them as line breaks that
    no editor shows, so the text a reviewer sees is not the text kehoach would read."""
    found: list[tuple[int, int]] = []
    shown = ""
    for number, row in enumerate(text.split("\n"), start=1):
        for column, ch in enumerate(row, start=1):
            if ch in _BREAKS:
                shown = shown or _BREAKS[ch]
                found.append((number, column))
        if len(found) >= MAX_TAB_LINES:
            break
    (first, column), *more = found
    raise YamlError(
        "yaml-hidden-break",
        f"có ký tự ngắt dòng ẩn {shown} (trình soạn thảo không hiện, YAML đọc như xuống dòng); hãy xóa "
        "hoặc thay bằng dấu cách",
        first,
        column,
        tuple(more[: MAX_TAB_LINES - 1]),
    )


class Locator:
    """Where the wanted paths are in a file: one streaming pass, only their marks kept.

    A path that goes further than the file (a missing field) resolves to the
    deepest part of it that exists.
    """

    def __init__(self, text: str | None, wanted: Iterable[Path]) -> None:
        prefixes = {path[:i] for path in wanted for i in range(len(path) + 1)}
        self.values: dict[Path, tuple[int, int]] = {(): (1, 1)}
        self.keys: dict[Path, tuple[int, int]] = {}
        if text is None:
            return
        with suppress(YamlError):  # positions found before the error stand
            self._scan(text, prefixes)

    def _scan(self, text: str, prefixes: set[Path]) -> None:
        with _events(text) as events:
            self._walk(events, prefixes)

    def _walk(self, events: Iterator[Any], prefixes: set[Path]) -> None:
        stack: list[list[Any]] = []  # frames: [path, is_mapping, pending key or _NO_KEY, next index]
        for event in events:
            cls = event.__class__
            if cls is MappingEndEvent or cls is SequenceEndEvent:
                stack.pop()
                continue
            if cls is not ScalarEvent and cls is not MappingStartEvent and cls is not SequenceStartEvent:
                continue
            if not stack:
                path: Path = ()
            else:
                frame = stack[-1]
                if not frame[1]:
                    path = (*frame[0], frame[3])
                    frame[3] += 1
                elif frame[2] is _NO_KEY:
                    key = _scalar(event) if cls is ScalarEvent else None
                    frame[2] = key
                    key_path = (*frame[0], key)
                    if key_path in prefixes:
                        self.keys[key_path] = _mark(event)
                    continue
                else:
                    path = (*frame[0], frame[2])
                    frame[2] = _NO_KEY
            if path in prefixes:
                self.values[path] = _mark(event)
            if cls is not ScalarEvent:
                if len(stack) >= MAX_DEPTH:
                    return  # deeper than data can be: loading already said so, positions found so far stand
                stack.append([path, cls is MappingStartEvent, _NO_KEY, 0])

    def locate(self, path: Path, *, key: bool = False) -> tuple[int, int]:
        """Line and column (1-based) of `path`'s value, or of its key with `key`."""
        if key and path in self.keys:
            return self.keys[path]
        for end in range(len(path), -1, -1):
            if path[:end] in self.values:
                return self.values[path[:end]]
        return 1, 1  # pragma: no cover - () is always there


def _mark(event: Event) -> tuple[int, int]:
    return event.start_mark.line + 1, event.start_mark.column + 1
