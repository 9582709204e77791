"""`kehoach plan import`: a plan's Word document or text export, written into the register.

The document is read into a draft (answer/plan_parse.py); every agency it names — the issuer, the
lead and coordinators of every task, the lead of every standing duty, the focal agency — is resolved
against the roster on the plan's date by the same rules as `--agency` (model/resolve.py), groups
included. A name is taken only when it names exactly one agency; `--map "Tên=mã"` settles the others.
Anything that stops the import — a name no agency has, a name several have, a row that is not a task,
a missing column, a deadline the rule cannot read — is listed, every one with its row and what to do,
before anything is written (exit 1). The plan's files are then written as YAML a reviewer reads
(folded text, comments saying where it came from), validated like any plan with the roster, and put
in place atomically: a new plan's folder appears whole or not at all; `--replace` rewrites plan.yaml
and tasks.yaml of an existing plan and keeps its reports, validated together with them.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Sequence
from pathlib import Path

from kehoach.answer.plan_parse import Draft, DraftTask, Named, Trouble, parse
from kehoach.dates import show
from kehoach.errors import DataError, UsageError
from kehoach.escape import visible
from kehoach.files.layout import PLANS_DIR, ROSTER, in_register, is_plan_id
from kehoach.text import clean_input
from kehoach.tuples import Any, NamedTuple

WIDTH = 88  # columns of the YAML written, as the hand-made files
STATUSES = (  # the progress vocabulary of kehoach's plans (a document does not write one)
    ("not-started", "Chưa triển khai"),
    ("in-progress", "Đang triển khai"),
    ("ongoing", "Thực hiện thường xuyên"),
    ("completed", "Đã hoàn thành"),
)
_HOW = {
    "exact": "trùng tên trong danh mục",
    "key": "cùng tên khi bỏ qua cách viết tắt, hoa thường",
    "words": "tên trong danh mục có đủ các từ này",
    "date": "một trong nhiều cơ quan cùng tên, chọn theo ngày của kế hoạch",
    "acronym": "chữ viết tắt của tên trong danh mục",
    "map": "theo --map",
}


class Decision(NamedTuple):
    """How one name of the document became an agency of the roster."""

    where: str
    role: str  # "chủ trì", "phối hợp", "cơ quan ban hành", …
    written: str
    agency: str
    how: str


class PlanImport(NamedTuple):
    plan_id: str
    folder: str  # the plan's folder in the data folder
    files: dict[str, str]  # name in the data folder -> the YAML written (or that would be)
    decisions: list[Decision]
    notes: list[str]  # what was read, and what the document left to a person
    written: bool
    replaced: bool
    tasks: int
    sectors: int


class _Roster:
    """The roster alone, as model/resolve.py and model/lineage.py read a plan's."""

    def __init__(self, view: Any) -> None:
        self.agencies = {a.id: a for a in view.agencies}
        self.bases = {b.id: b for b in view.legal_bases}
        self.shared: dict[tuple[Any, ...], Any] = {}
        self.memo = self.shared


def import_plan(
    root: Path,
    source: Path,
    plan_id: str,
    *,
    dated: dt.date | None = None,
    year: int | None = None,
    maps: Sequence[str] = (),
    focal: str | None = None,
    dry_run: bool = False,
    replace: bool = False,
) -> PlanImport:
    """Read `source` (.docx, .txt, .md) and write it as plan `plan_id` of the register under `root`
    (with `dry_run`, only say what would be written). DataError (exit 1) listing every trouble of the
    document; UsageError (exit 2) for a bad option or a plan that exists without `replace`."""
    if not is_plan_id(plan_id):
        raise UsageError(
            f"Mã kế hoạch «{visible(plan_id)}» không hợp lệ: chỉ chữ thường không dấu, số và dấu gạch "
            "nối, ví dụ hop-tac-hn-hcm-2024."
        )
    files = in_register(plan_id)
    if os.path.lexists(root / "plan" / "plan.yaml"):
        raise UsageError(
            "Thư mục dữ liệu đang ở dạng một kế hoạch (plan/plan.yaml). Hãy chuyển kế hoạch đó vào "
            "plan/plans/<mã>/ (git mv) trước khi thêm kế hoạch khác."
        )
    folder = root / files.folder
    exists = os.path.lexists(folder / "plan.yaml") or os.path.lexists(folder / "tasks.yaml")
    if exists and not replace:
        raise UsageError(
            f"Kế hoạch «{plan_id}» đã có ({files.folder}/). Thêm --replace để thay plan.yaml và tasks.yaml "
            "(báo cáo giữ nguyên), hoặc chọn mã khác."
        )
    mapped = _maps(maps)
    roster_raw, roster = _roster(root)
    from kehoach.files.document import read_document

    draft = parse(read_document(source))
    troubles = list(draft.troubles)
    on = _date(draft, dated, year, troubles)
    decisions: list[Decision] = []
    resolver = _Resolver(roster, on, mapped, decisions, troubles)
    info = _plan_info(draft, resolver, focal, troubles, source)
    tasks = [_task(t, resolver, troubles) for t in draft.tasks]
    if not draft.tasks and not any(t.code == "no-appendix" for t in troubles):
        troubles.append(Trouble("no-tasks", "phụ lục", "bảng phụ lục không có nhiệm vụ nào."))
    unused = sorted(set(mapped) - resolver.used)
    for name in unused:
        troubles.append(
            Trouble("unused-map", "--map", f"không có tên «{name}» trong văn bản; kiểm tra lại --map.")
        )
    resolver.say_every_place()
    if troubles:
        raise DataError(_troubles_message(source, troubles))
    plan_text = _header(source, "plan") + render_plan(info)
    tasks_text = _header(source, "tasks") + render_tasks(draft.sectors, tasks)
    written = {f"{files.folder}/plan.yaml": plan_text, f"{files.folder}/tasks.yaml": tasks_text}
    _validated(root, files, plan_text, tasks_text, roster_raw, exists, {t.id: t.where for t in draft.tasks})
    notes = _notes(draft, on)
    if not dry_run:
        _write(root, files.folder, plan_text, tasks_text, exists)
    return PlanImport(
        plan_id, files.folder, written, decisions, notes, not dry_run, exists, len(tasks), len(draft.sectors)
    )


def _sentence(text: str) -> str:
    return text if text.endswith((".", "?", "!")) else text + "."


def _maps(maps: Sequence[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for item in maps:
        name, sep, agency = item.partition("=")
        if not sep or not name.strip() or not agency.strip():
            raise UsageError(f'--map «{visible(item)}»: viết dạng "Tên trong văn bản=mã-cơ-quan".')
        found[clean_input(name).casefold()] = agency.strip()
    return found


def _roster(root: Path) -> tuple[bytes, _Roster]:
    from kehoach.files.read import read_data_file
    from kehoach.model.load import validate_file
    from kehoach.model.views import build_file

    try:
        raw = read_data_file(root, ROSTER)
    except FileNotFoundError:
        raise DataError(f"Không thấy danh mục cơ quan {ROSTER} trong {root}.") from None
    data = validate_file(ROSTER, raw)
    if data is None:
        raise DataError(f"Danh mục cơ quan {ROSTER} có lỗi; chạy `kehoach validate` rồi sửa trước khi nhập.")
    return raw, _Roster(build_file(ROSTER, data))


def _date(draft: Draft, dated: dt.date | None, year: int | None, troubles: list[Trouble]) -> dt.date:
    """The plan's date and year, from the document and what --dated/--year supply for its blanks; the
    day names are resolved on (the plan's date, else the last day of its year)."""
    if dated is not None:
        if draft.dated is not None and draft.dated != dated:
            raise UsageError(
                f"Văn bản đã ghi ngày {show(draft.dated)}; bỏ --dated (chỉ dùng khi văn bản để trống)."
            )
        draft.dated = dated
    if year is not None:
        if draft.year is not None and draft.year != year:
            raise UsageError(f"Văn bản đã ghi năm {draft.year}; bỏ --year (chỉ dùng khi văn bản để trống).")
        draft.year = year
    if draft.dated is not None:
        if draft.year is not None and draft.year != draft.dated.year:
            raise UsageError(f"--dated {show(draft.dated)} không thuộc năm {draft.year} văn bản ghi.")
        draft.year = draft.dated.year
        return draft.dated
    if draft.year is None:
        troubles.append(
            Trouble(
                "no-date",
                "đầu văn bản",
                "văn bản không ghi ngày, năm ban hành; thêm --dated NGÀY hoặc --year NĂM.",
            )
        )
        return dt.date.today()
    return dt.date(draft.year, 12, 31)


class _Resolver:
    def __init__(
        self,
        roster: _Roster,
        on: dt.date,
        mapped: dict[str, str],
        decisions: list[Decision],
        troubles: list[Trouble],
    ) -> None:
        self.roster, self.on, self.mapped = roster, on, mapped
        self.decisions, self.troubles = decisions, troubles
        self.used: set[str] = set()
        self.failed: dict[str, list[str]] = {}  # a name that did not resolve -> where it is written
        self.trouble_of: dict[str, int] = {}  # that name -> its trouble (one per name), by index

    def say_every_place(self) -> None:
        """One trouble per name that did not resolve, saying every place the document writes it."""
        for key, index in self.trouble_of.items():
            places = list(dict.fromkeys(self.failed[key]))
            if len(self.failed[key]) > 1:
                others = places[1:]
                also = f" (và {', '.join(others)})" if others else f" ({len(self.failed[key])} lần)"
                self.troubles[index] = self.troubles[index]._replace(where=places[0] + also)

    def one(self, named: Named, role: str) -> str | None:
        """The agency id `named` names, or None (a trouble says why)."""
        key = clean_input(named.text).casefold()
        if key in self.mapped:
            agency = self.mapped[key]
            self.used.add(key)
            if agency not in self.roster.agencies:
                self.troubles.append(
                    Trouble(
                        "unknown-agency",
                        "--map",
                        f"«{visible(named.text)}={visible(agency)}»: không có mã «{visible(agency)}» trong "
                        f"{ROSTER}; xem `kehoach agencies --all`.",
                    )
                )
                return None
            self.decisions.append(Decision(named.where, role, named.text, agency, _HOW["map"]))
            return agency
        from kehoach.model.resolve import resolve_agency

        if key in self.failed:  # the same name again: one message, every place
            self.failed[key].append(named.where)
            return None
        try:
            match = resolve_agency(self.roster, named.text, self.on)  # type: ignore[arg-type]
        except UsageError as exc:
            ambiguous = "khớp với" in exc.message
            cell = f" (cả ô: «{visible(named.cell)[:200]}»)" if named.cell != named.text else ""
            self.failed[key] = [named.where]
            self.trouble_of[key] = len(self.troubles)
            self.troubles.append(
                Trouble(
                    "ambiguous-agency" if ambiguous else "unknown-agency",
                    named.where,
                    f"{role}{cell}: {_sentence(visible(exc.message))}\n    Cách sửa: thêm --map "
                    f'"{visible(named.text)}=mã-cơ-quan" (mã xem bằng `kehoach agencies --all`), hoặc thêm '
                    f"tên này vào aliases của cơ quan trong {ROSTER}.",
                )
            )
            return None
        self.decisions.append(Decision(named.where, role, named.text, match.agency.id, _HOW[match.how]))
        return match.agency.id

    def assignments(self, names: list[Named], role: str) -> list[dict[str, Any]] | None:
        """The cell's agencies as assignments (a scope where the document gives one)."""
        names = self._joined(names)
        out: list[dict[str, Any]] = []
        failed = False
        for named in names:
            whole = self._whole(named)
            agency = self.one(whole, role)
            if agency is None:
                failed = True
                continue
            item: dict[str, Any] = {"agency": agency}
            if whole.scope:
                item["scope"] = whole.scope
            if item not in out:
                out.append(item)
        return None if failed else out

    def _exact(self, text: str) -> bool:
        from kehoach.model.resolve import resolve_agency

        try:
            return resolve_agency(self.roster, text, self.on).how in ("exact", "key")  # type: ignore[arg-type]
        except UsageError:
            return False

    def _whole(self, named: Named) -> Named:
        """A name whose brackets are part of it ("… (ITPC)") keeps them; else they were its scope."""
        if named.scope and self._exact(f"{named.text} ({named.scope})"):
            return named._replace(text=f"{named.text} ({named.scope})", scope=None)
        return named

    def _joined(self, names: list[Named]) -> list[Named]:
        """Bullets split at " - " put back where the roster knows the whole ("Sở Lao động - Thương binh
        và Xã hội")."""
        out: list[Named] = []
        for named in names:
            if out and out[-1].scope is None and self._exact(f"{out[-1].text} - {named.text}"):
                out[-1] = named._replace(text=f"{out[-1].text} - {named.text}")
            else:
                out.append(named)
        return out


def _task(task: DraftTask, resolver: _Resolver, troubles: list[Trouble]) -> dict[str, Any]:
    lead = resolver.assignments(task.lead, "CƠ QUAN CHỦ TRÌ")
    coordinators = resolver.assignments(task.coordinators, "CƠ QUAN PHỐI HỢP")
    if lead == [] and not task.lead:
        troubles.append(Trouble("no-lead", task.where, f"nhiệm vụ {task.id} không ghi cơ quan chủ trì."))
    item: dict[str, Any] = {
        "id": task.id,
        "sector": task.sector,
        "content": task.content,
        "lead": lead or [],
        "coordinators": coordinators or [],
    }
    if task.deadline:
        from kehoach.model.deadline import read_deadline

        try:
            read_deadline(task.deadline)
        except ValueError as exc:
            troubles.append(Trouble("bad-deadline", task.where, f"nhiệm vụ {task.id}: {exc}."))
        item["deadline"] = task.deadline
    if task.product:
        item["product"] = task.product
    return item


def _plan_info(
    draft: Draft, resolver: _Resolver, focal: str | None, troubles: list[Trouble], source: Path
) -> dict[str, Any]:
    issuer = resolver.one(draft.issuer, "cơ quan ban hành") if draft.issuer else None
    if draft.issuer is None:
        troubles.append(
            Trouble(
                "no-issuer",
                "đầu văn bản",
                "không thấy cơ quan ban hành (ví dụ «ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI»).",
            )
        )
    focal_named = Named(focal, None, focal, "--focal") if focal else draft.focal
    focal_id = resolver.one(focal_named, "cơ quan đầu mối") if focal_named else None
    if focal_named is None:
        troubles.append(
            Trouble(
                "no-focal-agency",
                "thân văn bản",
                "không thấy cơ quan đầu mối tổng hợp báo cáo («Giao Sở …: Là cơ quan đầu mối …»); thêm "
                '--focal "tên cơ quan".',
            )
        )
    if draft.agency_report is None or draft.consolidated is None:
        which = "các cơ quan gửi báo cáo" if draft.agency_report is None else "cơ quan đầu mối tổng hợp"
        troubles.append(
            Trouble(
                "no-reporting-rule",
                "thân văn bản",
                f"không thấy hạn {which} («… báo cáo … trước ngày 15/9 …»); kế hoạch cần hạn báo cáo để "
                "kehoach theo dõi: sửa văn bản hoặc chép hạn vào plan.yaml sau khi nhập.",
            )
        )
    duties = []
    counts: dict[str, int] = {}
    for duty in draft.duties:
        lead = resolver.one(duty.lead, f"chủ trì mục {duty.section}")
        if lead is None:
            continue
        counts[duty.section] = counts.get(duty.section, 0) + 1
        base = "duty-" + duty.section.lower().replace(".", "-")
        same = sum(d.section == duty.section for d in draft.duties)
        item: dict[str, Any] = {
            "id": base if same == 1 else f"{base}-{counts[duty.section]}",
            "section": duty.section,
            "text": duty.text,
            "lead": [{"agency": lead}],
        }
        if duty.report:
            item["report"] = duty.report
        duties.append(item)
    period = draft.period or (draft.year, None, str(draft.year) if draft.year else "")
    info: dict[str, Any] = {
        "issuer": issuer or "",
        "document_type": draft.document_type,
        "type_code": draft.type_code,
        "issuer_code": draft.issuer_code,
        "number": draft.number,
        "dated": draft.dated,
        "year": draft.year,
        "place": draft.place or "Hà Nội",
        "title": draft.title or "",
        "based_on": draft.bases,
        "period": {"start_year": period[0] or draft.year, "end_year": period[1], "text": period[2]},
        "purposes": draft.purposes,
    }
    if draft.agency_report and draft.consolidated and focal_id:
        info["reporting"] = {
            "focal_agency": focal_id,
            "agency_report": {
                "due": {"month": draft.agency_report[0], "day": draft.agency_report[1]},
                "to": "focal-agency",
                "text": draft.agency_report[2],
            },
            "consolidated_report": {
                "due": {"month": draft.consolidated[0], "day": draft.consolidated[1]},
                "to": [issuer or ""],
                "text": draft.consolidated[2],
            },
            "on_request": "đột xuất" in (draft.agency_report[2] + draft.consolidated[2]),
            "deadline_reading": draft.deadline_reading,
        }
    info["progress_statuses"] = [{"id": i, "label": label} for i, label in STATUSES]
    info["duties"] = duties
    info["signature"] = draft.signature or {}
    info["recipients"] = draft.recipients
    info["body"] = draft.body
    if not draft.title:
        troubles.append(
            Trouble("no-title", "đầu văn bản", "không thấy trích yếu (tên) của kế hoạch sau dòng «KẾ HOẠCH».")
        )
    return info


def _notes(draft: Draft, on: dt.date) -> list[str]:
    notes = [f"Tên cơ quan được đối chiếu với danh mục vào ngày {show(on)}."]
    if draft.dated is None:
        notes.append("Văn bản để trống ngày ban hành: dated để trống (null).")
    if draft.number is None:
        notes.append("Văn bản để trống số: number để trống (null).")
    if draft.place is None:
        notes.append("Văn bản không ghi địa danh: lấy «Hà Nội».")
    if draft.period is None:
        notes.append("Văn bản không ghi «Thời gian thực hiện»: lấy năm của kế hoạch; hãy kiểm tra period.")
    notes.append("Tiến độ báo cáo (progress_statuses): bộ từ chuẩn của kehoach (văn bản không ghi).")
    for left in draft.left:
        notes.append(f"Giữ trong body, chưa thành nhiệm vụ thường xuyên (duties): {left[:150]}")
    return notes


def _troubles_message(source: Path, troubles: list[Trouble]) -> str:
    lines = [f"Chưa nhập {visible(source.name)}: {len(troubles)} chỗ cần sửa (chưa ghi gì):"]
    lines += [f"  {t.where} [{t.code}]: {t.message}" for t in troubles[:200]]
    if len(troubles) > 200:
        lines.append(f"  … và {len(troubles) - 200} chỗ khác")
    return "\n".join(lines)


def _validated(
    root: Path, files: Any, plan_text: str, tasks_text: str, roster: bytes, exists: bool, rows: dict[int, str]
) -> None:
    """The plan as it would be written, validated with the roster (and its reports, when it replaces);
    a problem in the tasks is shown at the task's row of the document (`rows`)."""
    from kehoach.check.validate import validate_plan

    sources: dict[str, bytes | None] = {}
    if exists:
        from kehoach.check.cache import read_sources

        sources.update(read_sources(root, files))
    sources.update(
        {"plan/plan.yaml": plan_text.encode(), "plan/tasks.yaml": tasks_text.encode(), ROSTER: roster}
    )
    result = validate_plan(root, sources, files)
    errors = [p for p in result.problems if p.severity == "error"]
    if errors:
        lines = tasks_text.split("\n")

        def where(problem: Any) -> str:
            if problem.file.endswith("/tasks.yaml") and problem.line:
                for line in reversed(lines[: problem.line]):
                    found = re.fullmatch(r"  - id: (\d+)", line)
                    if found and int(found.group(1)) in rows:
                        return f"{rows[int(found.group(1))]} (nhiệm vụ {found.group(1)})"
            return f"{problem.file}:{problem.line}:{problem.column}"

        shown = "\n".join(f"  {where(p)} [{p.code}]: {p.message}" for p in errors[:50])
        raise DataError(f"Kế hoạch đọc được nhưng chưa hợp lệ ({len(errors)} lỗi; chưa ghi gì):\n{shown}")


def _write(root: Path, folder: str, plan_text: str, tasks_text: str, exists: bool) -> None:
    from kehoach.files.atomic import make_folder, write_atomic

    target = root / folder
    if exists:  # tasks first: a plan.yaml never names a task list older than itself
        write_atomic(target / "tasks.yaml", tasks_text)
        write_atomic(target / "plan.yaml", plan_text)
        return
    import shutil
    import tempfile

    from kehoach.errors import WriteError, os_message

    plans = root / PLANS_DIR
    make_folder(plans)
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=plans))
    except OSError as exc:
        raise WriteError(f"Không tạo được thư mục tạm trong {plans}: {os_message(exc)}.") from None
    try:
        write_atomic(staging / "plan.yaml", plan_text)
        write_atomic(staging / "tasks.yaml", tasks_text)
        os.chmod(staging, 0o755)
        os.rename(staging, target)  # the whole plan appears at once, or not at all
    except OSError as exc:
        raise WriteError(f"Không ghi được {target}: {os_message(exc)}.") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


# --- YAML a reviewer reads --------------------------------------------------------------------------


def _header(source: Path, kind: str) -> str:
    schema = "plan" if kind == "plan" else "tasks"
    said = (
        "# Chính văn bản Kế hoạch, nhập bằng `kehoach plan import` từ\n# {name}.\n"
        "# Đọc từ văn bản: phần đầu, căn cứ, thân văn bản (nguyên văn, trong body), nhiệm vụ\n"
        "# thường xuyên và quy tắc báo cáo; hãy đối chiếu duties và reporting với thân văn bản\n"
        "# trước khi commit.\n"
        if kind == "plan"
        else "# Phụ lục của Kế hoạch, nhập bằng `kehoach plan import` từ\n"
        "# {name}: nội dung nguyên văn (bỏ thẻ HTML sót lại khi chuyển đổi), cơ quan ghi bằng\n"
        "# mã trong danh mục, đối chiếu vào ngày của Kế hoạch (`kehoach plan import --dry-run`\n"
        "# cho thấy từng quyết định).\n"
    )
    name = re.sub(r"[^\w .,()-]", "_", source.name)[:120]
    return (
        f"# yaml-language-server: $schema=../../../schema/{schema}.schema.json\n#\n"
        + said.format(name=name)
        + "\n"
    )


def render_plan(info: dict[str, Any]) -> str:
    return _mapping(info, 0)


def render_tasks(sectors: list[tuple[str, str]], tasks: list[dict[str, Any]]) -> str:
    text = _mapping({"sectors": [{"id": i, "title": t} for i, t in sectors]}, 0) + "\ntasks:\n"
    for n, task in enumerate(tasks):
        text += ("\n" if n else "") + _sequence([task], 2)
    return text


_RESERVED = {"yes", "no", "true", "false", "on", "off", "null", "~", "y", "n"}


def _scalar(value: Any, indent: int, room: int) -> str:
    """` value` after "key:" (or "- "): plain, quoted, or a folded block for long text."""
    if value is None:
        return " null"
    if isinstance(value, bool):
        return " true" if value else " false"
    if isinstance(value, int):
        return f" {value}"
    if isinstance(value, dt.date):
        return f" {value.isoformat()}"
    text = str(value)
    if "\n" in text:
        if all(line == line.strip() and line for line in text.split("\n")):
            pad = " " * (indent + 2)
            return " |-\n" + "\n".join(pad + line for line in text.split("\n"))
        return " " + json.dumps(text, ensure_ascii=False)
    if len(text) <= room and _plain(text):
        return f" {text}"
    if len(text) <= room:
        return " " + json.dumps(text, ensure_ascii=False)
    if "  " in text or text != text.strip():
        return " " + json.dumps(text, ensure_ascii=False)
    pad = " " * (indent + 2)
    return " >-\n" + "\n".join(pad + line for line in _wrap(text, WIDTH - len(pad)))


def _plain(text: str) -> bool:
    if not text or text.lower() in _RESERVED or re.fullmatch(r"[-+\d.:eE_/ ]+", text):
        return False
    if text[0] in "-?:,[]{}#&*!|>'\"%@`" or text[-1] in ": ":
        return False
    return ": " not in text and " #" not in text and "\t" not in text


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return lines


def _mapping(data: dict[str, Any], indent: int) -> str:
    pad = " " * indent
    out = []
    for key, value in data.items():
        if isinstance(value, dict):
            inner = _mapping(value, indent + 2)
            out.append(f"{pad}{key}:\n{inner}" if value else f"{pad}{key}: {{}}\n")
        elif isinstance(value, list):
            if not value:
                out.append(f"{pad}{key}: []\n")
            else:
                out.append(f"{pad}{key}:\n{_sequence(value, indent + 2)}")
        else:
            out.append(f"{pad}{key}:{_scalar(value, indent, WIDTH - indent - len(key) - 2)}\n")
    return "".join(out)


def _sequence(items: list[Any], indent: int) -> str:
    pad = " " * indent
    out = []
    for item in items:
        if isinstance(item, dict):
            inner = _mapping(item, indent + 2)
            out.append(f"{pad}- {inner[indent + 2 :]}")
        else:
            out.append(f"{pad}-{_scalar(item, indent, WIDTH - indent - 2)}\n")
    return "".join(out)
