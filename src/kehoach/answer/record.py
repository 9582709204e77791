"""`kehoach record`: create or update one agency's report for a year, losing nothing.

The new file is built with ruamel.yaml's round-trip mode (comments, key order and
quoting written by hand survive), validated with the whole plan before anything
is written, and written atomically. A different value already in the file is
changed only with `force`. The reports folder is locked (flock) from reading the
file to renaming the new one into place, so concurrent runs cannot lose each
other's changes.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple

from kehoach.answer.status import check_year
from kehoach.check.cache import load_plan, read_sources
from kehoach.dates import parse_date, show
from kehoach.errors import UsageError, WriteError, os_message
from kehoach.escape import CONTROL, visible
from kehoach.files.atomic import remove_stale, write_atomic
from kehoach.files.layout import CONSOLIDATED, REPORTS_DIR
from kehoach.files.read import read_data_file
from kehoach.model.lineage import focal_agency
from kehoach.model.resolve import Match, resolve_agency

# option name -> key in a task entry
TASK_FIELDS = {"status": "status", "result": "results", "difficulty": "difficulties", "proposal": "proposals"}


class Change(NamedTuple):
    field: str
    old: Any
    new: Any


class Recorded(NamedTuple):
    file: str  # relative to the data folder
    created: bool
    changes: list[Change]


def record(
    root: Path,
    *,
    year: int,
    agency: str | None,
    received: str | None = None,
    sent: str | None = None,
    number: str | None = None,
    dated: str | None = None,
    task: int | None = None,
    task_fields: dict[str, str | None] | None = None,
    force: bool = False,
    consolidated: bool = False,
) -> Recorded:
    """Record what arrived; raise UsageError (nothing written) when it cannot be right.

    With `consolidated`, record the focal agency's consolidated report instead,
    with `sent`, the date it was sent to the City.
    """
    if (consolidated and received is not None) or (not consolidated and sent is not None):
        raise UsageError("--received dùng cho báo cáo của cơ quan; --sent dùng với --consolidated.")
    arrived = sent if consolidated else received
    if arrived is None:
        raise UsageError(
            "Thiếu --sent (ngày gửi UBND Thành phố)." if consolidated else "Thiếu --received (ngày nhận)."
        )
    given: dict[str, str] = {k: v for k, v in (task_fields or {}).items() if v is not None}
    for option, value in [*given.items(), ("number", number or "")]:
        bad = CONTROL.search(value) or re.search("[\u2028\u2029]", value)
        if bad:
            raise UsageError(
                f"--{option} có ký tự điều khiển {visible(bad.group())}; hãy gõ lại, không có ký tự đó."
            )
    if given and task is None:
        raise UsageError("--status, --result, --difficulty và --proposal cần --task SỐ.")
    if consolidated and task is not None:
        raise UsageError("Báo cáo tổng hợp không ghi tiến độ từng nhiệm vụ; bỏ --task.")
    date_key, option = ("sent", "--sent") if consolidated else ("received", "--received")
    updates: dict[str, Any] = {date_key: parse_date(arrived, option)}
    if dated is not None:
        updates["dated"] = parse_date(dated, "--dated")
    if number is not None:
        updates["number"] = number.strip()
    plan = load_plan(root)
    check_year(plan, year)
    if agency is None:
        if not consolidated:
            raise UsageError("Thiếu --agency.")
        focal = focal_agency(plan, plan.reporting.consolidated_report.deadline(year))
        if focal is None:
            raise UsageError(f"Không xác định được cơ quan đầu mối năm {year}; hãy ghi --agency.")
        match = Match(focal, "exact")
    else:
        match = resolve_agency(plan, agency, plan.reporting.agency_report.deadline(year))
    if match.agency.is_group:
        raise UsageError(f"{match.agency.name} là nhóm cơ quan; báo cáo do từng cơ quan gửi.")
    if task is not None and task not in plan.tasks:
        raise UsageError(
            f"Không có nhiệm vụ số {task}; Kế hoạch có các nhiệm vụ {min(plan.tasks)}–{max(plan.tasks)}."
        )
    status = given.get("status")
    if status is not None and status not in plan.statuses:
        raise UsageError(
            f"Trạng thái «{status}» không có trong danh mục; chọn một trong: "
            + ", ".join(f"{key} ({label})" for key, label in plan.statuses.items())
            + "."
        )
    stem = CONSOLIDATED if consolidated else match.agency.id
    name = f"{REPORTS_DIR}/{year}/{stem}.yaml"
    path = root / name
    _inside_data_folder(root, path)
    with _locked(root / REPORTS_DIR):
        remove_stale(path.parent, path.name)  # temporary files a crash left behind
        raw = read_data_file(root, name) if path.exists() else None
        existing = raw.decode("utf-8-sig") if raw is not None else None
        bom = raw is not None and raw.startswith(b"\xef\xbb\xbf")
        crlf = raw is not None and b"\r\n" in raw
        yaml = _yaml()
        new = _new_file(match.agency.name, match.agency.id, year, consolidated)
        data = yaml.load(existing if existing is not None else new)
        changes = _apply(data, updates, task, {TASK_FIELDS[k]: v for k, v in given.items()})
        conflicts = [c for c in changes if c.old is not None]
        if conflicts and not force:
            lines = "\n".join(f"  {c.field}: {_show(c.old)} → {_show(c.new)}" for c in conflicts)
            raise UsageError(f"{name} đã có giá trị khác:\n{lines}\nDùng --force để ghi đè.")
        if not changes and existing is not None:
            return Recorded(name, False, [])
        buffer = io.StringIO()
        yaml.dump(data, buffer)
        text = buffer.getvalue()
        _check(root, name, text)
        if crlf:  # the file's own line endings and BOM stay: git shows only the lines that changed
            text = text.replace("\r\n", "\n").replace("\n", "\r\n")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise WriteError(f"Không tạo được thư mục {path.parent}: {os_message(exc)}.") from None
        write_atomic(path, ("\ufeff" if bom else "") + text)
    return Recorded(name, existing is None, changes)


def _yaml() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML()  # round-trip
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096  # never re-wrap text someone wrote
    return yaml


def _new_file(name: str, agency_id: str, year: int, consolidated: bool) -> str:
    schema, what = (
        ("consolidated", f"Báo cáo tổng hợp năm {year} của {name} gửi UBND Thành phố")
        if consolidated
        else ("report", f"Báo cáo năm {year} của {name} gửi cơ quan đầu mối")
    )
    return (
        f"# yaml-language-server: $schema=../../../schema/{schema}.schema.json\n"
        f"# {what} (ghi bằng `kehoach record`).\n"
        f"agency: {agency_id}\n"
        f"year: {year}\n"
    )


def _apply(data: Any, updates: dict[str, Any], task: int | None, fields: dict[str, str]) -> list[Change]:
    """Put the new values into the round-trip data; return what differs from before."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    changes = []
    for key, value in updates.items():
        old = data.get(key)
        if _same(old, value):
            continue
        changes.append(Change(key, old, value))
        data[key] = value
    if task is not None:
        entries = data.get("tasks")
        if entries is None:
            entries = data["tasks"] = CommentedSeq()
        entry = next((e for e in entries if e.get("task") == task), None)
        if entry is None:
            entry = CommentedMap([("task", task)])
            entries.append(entry)
        for key, value in fields.items():
            old = entry.get(key)
            if _same(old, value):
                continue
            changes.append(Change(f"tasks[{task}].{key}", old, value))
            entry[key] = _scalar(value)
    return changes


def _same(old: Any, new: Any) -> bool:
    if isinstance(old, dt.date) and isinstance(new, dt.date):
        return old == new
    return old is not None and str(old) == str(new)


def _scalar(text: str) -> Any:
    """Text as YAML writes it best: a literal block for several lines, otherwise plain or quoted."""
    from ruamel.yaml.scalarstring import LiteralScalarString

    return LiteralScalarString(text) if "\n" in text else text


def _show(value: Any) -> str:
    if value is None:
        return "(trống)"
    if isinstance(value, dt.date):
        return show(value)
    return f"«{value}»"


def describe(result: Recorded) -> str:
    """What `record` did, in Vietnamese."""
    if not result.changes:
        return f"Không có gì thay đổi: {result.file} đã có đúng các giá trị này."
    head = f"Đã {'tạo' if result.created else 'cập nhật'} {result.file}:"
    lines = [f"  {c.field}: {_show(c.old)} → {_show(c.new)}" for c in result.changes]
    return "\n".join([head, *lines])


def _inside_data_folder(root: Path, path: Path) -> None:
    """Refuse to write through a link that leaves the data folder (plan/reports or a year folder)."""
    from kehoach.files.read import inside

    top = os.path.realpath(root)
    folder = path.parent
    while not folder.exists() and folder != root:
        folder = folder.parent
    if not inside(os.path.realpath(folder), top) or (
        path.is_symlink() and not inside(os.path.realpath(path), top)
    ):
        raise UsageError(
            f"Không ghi: {path.relative_to(root)} nằm qua một liên kết ra ngoài thư mục dữ liệu; "
            "hãy thay liên kết bằng thư mục thật."
        )


def _check(root: Path, name: str, text: str) -> None:
    """Validate the whole plan with the new file in place; refuse on any error in that file."""
    from kehoach.check.validate import validate

    sources = read_sources(root)
    sources[name] = text.encode("utf-8")
    problems = [
        p for p in validate(root, sources=sources).problems if p.file == name and p.severity == "error"
    ]
    if problems:
        details = "\n".join(f"  {p.file}:{p.line}:{p.column}: {p.message}" for p in problems)
        raise UsageError(f"Không ghi: báo cáo mới sẽ không hợp lệ.\n{details}")


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on `folder` (flock on the directory: no lock file is left behind)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no flock; record runs are not serialised
        yield
        return
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
