"""Appointment slots from an office's weekly hours.

Hours are local wall-clock times ("09:00-12:00" on Mondays) expanded per date in the
office's time zone, so a slot at 09:00 stays at 09:00 across the change to or from summer
time. No slots on NRW public holidays, during closures, sooner than the minimum notice or
beyond the horizon.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import holidays

from bot.storage.offices import Closure, Office

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True, slots=True, order=True)
class Slot:
    starts_at: datetime  # aware UTC
    ends_at: datetime


@cache
def _nrw_holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("DE", subdiv="NW", years=year)


def is_public_holiday(day: date) -> bool:
    return day in _nrw_holidays(day.year)


def slots(office: Office, *, now: datetime, tz: ZoneInfo, closures: list[Closure]) -> list[Slot]:
    """Every bookable slot start of the office from now (plus notice) to the horizon."""
    earliest = now + timedelta(minutes=office.min_notice_minutes)
    latest = now + timedelta(days=office.horizon_days)
    result = []
    day = now.astimezone(tz).date()
    while datetime.combine(day, time.min, tz) <= latest:
        for slot in day_slots(office, day, tz):
            if earliest <= slot.starts_at <= latest and not _closed(slot, closures):
                result.append(slot)
        day += timedelta(days=1)
    return result


def day_slots(office: Office, day: date, tz: ZoneInfo) -> list[Slot]:
    """The slots of one local date, before notice, horizon and closures."""
    if is_public_holiday(day):
        return []
    length = timedelta(minutes=office.slot_minutes)
    result = []
    for span in office.hours.get(WEEKDAYS[day.weekday()], []):
        opens, closes = (time.fromisoformat(part) for part in span.split("-"))
        start = datetime.combine(day, opens, tz)
        end = datetime.combine(day, closes, tz)
        # step in local wall-clock time; each slot start converts to UTC on its own
        while start + length <= end:
            result.append(Slot(start.astimezone(UTC), (start + length).astimezone(UTC)))
            start += length
    return result


def _closed(slot: Slot, closures: list[Closure]) -> bool:
    return any(c.starts_at < slot.ends_at and slot.starts_at < c.ends_at for c in closures)


def speaks(office: Office, language: str, day: date) -> bool:
    """Whether someone at the office speaks the language that day (or an interpreter is there)."""
    days = office.languages.get(language)
    return days == "all" or (isinstance(days, list) and WEEKDAYS[day.weekday()] in days)
