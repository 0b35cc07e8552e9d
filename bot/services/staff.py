"""The office teams: their group, attendance, closing a day, the figures, and retention.

Every function checks the team membership in the database first (NotStaff otherwise)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.services import booking
from bot.services.booking import release
from bot.services.errors import NotStaff, NotYetStarted, NotYourBooking
from bot.storage import bookings, offices, outbox
from bot.storage.bookings import Booking
from bot.storage.offices import Closure, Office

RETENTION = timedelta(days=90)
AGENDA_AT = time(7, 30)


@dataclass(frozen=True, slots=True)
class OfficeFigures:
    office_name: str
    month: str  # "2026-11"
    booked: int
    cancelled: int
    attended: int
    no_show: int

    @property
    def took_place_share(self) -> float | None:
        """The pilot's indicator: planned visits that took place (None before any is known)."""
        known = self.attended + self.no_show
        return self.attended / known if known else None


async def _require(conn: AsyncConnection, user_id: int, office_id: str) -> Office:
    office = await offices.get(conn, office_id)
    if office is None or office_id not in await offices.offices_of_staff(conn, user_id):
        raise NotStaff()
    return office


async def my_offices(db: AsyncEngine, user_id: int) -> list[Office]:
    async with db.connect() as conn:
        ids = await offices.offices_of_staff(conn, user_id)
        return [o for o in await offices.all_offices(conn) if o.id in ids]


async def link_group(db: AsyncEngine, *, user_id: int, office_id: str, chat_id: int) -> Office:
    """The team's group receives the office's notices from now on."""
    async with db.begin() as conn:
        office = await _require(conn, user_id, office_id)
        await offices.link_group(conn, office_id, chat_id)
        return office


async def mark_attendance(
    db: AsyncEngine, *, user_id: int, booking_id: int, attended: bool, now: datetime
) -> Booking:
    async with db.begin() as conn:
        booking = await bookings.get(conn, booking_id)
        if booking is None:
            raise NotYourBooking()
        await _require(conn, user_id, booking.office_id)
        if booking.starts_at > now:
            raise NotYetStarted()
        marked = await bookings.set_state(
            conn,
            booking_id,
            from_states=("confirmed", "attended", "no_show"),
            now=now,
            state="attended" if attended else "no_show",
        )
        if marked is None:
            raise NotYourBooking()
        return marked


async def close(
    db: AsyncEngine,
    *,
    user_id: int,
    office_id: str,
    starts_at: datetime,
    ends_at: datetime,
    reason: str,
    now: datetime,
) -> list[Booking]:
    """Close the office for a time (illness, a team day): its confirmed bookings then are
    cancelled, each person is told in their language and offered the next free times."""
    async with db.begin() as conn:
        await _require(conn, user_id, office_id)
        await offices.add_closure(conn, Closure(office_id, starts_at, ends_at, reason))
        affected = await bookings.of_office(
            conn, office_id, since=starts_at, until=ends_at, states=("confirmed", "held")
        )
        cancelled = []
        for booking in affected:
            done = await release(conn, booking, now=now, tell_office=False)  # they closed it
            if done is None:
                continue
            if booking.user_id is not None and booking.state == "confirmed":
                await outbox.add(
                    conn,
                    chat_id=booking.user_id,
                    kind="office_closed",
                    payload={"booking_id": booking.id},
                    due_at=now,
                    now=now,
                    dedupe_key=f"closed:{booking.id}",
                )
            cancelled.append(done)
        return cancelled


async def figures(
    db: AsyncEngine, *, user_id: int, now: datetime, tz: ZoneInfo, months: int = 2
) -> list[OfficeFigures]:
    """This month and the ones before, for the user's offices; counts only, no names."""
    result = []
    async with db.connect() as conn:
        ids = await offices.offices_of_staff(conn, user_id)
        if not ids:
            raise NotStaff()
        first = now.astimezone(tz).date().replace(day=1)
        starts = [first]
        for _ in range(months - 1):
            starts.append((starts[-1] - timedelta(days=1)).replace(day=1))
        for office_id in sorted(ids):
            office = await offices.get(conn, office_id)
            for month_start in starts:
                next_month = (month_start + timedelta(days=32)).replace(day=1)
                counts = await bookings.counts_by_state(
                    conn,
                    office_id,
                    since=datetime.combine(month_start, time.min, tz),
                    until=datetime.combine(next_month, time.min, tz),
                )
                booked = sum(n for state, n in counts.items() if state not in ("held", "expired"))
                result.append(
                    OfficeFigures(
                        office.name,
                        month_start.strftime("%Y-%m"),
                        booked,
                        counts.get("cancelled", 0),
                        counts.get("attended", 0),
                        counts.get("no_show", 0),
                    )
                )
    return result


async def plan_agendas(db: AsyncEngine, *, now: datetime, tz: ZoneInfo) -> int:
    """Queue today's agenda for every office with a team group (once per office and day)."""
    today = now.astimezone(tz).date()
    due = max(datetime.combine(today, AGENDA_AT, tz), now)
    planned = 0
    async with db.begin() as conn:
        for office in await offices.all_offices(conn):
            if office.group_chat_id is None:
                continue
            added = await outbox.add(
                conn,
                chat_id=office.group_chat_id,
                kind="agenda",
                payload={"office_id": office.id, "day": today.isoformat()},
                due_at=due,
                now=now,
                dedupe_key=f"agenda:{office.id}:{today.isoformat()}",
            )
            planned += added is not None
    return planned


async def agenda(
    db: AsyncEngine, office_id: str, day: date, *, tz: ZoneInfo
) -> tuple[Office, list[Booking]] | None:
    async with db.connect() as conn:
        office = await offices.get(conn, office_id)
        if office is None:
            return None
        items = await bookings.of_office(
            conn,
            office_id,
            since=datetime.combine(day, time.min, tz),
            until=datetime.combine(day + timedelta(days=1), time.min, tz),
            states=("confirmed", "attended", "no_show"),
        )
        return office, items


async def erase_old_personal_data(
    db: AsyncEngine, *, now: datetime, keep: timedelta = RETENTION
) -> int:
    """Retention: names and user links of appointments that ended more than `keep` ago are
    erased; the anonymous rows stay, so the figures still add up."""
    async with db.begin() as conn:
        return await bookings.erase_personal_data(conn, ended_before=now - keep)


async def add_staff(db: AsyncEngine, *, user_id: int, office_id: str) -> None:
    """Used by the `staff add` command and (later) by invitations."""
    async with db.begin() as conn:
        if await offices.get(conn, office_id) is None:
            raise NotStaff()
        await offices.add_staff(conn, user_id, office_id)


BOOK_FOR = "bookfor"  # the flow of a staff member booking for someone who phoned or came in


async def book_for(
    db: AsyncEngine,
    *,
    staff_user_id: int,
    office_id: str,
    starts_at: datetime,
    topic: str,
    name: str,
    language: str,
    now: datetime,
    tz: ZoneInfo,
) -> Booking:
    """Book, confirmed at once, for a person without Telegram: only a name and a language."""
    async with db.connect() as conn:
        await _require(conn, staff_user_id, office_id)
    return await booking.hold(
        db,
        user_id=None,
        office_id=office_id,
        starts_at=starts_at,
        topic=topic,
        language=language,
        name=name,
        now=now,
        tz=tz,
        by_staff=True,
    )
