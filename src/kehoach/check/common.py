"""What several checks share: the plan files' names, suggestions, dates in messages."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable, Iterator
from typing import Any

from kehoach.model.schema import Agency, Roster
from kehoach.problems import Path, Problem
from kehoach.text import search_key

PLAN, TASKS, AGENCIES = "plan/plan.yaml", "plan/tasks.yaml", "plan/agencies.yaml"


class AgencyIndex:
    """Roster ids, with a suggestion for an unknown one (by id or by name)."""

    def __init__(self, roster: Roster, written: set[Any]) -> None:
        self.ids = {agency.id for agency in roster.agencies} | written
        self.by_key: dict[str, str] = {}
        for agency in roster.agencies:
            for name in (agency.name, agency.short_name or agency.name, *agency.aliases):
                self.by_key.setdefault(search_key(name), agency.id)

    def check(self, file: str, agency_id: str, path: Path) -> Iterator[Problem]:
        if agency_id in self.ids:
            return
        named = self.by_key.get(search_key(agency_id))
        hint = f" (có phải ý bạn là «{named}»?)" if named else suggest(agency_id, self.ids)
        yield Problem(
            "unknown-agency",
            file,
            f"mã cơ quan «{agency_id}» không có trong "
            f"plan/agencies.yaml{hint}; hãy dùng mã (id) của cơ quan trong danh mục "
            "hoặc thêm cơ quan vào danh mục",
            path,
        )


def suggest(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f" (có phải ý bạn là «{close[0]}»?)" if close else ""


def day_text(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def span(agency: Agency) -> str:
    start = day_text(agency.valid_from) if agency.valid_from else "…"
    end = day_text(agency.valid_until) if agency.valid_until else "nay"
    return f"{start} – {end}"
