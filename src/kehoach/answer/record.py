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
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple

from kehoach.answer.categories import COMPLETED
from kehoach.answer.queries import reporting_named
from kehoach.answer.status import check_year
from kehoach.check.cache import load_plan
from kehoach.dates import parse_date, show
from kehoach.errors import KehoachError, UsageError
from kehoach.escape import control_match, visible
from kehoach.files.atomic import ignore_temporary_files, make_folder, remove_stale, write_atomic
from kehoach.files.layout import CONSOLIDATED, REPORTS_DIR, PlanFiles
from kehoach.files.read import read_data_file
from kehoach.model.lineage import focal_agency
from kehoach.text import search_key

# field of a task entry -> what a person calls it
TASK_FIELDS = {
    "status": "Tiến độ",
    "results": "Kết quả",
    "difficulties": "Khó khăn, vướng mắc",
    "proposals": "Đề xuất, kiến nghị",
    "completed_on": "Ngày hoàn thành",
}
REPORT_FIELDS = {
    "agency": "Cơ quan",
    "received": "Ngày nhận",
    "sent": "Ngày gửi UBND Thành phố",
    "number": "Số, ký hiệu",
    "dated": "Ngày văn bản",
    "document": "Văn bản gốc (liên kết hoặc số trên hệ thống văn bản điện tử)",
    "notes": "Ghi chú",
    "override": "Lý do chấp nhận ngày ngoài thông lệ",
    "unverified_sender": "Người gửi (biểu mẫu không có chữ ký hợp lệ của văn phòng)",
}
AD_HOC_FIELDS = {
    "subject": "Nội dung",
    "dated": "Ngày văn bản",
    "received": "Ngày nhận",
    "number": "Số, ký hiệu",
    "document": "Văn bản gốc",
    "notes": "Ghi chú",
}
CLEAR = ""  # an empty value clears a field (the old value is shown; --force is needed)


def _given(entry: Any) -> dict[str, str]:
    """The fields of a task or duty entry that were given (an empty string included: it clears)."""
    return {k: v for k, v in entry._asdict().items() if k in TASK_FIELDS and v is not None}


class TaskEntry(NamedTuple):
    """What one `--task` group says; None: not given, "": clear the field."""

    task: int
    status: str | None = None
    results: str | None = None
    difficulties: str | None = None
    proposals: str | None = None
    completed_on: str | None = None  # with status completed (default: the report's received date)

    def given(self) -> dict[str, str]:
        return _given(self)


class DutyEntry(NamedTuple):
    """What an agency says on one standing duty (by its id in plan.yaml); None: not given, "": clear."""

    duty: str
    status: str | None = None
    results: str | None = None
    difficulties: str | None = None
    proposals: str | None = None

    def given(self) -> dict[str, str]:
        return _given(self)


class AdHocEntry(NamedTuple):
    """An ad-hoc report (báo cáo đột xuất): its subject and date identify it in the file."""

    subject: str
    dated: str
    received: str | None = None
    number: str | None = None
    document: str | None = None
    notes: str | None = None


class Change(NamedTuple):
    field: str  # where, as a person reads it ("Nhiệm vụ 8 – Tiến độ")
    old: Any
    new: Any


class Recorded(NamedTuple):
    file: str  # relative to the data folder
    created: bool
    changes: list[Change]
    warnings: tuple[str, ...] = ()
    git_path: str | None = None  # the file as `git add` takes it from here, inside a git work tree


class Request(NamedTuple):
    """What to record: one report of one agency (or the consolidated report) for one year.

    None leaves a field as it is; an empty string clears it. `force` allows changing
    or clearing a value already in the file; with a `reason`, it also accepts a
    received date before the report year or after today (the reason is kept).
    """

    year: int
    agency: str | None
    received: str | None = None
    sent: str | None = None
    number: str | None = None
    dated: str | None = None
    document: str | None = None
    notes: str | None = None
    tasks: Sequence[TaskEntry] = ()
    ad_hoc: Sequence[AdHocEntry] = ()
    force: bool = False
    reason: str | None = None
    consolidated: bool = False
    duties: Sequence[DutyEntry] = ()
    unverified_sender: str | None = None  # who sent a form without the office's signature, as stated


class _Pending(NamedTuple):
    path: Path
    text: str  # the new file as written (line endings and BOM of the old one kept)
    checked: str  # the same as validated (LF, no BOM)
    recorded: Recorded


def record(
    root: Path,
    *,
    today: dt.date | None = None,
    dry_run: bool = False,
    plan: str | None = None,
    **request: Any,
) -> Recorded:
    """Record what arrived (`Request`'s fields as keywords) in the reports of `plan` (by id; the only
    plan when None); raise UsageError, writing nothing, when it cannot be right. With `dry_run`, say
    what would change and write nothing."""
    done = record_many(root, [Request(**request)], today=today, dry_run=dry_run, plan=plan)[0]
    if isinstance(done, KehoachError):
        raise done
    return done


def record_many(
    root: Path,
    requests: Sequence[Request],
    *,
    today: dt.date | None = None,
    dry_run: bool = False,
    plan: str | None = None,
) -> list[Recorded | KehoachError]:
    """Record several reports of one plan (by id; the only plan when None) under one lock and one
    validation; each is all-or-nothing.

    The answer has one entry per request: what was recorded, or why nothing was.
    """
    from kehoach.model.register import plan_files

    today = today or dt.date.today()
    files = plan_files(str(root), plan)
    read = load_plan(root, files=files)
    reports = root / files.reports_dir
    results: list[Any] = []
    with locked(reports):
        seen: set[str] = set()
        for request in requests:
            try:
                pending = _prepare(root, read, request, today)
                if pending.recorded.file in seen:
                    raise UsageError(
                        f"{pending.recorded.file} đã được ghi từ một mục trước trong cùng lần nhập; "
                        "hãy nhập riêng lần sau."
                    )
                seen.add(pending.recorded.file)
                results.append(pending)
            except UsageError as exc:
                results.append(exc)
        changed = [p for p in results if isinstance(p, _Pending) and p.recorded.changes]
        problems = _problems(root, files, {p.recorded.file: p.checked for p in changed})
        for i, item in enumerate(results):
            if not isinstance(item, _Pending):
                continue
            found = problems.get(item.recorded.file)
            if found:
                results[i] = UsageError("Không ghi: báo cáo mới sẽ không hợp lệ.\n" + "\n".join(found))
                continue
            results[i] = item.recorded
            if item.recorded.changes and not dry_run:
                try:
                    make_folder(item.path.parent)
                    ignore_temporary_files(reports)
                    write_atomic(item.path, item.text)
                except KehoachError as exc:
                    results[i] = exc
    return results


def _prepare(root: Path, plan: Any, request: Request, today: dt.date) -> _Pending:
    """The new file for `request`, with what changes; UsageError when it cannot be right."""
    _check_options(request)
    year, consolidated = request.year, request.consolidated
    updates, date_key, option = _report_fields(request)
    check_year(plan, year)
    rule = plan.reporting.consolidated_report if consolidated else plan.reporting.agency_report
    due = rule.deadline(year)
    sender = _sender(plan, request, due)
    if consolidated and request.agency is not None:
        updates["agency"] = sender.id  # a consolidated report recorded under the wrong agency
    task_updates = [_task_update(plan, entry) for entry in _merged(request.tasks)]
    duty_updates = [_duty_update(plan, entry) for entry in request.duties]
    ad_hoc_updates = [_ad_hoc_update(item, today) for item in request.ad_hoc]
    _allow_unlikely_dates(updates, request, today, option)
    warnings = _off_role(plan, sender, due, [t for t, _ in task_updates])
    name = plan.files.physical(f"{REPORTS_DIR}/{year}/{CONSOLIDATED if consolidated else sender.id}.yaml")
    path, raw = _current_file(root, name)
    existing = raw.decode("utf-8-sig") if raw is not None else None
    if existing is None and date_key not in updates and not ad_hoc_updates:
        raise UsageError(
            f"Chưa có báo cáo năm {year} của {sender.name}: cần {option} NGÀY "
            + ("(ngày gửi UBND Thành phố)." if consolidated else "(ngày nhận), hoặc một --ad-hoc.")
        )
    yaml = round_trip_yaml()
    data = yaml.load(
        existing if existing is not None else _new_file(name, sender.name, sender.id, year, consolidated)
    )
    _completions(plan, task_updates, updates, data, today)
    items: list[tuple[str, str, Any, dict[str, str], str]]
    items = [("tasks", "task", task, fields, f"Nhiệm vụ {task}") for task, fields in task_updates]
    items += [("duties", "duty", duty, fields, duty_name(plan, duty)) for duty, fields in duty_updates]
    changes = _apply(data, updates, items, ad_hoc_updates)
    if not request.force:
        _refuse_conflicts(name, changes)
    recorded = Recorded(name, existing is None, changes, warnings, _git_path(root, path))
    if not changes and existing is not None:
        return _Pending(path, "", "", recorded)
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    checked = buffer.getvalue()
    return _Pending(path, as_the_file_was(checked, raw), checked, recorded)


def _refuse_conflicts(name: str, changes: list[Change]) -> None:
    """A value already in the file that would change is replaced only with --force."""
    conflicts = [c for c in changes if c.old is not None]
    if conflicts:
        lines = "\n".join(f"  {c.field}: {show_value(c.old)} → {shown_new(c.new)}" for c in conflicts)
        raise UsageError(f"{name} đã có giá trị khác:\n{lines}\nDùng --force để ghi đè hoặc xóa.")


def _check_options(request: Request) -> None:
    """Options that do not go together, and text with control characters: refused before anything else."""
    consolidated = request.consolidated
    if (consolidated and request.received is not None) or (not consolidated and request.sent is not None):
        raise UsageError("--received dùng cho báo cáo của cơ quan; --sent dùng với --consolidated.")
    if consolidated and (request.tasks or request.ad_hoc or request.duties):
        raise UsageError(
            "Báo cáo tổng hợp không ghi tiến độ từng nhiệm vụ hay báo cáo đột xuất; bỏ --task, --ad-hoc."
        )
    texts = {"number": request.number, "document": request.document, "notes": request.notes}
    texts["from"] = request.unverified_sender
    texts["reason"] = request.reason
    for entry in request.tasks:
        texts |= {f"{k} (nhiệm vụ {entry.task})": v for k, v in entry.given().items()}
    for item in request.ad_hoc:
        texts |= {f"{k} (báo cáo đột xuất)": v for k, v in item._asdict().items() if v is not None}
    for duty in request.duties:
        texts |= {f"{k} (nhiệm vụ thường xuyên {duty.duty})": v for k, v in duty.given().items()}
    for option, value in texts.items():
        bad = value and (control_match(value) or re.search("[\u2028\u2029]", value))
        if bad:
            raise UsageError(
                f"--{option} có ký tự điều khiển {visible(bad.group())}; hãy gõ lại, không có ký tự đó."
            )


def _report_fields(request: Request) -> tuple[dict[str, Any], str, str]:
    """The report's own fields to set, the key of its arrival date (received or sent), and that option."""
    date_key, option = ("sent", "--sent") if request.consolidated else ("received", "--received")
    arrived = request.sent if request.consolidated else request.received
    updates: dict[str, Any] = {}
    if arrived is not None:
        updates[date_key] = _date(arrived, option)
    if request.dated is not None:
        updates["dated"] = _date(request.dated, "--dated")
    for key in ("number", "document", "notes", "unverified_sender"):
        value = getattr(request, key)
        if value is not None:
            updates[key] = value.strip()
    return updates, date_key, option


def _sender(plan: Any, request: Request, due: dt.date) -> Any:
    """Who sent the report: the agency named on the year's deadline, or the focal agency's consolidated."""
    if request.agency is not None:
        sender = reporting_named(plan, request.agency, request.year)
    elif not request.consolidated:
        raise UsageError("Thiếu --agency.")
    else:
        focal = focal_agency(plan, due)
        if focal is None:
            raise UsageError(f"Không xác định được cơ quan đầu mối năm {request.year}; hãy ghi --agency.")
        sender = focal
    if sender.is_group:
        raise UsageError(f"{sender.name} là nhóm cơ quan; báo cáo do từng cơ quan gửi.")
    return sender


def _allow_unlikely_dates(updates: dict[str, Any], request: Request, today: dt.date, option: str) -> None:
    """A possible but unlikely date is kept only with --force and a --reason, which is kept as override."""
    overrides = _date_problems(updates, request.year, today, option)
    if not overrides:
        return
    reason = (request.reason or "").strip()
    if not (request.force and reason):
        raise UsageError(
            "\n".join(overrides)
            + '\nNếu ngày này đúng, ghi lại với --force --reason "lý do" (lý do được lưu trong tệp).'
        )
    updates["override"] = reason


def _current_file(root: Path, name: str) -> tuple[Path, bytes | None]:
    """Where the report file is (checked to be inside the data folder) and its bytes, if it exists."""
    path = root / name
    inside_data_folder(root, path)
    # temporary files a killed write left behind: under the lock no other writer of this file can be running,
    # so every one is stale; without a lock (Windows) only those older than an hour, a live writer's kept
    remove_stale(path.parent, path.name, older_than=0 if _CAN_LOCK else 3600)
    return path, read_data_file(root, name) if path.exists() else None


def as_the_file_was(text: str, raw: bytes | None) -> str:
    """`text` with the edited file's own line endings (CRLF) and byte-order mark kept."""
    if raw is not None and b"\r\n" in raw:
        text = text.replace("\r\n", "\n").replace("\n", "\r\n")
    if raw is not None and raw.startswith(b"\xef\xbb\xbf"):
        text = "\ufeff" + text
    return text


def _date(text: str, option: str) -> dt.date | str:
    return CLEAR if text.strip() == CLEAR else parse_date(text, option)


def _date_problems(updates: dict[str, Any], year: int, today: dt.date, option: str) -> list[str]:
    """Dates that are possible but unlikely enough to need a stated reason."""
    found = []
    arrived = updates.get("sent", updates.get("received"))
    if isinstance(arrived, dt.date) and arrived.year < year:
        found.append(f"{option} {show(arrived)} trước năm báo cáo {year}: báo cáo năm {year} chưa thể có.")
    for key, label in ((option.lstrip("-"), option), ("dated", "--dated")):
        day = updates.get(key)
        if isinstance(day, dt.date) and day > today:
            found.append(f"{label} {show(day)} sau hôm nay ({show(today)}): ngày chưa tới.")
    return found


def _merged(tasks: Sequence[TaskEntry]) -> list[TaskEntry]:
    """One entry per task; the same field given twice for one task is refused."""
    merged: dict[int, dict[str, str]] = {}
    for entry in tasks:
        fields = merged.setdefault(entry.task, {})
        for key, value in entry.given().items():
            if key in fields and fields[key] != value:
                raise UsageError(
                    f"Nhiệm vụ {entry.task}: {TASK_FIELDS[key]} được ghi hai lần "
                    f"(«{fields[key]}», «{value}»); mỗi nhiệm vụ một giá trị."
                )
            fields[key] = value
    return [TaskEntry(task, **fields) for task, fields in merged.items()]


def _task_update(plan: Any, entry: TaskEntry) -> tuple[int, dict[str, str]]:
    if entry.task not in plan.tasks:
        raise UsageError(
            f"Không có nhiệm vụ số {entry.task}; "
            f"Kế hoạch có các nhiệm vụ {min(plan.tasks)}–{max(plan.tasks)}."
        )
    fields = {k: v.strip() if k == "status" else v for k, v in entry.given().items()}
    if fields.get("status"):
        fields["status"] = status_code(plan, fields["status"])
    return entry.task, fields


def _completions(
    plan: Any,
    task_updates: list[tuple[int, dict[str, Any]]],
    updates: dict[str, Any],
    data: Any,
    today: dt.date,
) -> None:
    """Each task's completion date, checked: only for a task whose progress is (or becomes) completed; by
    default the report's received date when a task becomes completed; never before the plan's date,
    after the report was received, or in the future. Set in `fields` as a date ("" clears it)."""
    arrived = updates.get("received", data.get("received"))
    received = _as_date(arrived) if arrived is not None else None
    start = plan.info.starts
    before = {e.get("task"): e for e in data.get("tasks") or ()}
    for task, fields in task_updates:
        old = before.get(task) or {}
        status = fields.get("status") or old.get("status")
        given = fields.get("completed_on")
        if given == CLEAR:
            continue
        if given is None and fields.get("status") not in (None, COMPLETED) and old.get("completed_on"):
            fields["completed_on"] = CLEAR  # no longer completed: its date goes with it (shown, --force)
            continue
        if given is None:
            if fields.get("status") != COMPLETED or old.get("completed_on") or received is None:
                continue
            day = received
        else:
            day = parse_date(given, f"--completed-on (nhiệm vụ {task})")
            if status != COMPLETED:
                raise UsageError(
                    f"Nhiệm vụ {task}: --completed-on chỉ ghi cho nhiệm vụ có tiến độ "
                    f"«{plan.statuses.get(COMPLETED, COMPLETED)}» (thêm --status)."
                )
        problem = (
            "sau hôm nay" if day > today else "trước ngày của Kế hoạch" if day < start else
            "sau ngày nhận báo cáo" if received is not None and day > received else None
        )  # fmt: skip
        if problem:
            raise UsageError(f"Nhiệm vụ {task}: ngày hoàn thành {show(day)} {problem}; hãy kiểm tra lại.")
        fields["completed_on"] = dt.date.fromordinal(day.toordinal())  # its own object: YAML would alias one


def _as_date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def duty_name(plan: Any, duty_id: str) -> str:
    """How a person names a standing duty: "Nhiệm vụ thường xuyên mục III.3 (Bố trí kinh phí)" (its id is
    the data's)."""
    duty = next((d for d in plan.duties if d.id == duty_id), None)
    if duty is None:
        return "Nhiệm vụ thường xuyên mục ?"
    return f"Nhiệm vụ thường xuyên mục {duty.section}" + (f" ({duty.title})" if duty.title else "")


def _duty_update(plan: Any, entry: DutyEntry) -> tuple[str, dict[str, str]]:
    duties = {d.id: d for d in plan.duties}
    if entry.duty not in duties:
        raise UsageError(f"Không có nhiệm vụ thường xuyên «{entry.duty}»; Kế hoạch có: {', '.join(duties)}.")
    fields = {k: v.strip() if k == "status" else v for k, v in entry.given().items()}
    if fields.get("status"):
        fields["status"] = status_code(plan, fields["status"])
    return entry.duty, fields


def status_code(plan: Any, typed: str) -> str:
    """The progress code for a code or a Vietnamese label, typed in any case, with or without marks."""
    wanted = search_key(typed)
    for key, label in plan.statuses.items():
        if wanted in (search_key(key), search_key(label)):
            return str(key)
    raise UsageError(
        f"Tiến độ «{typed}» không có trong danh mục; chọn một trong: "
        + ", ".join(f"{label} ({key})" for key, label in plan.statuses.items())
        + "."
    )


def _ad_hoc_update(item: AdHocEntry, today: dt.date) -> dict[str, Any]:
    subject = item.subject.strip()
    if not subject:
        raise UsageError("--ad-hoc cần nội dung (chủ đề) của báo cáo đột xuất.")
    fields: dict[str, Any] = {
        "subject": subject,
        "dated": parse_date(item.dated, "--dated (báo cáo đột xuất)"),
    }
    if item.received:
        fields["received"] = parse_date(item.received, "--received (báo cáo đột xuất)")
    for key in ("number", "document", "notes"):
        value = getattr(item, key)
        if value is not None:
            fields[key] = value.strip()
    for key in ("dated", "received"):
        day = fields.get(key)
        if day is not None and day > today:
            raise UsageError(f"Báo cáo đột xuất «{subject}»: ngày {show(day)} sau hôm nay ({show(today)}).")
    if "received" in fields and fields["received"] < fields["dated"]:
        raise UsageError(
            f"Báo cáo đột xuất «{subject}»: ngày nhận {show(fields['received'])} "
            f"trước ngày văn bản {show(fields['dated'])}."
        )
    return fields


def _off_role(plan: Any, agency: Any, due: dt.date, task_ids: list[int]) -> tuple[str, ...]:
    """A warning for each reported task that is not the agency's on the deadline."""
    if not task_ids:
        return ()
    from kehoach.model.roles import roles_of

    own = {r.item.id for r in roles_of(plan, agency, due, plan.tasks.values())}
    return tuple(
        f"{agency.name} không có vai trò trong nhiệm vụ {t} vào hạn {show(due)} "
        "(vẫn ghi; hãy kiểm tra số nhiệm vụ)."
        for t in task_ids
        if t not in own
    )


def _git_path(root: Path, path: Path) -> str | None:
    """`path` as typed from the current folder, when the data folder is in a git work tree."""
    from kehoach.files.read import boundary

    if not os.path.lexists(os.path.join(boundary(root), ".git")):
        return None
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        return str(path)


def round_trip_yaml() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML()  # round-trip
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096  # never re-wrap text someone wrote
    yaml.representer.ignore_aliases = lambda *_: True  # one value written twice is written out twice
    return yaml


def _new_file(file: str, name: str, agency_id: str, year: int, consolidated: bool) -> str:
    schema, what = (
        ("consolidated", f"Báo cáo tổng hợp năm {year} của {name} gửi UBND Thành phố")
        if consolidated
        else ("report", f"Báo cáo năm {year} của {name} gửi cơ quan đầu mối")
    )
    return (
        f"# yaml-language-server: $schema={'../' * file.count('/')}schema/{schema}.schema.json\n"
        f"# {what} (ghi bằng `kehoach record`).\n"
        f"agency: {agency_id}\n"
        f"year: {year}\n"
    )


def _apply(
    data: Any,
    updates: dict[str, Any],
    items: list[tuple[str, str, Any, dict[str, str], str]],
    ad_hoc: list[dict[str, Any]],
) -> list[Change]:
    """Put the new values into the round-trip data; return what differs from before. `items` are the
    entries on tasks and duties: (list key, item key, the item, its fields, how a person names it)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    changes = _set(data, updates, REPORT_FIELDS, "")
    for list_key, item_key, item, fields, where in items:
        entries = data.get(list_key)
        if entries is None:
            entries = data[list_key] = CommentedSeq()
        entry = next((e for e in entries if e.get(item_key) == item), None)
        if entry is None:
            entry = CommentedMap([(item_key, item)])
            entries.append(entry)
        changes += _set(entry, fields, TASK_FIELDS, f"{where} – ")
    for fields in ad_hoc:
        entries = data.get("ad_hoc")
        if entries is None:
            entries = data["ad_hoc"] = CommentedSeq()
        entry = next(
            (
                e
                for e in entries
                if e.get("subject") == fields["subject"] and e.get("dated") == fields["dated"]
            ),
            None,
        )
        if entry is None:
            entry = CommentedMap()
            entries.append(entry)
        changes += _set(entry, fields, AD_HOC_FIELDS, f"Báo cáo đột xuất «{fields['subject']}» – ")
    return changes


def _set(entry: Any, fields: dict[str, Any], labels: dict[str, str], where: str) -> list[Change]:
    changes = []
    for key, value in fields.items():
        old = entry.get(key)
        if value == CLEAR:
            if old is not None:
                changes.append(Change(where + labels[key], old, None))
                del entry[key]
            continue
        if _same(old, value):
            continue
        changes.append(Change(where + labels[key], old, value))
        entry[key] = _scalar(value) if isinstance(value, str) else value
    return changes


def _same(old: Any, new: Any) -> bool:
    if isinstance(old, dt.date) and isinstance(new, dt.date):
        return old == new
    return old is not None and str(old) == str(new)


def _scalar(text: str) -> Any:
    """Text as YAML writes it best: a literal block for several lines, otherwise plain or quoted."""
    from ruamel.yaml.scalarstring import LiteralScalarString

    return LiteralScalarString(text) if "\n" in text else text


def inside_data_folder(root: Path, path: Path) -> None:
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


def _problems(root: Path, files: PlanFiles, texts: dict[str, str]) -> dict[str, list[str]]:
    """Errors in the new files (by their names in the data folder), validated with the plan's files
    (each report is checked on its own against the plan, so one bad file never holds back another):
    file -> message lines."""
    if not texts:
        return {}
    from kehoach.check.validate import validate_plan

    sources = files.read_plan_files(root)
    sources |= {files.logical(name) or name: text.encode("utf-8") for name, text in texts.items()}
    found: dict[str, list[str]] = {}
    for p in validate_plan(root, sources, files).problems:
        if p.file in texts and p.severity == "error":
            found.setdefault(p.file, []).append(f"  {p.file}:{p.line}:{p.column}: {p.message}")
    return found


try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no flock; record runs are not serialised
    fcntl = None  # type: ignore[assignment]
_CAN_LOCK = fcntl is not None  # whether writers of the reports folder are serialised


@contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on `folder` (flock on the directory: no lock file is left behind)."""
    if fcntl is None:  # pragma: no cover - Windows
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


def show_value(value: Any) -> str:
    if value is None:
        return "(trống)"
    if isinstance(value, dt.date):
        return show(value)
    return f"«{value}»"


def shown_new(value: Any) -> str:
    return "(xóa)" if value is None else show_value(value)
