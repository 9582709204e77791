"""Text is NFC, has no HTML left from a conversion, and no stray whitespace."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from kehoach.escape import control_match, visible
from kehoach.model.load import Loaded
from kehoach.problems import Path, Problem, Severity
from kehoach.text import is_nfc, whitespace_problem

HTML_REMNANT = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>|&(?:[a-zA-Z]+|#[0-9]+);")
# Anything that might be a hygiene problem; text that does not match is clean.
SUSPECT = re.compile(r"^\s|\s\Z|\s\s|[\u00a0\u200b\u200c\u200d\u2060\ufeff\u00ad\t\r<&]")

NAME = "text"
CODES: dict[str, tuple[Severity, str]] = {
    "not-nfc": ("warning", "văn bản không ở dạng NFC"),
    "html-remnant": ("error", "còn thẻ HTML"),
    "stray-whitespace": ("warning", "khoảng trắng thừa"),
    "control-character": ("error", "ký tự điều khiển (terminal, hướng chữ)"),
}


def run(loaded: Loaded) -> Iterator[Problem]:
    """Text is NFC, has no HTML left from a conversion, and no stray whitespace."""
    for file, data in loaded.raw.items():
        for path, text in _strings(data):
            if not SUSPECT.search(text) and (text.isascii() or is_nfc(text)) and not control_match(text):
                continue  # the common case, decided by two regexes and one C call
            if match := control_match(text):
                yield Problem(
                    "control-character",
                    file,
                    f"văn bản có ký tự điều khiển {visible(match.group())} (có thể xóa màn hình, giấu "
                    "liên kết hay đảo chiều chữ khi hiển thị); hãy xóa ký tự này",
                    path,
                )
            if not is_nfc(text):
                yield Problem(
                    "not-nfc",
                    file,
                    "văn bản không ở dạng Unicode NFC (thường do sao "
                    "chép từ PDF hoặc macOS); hãy chuẩn hóa về NFC",
                    path,
                )
            if match := HTML_REMNANT.search(text):
                yield Problem(
                    "html-remnant",
                    file,
                    f"còn thẻ HTML «{match.group()}» từ bản chuyển đổi; hãy xóa thẻ, chỉ giữ nội dung",
                    path,
                )
            if reason := whitespace_problem(text):
                yield Problem("stray-whitespace", file, f"văn bản {reason}; hãy xóa", path)


def _strings(data: Any) -> Iterator[tuple[Path, str]]:
    """Every string value in `data` with its path (iterative: files can be large)."""
    stack: list[tuple[Path, Any]] = [((), data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            yield path, value
        elif isinstance(value, dict):
            stack.extend(((*path, k), v) for k, v in reversed(value.items()))
        elif isinstance(value, BaseModel):  # a big file validated in parts: fields are the file's keys
            stack.extend(((*path, k), getattr(value, k)) for k in reversed(type(value).model_fields))
        elif isinstance(value, list):
            stack.extend(((*path, i), v) for i, v in reversed(list(enumerate(value))))
