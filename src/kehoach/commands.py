"""The work of the commands, shared by the typer CLI and the fast path (`fastpath.py`).

Each function takes the options as plain values, calls the library, and prints
through `output.render`; known failures are KehoachError.
"""

from __future__ import annotations

import datetime as dt
import os

from kehoach.errors import UsageError

FORMATS = ("table", "json", "csv", "md")


def choice(option: str, value: str, choices: tuple[str, ...]) -> None:
    """A UsageError unless `value` is one of `choices`."""
    if value not in choices:
        raise UsageError(
            f"Giá trị không hợp lệ cho {option}: «{value}». Chọn một trong: {', '.join(choices)}."
        )


def as_of_date(text: str | None) -> dt.date:
    from kehoach.dates import parse_date, today

    return parse_date(text) if text else today()


def run_tasks(
    data: str | os.PathLike[str] | None,
    *,
    agency: str | None = None,
    role: str | None = None,
    sector: str | None = None,
    direct: bool = False,
    as_of: str | None = None,
    fmt: str = "table",
) -> None:
    """`kehoach tasks`: the plan's tasks, or everything it asks of one agency."""
    from kehoach import queries
    from kehoach.cache import load_plan
    from kehoach.datadir import find_data_dir
    from kehoach.output import render

    choice("--format", fmt, FORMATS)
    on = as_of_date(as_of)
    if direct and agency is None:
        raise UsageError("--direct chỉ dùng cùng --agency.")
    plan = load_plan(find_data_dir(data))
    chosen_role = queries.parse_role(role) if role else None
    chosen_sector = queries.check_sector(plan, sector) if sector else None
    if agency is None:
        listing = queries.tasks_listing(plan, sector=chosen_sector, role=chosen_role)
    else:
        from kehoach.resolve import resolve_agency

        who = queries.subject(plan, resolve_agency(plan, agency), on, agency)
        listing = queries.agency_tasks_listing(
            plan, who, sector=chosen_sector, role=chosen_role, direct=direct
        )
    render(listing, fmt)
