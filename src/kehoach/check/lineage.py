"""Successors exist and are in force when they take over; dates in order; no cycles."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from kehoach.check.common import AGENCIES, day_text, span, suggest
from kehoach.model.load import Loaded
from kehoach.model.schema import Agency, Roster
from kehoach.problems import Problem, Severity

NAME = "lineage"
CODES: dict[str, tuple[Severity, str]] = {
    "unknown-successor": ("error", "cơ quan kế thừa không có trong danh mục"),
    "lineage-date-order": ("error", "ngày hiệu lực không theo thứ tự"),
    "successor-without-end": ("error", "có cơ quan kế thừa nhưng thiếu ngày kết thúc"),
    "successor-not-in-force": ("error", "cơ quan kế thừa chưa/không còn tồn tại"),
    "lineage-cycle": ("error", "vòng lặp kế thừa"),
}


def run(loaded: Loaded) -> Iterator[Problem]:
    """Successors exist and are in force when they take over; dates in order; no cycles."""
    roster = loaded.checkable.get(AGENCIES)
    if not isinstance(roster, Roster):
        return
    by_id = {agency.id: agency for agency in roster.agencies}
    written = loaded.written_ids(AGENCIES, "agencies")
    for i, agency in loaded.items(AGENCIES, "agencies", roster.agencies):
        if agency.valid_from and agency.valid_until and agency.valid_from > agency.valid_until:
            yield Problem(
                "lineage-date-order",
                AGENCIES,
                f"valid_from ({day_text(agency.valid_from)}) "
                f"sau valid_until ({day_text(agency.valid_until)}); hãy kiểm tra lại hai ngày",
                ("agencies", i, "valid_until"),
            )
        for j, successor in enumerate(agency.successors):
            path = ("agencies", i, "successors", j)
            target = by_id.get(successor.agency)
            if target is None and successor.agency in written:
                pass  # the successor's own entry is broken and reported as such
            elif target is None:
                yield Problem(
                    "unknown-successor",
                    AGENCIES,
                    f"cơ quan kế thừa «{successor.agency}» "
                    f"không có trong danh mục{suggest(successor.agency, by_id)}; hãy "
                    "thêm cơ quan đó hoặc sửa mã",
                    (*path, "agency"),
                )
            elif not target.in_force(successor.effective):
                yield Problem(
                    "successor-not-in-force",
                    AGENCIES,
                    f"{target.id} không tồn tại vào "
                    f"ngày {day_text(successor.effective)} (hiệu lực {span(target)}); hãy sửa "
                    "effective hoặc thời hạn của cơ quan kế thừa",
                    (*path, "effective"),
                )
            if agency.valid_until is None:
                yield Problem(
                    "successor-without-end",
                    AGENCIES,
                    f"{agency.id} có cơ quan kế thừa "
                    "nhưng không có valid_until; hãy ghi ngày cuối cùng cơ quan này tồn "
                    f"tại (ngày liền trước {day_text(successor.effective)})",
                    path,
                )
            elif successor.effective != agency.valid_until + dt.timedelta(days=1):
                yield Problem(
                    "lineage-date-order",
                    AGENCIES,
                    f"ngày kế thừa {day_text(successor.effective)} "
                    f"phải là ngày liền sau valid_until ({day_text(agency.valid_until)}), để "
                    "luôn có đúng một cơ quan thực hiện nhiệm vụ",
                    (*path, "effective"),
                )
    yield from _cycles(dict(loaded.items(AGENCIES, "agencies", roster.agencies)))


def _cycles(agencies: dict[int, Agency]) -> Iterator[Problem]:
    index = {agency.id: i for i, agency in agencies.items()}
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(agency_id: str, trail: list[str]) -> Iterator[Problem]:
        state[agency_id] = 1
        for successor in agencies[index[agency_id]].successors:
            nxt = successor.agency
            if nxt not in index:
                continue
            if state.get(nxt) == 1:
                loop = [*trail[trail.index(nxt) :], nxt] if nxt in trail else [agency_id, nxt]
                yield Problem(
                    "lineage-cycle",
                    AGENCIES,
                    f"kế thừa vòng tròn: {' → '.join(loop)}; một cơ quan không thể kế thừa chính nó",
                    ("agencies", index[agency_id], "successors"),
                )
            elif nxt not in state:
                yield from visit(nxt, [*trail, nxt])
        state[agency_id] = 2

    for agency in agencies.values():
        if agency.id not in state:
            yield from visit(agency.id, [agency.id])
