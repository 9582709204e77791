"""Reading YAML fast, and finding where things are when something is wrong.

The valid path uses ruamel.yaml's C parser (libyaml) with a small resolver and
constructor of our own: ruamel's Python resolver and constructor cost more than
the parsing itself. Positions are not kept on that path; `locate` re-composes
only a file that has a problem and walks its node tree to a line and column.

Plan data is plain data: anchors, aliases and tags other than the core ones are
refused, so a file cannot expand without bound ("billion laughs").
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.tag import Tag

try:  # the C extension (ruamel.yaml.clib); pure Python where the platform lacks it
    from ruamel.yaml.main import CParser as _CParser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - depends on the platform
    _CParser = None

PLAIN = "?plain"
_CORE = "tag:yaml.org,2002:"
_INT = re.compile(r"[-+]?[0-9]+\Z")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_NULL = frozenset({"", "~", "null", "Null", "NULL"})
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}

Path = tuple[str | int, ...]


@dataclass
class YamlError(Exception):
    """A file that cannot be read as plan data, with where and why (Vietnamese)."""

    code: str
    message: str
    line: int = 1
    column: int = 1


_TAG_PLAIN = Tag(suffix=PLAIN)
_TAG_STR = Tag(suffix=_CORE + "str")
_TAG_SEQ = Tag(suffix=_CORE + "seq")
_TAG_MAP = Tag(suffix=_CORE + "map")


class _Resolver(VersionedResolver):
    """Tags plain scalars as such; `_scalar` resolves them (YAML 1.2 core schema)."""

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Tag:
        if kind is ScalarNode:
            return _TAG_PLAIN if implicit[0] else _TAG_STR
        return _TAG_SEQ if kind is SequenceNode else _TAG_MAP


def _compose_text(text: str) -> Node | None:
    if _CParser is None:  # pragma: no cover - depends on the platform
        from ruamel.yaml import YAML

        yaml = YAML(typ="safe", pure=True)
        yaml.Resolver = _Resolver
        return yaml.compose(text)  # type: ignore[no-any-return]
    loader = _Loader(text)
    try:
        return loader.get_single_node()  # type: ignore[no-any-return]
    finally:
        loader.dispose()


if _CParser is not None:

    class _Loader(_CParser, _Resolver):  # type: ignore[misc,valid-type]
        def __init__(self, text: str) -> None:
            _CParser.__init__(self, text)


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
            f"tệp không phải UTF-8 (byte 0x{data[exc.start]:02x}); "
            "hãy lưu lại tệp với mã hóa UTF-8",
            line,
            column,
        ) from None


def compose(text: str) -> Node | None:
    """Parse `text` into ruamel's node tree (C parser), or raise YamlError."""
    if "\t" in text:
        _check_tabs(text)
    try:
        return _compose_text(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = " ".join(str(exc.problem or exc.context or "").split())
        raise YamlError(
            "yaml-syntax",
            f"lỗi cú pháp YAML: {what}; kiểm tra thụt lề, dấu hai chấm và dấu ngoặc kép",
            line,
            column,
        ) from None


def load(text: str) -> Any:
    """Parse plan data: dicts, lists, str, int, float, bool, None and dates."""
    node = compose(text)
    if node is None:
        raise YamlError("empty-file", "tệp rỗng; hãy ghi nội dung theo lược đồ của tệp")
    try:
        return _Constructor().construct(node)
    except RecursionError:
        raise YamlError("yaml-syntax", "dữ liệu lồng nhau quá sâu") from None


class _Constructor:
    def __init__(self) -> None:
        self.seen: set[int] = set()

    def construct(self, node: Node) -> Any:
        key = id(node)
        if key in self.seen:
            raise _at(node, "yaml-alias", "không dùng neo và bí danh YAML (&, *, <<) trong dữ "
                      "liệu kế hoạch; hãy viết đầy đủ giá trị")
        self.seen.add(key)
        cls = node.__class__
        if cls is ScalarNode:
            return _scalar(node)
        if node.tag not in (_CORE + "seq", _CORE + "map"):
            raise _at(node, "yaml-tag", f"thẻ YAML không được hỗ trợ: {node.tag}")
        if cls is SequenceNode:
            return [self.construct(item) for item in node.value]
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.__class__ is not ScalarNode:
                raise _at(key_node, "yaml-syntax", "khóa phải là một giá trị đơn (chuỗi hoặc số)")
            name = self.construct(key_node)
            if name in result:
                raise _at(key_node, "duplicate-key",
                          f"khóa «{name}» xuất hiện hai lần trong cùng một khối; hãy xóa hoặc gộp")
            result[name] = self.construct(value_node)
        return result


def _at(node: Node, code: str, message: str) -> YamlError:
    mark = node.start_mark
    return YamlError(code, message, mark.line + 1, mark.column + 1)


def _scalar(node: ScalarNode) -> Any:
    value: str = node.value
    if node.ctag.suffix == PLAIN:
        if value in _NULL:
            return None
        if value in _BOOL:
            return _BOOL[value]
        first = value[:1]
        if first.isdigit() or first in "-+.":
            if _INT.match(value):
                return int(value)
            if _DATE.match(value):
                try:
                    return dt.date.fromisoformat(value)
                except ValueError:
                    raise _at(node, "invalid-value", f"ngày không hợp lệ: {value}") from None
            if _FLOAT.match(value):
                return float(value)
        return value
    tag = node.tag
    if tag == _CORE + "str":
        return value
    raise _at(node, "yaml-tag", f"thẻ YAML không được hỗ trợ: {tag}")


def _check_tabs(text: str) -> None:
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            raise YamlError(
                "yaml-tab",
                "dùng ký tự tab để thụt lề; YAML chỉ cho phép dấu cách",
                number,
                indent.index("\t") + 1,
            )


def locate(root: Node | None, path: Path, *, key: bool = False) -> tuple[int, int]:
    """Line and column (1-based) of `path` in a composed file.

    With `key`, the position of the mapping key itself (for an unknown or
    duplicated key); otherwise of the value. A path that goes further than the
    file (a missing field) stops at the deepest node that exists.
    """
    if root is None:
        return 1, 1
    node: Node = root
    mark = node.start_mark
    for step in path:
        if isinstance(node, MappingNode):
            for key_node, value_node in node.value:
                if isinstance(key_node, ScalarNode) and _scalar_or_raw(key_node) == step:
                    mark = key_node.start_mark if key and step == path[-1] else value_node.start_mark
                    node = value_node
                    break
            else:
                break
        elif isinstance(node, SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
            node = node.value[step]
            mark = node.start_mark
        else:
            break
    return mark.line + 1, mark.column + 1


def _scalar_or_raw(node: ScalarNode) -> Any:
    try:
        return _scalar(node)
    except YamlError:
        return node.value
