"""The work of the commands, shared by the typer CLI and the fast path (`fastpath.py`).

Each function takes the options as plain values, calls the library, and prints
through `output.render`; known failures are KehoachError.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from typing import TYPE_CHECKING, Any

from kehoach.errors import UsageError

if TYPE_CHECKING:  # pathlib costs start-up time on the fast path (fastpath.py)
    from pathlib import Path


def choice(option: str, value: str, choices: tuple[str, ...]) -> None:
    """A UsageError unless `value` is one of `choices`."""
    if value not in choices:
        raise UsageError(
            f"Giá trị không hợp lệ cho {option}: «{value}». Chọn một trong: {', '.join(choices)}."
        )


def sources_for(root: str | os.PathLike[str], rev: str | None) -> dict[str, bytes | None] | None:
    """The data at `rev` (read from git objects), or None for the files on disk."""
    if rev is None:
        return None
    from kehoach.files.git import sources_at

    return sources_at(root, rev)


def as_of_date(text: str | None) -> dt.date:
    from kehoach.dates import parse_date, today

    return parse_date(text) if text else today()


def listing_format(fmt: str | None, output: Path | None = None) -> str:
    """The format of a listing: as asked, else from `-o`'s extension, else text; `table` is the old
    name of `text` (said once)."""
    from kehoach.show.formats import output_format

    if fmt == "table":
        sys.stderr.write("Lưu ý: --format table nay gọi là --format text.\n")
        fmt = "text"
    return output_format(fmt, output)


def load(data: str | os.PathLike[str] | None, rev: str | None) -> Any:
    """The validated plan in the data folder (at `rev` when given)."""
    from kehoach.check.cache import load_plan
    from kehoach.files.datadir import find_data_dir

    root = find_data_dir(data)
    return load_plan(root, sources_for(root, rev))


def run_tasks(
    data: str | os.PathLike[str] | None,
    *,
    rev: str | None = None,
    agency: str | None = None,
    role: str | None = None,
    sector: str | None = None,
    direct: bool = False,
    as_of: str | None = None,
    fmt: str | None = None,
    output: Path | None = None,
) -> int:
    """`kehoach tasks`: the plan's tasks, or everything it asks of one agency."""
    from kehoach.answer import queries
    from kehoach.show.formats import render

    fmt = listing_format(fmt, output)
    on = as_of_date(as_of)
    if direct and agency is None:
        raise UsageError("--direct chỉ dùng cùng --agency.")
    plan = load(data, rev)
    chosen_role = queries.parse_role(role) if role else None
    chosen_sector = queries.check_sector(plan, sector) if sector else None
    if agency is None:
        listing = queries.tasks_listing(plan, sector=chosen_sector, role=chosen_role)
    else:
        from kehoach.model.resolve import resolve_agency

        who = queries.subject(plan, resolve_agency(plan, agency, on), on, agency)
        listing = queries.agency_tasks_listing(
            plan, who, sector=chosen_sector, role=chosen_role, direct=direct
        )
    render(listing, fmt, output=output)
    return 0


def run_task(
    data: str | os.PathLike[str] | None,
    *,
    rev: str | None = None,
    number: int,
    as_of: str | None = None,
    fmt: str | None = None,
    output: Path | None = None,
) -> int:
    """`kehoach task SỐ`: one task in full, and who carries it on the date."""
    from kehoach.answer import queries
    from kehoach.show.formats import render

    fmt = listing_format(fmt, output)
    on = as_of_date(as_of)
    render(queries.task_listing(load(data, rev), number, on), fmt, output=output)
    return 0


def run_agencies(
    data: str | os.PathLike[str] | None,
    *,
    rev: str | None = None,
    kind: str | None = None,
    city: str | None = None,
    every: bool = False,
    as_of: str | None = None,
    fmt: str | None = None,
    output: Path | None = None,
) -> int:
    """`kehoach agencies`: the roster on a date."""
    from kehoach.answer import queries
    from kehoach.show.formats import render

    fmt = listing_format(fmt, output)
    on = as_of_date(as_of)
    render(
        queries.agencies_listing(load(data, rev), on, kind=kind, city=city, every=every), fmt, output=output
    )
    return 0


def run_agency(
    data: str | os.PathLike[str] | None,
    *,
    rev: str | None = None,
    name: str,
    as_of: str | None = None,
    fmt: str | None = None,
    output: Path | None = None,
) -> int:
    """`kehoach agency TÊN`: everything about one agency."""
    from kehoach.answer import queries
    from kehoach.model.resolve import resolve_agency
    from kehoach.show.formats import render

    fmt = listing_format(fmt, output)
    on = as_of_date(as_of)
    plan = load(data, rev)
    match = resolve_agency(plan, name, on)
    render(
        queries.agency_listing(plan, queries.Subject(match.agency, on, queries.match_notes(match, name, on))),
        fmt,
        output=output,
    )
    return 0


def run_matrix(
    data: str | os.PathLike[str] | None,
    *,
    rev: str | None = None,
    as_written: bool = False,
    as_of: str | None = None,
    fmt: str | None = None,
    output: Path | None = None,
) -> int:
    """`kehoach matrix`: agencies × tasks."""
    from kehoach.answer import queries
    from kehoach.show.formats import render

    fmt = listing_format(fmt, output)
    on = as_of_date(as_of)
    render(queries.matrix_listing(load(data, rev), on, as_written=as_written), fmt, output=output)
    return 0


FAIL_ON = ("overdue", "late")


def run_status(
    data: str | os.PathLike[str] | None,
    *,
    rev: str | None = None,
    year: int,
    agency: str | None = None,
    tasks_view: bool = False,
    every: bool = False,
    fail_on: str | None = None,
    as_of: str | None = None,
    fmt: str | None = None,
    output: Path | None = None,
) -> int:
    """`kehoach status`: who reported for the year; exit 1 with --fail-on when some are late/overdue."""
    from kehoach.answer import status
    from kehoach.show.formats import render

    fmt = listing_format(fmt, output)
    if fail_on is not None:
        choice("--fail-on", fail_on, FAIL_ON)
    on = as_of_date(as_of)
    plan = load(data, rev)
    if tasks_view:
        if agency is not None:
            raise UsageError("--tasks xem theo nhiệm vụ; không dùng cùng --agency.")
        render(status.task_progress_listing(plan, year, on), fmt, output=output)
        return 0
    who = None
    notes: tuple[str, ...] = ()
    if agency is not None:
        from kehoach.answer import queries
        from kehoach.model.resolve import resolve_agency

        due = plan.reporting.agency_report.deadline(year)
        subject = queries.subject(plan, resolve_agency(plan, agency, due), due, agency)
        who, notes = subject.agency, subject.notes
    # Machine formats list every agency; only the human table gathers communes by kind.
    full = every or fmt in ("json", "csv", "csv-semicolon", "xlsx")
    listing = status.status_listing(plan, year, on, who, notes, every=full)
    render(listing, fmt, output=output)
    if fail_on is not None and status.failing(plan, year, on, who, fail_on):
        return 1
    return 0


def report_format(fmt: str | None, output: Path | None) -> str:
    """md, docx or pdf: as asked, else from the output file's extension, else md; a mismatch is refused."""
    from kehoach.show.formats import REPORT_FORMATS, REPORT_SUFFIXES, output_format

    if fmt is None and output is not None and output.suffix.lower() not in REPORT_SUFFIXES:
        raise UsageError(f"Không đoán được định dạng từ «{output}»; dùng --format md, docx hoặc pdf.")
    return output_format(fmt, output, REPORT_FORMATS, REPORT_SUFFIXES, files_only=("docx", "pdf"))


def run_report(
    root: Path,
    *,
    year: int,
    fmt: str | None = None,
    output: Path | None = None,
    as_of: str | None = None,
    date: str | None = None,
    template: Path | None = None,
    sources: dict[str, bytes | None] | None = None,
) -> None:
    """`kehoach report`: the consolidated report, rendered and written only once it is whole."""
    from kehoach.answer.consolidated import build_context
    from kehoach.check.cache import load_plan
    from kehoach.dates import parse_date
    from kehoach.files.atomic import check_parent, write_atomic
    from kehoach.show.templates import DOCX_TEMPLATE, MD_TEMPLATE, find_template, render_docx, render_markdown

    kind = report_format(fmt, output)
    if output is not None:
        check_parent(output)
    on = parse_date(as_of, "--as-of") if as_of else None
    day = parse_date(date, "--dated") if date else None
    context = build_context(load_plan(root, sources), year, on, day)
    path = find_template(MD_TEMPLATE if kind == "md" else DOCX_TEMPLATE, template)
    if template is not None:
        sys.stderr.write(f"Mẫu: {path}\n")
    content: str | bytes
    if kind == "md":
        content = render_markdown(context, path)
    else:
        content = render_docx(context, path)
        if kind == "pdf":
            from kehoach.show.pdf import docx_to_pdf

            content = docx_to_pdf(content)
    if output is None:
        sys.stdout.write(str(content))
        return
    write_atomic(output, content)
    sys.stderr.write(f"Đã ghi {output}\n")


def run_form(root: Path, *, year: int, agency: str | None, every: bool, output: Path) -> None:
    """`kehoach form`: one .xlsx per agency that must report, written only once all are built."""
    from pathlib import Path as _Path

    from kehoach.answer.forms import form_agencies, form_content, form_file_name
    from kehoach.answer.status import check_year
    from kehoach.check.cache import load_plan
    from kehoach.files.atomic import check_parent, make_folder, write_atomic
    from kehoach.model.resolve import resolve_agency
    from kehoach.show.form import form_workbook

    if every == (agency is not None):
        raise UsageError("Cần đúng một trong --agency TÊN hoặc --all.")
    plan = load_plan(root)
    check_year(plan, year)
    who = None
    if agency is not None:
        who = resolve_agency(plan, agency, plan.reporting.agency_report.deadline(year)).agency
    chosen = form_agencies(plan, year, who)
    output = _Path(output)
    single = len(chosen) == 1 and not every and not (who is not None and who.is_group)
    if single and output.suffix.lower() != ".xlsx":
        if output.is_dir():
            output = output / form_file_name(year, chosen[0])
        else:
            raise UsageError(f"-o phải là tệp .xlsx hoặc một thư mục có sẵn, không phải «{output}».")
    if not single:
        if output.suffix.lower() == ".xlsx":
            raise UsageError("Nhiều biểu mẫu: -o phải là một thư mục (mỗi cơ quan một tệp).")
        make_folder(output)
    else:
        check_parent(output)
    books = [form_workbook(form_content(plan, year, found)) for found in chosen]  # all built, then written
    for found, book in zip(chosen, books, strict=True):
        write_atomic(output if single else output / form_file_name(year, found), book)
    where = output if single else f"{output}/ ({len(chosen)} tệp)"
    sys.stderr.write(f"Đã ghi {len(chosen)} biểu mẫu năm {year}: {where}\n")


def run_import(
    root: Path, *, files: list[Path], year: int | None, received: str | None, dry_run: bool, force: bool
) -> int:
    """`kehoach import`: exit 0 when every form was taken, 1 when some had problems."""
    from kehoach.answer.intake import import_forms, summary
    from kehoach.check.cache import load_plan
    from kehoach.escape import log_safe

    plan = load_plan(root)
    results = import_forms(root, plan, files, received=received, year=year, force=force, dry_run=dry_run)
    text = summary(results, plan.statuses)
    if dry_run:
        text += "\n(--dry-run: không ghi gì.)"
    sys.stdout.write(log_safe(text) + "\n")
    recorded = [r.recorded for r in results if r.recorded is not None and r.recorded.changes]
    if recorded and not dry_run and recorded[0].git_path is not None:
        from kehoach.answer.record import commit_hint

        sys.stdout.write(log_safe(commit_hint(recorded)) + "\n")
    return 1 if any(r.problems for r in results) else 0


def run_remind(
    root: Path,
    *,
    year: int,
    as_of: str | None,
    agency: str | None,
    each: bool,
    fmt: str | None,
    output: Path | None,
    number: str | None,
    dated: str | None,
    signer: tuple[str | None, str | None, str | None],
    sources: dict[str, bytes | None] | None = None,
) -> None:
    """`kehoach remind`: the reminder letter(s), written only once every one is built."""
    from kehoach.answer.reminder import late_agencies, reminder_context, reminder_text
    from kehoach.check.cache import load_plan
    from kehoach.dates import parse_date
    from kehoach.files.atomic import check_parent, make_folder, write_atomic
    from kehoach.model.views import Signer
    from kehoach.show.templates import REMINDER_TEMPLATE, find_template, render_docx

    if fmt is None:
        suffix = output.suffix.lower() if output is not None and not each else ""
        fmt = {".docx": "docx", ".txt": "text"}.get(suffix, "text" if output is None else "docx")
    choice("--format", fmt, ("docx", "text"))
    if fmt == "docx" and output is None:
        raise UsageError(
            "Công văn Word cần -o TỆP.docx (hoặc -o THƯ_MỤC với --each); --format text để in ra."
        )
    if each and output is None:
        raise UsageError("--each cần -o THƯ_MỤC (mỗi cơ quan một tệp).")
    plan = load_plan(root, sources)
    on = as_of_date(as_of)
    day = parse_date(dated, "--dated") if dated else None
    late = late_agencies(plan, year, on)
    if agency is not None:
        from kehoach.model.lineage import selects
        from kehoach.model.resolve import resolve_agency

        due = plan.reporting.agency_report.deadline(year)
        who = resolve_agency(plan, agency, due).agency
        late = [a for a in late if selects(plan, who, a.id, due)]
    who_sign = Signer(*signer)
    groups = [[a] for a in late] if each else [late]
    letters = []
    for group in groups:
        context = reminder_context(plan, year, on, group, number=number, dated=day, signer=who_sign)
        if fmt == "text":
            letters.append(reminder_text(context).encode("utf-8"))
        else:
            letters.append(render_docx(context, find_template(REMINDER_TEMPLATE, None)))
    if output is None:
        sys.stdout.write("\n".join(letter.decode("utf-8") for letter in letters))
        return
    suffix = ".docx" if fmt == "docx" else ".txt"
    if each:
        make_folder(output)
        for group, letter in zip(groups, letters, strict=True):
            write_atomic(output / f"don-doc-{year}-{group[0].id}{suffix}", letter)
        sys.stderr.write(f"Đã ghi {len(letters)} công văn vào {output}/\n")
        return
    check_parent(output)
    write_atomic(output, letters[0])
    sys.stderr.write(f"Đã ghi {output} (gửi {len(late)} cơ quan, đơn vị)\n")


def run_calendar(
    root: Path,
    *,
    output: Path,
    year: int | None,
    agency: str | None,
    sources: dict[str, bytes | None] | None = None,
) -> None:
    """`kehoach calendar`: the reporting deadlines as an .ics file."""
    from kehoach.answer.deadlines import deadlines, plan_years
    from kehoach.check.cache import load_plan
    from kehoach.dates import today
    from kehoach.files.atomic import check_parent, write_atomic
    from kehoach.show.calendar import calendar_bytes

    if output.suffix.lower() != ".ics":
        raise UsageError(f"Tệp lịch phải có đuôi .ics, không phải «{output.name}».")
    plan = load_plan(root, sources)
    years = [year] if year is not None else plan_years(plan, today())
    who = None
    if agency is not None:
        from kehoach.model.resolve import resolve_agency

        who = resolve_agency(plan, agency, plan.reporting.agency_report.deadline(years[-1])).agency
    events = deadlines(plan, years, who)
    if not events:
        raise UsageError(f"{who.name if who else 'Kế hoạch'} không có hạn báo cáo nào trong các năm đã chọn.")
    name = "Hạn báo cáo Kế hoạch hợp tác Hà Nội – TP.HCM" + (f" – {who.name}" if who else "")
    check_parent(output)
    write_atomic(output, calendar_bytes(events, name))
    sys.stderr.write(f"Đã ghi {output} ({len(events)} hạn)\n")


def run_site(
    root: Path, *, output: Path, as_of: str | None, sources: dict[str, bytes | None] | None = None
) -> None:
    """`kehoach site`: the static site, built whole in a temporary folder, then put in place."""
    from kehoach.check.cache import load_plan
    from kehoach.dates import show
    from kehoach.files.git import last_change
    from kehoach.show.site import build_site

    on = as_of_date(as_of)
    changed = last_change(root)
    done = build_site(load_plan(root, sources), output, on, show(changed) if changed else None)
    sys.stderr.write(
        f"Đã ghi trang web vào {output}/: {done['pages']} trang, {done['files']} tệp tải về "
        f"(trang lớn nhất {done['largest'] // 1024} KB). Mở {output}/index.html.\n"
    )
