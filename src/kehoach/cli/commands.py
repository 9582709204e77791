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
    """md or docx: as asked, else from the output file's extension, else md."""
    if fmt is None:
        suffix = output.suffix.lower() if output is not None else ".md"
        fmt = {".md": "md", ".markdown": "md", ".docx": "docx"}.get(suffix)
        if fmt is None:
            raise UsageError(f"Không đoán được định dạng từ «{output}»; dùng --format md hoặc docx.")
    choice("--format", fmt, ("md", "docx"))
    if fmt == "docx" and output is None:
        raise UsageError("Báo cáo DOCX cần -o TỆP.docx.")
    return fmt


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
    from kehoach.files.atomic import write_atomic
    from kehoach.show.templates import DOCX_TEMPLATE, MD_TEMPLATE, find_template, render_docx, render_markdown

    kind = report_format(fmt, output)
    on = as_of_date(as_of)
    day = parse_date(date, "--date") if date else None
    context = build_context(load_plan(root, sources), year, on, day)
    path = find_template(MD_TEMPLATE if kind == "md" else DOCX_TEMPLATE, template)
    if template is not None:
        sys.stderr.write(f"Mẫu: {path}\n")
    content: str | bytes = render_markdown(context, path) if kind == "md" else render_docx(context, path)
    if output is None:
        sys.stdout.write(str(content))
        return
    if output.parent and not output.parent.is_dir():
        raise UsageError(f"Thư mục {output.parent} không tồn tại.")
    write_atomic(output, content)
    sys.stderr.write(f"Đã ghi {output}\n")
