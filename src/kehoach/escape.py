"""Data shown as text in Markdown, CSV and spreadsheets, never read as markup or formulas."""

from __future__ import annotations

from kehoach.tuples import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import re

_MD_SPECIAL = r"[\\`*_{}\[\]<>#|]"  # compiled (and kept by re) when Markdown is written
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell_text(value: Any) -> str:
    return "" if value is None else str(value)


def safe_cell(text: str) -> str:
    """A cell Excel or LibreOffice will not run as a formula (OWASP: prefix with an apostrophe), also
    when it starts with spaces ("trim spaces" on import would expose the =)."""
    return "'" + text if text.lstrip(" \u00a0").startswith(_FORMULA_START) else text


def md_cell(value: Any) -> str:
    """Text that stays inside one Markdown table cell."""
    return md_text(cell_text(value)) or " "


def md_text(text: str) -> str:
    """A paragraph of data shown as text, not read as Markdown markup."""
    import re

    return re.sub(_MD_SPECIAL, r"\\\g<0>", " ".join(text.split()))


# C0 and C1 controls (tab and newline aside), DEL, the line and paragraph separators (U+2028, U+2029:
# line breaks to some readers, not to others), and the bidirectional overrides and isolates that can
# reorder or hide text on a terminal (U+202E shows "gnp.exe" as "exe.png").
# A set (most text has none of them, and a set says so without `re`), and the regular-expression class
# of the same characters, written from it (none of them is special inside brackets).
_CONTROL_CHARS = frozenset(
    map(chr, (*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0), 0x061C, 0x200E, 0x200F))
) | frozenset(map(chr, (*range(0x2028, 0x202F), *range(0x2066, 0x206A))))
_CONTROL_CLASS = "[" + "".join(sorted(_CONTROL_CHARS)) + "]"


def control_match(text: str) -> re.Match[str] | None:
    """The first control character in `text`, or None (most text: found without importing `re`)."""
    if _CONTROL_CHARS.isdisjoint(text):
        return None
    import re

    return re.search(_CONTROL_CLASS, text)


def visible(text: str) -> str:
    """`text` with control characters shown as escapes (\\x1b, \\u202e) instead of acting on a terminal."""
    if _CONTROL_CHARS.isdisjoint(text):
        return text
    import re

    return re.sub(
        _CONTROL_CLASS,
        lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}",
        text,
    )


def log_safe(text: str) -> str:
    """`text` for a terminal or a log that a CI runner reads: control characters visible, and no line
    that can start a GitHub workflow command ("::error", "::add-mask::", "::stop-commands::" after any
    spaces; "##[" anywhere). Line endings are kept as they are (CSV's CRLF too); text with none of
    these is returned as it is."""
    if "::" not in text and "##[" not in text and _CONTROL_CHARS.isdisjoint(text.replace("\r\n", "\n")):
        return text
    lines = []
    for line in text.split("\n"):
        cr = line.endswith("\r")
        line = visible(line[:-1] if cr else line)
        if line.lstrip().startswith("::"):
            line = line.replace("::", "\\::", 1)
        lines.append(line.replace("##[", "#\\#[") + ("\r" if cr else ""))
    return "\n".join(lines)


def json_safe(text: str) -> str:
    """JSON text that no log reads as a command and no terminal as a control, with the same meaning:
    "##[" as "#\\u0023[", and every control character left raw by the encoder as a \\u escape (both
    only ever occur inside JSON strings, where an escape decodes to the same character)."""
    if "##[" in text:
        text = text.replace("##[", "#\\u0023[")
    if _CONTROL_CHARS.isdisjoint(text):
        return text
    return "".join(f"\\u{ord(c):04x}" if c in _CONTROL_CHARS else c for c in text)
