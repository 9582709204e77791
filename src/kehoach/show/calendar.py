"""Deadlines as an iCalendar file (RFC 5545, written by the icalendar library).

All-day events on the last on-time day, each with a reminder (VALARM) a week
before; stable UIDs, so a subscribed calendar updates its events instead of
adding copies. Outlook, Google Calendar and phones open or subscribe to it.
"""

from __future__ import annotations

import datetime as dt

from kehoach.answer.deadlines import Deadline

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
