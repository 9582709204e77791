"""Dates as people type them (15/9/2025, 2025-09-15) and as documents print them."""

from __future__ import annotations

import datetime as dt

from kehoach.errors import UsageError

# compiled (and kept by re) the first time a date is typed: a query without --as-of never needs `re`
_DMY = r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4})\Z"  # 15/9/2025, 15.09.2025, 15-09-2025
_ISO = r"(\d{4})-(\d{1,2})-(\d{1,2})\Z"


def parse_date(text: str, option: str = "--as-of") -> dt.date:
    """`DD/MM/YYYY` (also with dots or dashes: 01.07.2025) or `YYYY-MM-DD`, or a UsageError (exit 2)
    saying which forms work."""
    import re

    value = text.strip()
    try:
        if match := re.match(_DMY, value):
            day, month, year = (int(match.group(n)) for n in (1, 3, 4))
            return dt.date(year, month, day)
        if match := re.match(_ISO, value):
            year, month, day = map(int, match.groups())
            return dt.date(year, month, day)
    except ValueError:
        raise UsageError(f"Ngày không tồn tại cho {option}: «{text}».") from None
    raise UsageError(
        f"Ngày không hợp lệ cho {option}: «{text}»; hãy viết DD/MM/YYYY (ví dụ 15/09/2025) hoặc YYYY-MM-DD."
    )


def today() -> dt.date:
    return dt.date.today()


def show(day: dt.date | None) -> str:
    """dd/mm/yyyy, or "…" for a date the source leaves blank."""
    return day.strftime("%d/%m/%Y") if day else "…"


def within(start: dt.date | None, end: dt.date | None, on: dt.date) -> bool:
    """Whether `on` falls in [start, end]; a missing bound is open."""
    return (start is None or start <= on) and (end is None or on <= end)
