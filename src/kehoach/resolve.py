"""Finding an agency however its name is typed (shared/reference/vietnamese-text.md).

In order: the id or an exact name (after NFC, case and spaces); the same name
ignoring diacritics, tone placement, đ, punctuation and spaces; then the names
that contain every word typed. One agency is an answer; several are listed and
nothing is guessed; none gets up to three nearest names as suggestions.
"""

from typing import NamedTuple

from kehoach.errors import UsageError
from kehoach.plan import Agency, Plan
from kehoach.text import clean_input, search_key, search_words


class Match(NamedTuple):
    agency: Agency
    how: str  # exact | key | words


def resolve_agency(plan: Plan, typed: str) -> Match:
    """The one agency `typed` names, or a UsageError (exit 2) that lists or suggests."""
    query = clean_input(typed)
    if not query:
        raise UsageError("Tên cơ quan trống; hãy nhập tên, tên viết tắt hoặc mã cơ quan.")
    if query in plan.agencies:
        return Match(plan.agencies[query], "exact")
    folded = query.casefold()
    key = search_key(query)
    by_key: list[Agency] = []
    for agency in plan.agencies.values():
        if any(clean_input(name).casefold() == folded for name in agency.names):
            return Match(agency, "exact")
        if key and (search_key(agency.id) == key or any(search_key(name) == key for name in agency.names)):
            by_key.append(agency)
    if len(by_key) == 1:
        return Match(by_key[0], "key")
    if len(by_key) > 1:
        raise _ambiguous(typed, by_key)
    words = set(search_words(query))
    if words:
        containing = [
            agency
            for agency in plan.agencies.values()
            if any(words <= set(search_words(name)) for name in agency.names)
        ]
        if len(containing) == 1:
            return Match(containing[0], "words")
        if containing:
            raise _ambiguous(typed, containing)
    raise UsageError(f"Không tìm thấy cơ quan «{typed.strip()}».{_suggestions(plan, query)}")


def _ambiguous(typed: str, agencies: list[Agency]) -> UsageError:
    from kehoach.text import sort_key

    names = sorted((a.name for a in agencies), key=sort_key)
    shown = "\n".join(f"  - {name}" for name in names[:12])
    more = f"\n  … và {len(names) - 12} cơ quan khác" if len(names) > 12 else ""
    return UsageError(f"«{typed.strip()}» khớp với {len(names)} cơ quan; hãy ghi rõ hơn:\n{shown}{more}")


def _suggestions(plan: Plan, query: str) -> str:
    """ " Có phải ý bạn là …?" with up to three nearest names, or nothing."""
    from rapidfuzz import fuzz, process

    choices: dict[str, str] = {}
    for agency in plan.agencies.values():
        for name in agency.names:
            choices.setdefault(search_key(name), agency.name)
    best: list[str] = []
    for key, score, _ in process.extract(search_key(query), list(choices), scorer=fuzz.WRatio, limit=10):
        name = choices[key]
        if score >= 70 and name not in best:
            best.append(name)
        if len(best) == 3:
            break
    return f" Có phải ý bạn là: {', '.join(best)}?" if best else ""
