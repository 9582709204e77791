"""Finding an agency however its name is typed (shared/reference/vietnamese-text.md).

In order: the id or an exact name (after NFC, case and spaces); then the same
name as a key that ignores diacritics, tone placement, đ, punctuation, spaces,
"UBND"/"Ủy ban nhân dân", a trailing "Hà Nội" / "thành phố Hà Nội" / "TP. Hà
Nội", and the abbreviations people write (TT, TP, TX, and P./Q./H./X. before a
place); then an acronym of the name ("Sở KHĐT", "SDL", "Sở TNMT"; a prefix of
four letters or more: "TTXT" for Trung tâm Xúc tiến …); then the names that
contain every word typed. Among several candidates
the query's date decides (an agency in force on it beats one that is not, and
candidates that lead to the same agency on the date are one answer), then the
distinctive words ("Du lịch" is all of "Sở Du lịch" but a part of the Trung
tâm's name). What is still several is listed and nothing is guessed; nothing
gets up to three close spellings as suggestions, never an unrelated agency.
"""

from __future__ import annotations

import datetime as dt

from kehoach.dates import show
from kehoach.errors import UsageError
from kehoach.model.views import Agency, Plan
from kehoach.text import clean_input, search_words
from kehoach.tuples import NamedTuple

Words = tuple[str, ...]

# Phrases written out or abbreviated, reduced to one spelling on both sides.
_PHRASES: tuple[tuple[Words, Words], ...] = (
    (("uy", "ban", "nhan", "dan"), ("ubnd",)),
    (("trung", "tam"), ("tt",)),
    (("thanh", "pho"), ("tp",)),
    (("thi", "xa"), ("tx",)),
)
# One-letter place prefixes: "P. Hoàn Kiếm", "Q. Ba Đình", "H. Ba Vì", "X. Ba Vì".
_PREFIXES = {"p": "phuong", "q": "quan", "h": "huyen", "x": "xa"}
# What a trailing "Hà Nội" may come with: "Sở Du lịch (thành phố / TP.) Hà Nội", "… Thành phố".
_SUFFIXES: tuple[Words, ...] = (("tp", "ha", "noi"), ("ha", "noi"), ("tp",))
# The words that name the level of a People's Committee, dropped to find "Hoàn Kiếm" alone.
_LEVEL_WORDS = {"phuong", "xa", "quan", "huyen", "tx"}
LOCAL_KINDS = frozenset({"district", "ward", "commune"})
# Words that say what kind of body it is, not which one ("Sở", "UBND", "Ban", "và").
_GENERIC = {"so", "ubnd", "tt", "ban", "tp", "va", "cac", *_LEVEL_WORDS}


class Match(NamedTuple):
    agency: Agency
    how: str  # exact | key | words | date (one of several names, chosen by the date)


def canonical(text: str) -> Words:
    """The words of `text` with abbreviations and written-out phrases reduced to one spelling."""
    words = search_words(text)
    out: list[str] = []
    i = 0
    while i < len(words):
        for phrase, short in _PHRASES:
            if tuple(words[i : i + len(phrase)]) == phrase:
                out += short
                i += len(phrase)
                break
        else:
            word = words[i]
            at_prefix = not out or out == ["ubnd"]
            out.append(_PREFIXES.get(word, word) if at_prefix and i + 1 < len(words) else word)
            i += 1
    return tuple(out)


def _variants(words: Words, local: bool) -> set[Words]:
    """`words`, without a trailing "Hà Nội", without "UBND" first and, for a People's Committee, without
    the word of its level: every form a person may type the name in."""
    found = {words}
    for suffix in _SUFFIXES:
        if len(words) > len(suffix) and words[-len(suffix) :] == suffix:
            found.add(words[: -len(suffix)])
    for form in list(found):
        if len(form) > 1 and form[0] == "ubnd":
            found.add(form[1:])
    if local:
        for form in list(found):
            rest = form[1:] if form and form[0] == "ubnd" else form
            if len(rest) > 1 and rest[0] in _LEVEL_WORDS:
                found.add(rest[1:])
    # A shortened form must still name something: "UBND" alone is nobody in particular.
    return {form for form in found if form == words or len(form) > 1 or _distinctive(form)}


class _Index(NamedTuple):
    keys: dict[Words, list[str]]  # every variant of every name -> agency ids
    names: dict[str, list[Words]]  # agency id -> its names' canonical words
    acronyms: dict[str, list[str]]  # "skhdt", "sokhdt", "ttxtdttmdl" -> agency ids


MIN_ACRONYM_PREFIX = 4  # "TTXT" may stand for a longer acronym; three letters must be whole


def _acronyms(name: str) -> set[str]:
    """The acronyms a person writes for `name`: the initials of its words without "và" (and without
    "-"), after "Sở" written as "S" or "Sở" ("Sở Kế hoạch và Đầu tư" → skhdt, as "SKHĐT" or "Sở KHĐT")."""
    words = [w for w in search_words(name) if w != "va"]
    if len(words) < 3:
        return set()
    initials = "".join(w[0] for w in words)
    found = {initials}
    if words[0] == "so":
        found.add("so" + initials[1:])
    return found


def _typed_acronym(words: Words) -> str | None:
    """The acronym typed, if the query is one ("KHĐT" after "Sở", or one word such as "SDL")."""
    if len(words) == 1 and words[0].isalpha():
        return words[0]
    if len(words) == 2 and words[0] in ("so", "tt", "ubnd") and words[1].isalpha():
        return words[0] + words[1]
    return None


def _exact(plan: Plan) -> dict[str, str]:
    """Casefolded id, name, short name and alias -> agency id: the common case, built cheaply."""
    key = ("resolve-exact",)
    if key not in plan.shared:
        exact: dict[str, str] = {}
        for agency in plan.agencies.values():
            for name in (agency.id, *agency.names):
                exact.setdefault(clean_input(name).casefold(), agency.id)
        plan.shared[key] = exact
    return plan.shared[key]  # type: ignore[no-any-return]


def _index(plan: Plan) -> _Index:
    """The names of the roster in every form, built once per plan."""
    key = ("resolve-index",)
    if key not in plan.shared:
        keys: dict[Words, list[str]] = {}
        names: dict[str, list[Words]] = {}
        acronyms: dict[str, list[str]] = {}
        for agency in plan.agencies.values():
            local = agency.kind in LOCAL_KINDS
            for name in agency.names:
                for acronym in _acronyms(name):
                    held = acronyms.setdefault(acronym, [])
                    if agency.id not in held:
                        held.append(agency.id)
            for name in (agency.id, *agency.names):
                words = canonical(name)
                names.setdefault(agency.id, []).append(words)
                for form in _variants(words, local):
                    ids = keys.setdefault(form, [])
                    if agency.id not in ids:
                        ids.append(agency.id)
        plan.shared[key] = _Index(keys, names, acronyms)
    return plan.shared[key]  # type: ignore[no-any-return]


def search_forms(plan: Plan) -> dict[str, list[str]]:
    """Every form of every agency's names as `resolve_agency` reads them, as space-separated words, by
    agency id: the prebuilt index of the web site's search box."""
    found: dict[str, set[str]] = {}
    for form, ids in _index(plan).keys.items():
        for agency_id in ids:
            found.setdefault(agency_id, set()).add(" ".join(form))
    return {agency_id: sorted(forms) for agency_id, forms in found.items()}


def resolve_agency(plan: Plan, typed: str, on: dt.date | None = None) -> Match:
    """The one agency `typed` names on `on` (today's roster when None), or a UsageError (exit 2) that
    lists the candidates or suggests close spellings."""
    query = clean_input(typed)
    if not query:
        raise UsageError("Tên cơ quan trống; hãy nhập tên, tên viết tắt hoặc mã cơ quan.")
    found = _exact(plan).get(query.casefold())
    if found is not None:
        return Match(plan.agencies[found], "exact")
    index = _index(plan)
    words = canonical(query)
    forms = _variants(words, local=False)
    by_key = list(dict.fromkeys(i for form in forms for i in index.keys.get(form, ())))
    if by_key:
        return _choose(plan, typed, by_key, on, "key", forms)
    acronym = _typed_acronym(tuple(search_words(query)))
    if acronym is not None and len(acronym) >= 3:
        by_acronym = list(
            dict.fromkeys(
                agency_id
                for known, ids in index.acronyms.items()
                if known == acronym or (len(acronym) >= MIN_ACRONYM_PREFIX and known.startswith(acronym))
                for agency_id in ids
            )
        )
        if by_acronym:
            return _choose(plan, typed, by_acronym, on, "acronym", forms)
    wanted = [set(form) for form in forms if form]
    containing = [
        agency_id
        for agency_id, names in index.names.items()
        if any(want <= set(name) for name in names for want in wanted)
    ]
    if containing:
        return _choose(plan, typed, containing, on, "words", forms)
    raise UsageError(f"Không tìm thấy cơ quan «{typed.strip()}».{_suggestions(plan, forms, on)}")


def _choose(plan: Plan, typed: str, ids: list[str], on: dt.date | None, how: str, forms: set[Words]) -> Match:
    """One agency out of the candidates, or the list of them (ambiguous)."""
    from kehoach.model.lineage import carriers

    candidates = [plan.agencies[i] for i in ids]
    if len(candidates) == 1:
        return Match(candidates[0], how)
    if on is not None:
        current = [a for a in candidates if a.in_force(on)]
        if current and len(current) < len(candidates):
            candidates, how = current, "date" if how == "key" else how
        # Candidates whose work lands with the same agencies on the date are one answer.
        heirs = {frozenset(c.agency.id for c in carriers(plan, a.id, on)) for a in candidates}
        if len(heirs) == 1 and next(iter(heirs)):
            in_force = [a for a in candidates if a.in_force(on)]
            return Match((in_force or candidates)[0], how)
    if how == "words" and len(candidates) > 1:
        full = [a for a in candidates if _covers(plan, a, forms)]
        if len(full) == 1:
            return Match(full[0], how)
    if len(candidates) == 1:
        return Match(candidates[0], how)
    raise _ambiguous(typed, candidates, on)


def _distinctive(words: Words) -> set[str]:
    return set(words) - _GENERIC


def place_words(name: str) -> frozenset[str]:
    """The words of a name that say which one it is, not what kind ("UBND quận Hoàn Kiếm" → hoan, kiem)."""
    return frozenset(_distinctive(canonical(name)))


def _covers(plan: Plan, agency: Agency, forms: set[Words]) -> bool:
    """Whether the words typed are all the distinctive words of one of the agency's names."""
    typed = [_distinctive(form) for form in forms]
    for name in _index(plan).names[agency.id]:
        for form in _variants(name, agency.kind in LOCAL_KINDS):
            own = _distinctive(form)
            if own and any(own == t for t in typed):
                return True
    return False


def _ambiguous(typed: str, agencies: list[Agency], on: dt.date | None) -> UsageError:
    from kehoach.text import sort_key

    def label(a: Agency) -> str:
        if a.valid_from and a.valid_until:
            return f"{a.name} (từ {show(a.valid_from)} đến {show(a.valid_until)})"
        if a.valid_until:
            return f"{a.name} (đến {show(a.valid_until)})"
        if a.valid_from:
            return f"{a.name} (từ {show(a.valid_from)})"
        return a.name

    names = [label(a) for a in sorted(agencies, key=lambda a: sort_key(a.name))]
    shown = "\n".join(f"  - {name}" for name in names[:12])
    more = f"\n  … và {len(names) - 12} cơ quan khác" if len(names) > 12 else ""
    when = f" vào ngày {show(on)}" if on is not None else ""
    return UsageError(
        f"«{typed.strip()}» khớp với {len(names)} cơ quan{when}; hãy ghi rõ hơn:\n{shown}{more}"
    )


def _suggestions(plan: Plan, forms: set[Words], on: dt.date | None) -> str:
    """ " Có phải ý bạn là …?" with up to three agencies, or nothing.

    Two kinds of near miss count: the query holds every distinctive word of an
    agency's name ("Sở Du lịch và Lữ hành" → Sở Du lịch), or it is spelt almost
    like one (a typo, a missing letter). Sharing "Sở", "UBND" or "Hà Nội" with a
    name is not a reason to suggest it.
    """
    from rapidfuzz import fuzz, process

    shortest = min(forms, key=len)
    typed_words = _distinctive(shortest)
    # "Sở …" typed: only departments are suggested (a commune sharing a word with it is not a near miss)
    longest = max(forms, key=len)
    kind = longest[0] if longest and longest[0] in ("so", "ubnd", "tt", "ban") else None
    typed = "".join(w for w in shortest if w in typed_words)
    index = _index(plan)
    contained: list[tuple[int, str]] = []
    choices: dict[str, str] = {}
    for agency_id, names in index.names.items():
        agency = plan.agencies[agency_id]
        for name in names:
            if kind is not None and name and name[0] != kind:
                continue
            for form in _variants(name, agency.kind in LOCAL_KINDS):
                own = _distinctive(form)
                if own and own <= typed_words:
                    contained.append((len(own), agency_id))
                key = "".join(w for w in form if w not in _GENERIC)
                if key:
                    choices.setdefault(key, agency_id)
    ranked = [agency_id for _, agency_id in sorted(contained, key=lambda c: -c[0])]
    if len(typed) >= 3:
        hits = process.extract(typed, list(choices), scorer=fuzz.ratio, limit=20, score_cutoff=80)
        hits.sort(key=lambda hit: (-hit[1], not plan.agencies[choices[hit[0]]].in_force(on or dt.date.max)))
        ranked += [choices[hit] for hit, _score, _ in hits]
    best = list(dict.fromkeys(plan.agencies[agency_id].name for agency_id in ranked))[:3]
    return f" Có phải ý bạn là: {', '.join(best)}?" if best else ""
