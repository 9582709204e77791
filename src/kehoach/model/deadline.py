"""A task's deadline as the plan writes it ("Thời gian hoàn thành"), and the one rule for the date it means.

The text is kept exactly as written; `due` is computed from it, never typed:

| written                                   | due                                   |
|-------------------------------------------|---------------------------------------|
| `30/9/2026`, `ngày 30/9/2026`             | that day                              |
| `trước ngày 30/9/2026`, `trước 30/9/2026` | the day before (the last day "before") |
| `Tháng 6/2026`                            | the month's last day (30/06/2026)     |
| `Quý II/2026` (I–IV or 1–4)               | the quarter's last day (30/06/2026)   |
| `6 tháng đầu năm 2026`                    | 30/06/2026                            |
| `6 tháng cuối năm 2026`                   | 31/12/2026                            |
| `Năm 2026`, `2026`                        | 31/12/2026                            |
| `Năm 2025 - 2026`, `2025-2026`            | 31/12 of the last year                |
| `Thường xuyên`, `Hằng năm`, `Hàng năm`, `Hằng quý`, `Hằng tháng`, `Định kỳ hằng năm` | none: recurring |

Case, spaces and a final full stop do not matter; the words are read with their
diacritics (NFC). Anything else is not guessed: `read_deadline` raises ValueError
with a Vietnamese message listing the forms above.
"""

from __future__ import annotations

import datetime as dt

from kehoach.tuples import NamedTuple

RECURRING = ("thường xuyên", "hằng năm", "hàng năm", "hằng quý", "hàng quý", "hằng tháng", "hàng tháng")
_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
FORMS = (
    "30/9/2026, trước ngày 30/9/2026, Tháng 6/2026, Quý II/2026, 6 tháng đầu năm 2026, Năm 2026, Thường xuyên"
)


class Deadline(NamedTuple):
    text: str  # as the plan writes it
    due: dt.date | None  # the date it means; None when recurring
    recurring: bool


def read_deadline(text: str) -> Deadline:
    """The deadline `text` and the date it means (see the table above); ValueError when unreadable."""
    import unicodedata

    words = " ".join(unicodedata.normalize("NFC", text).lower().split()).rstrip(".")
    words = words.removeprefix("định kỳ ").removeprefix("hoàn thành ")
    if words in RECURRING:
        return Deadline(text, None, True)
    try:
        due = _due(words)
    except ValueError:  # a date that does not exist (31/2/2026, Tháng 13/2026)
        due = None
    if due is None or not 2000 <= due.year <= 2100:
        raise ValueError(f"không đọc được thời hạn «{text}»; viết như Kế hoạch, ví dụ: {FORMS}")
    return Deadline(text, due, False)


def _due(words: str) -> dt.date | None:
    from re import fullmatch as match

    day = match(r"(trước ngày |trước |ngày |chậm nhất |chậm nhất ngày )?(\d{1,2})/(\d{1,2})/(\d{4})", words)
    if day:
        found = dt.date(int(day.group(4)), int(day.group(3)), int(day.group(2)))
        return found - dt.timedelta(days=1) if (day.group(1) or "").startswith("trước") else found
    month = match(r"tháng (\d{1,2})/(\d{4})", words)
    if month:
        return _month_end(int(month.group(2)), int(month.group(1)))
    quarter = match(r"quý (i{1,3}|iv|[1-4])/(\d{4})", words)
    if quarter:
        return _month_end(int(quarter.group(2)), 3 * _QUARTERS[quarter.group(1)])
    half = match(r"6 tháng (đầu|cuối) năm (\d{4})", words)
    if half:
        return _month_end(int(half.group(2)), 6 if half.group(1) == "đầu" else 12)
    year = match(r"(năm )?(\d{4})(\s*-\s*(\d{4}))?", words)
    if year and int(year.group(4) or year.group(2)) >= int(year.group(2)):
        return dt.date(int(year.group(4) or year.group(2)), 12, 31)
    return None


def _month_end(year: int, month: int) -> dt.date:
    if not 1 <= month <= 12:
        raise ValueError(month)
    first_of_next = dt.date(year + month // 12, month % 12 + 1, 1)
    return first_of_next - dt.timedelta(days=1)
