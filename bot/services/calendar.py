"""An .ics calendar file for a booked appointment (icalendar), so phones can add it."""

from __future__ import annotations

from datetime import datetime

from icalendar import Calendar, Event

PRODUCT = "-//Lotse Rheine//Appointments//DE"


def appointment_ics(
    *,
    uid: str,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    location: str,
    description: str,
    now: datetime,
) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", now)
    event.add("dtstart", starts_at)  # UTC: every calendar shows it in its own time zone
    event.add("dtend", ends_at)
    event.add("summary", title)
    event.add("location", location)
    event.add("description", description)
    calendar.add_component(event)
    return calendar.to_ical()
