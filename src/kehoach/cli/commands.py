"""The work of the commands, shared by the typer CLI and the fast path (`fastpath.py`).

Each function takes the options as plain values, calls the library, and prints
through `output.render`; known failures are KehoachError.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from typing import TYPE_CHECKING

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


def run_tasks(
    data: str | os.PathLike[str] | None,
    *,
    rev: str | None = None,
    agency: str | None = None,
    role: str | None = None,
    sector: str | None = None,
    direct: bool = False,
    as_of: str | None = None,
    fmt: str = "table",
) -> None:
    """`kehoach tasks`: the plan's tasks, or everything it asks of one agency."""
    from kehoach.answer import queries
    from kehoach.check.cache import load_plan
    from kehoach.files.datadir import find_data_dir
    from kehoach.show.formats import FORMATS, render

    choice("--format", fmt, FORMATS)
    on = as_of_date(as_of)
    if direct and agency is None:
        raise UsageError("--direct chỉ dùng cùng --agency.")
    root = find_data_dir(data)
    plan = load_plan(root, sources_for(root, rev))
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
    render(listing, fmt)


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
    path = find_template(root, MD_TEMPLATE if kind == "md" else DOCX_TEMPLATE, template)
    content: str | bytes = render_markdown(context, path) if kind == "md" else render_docx(context, path)
    if output is None:
        sys.stdout.write(str(content))
        return
    if output.parent and not output.parent.is_dir():
        raise UsageError(f"Thư mục {output.parent} không tồn tại.")
    write_atomic(output, content)
    sys.stderr.write(f"Đã ghi {output}\n")
