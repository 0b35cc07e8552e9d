"""When reminders go out: the day before at the same local time, and 2 hours before; never
between 21:00 and 08:00 local time.

A reminder that would fall into the night is moved to the evening before (20:30); if that
has already passed, to 08:00 when that is still before the appointment, else to now.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

OFFSETS = (timedelta(hours=24), timedelta(hours=2))
QUIET_FROM, QUIET_UNTIL = time(21, 0), time(8, 0)
EVENING = time(20, 30)


def reminder_times(
    starts_at: datetime, *, now: datetime, tz: ZoneInfo, offsets: tuple[timedelta, ...] = OFFSETS
) -> list[tuple[str, datetime]]:
    """(label, due time in UTC) for each reminder still worth sending."""
    planned = []
    for offset in offsets:
        if offset % timedelta(days=1):
            due = starts_at - offset  # "2 hours before": real time
        else:  # "the day before": the same wall-clock time, also across a clock change
            due = (starts_at.astimezone(tz) - offset).astimezone(starts_at.tzinfo)
        if due <= now:
            continue  # booked too late for this one; the other (or the confirmation) serves
        planned.append(
            (
                f"{int(offset.total_seconds() // 3600)}h",
                _outside_quiet_hours(due, starts_at, now, tz),
            )
        )
    return planned


def _outside_quiet_hours(
    due: datetime, starts_at: datetime, now: datetime, tz: ZoneInfo
) -> datetime:
    local = due.astimezone(tz)
    if QUIET_UNTIL <= local.time() < QUIET_FROM:
        return due
    evening_day = local.date() if local.time() >= QUIET_FROM else local.date() - timedelta(days=1)
    evening = datetime.combine(evening_day, EVENING, tz)
    if evening > now:
        return evening.astimezone(due.tzinfo)
    morning_day = evening_day + timedelta(days=1)
    morning = datetime.combine(morning_day, QUIET_UNTIL, tz)
    return morning.astimezone(due.tzinfo) if morning < starts_at else now
