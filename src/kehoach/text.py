"""Vietnamese text: normal form, search keys, sort keys, hygiene.

See shared/reference/vietnamese-text.md: names arrive as NFD, with old tone
placement, without diacritics, in any case and with stray spaces. Everything
stored is NFC; everything matched goes through `search_key`.
"""

from __future__ import annotations

import unicodedata

# Characters with no visible width that editors and web pages slip into text.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_D_MAP = str.maketrans({"đ": "d", "Đ": "D", "Ð": "D", "ð": "d"})

# Vietnamese alphabet order; letters not listed sort after, by code point.
_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_RANK = {ch: i for i, ch in enumerate(_ALPHABET)}
# Dictionary order of tones: none, huyền, hỏi, ngã, sắc, nặng.
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_MODIFIED = {
    ("a", "\u0306"): "ă",
    ("a", "\u0302"): "â",
    ("e", "\u0302"): "ê",
    ("o", "\u0302"): "ô",
    ("o", "\u031b"): "ơ",
    ("u", "\u031b"): "ư",
}


def is_nfc(text: str) -> bool:
    return unicodedata.is_normalized("NFC", text)


def nfc(text: str) -> str:
    """Return `text` in Unicode NFC, the only form stored or compared."""
    return unicodedata.normalize("NFC", text)


def clean_input(text: str) -> str:
    """What a person typed, made comparable: NFC, no invisible characters, single spaces."""
    return " ".join(nfc(text).translate(_INVISIBLE).split())


def _bare(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.translate(_INVISIBLE).translate(_D_MAP))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def search_key(text: str) -> str:
    """A key that ignores diacritics, tone placement, đ, case, spaces and punctuation."""
    return "".join(filter(str.isalnum, _bare(text)))  # the regular expression [\W_]+ removed


def search_words(text: str) -> list[str]:
    """The words of `text` as `search_key` sees them ("Sở VH&TT" -> so, vh, tt)."""
    return "".join(ch if ch.isalnum() else " " for ch in _bare(text)).split()


def sort_key(text: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Sort key in Vietnamese alphabetical order: letters first, then tones."""
    letters: list[int] = []
    tones: list[int] = []
    for ch in nfc(text).casefold():
        found = _CHAR_KEYS.get(ch)
        if found is None:
            found = _char_key(ch)
            if ch < "\u2000":  # Latin and Vietnamese: a bounded memo whatever the text holds
                _CHAR_KEYS[ch] = found
        letters.append(found[0])
        tones.append(found[1])
    return tuple(letters), tuple(tones)


_CHAR_KEYS: dict[str, tuple[int, int]] = {}  # a character's (letter, tone) ranks, worked out once


def _char_key(ch: str) -> tuple[int, int]:
    decomposed = unicodedata.normalize("NFD", ch)
    base, marks = decomposed[0], decomposed[1:]
    tone = 0
    for mark in marks:
        if mark in _TONE_RANK:
            tone = _TONE_RANK[mark]
        else:
            base = _MODIFIED.get((base, mark), base)
    if base in _RANK:
        return _RANK[base], tone
    if base.isspace() or not base.isalnum():
        return -1, tone
    return len(_ALPHABET) + ord(base), tone


def whitespace_problem(text: str) -> str | None:
    """Describe stray whitespace in stored text (Vietnamese), or None when clean."""
    if text != text.strip():
        return "có khoảng trắng ở đầu hoặc cuối"
    if "  " in text:
        return "có hai khoảng trắng liền nhau"
    if "\u00a0" in text:
        return "có khoảng trắng không ngắt (NBSP)"
    if text.translate(_INVISIBLE) != text:
        return "có ký tự vô hình (zero-width)"
    if "\t" in text or "\r" in text:
        return "có ký tự tab hoặc CR"
    return None


def shorten(text: str, width: int) -> str:
    """`text` cut at a word to at most `width` characters, with "…" when cut."""
    if len(text) <= width:
        return text
    cut = text[: width - 1].rsplit(" ", 1)[0].rstrip(",;:.-– ")
    return cut + "…"
