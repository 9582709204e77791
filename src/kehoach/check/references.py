"""Every agency, sector and legal basis that is referred to exists."""

from __future__ import annotations

from collections.abc import Iterator

from kehoach.check.common import AGENCIES, PLAN, TASKS, AgencyIndex, suggest
from kehoach.files.layout import CHASES
from kehoach.model.load import Loaded
from kehoach.model.schema import Assignment, ChaseLog, PlanInfo, Roster, TaskList
from kehoach.problems import Path, Problem, Severity

NAME = "references"
CODES: dict[str, tuple[Severity, str]] = {
    "unknown-agency": ("error", "mã cơ quan không có trong danh mục"),
    "unknown-sector": ("error", "lĩnh vực không tồn tại"),
    "unknown-basis": ("error", "căn cứ pháp lý không tồn tại"),
    "duplicate-assignment": ("error", "cơ quan được phân công hai lần"),
    "unknown-task": ("error", "nhiệm vụ không có trong kế hoạch"),
}


def run(loaded: Loaded) -> Iterator[Problem]:
    """Every agency, sector and legal basis that is referred to exists."""
    roster = loaded.checkable.get(AGENCIES)
    tasks = loaded.checkable.get(TASKS)
    info = loaded.checkable.get(PLAN)
    if isinstance(roster, Roster):
        known = AgencyIndex(roster, loaded.written_ids(AGENCIES, "agencies"))
        bases = {basis.id for basis in roster.legal_bases}
        for i, agency in loaded.items(AGENCIES, "agencies", roster.agencies):
            if agency.members:
                for j, member in enumerate(agency.members.agencies):
                    yield from known.check(AGENCIES, member, ("agencies", i, "members", "agencies", j))
            cited: list[tuple[Path, str]] = [(("agencies", i, "basis"), agency.basis)] if agency.basis else []
            cited += [
                (("agencies", i, "successors", j, "basis"), s.basis) for j, s in enumerate(agency.successors)
            ]
            for path, basis in cited:
                if basis not in bases:
                    yield Problem(
                        "unknown-basis",
                        AGENCIES,
                        f"căn cứ «{basis}» không có "
                        f"trong legal_bases{suggest(basis, bases)}; hãy thêm "
                        "căn cứ vào legal_bases hoặc sửa mã",
                        path,
                    )
        if isinstance(tasks, TaskList):
            for i, task in loaded.items(TASKS, "tasks", tasks.tasks):
                yield from _assignments(known, TASKS, ("tasks", i), task.lead, task.coordinators)
        if isinstance(info, PlanInfo):
            yield from known.check(PLAN, info.issuer, ("issuer",))
            yield from known.check(PLAN, info.reporting.focal_agency, ("reporting", "focal_agency"))
            for j, agency_id in enumerate(info.reporting.consolidated_report.to):
                yield from known.check(PLAN, agency_id, ("reporting", "consolidated_report", "to", j))
            for i, duty in loaded.items(PLAN, "duties", info.duties):
                yield from _assignments(known, PLAN, ("duties", i), duty.lead, duty.coordinators)
    chases = loaded.checkable.get(CHASES)
    if isinstance(chases, ChaseLog):
        numbers = (
            {t.id for t in tasks.tasks} | loaded.written_ids(TASKS, "tasks")
            if isinstance(tasks, TaskList)
            else None
        )
        for i, chase in loaded.items(CHASES, "chases", chases.chases):
            if isinstance(roster, Roster):
                yield from known.check(CHASES, chase.agency, ("chases", i, "agency"))
            for j, number in enumerate(chase.tasks):
                if numbers is not None and number not in numbers:
                    yield Problem(
                        "unknown-task",
                        CHASES,
                        f"nhiệm vụ {number} không có trong kế hoạch; hãy sửa số nhiệm vụ",
                        ("chases", i, "tasks", j),
                    )
    if isinstance(tasks, TaskList):
        sectors = {sector.id for sector in tasks.sectors} | loaded.written_ids(TASKS, "sectors")
        for i, task in loaded.items(TASKS, "tasks", tasks.tasks):
            if task.sector not in sectors:
                yield Problem(
                    "unknown-sector",
                    TASKS,
                    f"nhiệm vụ {task.id} thuộc lĩnh vực "
                    f"«{task.sector}» nhưng lĩnh vực này không có trong sectors; các "
                    f"lĩnh vực hiện có: {', '.join(sorted(sectors))}",
                    ("tasks", i, "sector"),
                )


def _assignments(
    known: AgencyIndex, file: str, base: Path, lead: list[Assignment], coordinators: list[Assignment]
) -> Iterator[Problem]:
    seen: dict[str, str] = {}
    for role, items in (("lead", lead), ("coordinators", coordinators)):
        for j, item in enumerate(items):
            path = (*base, role, j, "agency")
            yield from known.check(file, item.agency, path)
            if item.agency in seen:
                yield Problem(
                    "duplicate-assignment",
                    file,
                    f"cơ quan «{item.agency}» đã được "
                    f"phân công ở {seen[item.agency]}; mỗi cơ quan chỉ ghi một lần trong "
                    "một nhiệm vụ (ghi phạm vi bằng scope)",
                    path,
                )
            seen.setdefault(item.agency, "chủ trì" if role == "lead" else "phối hợp")
