"""Data shown as text in Markdown, CSV and spreadsheets, never read as markup or formulas."""

from __future__ import annotations

import re
from typing import Any

_MD_SPECIAL = re.compile(r"[\\`*_{}\[\]<>#|]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell_text(value: Any) -> str:
    return "" if value is None else str(value)


def safe_cell(text: str) -> str:
    """A cell Excel will not run as a formula (OWASP: prefix with an apostrophe)."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def md_cell(value: Any) -> str:
    """Text that stays inside one Markdown table cell."""
    return md_text(cell_text(value)) or " "


def md_text(text: str) -> str:
    """A paragraph of data shown as text, not read as Markdown markup."""
    return _MD_SPECIAL.sub(r"\\\g<0>", " ".join(text.split()))
