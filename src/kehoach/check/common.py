"""What several checks share: the plan files' names, suggestions, dates in messages."""

from __future__ import annotations

import datetime as dt
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


_SUGGESTIONS_MAX = 200  # suggestions computed per run; past that, unknown names are only listed
_suggested: dict[tuple[str, int], str] = {}


def reset_suggestions() -> None:
    """Start a run: suggestions are remembered and counted per validation."""
    _suggested.clear()


def suggest(word: str, choices: Iterable[str]) -> str:
    """ " (có phải ý bạn là «x»?)" for the closest of `choices`, or "".

    Linear in the number of problems: each distinct word is looked up once per run, in C (rapidfuzz),
    and a file of thousands of unknown names gets suggestions for the first few hundred only.
    """
    options = sorted(choices)
    key = (word, hash(tuple(options)))
    if key in _suggested:
        return _suggested[key]
    if len(_suggested) >= _SUGGESTIONS_MAX:
        return ""
    from rapidfuzz import fuzz, process

    found = process.extractOne(word, options, scorer=fuzz.ratio, score_cutoff=60)
    text = f" (có phải ý bạn là «{found[0]}»?)" if found else ""
    _suggested[key] = text
    return text


def day_text(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def span(agency: Agency) -> str:
    start = day_text(agency.valid_from) if agency.valid_from else "…"
    end = day_text(agency.valid_until) if agency.valid_until else "nay"
    return f"{start} – {end}"
