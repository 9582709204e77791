"""The reporting deadlines as dated events: what a calendar shows, for everyone or one agency.

Each year of the plan has two: the agencies' report to the focal agency (before
15/9) and the focal agency's consolidated report to the City (before 25/9). The
event falls on the last on-time day under the plan's reading of "trước ngày"
(`reporting.deadline_reading`: 14/9 and 24/9 when "before"), and its text says
the deadline as the plan writes it.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from kehoach.answer.status import check_year, must_report
from kehoach.dates import show
from kehoach.model.lineage import focal_agency
from kehoach.model.views import Agency, Plan


class Deadline(NamedTuple):
    uid: str  # stable across runs: a calendar that subscribes updates the event, not duplicates it
    day: dt.date  # the last on-time day
    due: dt.date  # the date the plan names ("trước ngày …")
    summary: str
    description: str


def plan_years(plan: Plan, today: dt.date) -> list[int]:
    """The plan's years: its period, or from its start to next year when it has no end."""
    start = plan.info.period.start_year
    end = plan.info.period.end_year or max(today.year + 1, start)
    return list(range(start, end + 1))


def _unconfirmed(agency: Agency | None, on: dt.date) -> str:
    """ " † X — chưa xác nhận …" when the event is about a body the roster does not confirm on `on`."""
    if agency is None or not agency.unconfirmed_on(on):
        return ""
    from kehoach.answer.queries import unconfirmed_line, unconfirmed_note

    return " " + unconfirmed_line(agency.name, unconfirmed_note(agency))


def deadlines(plan: Plan, years: list[int], agency: Agency | None = None) -> list[Deadline]:
    """The deadlines of `years`; with `agency`, only those it must meet."""
    out = []
    for year in years:
        check_year(plan, year)
        rule = plan.reporting.agency_report
        due = rule.deadline(year)
        focal = focal_agency(plan, due)
        receiver = focal.name if focal else "cơ quan đầu mối"
        owes = agency is None or any(a.id == agency.id for a in must_report(plan, year))
        if agency is not None and focal is not None and agency.id == focal.id:
            owes = False  # the focal agency receives the reports: it is never told to send one to itself
        if owes:
            last = plan.reporting.last_on_time(rule, year)
            out.append(
                Deadline(
                    f"kehoach-{year}-agency-report-{agency.id if agency else 'all'}",
                    last,
                    due,
                    f"Hạn báo cáo năm {year} gửi {receiver} (trước ngày {show(due)})",
                    f"Các cơ quan, đơn vị báo cáo kết quả thực hiện năm {year} Kế hoạch hợp tác Hà Nội – "
                    f"TP. Hồ Chí Minh, gửi {receiver} trước ngày {show(due)} "
                    f"(kehoach đọc là nhận đến hết ngày {show(last)}; lịch nhắc vào ngày đó)."
                    + _unconfirmed(agency, due),
                )
            )
        crule = plan.reporting.consolidated_report
        cdue = crule.deadline(year)
        cfocal = focal_agency(plan, cdue)
        if agency is None or (cfocal is not None and cfocal.id == agency.id):
            clast = plan.reporting.last_on_time(crule, year)
            who = cfocal.name if cfocal else "Cơ quan đầu mối"
            out.append(
                Deadline(
                    f"kehoach-{year}-consolidated-report-{agency.id if agency else 'all'}",
                    clast,
                    cdue,
                    f"Hạn báo cáo tổng hợp năm {year} gửi UBND Thành phố (trước ngày {show(cdue)})",
                    f"{who} tổng hợp kết quả thực hiện năm {year} Kế hoạch hợp tác Hà Nội – TP. Hồ Chí Minh, "
                    f"báo cáo UBND Thành phố trước ngày {show(cdue)} (kehoach đọc là gửi đến hết ngày "
                    f"{show(clast)}; lịch nhắc vào ngày đó)." + _unconfirmed(cfocal, cdue),
                )
            )
    return out
