"""Ids of agencies, legal bases, sectors, tasks and duties are unique."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from kehoach.check.common import AGENCIES, PLAN, TASKS
from kehoach.model.load import Loaded
from kehoach.model.schema import PlanInfo, Roster, TaskList
from kehoach.problems import Problem, Severity

NAME = "unique-ids"
CODES: dict[str, tuple[Severity, str]] = {
    "duplicate-agency-id": ("error", "mã cơ quan trùng"),
    "duplicate-task-id": ("error", "số thứ tự nhiệm vụ trùng"),
    "duplicate-sector-id": ("error", "mã lĩnh vực trùng"),
    "duplicate-duty-id": ("error", "mã nhiệm vụ thường xuyên trùng"),
    "duplicate-basis-id": ("error", "mã căn cứ pháp lý trùng"),
}


def run(loaded: Loaded) -> Iterator[Problem]:
    """Ids of agencies, legal bases, sectors, tasks and duties are unique."""
    lists: list[tuple[str, str, str, list[Any]]] = []
    if isinstance(roster := loaded.checkable.get(AGENCIES), Roster):
        lists += [
            (AGENCIES, "agencies", "duplicate-agency-id", roster.agencies),
            (AGENCIES, "legal_bases", "duplicate-basis-id", roster.legal_bases),
        ]
    if isinstance(tasks := loaded.checkable.get(TASKS), TaskList):
        lists += [
            (TASKS, "sectors", "duplicate-sector-id", tasks.sectors),
            (TASKS, "tasks", "duplicate-task-id", tasks.tasks),
        ]
    if isinstance(info := loaded.checkable.get(PLAN), PlanInfo):
        lists.append((PLAN, "duties", "duplicate-duty-id", info.duties))
    for file, key, code, items in lists:
        first: dict[Any, int] = {}
        said: set[Any] = set()  # ids whose first place was already pointed at
        for i, item in loaded.items(file, key, items):
            if item.id in first:
                if item.id not in said:  # both places: the reader may keep either one
                    said.add(item.id)
                    yield Problem(
                        code,
                        file,
                        f"mã «{item.id}» dùng lại ở mục thứ {i + 1} của {key}; mỗi mã chỉ dùng một lần",
                        (key, first[item.id], "id"),
                    )
                yield Problem(
                    code,
                    file,
                    f"mã «{item.id}» đã dùng cho mục thứ {first[item.id] + 1} "
                    f"của {key}; mỗi mã chỉ dùng một lần",
                    (key, i, "id"),
                )
            first.setdefault(item.id, i)
