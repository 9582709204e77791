"""No two agencies share a name or alias once diacritics, case and spaces are ignored."""

from __future__ import annotations

from collections.abc import Iterator

from kehoach.check.common import AGENCIES
from kehoach.model.load import Loaded
from kehoach.model.schema import Roster
from kehoach.problems import Path, Problem, Severity
from kehoach.text import search_key

NAME = "unique-names"
CODES: dict[str, tuple[Severity, str]] = {
    "duplicate-name": ("error", "tên hoặc tên gọi khác trùng nhau"),
    "redundant-alias": ("warning", "tên gọi khác thừa"),
}


def run(loaded: Loaded) -> Iterator[Problem]:
    """No two agencies share a name or alias once diacritics, case and spaces are ignored."""
    roster = loaded.checkable.get(AGENCIES)
    if not isinstance(roster, Roster):
        return
    owner: dict[str, tuple[int, str, str]] = {}  # key -> (index, name as written, agency id)
    for i, agency in loaded.items(AGENCIES, "agencies", roster.agencies):
        names: list[tuple[Path, str]] = [(("agencies", i, "name"), agency.name)]
        if agency.short_name:
            names.append((("agencies", i, "short_name"), agency.short_name))
        names += [(("agencies", i, "aliases", j), alias) for j, alias in enumerate(agency.aliases)]
        for path, name in names:
            key = search_key(name)
            if key in owner and owner[key][0] != i:
                yield Problem(
                    "duplicate-name",
                    AGENCIES,
                    f"«{name}» trùng với «{owner[key][1]}» "
                    f"của cơ quan {owner[key][2]} (khi bỏ dấu, chữ hoa, dấu câu và khoảng trắng); hãy "
                    "đặt tên gọi khác phân biệt được hai cơ quan",
                    path,
                )
            elif key in owner:
                yield Problem(
                    "redundant-alias",
                    AGENCIES,
                    f"«{name}» chỉ khác «{owner[key][1]}» "
                    "ở dấu, chữ hoa, dấu câu hoặc khoảng trắng, điều mà tra cứu đã bỏ qua; có "
                    "thể xóa tên gọi khác này",
                    path,
                )
            else:
                owner[key] = (i, name, agency.id)
