"""The bookings table."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.storage.tables import bookings

OPEN_STATES = ("held", "confirmed")


@dataclass(frozen=True, slots=True)
class Booking:
    id: int
    office_id: str
    user_id: int | None
    name: str | None
    language: str
    topic: str
    starts_at: datetime
    ends_at: datetime
    state: str
    hold_expires_at: datetime | None
    moved_to: int | None
    by_staff: bool
    created_at: datetime
    updated_at: datetime


def _booking(row: sa.Row | None) -> Booking | None:
    return Booking(**row._mapping) if row else None


async def get(conn: AsyncConnection, booking_id: int) -> Booking | None:
    return _booking(
        (await conn.execute(sa.select(bookings).where(bookings.c.id == booking_id))).one_or_none()
    )


async def insert(conn: AsyncConnection, **values: object) -> Booking:
    row = (await conn.execute(sa.insert(bookings).values(**values).returning(*bookings.c))).one()
    return Booking(**row._mapping)


async def set_state(
    conn: AsyncConnection,
    booking_id: int,
    *,
    from_states: tuple[str, ...],
    now: datetime,
    **values: object,
) -> Booking | None:
    """Move a booking on, only from one of `from_states` (a conditional UPDATE: two taps or
    two staff members cannot both change it)."""
    row = (
        await conn.execute(
            sa.update(bookings)
            .where(bookings.c.id == booking_id, bookings.c.state.in_(from_states))
            .values(updated_at=now, **values)
            .returning(*bookings.c)
        )
    ).one_or_none()
    return _booking(row)


async def open_of_user(conn: AsyncConnection, user_id: int, *, now: datetime) -> list[Booking]:
    """The user's held (not expired) and confirmed future bookings, soonest first."""
    live_hold = sa.or_(bookings.c.state == "confirmed", bookings.c.hold_expires_at > now)
    rows = await conn.execute(
        sa.select(bookings)
        .where(
            bookings.c.user_id == user_id,
            bookings.c.state.in_(OPEN_STATES),
            live_hold,
            bookings.c.ends_at > now,
        )
        .order_by(bookings.c.starts_at)
    )
    return [Booking(**row._mapping) for row in rows]


async def expired_holds(
    conn: AsyncConnection, *, now: datetime, office_id: str | None = None
) -> list[Booking]:
    query = sa.select(bookings).where(bookings.c.state == "held", bookings.c.hold_expires_at <= now)
    if office_id is not None:
        query = query.where(bookings.c.office_id == office_id)
    return [Booking(**row._mapping) for row in await conn.execute(query)]


async def of_office(
    conn: AsyncConnection,
    office_id: str,
    *,
    since: datetime,
    until: datetime,
    states: tuple[str, ...],
) -> list[Booking]:
    rows = await conn.execute(
        sa.select(bookings)
        .where(
            bookings.c.office_id == office_id,
            bookings.c.starts_at >= since,
            bookings.c.starts_at < until,
            bookings.c.state.in_(states),
        )
        .order_by(bookings.c.starts_at, bookings.c.id)
    )
    return [Booking(**row._mapping) for row in rows]


async def of_user(conn: AsyncConnection, user_id: int) -> list[Booking]:
    rows = await conn.execute(
        sa.select(bookings).where(bookings.c.user_id == user_id).order_by(bookings.c.starts_at)
    )
    return [Booking(**row._mapping) for row in rows]


async def erase_personal_data(conn: AsyncConnection, *, ended_before: datetime) -> int:
    """Retention: names of past appointments go; the anonymous rows stay for the figures."""
    result = await conn.execute(
        sa.update(bookings)
        .where(
            bookings.c.ends_at < ended_before,
            sa.or_(bookings.c.name.is_not(None), bookings.c.user_id.is_not(None)),
        )
        .values(name=None, user_id=None)
    )
    return result.rowcount


async def counts_by_state(
    conn: AsyncConnection, office_id: str, *, since: datetime, until: datetime
) -> dict[str, int]:
    rows = await conn.execute(
        sa.select(bookings.c.state, sa.func.count())
        .where(
            bookings.c.office_id == office_id,
            bookings.c.starts_at >= since,
            bookings.c.starts_at < until,
        )
        .group_by(bookings.c.state)
    )
    return {state: count for state, count in rows}


async def anonymise_user(conn: AsyncConnection, user_id: int) -> None:
    await conn.execute(
        sa.update(bookings).where(bookings.c.user_id == user_id).values(user_id=None, name=None)
    )


async def drafts_of_user(conn: AsyncConnection, user_id: int) -> list[Booking]:
    """Holds never confirmed (live or expired)."""
    rows = await conn.execute(
        sa.select(bookings).where(
            bookings.c.user_id == user_id, bookings.c.state.in_(("held", "expired"))
        )
    )
    return [Booking(**row._mapping) for row in rows]


async def delete_draft(conn: AsyncConnection, booking_id: int) -> bool:
    result = await conn.execute(
        sa.delete(bookings).where(
            bookings.c.id == booking_id, bookings.c.state.in_(("held", "expired"))
        )
    )
    return result.rowcount > 0
