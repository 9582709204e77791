"""The Python API: the questions the command line answers, as typed values.

    >>> from kehoach import api
    >>> plan = api.load("path/to/data")                     # the folder that holds plan/
    >>> mine = api.tasks_of(plan, "Sở Du lịch", dt.date(2026, 1, 1))
    >>> [(r.item.id, r.role) for r in mine.tasks]
    [(1, 'lead'), (2, 'coordinator'), ...]

Every function takes a validated `Plan` (from `load`) and returns the domain
objects of `kehoach.model.views` and small NamedTuples of them; nothing prints
and nothing exits. Known failures raise `kehoach.errors.KehoachError`
(`UsageError` for a name or number that is not in the plan, `DataError` for
data that does not validate).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence

from kehoach.answer import queries
from kehoach.answer.queries import AgencyTasks, Subject, TaskAnswer
from kehoach.dates import today
from kehoach.errors import UsageError
from kehoach.files.datadir import find_data_dir
from kehoach.model.roles import Role
from kehoach.model.views import Agency, Plan, Signer, Task
from kehoach.tuples import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:  # the heavier modules are imported by the functions that need them
    from kehoach.answer.across import Counted
    from kehoach.answer.deadlines import Deadline
    from kehoach.answer.diff import Change
    from kehoach.answer.history import Entry
    from kehoach.answer.intake import Imported
    from kehoach.answer.plan_import import PlanImport
    from kehoach.answer.record import AdHocEntry, DutyEntry, Recorded, TaskEntry
    from kehoach.answer.status import Standing
    from kehoach.check.validate import Validation
    from kehoach.model.register import Register

__all__ = [
    "AdHocEntry",
    "AgencyTasks",
    "DutyEntry",
    "Imported",
    "Letters",
    "PlanImport",
    "Recorded",
    "Role",
    "Signer",
    "Subject",
    "TaskAnswer",
    "TaskEntry",
    "WrittenReport",
    "YearStatus",
    "agencies",
    "agency",
    "build_site",
    "chase",
    "day",
    "deadlines",
    "diff",
    "escalated",
    "export",
    "form",
    "history",
    "import_forms",
    "import_plan",
    "late",
    "load",
    "new_form_key",
    "overdue",
    "record",
    "register",
    "reminder_context",
    "reminders",
    "report_context",
    "reporting_agency",
    "reporting_subject",
    "resolve",
    "schemas",
    "status",
    "task",
    "task_ref",
    "tasks",
    "tasks_across",
    "tasks_of",
    "validate",
    "write_calendar",
    "write_forms",
    "write_report",
]


def __getattr__(name: str) -> Any:
    """The entry types of `record`, imported when first asked for (they pull in ruamel.yaml)."""
    from importlib import import_module

    homes = {"AdHocEntry": "record", "DutyEntry": "record", "Recorded": "record", "TaskEntry": "record"}
    homes["Imported"] = "intake"
    homes["PlanImport"] = "plan_import"
    if name not in homes:
        raise AttributeError(f"module 'kehoach.api' has no attribute {name!r}")
    return getattr(import_module(f"kehoach.answer.{homes[name]}"), name)


class YearStatus(NamedTuple):
    """Where the reports of one year stand on a date."""

    year: int
    as_of: dt.date
    agencies: list[Standing]  # every agency that must report, then any other that reported
    consolidated: Standing | None


def day(on: dt.date | None) -> dt.date:
    """`on`, or today (the date every answer defaults to)."""
    return on or today()


def _sources(root: str, rev: str | None) -> dict[str, bytes | None] | None:
    if rev is None:
        return None
    from kehoach.files.git import sources_at

    return sources_at(root, rev)


# --- the data -----------------------------------------------------------------------


def load(
    data_dir: str | os.PathLike[str] | None = None, rev: str | None = None, plan: str | None = None
) -> Plan:
    """The validated plan `plan` (by id) in `data_dir` (found like git finds .git when None), at git
    `rev` if given; without `plan`, the data folder's only plan (UsageError when it holds several)."""
    from kehoach.model.register import choose_message

    found = register(data_dir, rev, [plan] if plan else None)
    if plan is None and len(found.ids) > 1:
        raise UsageError(choose_message(found.ids))
    return found.plan(plan) if plan else next(iter(found.plans.values()))


def register(
    data_dir: str | os.PathLike[str] | None = None,
    rev: str | None = None,
    plans: Sequence[str] | None = None,
) -> Register:
    """The plans of `data_dir` (only `plans`, by id, when given: an unknown id is a UsageError), each
    validated, at git `rev` if given."""
    from kehoach.check.cache import load_register
    from kehoach.model.register import check_wanted

    root = find_data_dir(data_dir)
    sources = _sources(root, rev)
    if not plans:
        return load_register(root, sources)
    from kehoach.files.layout import register_ids

    ids = register_ids(root, sources)
    return load_register(root, sources, check_wanted(ids or ["plan"], plans))


def validate(
    data_dir: str | os.PathLike[str] | None = None, checks: set[str] | None = None, *, rev: str | None = None
) -> Validation:
    """Every problem in the data (only the named `checks` besides syntax and schema), as `validate`."""
    from pathlib import Path

    from kehoach.check.validate import validate as run

    root = find_data_dir(data_dir)
    return run(Path(root), checks, sources=_sources(root, rev))


def schemas(
    data_dir: str | os.PathLike[str] | None, folder: str | os.PathLike[str] | None, *, verify: bool = False
) -> tuple[str, list[str]]:
    """Write the JSON Schemas of the data files to `folder` (default: schema/ beside plan/); with
    `verify`, write nothing. The folder, and the names of the schemas that were (or would be) written."""
    from pathlib import Path

    from kehoach.model.json_schema import write_schemas

    where = Path(folder) if folder is not None else Path(find_data_dir(data_dir)) / "schema"
    return str(where), write_schemas(where, check=verify)


# --- who does what ------------------------------------------------------------------


def resolve(plan: Plan, name: str, on: dt.date | None = None) -> Agency:
    """The agency `name` means on `on` (today when None), however it is typed."""
    return agency(plan, name, on).agency


def agency(plan: Plan, name: str, on: dt.date | None = None) -> Subject:
    """The agency `name` means on `on` itself, with how the name was read (as `kehoach agency`)."""
    return queries.agency_named(plan, name, day(on))


def reporting_agency(plan: Plan, name: str, year: int) -> Agency:
    """The agency `name` means on `year`'s reporting deadline, itself: the one a form, a reminder, a
    calendar or a recorded report of that year is for (an agency ended by then is refused there)."""
    return queries.reporting_named(plan, name, year)


def reporting_subject(plan: Plan, name: str, year: int, answer: str = "kết quả dưới đây") -> Subject:
    """The agency `name` means on `year`'s reporting deadline, after lineage (its successor when it had
    ended), with what to tell the user ("…; `answer` là của <successor>."): whose reports `kehoach status
    --agency` shows, whose form `kehoach form` writes."""
    return queries.reporting_subject(plan, name, year, answer)


def tasks(plan: Plan, *, sector: str | None = None, role: str | None = None) -> list[Task]:
    """The tasks as the plan wrote them: all, of one `sector` (I…VI), or with a `role` (lead/coordinator)."""
    return queries.plan_tasks(plan, sector=sector, role=role)


def tasks_of(
    plan: Plan,
    agency: str,
    on: dt.date | None = None,
    *,
    sector: str | None = None,
    role: str | None = None,
    direct: bool = False,
) -> AgencyTasks:
    """Everything the plan asks of `agency` on `on`: tasks and standing duties, with role and source.
    `sector`, `role` and `direct` (no role only through a group) narrow the tasks, as in `kehoach tasks`."""
    who = queries.subject_named(plan, agency, day(on))
    return queries.agency_tasks(plan, who, sector=sector, role=role, direct=direct)


def tasks_across(
    found: Register,
    agency: str,
    on: dt.date | None = None,
    *,
    plans: Sequence[str] | None = None,
    sector: str | None = None,
    role: str | None = None,
    direct: bool = False,
) -> list[tuple[Plan, AgencyTasks]]:
    """What every plan in force on `on` (or each of `plans`) asks of `agency`, plan by plan."""
    from kehoach.answer.across import agency_tasks_across, chosen_plans

    when = day(on)
    chosen = chosen_plans(found, list(plans or ()), when)
    if not found.plans:
        raise UsageError("Dữ liệu chưa có kế hoạch nào.")
    who = queries.subject_named(next(iter(found.plans.values())), agency, when)
    return agency_tasks_across(chosen, who, sector=sector, role=role, direct=direct)


def overdue(
    found: Register,
    on: dt.date | None = None,
    *,
    agency: str | None = None,
    plans: Sequence[str] | None = None,
    by: str = "agency",
) -> list[Counted]:
    """The Government Office's four categories (and "no deadline") of the tasks each agency leads —
    through lineage — or of each plan's tasks (`by="plan"`), over every plan in force on `on` (or
    `plans`), with the tasks; only `agency` (a group: its members) when given."""
    from kehoach.answer.across import chosen_plans
    from kehoach.answer.across import overdue as count

    when = day(on)
    chosen = chosen_plans(found, list(plans or ()), when)
    who = None
    if agency is not None and found.plans:
        who = queries.subject_named(next(iter(found.plans.values())), agency, when).agency
    return count(chosen, when, agency=who, by=by)


def task_ref(written: str, plan: str | None = None) -> tuple[str | None, int]:
    """The plan id and task number of a task as a person writes it: "5" (of `plan`, or of the only
    plan) or "hop-tac-hn-hcm-2024#5"; UsageError for anything else."""
    plan_id, sep, number = written.strip().rpartition("#")
    if not number.isascii() or not number.isdigit() or (sep and not plan_id):
        raise UsageError(
            f"«{written}» không phải một nhiệm vụ: ghi số thứ tự (ví dụ 5) hoặc MÃ_KẾ_HOẠCH#SỐ "
            "(ví dụ hop-tac-hn-hcm-2024#5)."
        )
    if sep and plan is not None and plan != plan_id:
        raise UsageError(
            f"«{written}» thuộc kế hoạch {plan_id}, nhưng --plan là {plan}; hãy bỏ một trong hai."
        )
    return (plan_id if sep else plan), int(number)


def task(plan: Plan, number: int, on: dt.date | None = None) -> TaskAnswer:
    """Task `number` and who carries each of its assignments on `on`."""
    return queries.task_answer(plan, number, day(on))


def agencies(
    plan: Plan,
    on: dt.date | None = None,
    *,
    kind: str | None = None,
    city: str | None = None,
    include_all: bool = False,
) -> list[Agency]:
    """The roster on `on` (or every entry with `include_all`), of one `kind` and `city` when given, in
    Vietnamese alphabetical order."""
    return queries.roster(plan, day(on), kind=kind, city=city, every=include_all)


# --- the yearly reporting cycle -------------------------------------------------------


def status(plan: Plan, year: int, as_of: dt.date | None = None) -> YearStatus:
    """Who reported for `year`, counting reports received by `as_of` (today when None)."""
    from kehoach.answer import status as reporting

    when = day(as_of)
    reporting.check_year(plan, year)
    return YearStatus(
        year,
        when,
        reporting.agency_standings(plan, year, when),
        reporting.consolidated_standing(plan, year, when),
    )


def record(
    data_dir: str | os.PathLike[str] | None,
    *,
    year: int,
    agency: str | None,
    plan: str | None = None,
    **fields: Any,
) -> Recorded:
    """Record a report of plan `plan` (by id; the only plan when None) as `kehoach record` does (same
    checks, lock, atomic write); `fields` are those of `kehoach.answer.record.Request`: received, sent,
    number, dated, document, notes, tasks=[TaskEntry(…)], duties=[DutyEntry(…)], ad_hoc=[AdHocEntry(…)],
    force, reason, consolidated."""
    from pathlib import Path

    from kehoach.answer.record import record as run

    return run(Path(find_data_dir(data_dir)), year=year, agency=agency, plan=plan, **fields)


def form(plan: Plan, year: int, agency: str) -> bytes:
    """The .xlsx report form of `agency` for `year`, pre-filled and signed with this machine's key (as
    `kehoach form`; the key is created on first use: files/formkey.py). An agency that had ended by the
    deadline gets its successor's form, as `kehoach status --agency` shows its successor's reports."""
    from kehoach.answer.forms import form_content
    from kehoach.files.formkey import signing_key
    from kehoach.show.form import form_workbook

    content = form_content(plan, year, reporting_subject(plan, agency, year).agency)
    return bytes(form_workbook(content, signing_key()))


def new_form_key() -> Any:
    """A new key for signing forms, put first in this machine's key file (rotation: the older keys still
    read the forms already sent); returns it (its `id` is what forms and messages show)."""
    from kehoach.files.formkey import new_key

    return new_key()


def write_forms(
    plan: Plan, year: int, agency: str | None, *, every: bool, output: str | os.PathLike[str]
) -> tuple[int, str]:
    """Write the forms of `agency` (a group: one per member) or of `every` agency that must report: one
    .xlsx each, all built before any is written (an agency ended by the deadline: its successor's, as
    `form`). How many, and where."""
    from kehoach.show.form import write_forms as run

    if every == (agency is not None):
        raise UsageError("Cần đúng một trong --agency TÊN hoặc --all.")
    who = reporting_subject(plan, agency, year).agency if agency is not None else None
    return run(plan, year, who, every=every, output=output)


def import_plan(
    data_dir: str | os.PathLike[str] | None,
    source: str | os.PathLike[str],
    plan: str,
    **options: Any,
) -> PlanImport:
    """Read a plan's Word document (.docx) or text export (.txt, .md) and write it into the register as
    plan `plan` (as `kehoach plan import`): every agency resolved on the plan's date or the import
    stops listing what to settle, validated before anything is written. `options`: dated, year,
    maps (["Tên trong văn bản=mã-cơ-quan", …]), focal, dry_run, replace."""
    from pathlib import Path

    from kehoach.answer.plan_import import import_plan as run

    return run(Path(find_data_dir(data_dir)), Path(source), plan, **options)


def import_forms(
    data_dir: str | os.PathLike[str] | None,
    files: Sequence[str | os.PathLike[str]],
    plan: str | None = None,
    **options: Any,
) -> list[Imported]:
    """Read filled forms of plan `plan` (by id) and record those without problems (as `kehoach import`);
    without `plan`, each form goes to the plan it was made for (its marker says so), or to the data's
    only plan. `options`: year, received, force, dry_run, accept_unsigned_from (who sent forms the office
    did not sign)."""
    from pathlib import Path

    from kehoach.answer.intake import Imported, form_plan
    from kehoach.answer.intake import import_forms as run
    from kehoach.files.layout import plan_folders

    root = Path(find_data_dir(data_dir))
    paths = [Path(f) for f in files]
    ids = plan_folders(root)
    if plan is not None or not ids or len(ids) == 1:
        return run(root, load(root, plan=plan), paths, **options)
    groups: dict[str, list[int]] = {}
    results: list[Imported | None] = [None] * len(paths)
    for i, path in enumerate(paths):
        made_for = form_plan(path)
        if made_for in ids:
            groups.setdefault(made_for, []).append(i)
        else:
            results[i] = Imported(
                str(path),
                None,
                (
                    "biểu mẫu không ghi kế hoạch nào của dữ liệu này (biểu mẫu cũ, hoặc của dữ liệu khác); "
                    "hãy chọn kế hoạch bằng --plan MÃ",
                ),
                None,
            )
    for plan_id, members in groups.items():
        imported = run(root, load(root, plan=plan_id), [paths[i] for i in members], **options)
        for i, done in zip(members, imported, strict=True):  # one result per form, in order
            results[i] = done
    return [r for r in results if r is not None]


def late(plan: Plan, year: int, as_of: dt.date | None = None, agency: str | None = None) -> list[Agency]:
    """The agencies that must report for `year` and had not by `as_of` (whom `kehoach remind` writes to);
    with `agency`, only it or the members of that group."""
    from kehoach.answer.reminder import late_agencies

    found = late_agencies(plan, year, day(as_of))
    if agency is None:
        return found
    from kehoach.answer.reminder import year_focal
    from kehoach.model.lineage import selects

    who = reporting_agency(plan, agency, year)
    focal = year_focal(plan, year, day(as_of))
    if focal is not None and who.id == focal.id:
        raise UsageError(
            f"{who.name} là cơ quan đầu mối năm {year}: công văn đôn đốc là của {who.name} gửi các cơ quan "
            "khác, không gửi cho chính mình."
        )
    due = plan.reporting.agency_report.deadline(year)
    return [a for a in found if selects(plan, who, a.id, due)]


def reminder_context(
    plan: Plan,
    year: int,
    as_of: dt.date | None,
    agencies: list[Agency],
    *,
    number: str | None = None,
    dated: dt.date | None = None,
    signer: Signer | None = None,
) -> dict[str, Any]:
    """What the reminder letter to `agencies` says, as the data its templates render."""
    from kehoach.answer.reminder import reminder_context as run

    return run(plan, year, day(as_of), agencies, number=number, dated=dated, signer=signer or Signer())


class Letters(NamedTuple):
    """The reminder letters, built, and where they went (`written`: what to tell the user); `review`:
    what the drafter checks before signing (show/review.py ReviewNote), in the letters unless final."""

    content: list[bytes]
    written: str
    review: tuple[Any, ...] = ()


def reminders(
    plan: Plan,
    year: int,
    as_of: dt.date | None,
    agency: str | None,
    *,
    each: bool = False,
    fmt: str | None = None,
    output: str | os.PathLike[str] | None = None,
    number: str | None = None,
    dated: dt.date | None = None,
    signer: Signer | None = None,
    by: dt.date | None = None,
    final: bool = False,
) -> Letters:
    """The reminder letter(s) to every agency late for `year` (or `agency`), in Word or text; written to
    `output` (a folder with `each`: one per agency) once all are built, or returned to print. `by`: the
    new date by which they are asked to send."""
    from kehoach.show.documents import write_reminders

    late_ones = late(plan, year, as_of, agency)
    return Letters(
        *write_reminders(
            plan,
            year,
            day(as_of),
            late_ones,
            each=each,
            fmt=fmt,
            output=output,
            number=number,
            dated=dated,
            signer=signer or Signer(),
            by=by,
            final=final,
        )
    )


def chase(
    found: Register,
    on: dt.date | None = None,
    *,
    agency: str | None = None,
    plans: Sequence[str] | None = None,
    each: bool = False,
    fmt: str | None = None,
    output: str | os.PathLike[str] | None = None,
    number: str | None = None,
    dated: dt.date | None = None,
    signer: Signer | None = None,
    keep: bool = False,
    final: bool = False,
) -> tuple[Letters, list[str]]:
    """The letter(s) from Văn phòng UBND Thành phố to the agencies that lead tasks not completed by their
    due date, over every plan in force on `on` (or `plans`; only `agency` when given), in Word or text,
    written to `output` once all are built; with `keep`, each agency's chase is added to the plans'
    chases.yaml (dated `dated`, else `on`). The letters (with their review notes, in the letters unless
    `final`), and the files kept."""
    from pathlib import Path

    from kehoach.answer.chasing import chase_context, open_overdue, record_chases
    from kehoach.show.documents import write_letters

    when = day(on)
    counted = open_overdue(overdue(found, when, agency=agency, plans=plans))
    chosen = [p for p in found.plans.values() if not plans or p.id in plans]
    by_id = {c.key: c for c in counted}

    def context(group: list[Agency]) -> dict[str, Any]:
        return chase_context(
            chosen, [by_id[a.id] for a in group], when, number=number, dated=dated, signer=signer or Signer()
        )

    recipients = [c.agency for c in counted if c.agency is not None]
    if not recipients:
        raise UsageError(f"Không có nhiệm vụ nào chưa hoàn thành, quá hạn tính đến ngày {when:%d/%m/%Y}.")
    letters = Letters(
        *write_letters(
            recipients, context, stem="don-doc-qua-han", each=each, fmt=fmt, output=output, final=final
        )
    )
    kept = record_chases(Path(found.root), counted, dated or when, number) if keep else []
    return letters, kept


def escalated(
    found: Register,
    times: int,
    on: dt.date | None = None,
    *,
    agency: str | None = None,
    plans: Sequence[str] | None = None,
) -> list[dict[str, Any]]:
    """The tasks not completed by their due date that were chased `times` times or more by `on` (kept in
    the plans' chases.yaml), most chased first: agency, plan, task, deadline, days overdue, chased."""
    from kehoach.answer.chasing import escalated as run

    when = day(on)
    return run(overdue(found, when, agency=agency, plans=plans), when, times)


def deadlines(plan: Plan, years: list[int], agency: str | None = None) -> list[Deadline]:
    """The reporting deadlines of `years` (for everyone, or those `agency` must meet) as dated events."""
    from kehoach.answer.deadlines import deadlines as run

    found = reporting_agency(plan, agency, years[-1]) if agency else None
    return run(plan, years, found)


def write_calendar(
    plan: Plan, output: str | os.PathLike[str], year: int | None = None, agency: str | None = None
) -> int:
    """The reporting deadlines (one `year`, else every year of the plan) as an .ics file; how many."""
    from kehoach.answer.deadlines import deadlines as events_of
    from kehoach.answer.deadlines import plan_years
    from kehoach.show.calendar import write_calendar as run

    years = [year] if year is not None else plan_years(plan, today())
    found = reporting_agency(plan, agency, years[-1]) if agency else None
    return run(output, events_of(plan, years, found), found)


def build_site(
    data_dir: str | os.PathLike[str] | None,
    output: str | os.PathLike[str],
    as_of: dt.date | None = None,
    *,
    rev: str | None = None,
    plan: str | None = None,
    base_url: str | None = None,
    manual: str | os.PathLike[str] | None = None,
) -> dict[str, int]:
    """The static site of plan `plan` (the only plan when None), built whole in a temporary folder, then
    put at `output`: its page count, files and largest page. Its `du-lieu/` holds the open data (SQLite,
    data package, DCAT catalogue, whose IRIs are absolute under `base_url` when given); with `manual`, a
    folder MkDocs built (`make manual`), its `huong-dan/` holds the manual, linked from every page."""
    from pathlib import Path

    from kehoach.dates import show
    from kehoach.files.built_folder import read_built_folder
    from kehoach.files.git import plan_changes
    from kehoach.show.site import OpenData
    from kehoach.show.site import build_site as run

    root = find_data_dir(data_dir)
    changes = plan_changes(root)
    changed = changes.get("")
    found = register(root, rev, [plan] if plan else None)
    site: Plan | Register = next(iter(found.plans.values())) if len(found.plans) == 1 else found
    opened = OpenData(found, changes, base_url)
    pages = read_built_folder(Path(manual)) if manual is not None else None
    return run(
        site, Path(output), day(as_of), show(changed) if changed else None, open_data=opened, manual=pages
    )


def export(
    found: Register, kind: str, output: str | os.PathLike[str], on: dt.date | None = None
) -> tuple[str, int]:
    """The register as open data on `on` (default today), written whole to `output`: `kind` "sqlite" (one
    SQLite file: tables, keys, views, `meta`) or "datapackage" (a folder: CSV tables and datapackage.json).
    (what was written, in words; its size in bytes or its number of tables)."""
    from pathlib import Path

    from kehoach.show.exports import write_database, write_package

    when = day(on)
    if kind == "sqlite":
        size = write_database(found, Path(output), when)
        return f"Đã ghi {output} ({size // 1024} KB, dữ liệu ngày {when:%d/%m/%Y})", size
    if kind == "datapackage":
        count = write_package(found, Path(output), when)
        return f"Đã ghi gói dữ liệu vào {output}/ ({count} bảng CSV và datapackage.json)", count
    raise UsageError(f"Không có kiểu xuất «{kind}»; chọn sqlite hoặc datapackage.")


# --- the consolidated report --------------------------------------------------------


def report_context(
    plan: Plan, year: int, as_of: dt.date | None = None, dated: dt.date | None = None
) -> dict[str, Any]:
    """What the consolidated report of `year` says, as the data its templates render. `dated` is the
    document's date (else the consolidated report's own `dated`); reports count when received by `as_of`,
    which defaults to the document's date, else today, and may not be later than it."""
    from kehoach.answer.consolidated import build_context

    return build_context(plan, year, as_of, dated)


class WrittenReport(NamedTuple):
    """The consolidated report as rendered (Markdown text, or .docx/.pdf bytes) and its template;
    `review`: what the drafter checks before signing (show/review.py ReviewNote)."""

    content: str | bytes
    template: str
    review: tuple[Any, ...] = ()


def write_report(
    plan: Plan,
    year: int,
    *,
    fmt: str | None = None,
    output: str | os.PathLike[str] | None = None,
    as_of: dt.date | None = None,
    dated: dt.date | None = None,
    template: str | os.PathLike[str] | None = None,
    final: bool = False,
) -> WrittenReport:
    """The consolidated report of `year` in Markdown, Word or PDF (`fmt`, else from `output`'s extension),
    rendered whole, then written atomically to `output` when given; unless `final`, with its review
    notes (Markdown footnotes, Word comments), also returned as `review`."""
    from kehoach.show.documents import write_report as run
    from kehoach.show.review import notes_of

    context = report_context(plan, year, as_of, dated)
    content, used = run(context, fmt=fmt, output=output, template=template, final=final)
    return WrittenReport(content, used, tuple(notes_of(context)))


# --- versions ---------------------------------------------------------------------


def diff(
    data_dir: str | os.PathLike[str] | None, revs: list[str], plan: str | None = None
) -> tuple[list[Change], str, str]:
    """What changed in the plans (only `plan` when given) between two versions (`revs`: none, REV1, or
    REV1 REV2, as `kehoach diff`), and how to name the two sides."""
    from pathlib import Path

    from kehoach.answer.history import diff_revisions

    return diff_revisions(Path(find_data_dir(data_dir)), list(revs), plan)


def history(
    data_dir: str | os.PathLike[str] | None,
    *,
    task: int | None = None,
    agency: str | None = None,
    rev: str | None = None,
    plan: str | None = None,
) -> tuple[str, list[Entry]]:
    """The commits (newest first, from `rev`, default HEAD) that changed `task` or `agency`'s assignments
    in plan `plan` (the only plan when None), followed across its move into a register; and what they
    are about, in words."""
    from pathlib import Path

    from kehoach.answer.history import history as run

    root = Path(find_data_dir(data_dir))
    if task is not None:
        return f"nhiệm vụ {task}", run(root, task=task, rev=rev or "HEAD", plan_id=plan)
    if agency is None:
        raise UsageError("Cần đúng một trong --task SỐ hoặc --agency TÊN.")
    found = resolve(next(iter(register(root, rev).plans.values())), agency)
    return found.name, run(root, agency=found.id, rev=rev or "HEAD", plan_id=plan)
