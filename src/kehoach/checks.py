"""Named checks over loaded plan data. Each returns every problem it finds.

`syntax` and `schema` problems come from loading and are always reported: the
other checks need data they can read. The others can be run one at a time with
`kehoach validate --check NAME`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from kehoach.load import Loaded
from kehoach.model import (
    Agency,
    AgencyReport,
    Assignment,
    ConsolidatedReport,
    PlanInfo,
    Roster,
    TaskList,
)
from kehoach.plan import CONSOLIDATED
from kehoach.problems import Path, Problem
from kehoach.text import HTML_REMNANT, SUSPECT, is_nfc, search_key, whitespace_problem

PLAN, TASKS, AGENCIES = "plan/plan.yaml", "plan/tasks.yaml", "plan/agencies.yaml"

Check = Callable[[Loaded], Iterable[Problem]]


def check_references(loaded: Loaded) -> Iterator[Problem]:
    """Every agency, sector and legal basis that is referred to exists."""
    roster = loaded.checkable.get(AGENCIES)
    tasks = loaded.checkable.get(TASKS)
    info = loaded.checkable.get(PLAN)
    if isinstance(roster, Roster):
        known = _AgencyIndex(roster, loaded.written_ids(AGENCIES, "agencies"))
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
                        f"trong legal_bases{_suggest(basis, bases)}; hãy thêm "
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
    known: _AgencyIndex, file: str, base: Path, lead: list[Assignment], coordinators: list[Assignment]
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


class _AgencyIndex:
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
        hint = f" (có phải ý bạn là «{named}»?)" if named else _suggest(agency_id, self.ids)
        yield Problem(
            "unknown-agency",
            file,
            f"mã cơ quan «{agency_id}» không có trong "
            f"plan/agencies.yaml{hint}; hãy dùng mã (id) của cơ quan trong danh mục "
            "hoặc thêm cơ quan vào danh mục",
            path,
        )


def _suggest(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f" (có phải ý bạn là «{close[0]}»?)" if close else ""


def check_unique_ids(loaded: Loaded) -> Iterator[Problem]:
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
        for i, item in loaded.items(file, key, items):
            if item.id in first:
                yield Problem(
                    code,
                    file,
                    f"mã «{item.id}» đã dùng cho mục thứ {first[item.id] + 1} "
                    f"của {key}; mỗi mã chỉ dùng một lần",
                    (key, i, "id"),
                )
            first.setdefault(item.id, i)


def check_unique_names(loaded: Loaded) -> Iterator[Problem]:
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


def check_lineage(loaded: Loaded) -> Iterator[Problem]:
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
                f"valid_from ({_d(agency.valid_from)}) "
                f"sau valid_until ({_d(agency.valid_until)}); hãy kiểm tra lại hai ngày",
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
                    f"không có trong danh mục{_suggest(successor.agency, by_id)}; hãy "
                    "thêm cơ quan đó hoặc sửa mã",
                    (*path, "agency"),
                )
            elif not target.in_force(successor.effective):
                yield Problem(
                    "successor-not-in-force",
                    AGENCIES,
                    f"{target.id} không tồn tại vào "
                    f"ngày {_d(successor.effective)} (hiệu lực {_span(target)}); hãy sửa "
                    "effective hoặc thời hạn của cơ quan kế thừa",
                    (*path, "effective"),
                )
            if agency.valid_until is None:
                yield Problem(
                    "successor-without-end",
                    AGENCIES,
                    f"{agency.id} có cơ quan kế thừa "
                    "nhưng không có valid_until; hãy ghi ngày cuối cùng cơ quan này tồn "
                    f"tại (ngày liền trước {_d(successor.effective)})",
                    path,
                )
            elif successor.effective != agency.valid_until + dt.timedelta(days=1):
                yield Problem(
                    "lineage-date-order",
                    AGENCIES,
                    f"ngày kế thừa {_d(successor.effective)} "
                    f"phải là ngày liền sau valid_until ({_d(agency.valid_until)}), để "
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


def check_text(loaded: Loaded) -> Iterator[Problem]:
    """Text is NFC, has no HTML left from a conversion, and no stray whitespace."""
    for file, data in loaded.raw.items():
        for path, text in _strings(data):
            if not SUSPECT.search(text) and (text.isascii() or is_nfc(text)):
                continue  # the common case, decided by one regex and one C call
            if not is_nfc(text):
                yield Problem(
                    "not-nfc",
                    file,
                    "văn bản không ở dạng Unicode NFC (thường do sao "
                    "chép từ PDF hoặc macOS); hãy chuẩn hóa về NFC",
                    path,
                )
            if match := HTML_REMNANT.search(text):
                yield Problem(
                    "html-remnant",
                    file,
                    f"còn thẻ HTML «{match.group()}» từ bản chuyển đổi; hãy xóa thẻ, chỉ giữ nội dung",
                    path,
                )
            if reason := whitespace_problem(text):
                yield Problem("stray-whitespace", file, f"văn bản {reason}; hãy xóa", path)


def _strings(data: Any) -> Iterator[tuple[Path, str]]:
    """Every string value in `data` with its path (iterative: files can be large)."""
    stack: list[tuple[Path, Any]] = [((), data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            yield path, value
        elif isinstance(value, dict):
            stack.extend(((*path, k), v) for k, v in reversed(value.items()))
        elif isinstance(value, list):
            stack.extend(((*path, i), v) for i, v in reversed(list(enumerate(value))))


def _d(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def _span(agency: Agency) -> str:
    start = _d(agency.valid_from) if agency.valid_from else "…"
    end = _d(agency.valid_until) if agency.valid_until else "nay"
    return f"{start} – {end}"


_REPORT_PATH = re.compile(r"plan/reports/(\d{4})/([a-z0-9]+(?:-[a-z0-9]+)*)\.yaml\Z")


def check_reports(loaded: Loaded) -> Iterator[Problem]:
    """Reports sit at plan/reports/<year>/<agency>.yaml and refer to what exists, when it existed."""
    reports = [
        (n, r) for n, r in loaded.checkable.items() if isinstance(r, AgencyReport | ConsolidatedReport)
    ]
    if not reports:
        return  # nothing to check, and no plan view or roster index to build
    roster, tasks, info = (loaded.checkable.get(n) for n in (AGENCIES, TASKS, PLAN))
    known = (
        _AgencyIndex(roster, loaded.written_ids(AGENCIES, "agencies")) if isinstance(roster, Roster) else None
    )
    plan = _plan_view(loaded)
    for name, report in reports:
        consolidated = isinstance(report, ConsolidatedReport)
        match = _REPORT_PATH.match(name)
        expected_stem = CONSOLIDATED if consolidated else report.agency
        if match is None or match.group(2) != expected_stem:
            yield Problem(
                "report-path-mismatch",
                name,
                f"báo cáo của «{report.agency}» năm {report.year} phải nằm ở "
                f"plan/reports/{report.year}/{expected_stem}.yaml (một tệp cho mỗi cơ quan mỗi năm)",
                ("agency",),
            )
        elif int(match.group(1)) != report.year:
            yield Problem(
                "report-path-mismatch",
                name,
                f"tệp nằm trong thư mục năm {match.group(1)} nhưng ghi "
                f"year: {report.year}; hãy sửa năm hoặc chuyển tệp",
                ("year",),
            )
        if known is not None:
            yield from known.check(name, report.agency, ("agency",))
        if isinstance(info, PlanInfo):
            start, end = info.period.start_year, info.period.end_year
            if report.year < start or (end is not None and report.year > end):
                period = f"{start}–{end}" if end else f"từ {start}"
                yield Problem(
                    "year-out-of-period",
                    name,
                    f"năm {report.year} ngoài thời gian thực hiện Kế hoạch ({period}); hãy kiểm tra lại year",
                    ("year",),
                )
        received = report.sent if isinstance(report, ConsolidatedReport) else report.received
        if report.dated and received and received < report.dated:
            field = "sent" if consolidated else "received"
            yield Problem(
                "received-before-dated",
                name,
                f"ngày {'gửi' if consolidated else 'nhận'} "
                f"{_d(received)} trước ngày văn bản {_d(report.dated)}; hãy kiểm tra hai ngày",
                (field,),
            )
        if plan is not None and report.agency in plan.agencies:
            yield from _report_agency_in_force(plan, name, report, consolidated)
        if isinstance(report, AgencyReport):
            yield from _task_entries(loaded, name, report, tasks, info)


def _plan_view(loaded: Loaded) -> Any:
    """The plan as queries see it, when its three files are valid (for lineage in checks)."""
    from kehoach.plan import Plan

    if any(n not in loaded.models for n in (PLAN, TASKS, AGENCIES)):
        return None
    return Plan({n: loaded.models[n].model_dump(mode="json") for n in (PLAN, TASKS, AGENCIES)})


def _report_agency_in_force(plan: Any, name: str, report: Any, consolidated: bool) -> Iterator[Problem]:
    from kehoach.lineage import carriers

    agency = plan.agencies[report.agency]
    first, last = dt.date(report.year, 1, 1), dt.date(report.year, 12, 31)
    existed = (agency.valid_from is None or agency.valid_from <= last) and (
        agency.valid_until is None or agency.valid_until >= first
    )
    # A body that no longer (or not yet) exists cannot issue or send a document.
    issued = report.dated or (report.sent if consolidated else report.received)
    rule = plan.reporting.consolidated_report if consolidated else plan.reporting.agency_report
    due = rule.due(report.year)
    if not existed or (issued is not None and not agency.in_force(issued)):
        heirs = ", ".join(c.agency.name for c in carriers(plan, agency.id, due)) or "không có"
        when = f"năm {report.year}" if not existed else f"ngày {_d(issued)}"
        yield Problem(
            "agency-not-in-force",
            name,
            f"{agency.name} không tồn tại vào {when} (hiệu lực {_span(agency)}); báo cáo năm {report.year} "
            f"do cơ quan thực hiện vào hạn {_d(due)} gửi: {heirs}",
            ("agency",),
        )
    elif consolidated:
        focal = carriers(plan, plan.reporting.focal_agency, due)
        if focal and focal[0].agency.id != agency.id:
            yield Problem(
                "not-focal-agency",
                name,
                f"báo cáo tổng hợp năm {report.year} do {agency.name} lập, "
                f"nhưng cơ quan đầu mối vào hạn {_d(due)} là {focal[0].agency.name}",
                ("agency",),
            )


def _task_entries(
    loaded: Loaded, name: str, report: AgencyReport, tasks: Any, info: Any
) -> Iterator[Problem]:
    task_ids = (
        {t.id for t in tasks.tasks} | loaded.written_ids(TASKS, "tasks")
        if isinstance(tasks, TaskList)
        else None
    )
    statuses = {s.id for s in info.progress_statuses} if isinstance(info, PlanInfo) else None
    seen: set[int] = set()
    for j, entry in enumerate(report.tasks):
        if task_ids is not None and entry.task not in task_ids:
            yield Problem(
                "unknown-task",
                name,
                f"Kế hoạch không có nhiệm vụ số {entry.task}; các nhiệm vụ: {min(task_ids)}–{max(task_ids)}",
                ("tasks", j, "task"),
            )
        if entry.task in seen:
            yield Problem(
                "duplicate-task-entry",
                name,
                f"nhiệm vụ {entry.task} đã có trong báo cáo này; hãy gộp hai mục làm một",
                ("tasks", j, "task"),
            )
        seen.add(entry.task)
        if statuses is not None and entry.status is not None and entry.status not in statuses:
            yield Problem(
                "unknown-status",
                name,
                f"trạng thái «{entry.status}» không có trong progress_statuses "
                f"của plan/plan.yaml{_suggest(entry.status, statuses)}; chọn một trong: "
                f"{', '.join(sorted(statuses))}",
                ("tasks", j, "status"),
            )


CHECKS: dict[str, Check] = {
    "references": check_references,
    "unique-ids": check_unique_ids,
    "unique-names": check_unique_names,
    "lineage": check_lineage,
    "reports": check_reports,
    "text": check_text,
}
