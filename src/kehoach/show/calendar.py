"""Deadlines as an iCalendar file (RFC 5545, written by the icalendar library).

All-day events on the last on-time day, each with a reminder (VALARM) a week
before; stable UIDs, so a subscribed calendar updates its events instead of
adding copies. Outlook, Google Calendar and phones open or subscribe to it.
"""

from __future__ import annotations

import datetime as dt
import os

from kehoach.answer.deadlines import Deadline
from kehoach.model.views import Agency

PRODID = "-//kehoach//Ke hoach hop tac Ha Noi - TP.HCM//VI"
REMIND_BEFORE = dt.timedelta(days=7)


def calendar_bytes(events: list[Deadline], name: str, stamp: dt.datetime | None = None) -> bytes:
    """The .ics bytes of `events`, in a calendar called `name`."""
    from icalendar import Alarm, Calendar, Event

    stamp = stamp or dt.datetime.now(dt.UTC).replace(microsecond=0)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Asia/Ho_Chi_Minh")
    for item in events:
        event = Event()
        event.add("uid", f"{item.uid}@kehoach")
        event.add("dtstamp", stamp)
        event.add("dtstart", item.day)
        event.add("dtend", item.day + dt.timedelta(days=1))
        event.add("summary", item.summary)
        event.add("description", item.description)
        event.add("transp", "TRANSPARENT")
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"Còn một tuần: {item.summary}")
        alarm.add("trigger", -REMIND_BEFORE)
        event.add_component(alarm)
        calendar.add_component(event)
    return bytes(calendar.to_ical())


def write_calendar(output: str | os.PathLike[str], events: list[Deadline], agency: Agency | None) -> int:
    """Write `events` (the deadlines of everyone, or of `agency`) to the .ics file `output`; how many."""
    from pathlib import Path

    from kehoach.errors import UsageError
    from kehoach.files.atomic import check_parent, write_atomic

    path = Path(output)
    if path.suffix.lower() != ".ics":
        raise UsageError(f"Tệp lịch phải có đuôi .ics, không phải «{path.name}».")
    if not events:
        raise UsageError(
            f"{agency.name if agency else 'Kế hoạch'} không có hạn báo cáo nào trong các năm đã chọn."
        )
    name = "Hạn báo cáo Kế hoạch hợp tác Hà Nội – TP.HCM" + (f" – {agency.name}" if agency else "")
    check_parent(path)
    write_atomic(path, calendar_bytes(events, name))
    return len(events)
