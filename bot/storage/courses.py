"""The courses, course_answers, registrations, course_watches and course_demand tables."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.storage.tables import (
    cancelled_lessons,
    course_answers,
    course_demand,
    course_watches,
    courses,
    registrations,
)


async def all_rows(conn: AsyncConnection) -> list[dict[str, Any]]:
    return [
        dict(row._mapping) for row in await conn.execute(sa.select(courses).order_by(courses.c.id))
    ]


async def get_row(conn: AsyncConnection, course_id: str) -> dict[str, Any] | None:
    row = (await conn.execute(sa.select(courses).where(courses.c.id == course_id))).one_or_none()
    return dict(row._mapping) if row else None


async def upsert_seed(conn: AsyncConnection, values: dict[str, Any]) -> str:
    """Insert a seeded course, or update it unless it was edited in the chat since."""
    existing = await get_row(conn, values["id"])
    if existing is None:
        await conn.execute(
            sa.insert(courses).values(**values, registration_open=True, edited_at=None)
        )
        return "inserted"
    if existing["edited_at"] is not None:
        return "kept"
    values = {k: v for k, v in values.items() if k != "taken"}  # seats follow registrations now
    await conn.execute(sa.update(courses).where(courses.c.id == values["id"]).values(**values))
    return "updated"


async def take_seat(conn: AsyncConnection, course_id: str) -> bool:
    """One seat, if one is free: a conditional UPDATE, so two people cannot share the last."""
    result = await conn.execute(
        sa.update(courses)
        .where(courses.c.id == course_id, courses.c.taken < courses.c.capacity)
        .values(taken=courses.c.taken + 1)
    )
    return result.rowcount == 1


async def give_seat(conn: AsyncConnection, course_id: str) -> None:
    await conn.execute(
        sa.update(courses)
        .where(courses.c.id == course_id, courses.c.taken > 0)
        .values(taken=courses.c.taken - 1)
    )


async def set_course(
    conn: AsyncConnection, course_id: str, *, now: datetime, **values: Any
) -> None:
    """A coordinator's change (registration open/closed, capacity): the seed keeps off it."""
    await conn.execute(
        sa.update(courses).where(courses.c.id == course_id).values(edited_at=now, **values)
    )


# -- answers ------------------------------------------------------------------------------------
async def get_answers(conn: AsyncConnection, user_id: int) -> dict[str, Any]:
    row = (
        await conn.execute(
            sa.select(course_answers.c.answers).where(course_answers.c.user_id == user_id)
        )
    ).one_or_none()
    return dict(row[0]) if row else {}


async def put_answers(
    conn: AsyncConnection, user_id: int, answers: dict[str, Any], *, now: datetime
) -> None:
    await conn.execute(sa.delete(course_answers).where(course_answers.c.user_id == user_id))
    await conn.execute(
        sa.insert(course_answers).values(user_id=user_id, answers=answers, updated_at=now)
    )


# -- registrations ------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Registration:
    id: int
    course_id: str
    user_id: int | None
    name: str | None
    child_ages: list[int]
    language: str
    state: str
    offer_expires_at: datetime | None
    created_at: datetime
    updated_at: datetime
    phone: str | None = None
    lesson_reminders: bool = False
    announcements: bool = True  # the coordinator's announcements about this course


async def add_registration(conn: AsyncConnection, **values: Any) -> Registration:
    row = (
        await conn.execute(sa.insert(registrations).values(**values).returning(*registrations.c))
    ).one()
    return Registration(**row._mapping)


async def get_registration(conn: AsyncConnection, registration_id: int) -> Registration | None:
    row = (
        await conn.execute(sa.select(registrations).where(registrations.c.id == registration_id))
    ).one_or_none()
    return Registration(**row._mapping) if row else None


async def set_registration(
    conn: AsyncConnection,
    registration_id: int,
    *,
    from_states: tuple[str, ...],
    now: datetime,
    **values: Any,
) -> Registration | None:
    row = (
        await conn.execute(
            sa.update(registrations)
            .where(registrations.c.id == registration_id, registrations.c.state.in_(from_states))
            .values(updated_at=now, **values)
            .returning(*registrations.c)
        )
    ).one_or_none()
    return Registration(**row._mapping) if row else None


async def registrations_of_user(conn: AsyncConnection, user_id: int) -> list[Registration]:
    rows = await conn.execute(
        sa.select(registrations)
        .where(registrations.c.user_id == user_id)
        .order_by(registrations.c.created_at)
    )
    return [Registration(**row._mapping) for row in rows]


async def first_waiting(
    conn: AsyncConnection, course_id: str, *, besides: int | None = None
) -> Registration | None:
    row = (
        await conn.execute(
            sa.select(registrations)
            .where(
                registrations.c.course_id == course_id,
                registrations.c.state == "waiting",
                registrations.c.id != (besides or -1),
            )
            .order_by(registrations.c.created_at, registrations.c.id)
            .limit(1)
        )
    ).one_or_none()
    return Registration(**row._mapping) if row else None


async def expired_offers(conn: AsyncConnection, *, now: datetime) -> list[Registration]:
    rows = await conn.execute(
        sa.select(registrations).where(
            registrations.c.state == "offered", registrations.c.offer_expires_at <= now
        )
    )
    return [Registration(**row._mapping) for row in rows]


async def anonymise_user(conn: AsyncConnection, user_id: int) -> None:
    await conn.execute(
        sa.update(registrations)
        .where(registrations.c.user_id == user_id)
        .values(user_id=None, name=None, phone=None)
    )


# -- watches and demand -------------------------------------------------------------------------
async def put_watch(
    conn: AsyncConnection, user_id: int, answers: dict[str, Any], *, now: datetime
) -> None:
    await conn.execute(sa.delete(course_watches).where(course_watches.c.user_id == user_id))
    await conn.execute(
        sa.insert(course_watches).values(user_id=user_id, answers=answers, created_at=now)
    )


async def all_watches(conn: AsyncConnection) -> list[tuple[int, dict[str, Any]]]:
    return [
        (uid, dict(a))
        for uid, a in await conn.execute(
            sa.select(course_watches.c.user_id, course_watches.c.answers)
        )
    ]


async def drop_watch(conn: AsyncConnection, user_id: int) -> None:
    await conn.execute(sa.delete(course_watches).where(course_watches.c.user_id == user_id))


async def add_demand(conn: AsyncConnection, answers: dict[str, Any], *, now: datetime) -> None:
    await conn.execute(sa.insert(course_demand).values(answers=answers, created_at=now))


async def demand_since(conn: AsyncConnection, since: datetime) -> list[dict[str, Any]]:
    rows = await conn.execute(
        sa.select(course_demand.c.answers).where(course_demand.c.created_at >= since)
    )
    return [dict(a) for (a,) in rows]


async def registrations_of_course(
    conn: AsyncConnection, course_id: str, *, states: tuple[str, ...]
) -> list[Registration]:
    rows = await conn.execute(
        sa.select(registrations).where(
            registrations.c.course_id == course_id, registrations.c.state.in_(states)
        )
    )
    return [Registration(**row._mapping) for row in rows]


async def set_lesson_reminders(
    conn: AsyncConnection, registration_id: int, user_id: int, wanted: bool
) -> bool:
    result = await conn.execute(
        sa.update(registrations)
        .where(registrations.c.id == registration_id, registrations.c.user_id == user_id)
        .values(lesson_reminders=wanted)
    )
    return result.rowcount == 1


async def wanting_lesson_reminders(conn: AsyncConnection) -> list[Registration]:
    rows = await conn.execute(
        sa.select(registrations).where(
            registrations.c.state == "accepted", registrations.c.lesson_reminders.is_(True)
        )
    )
    return [Registration(**row._mapping) for row in rows]


async def mark_lesson_cancelled(conn: AsyncConnection, course_id: str, day: date) -> None:
    exists = await lesson_cancelled(conn, course_id, day)
    if not exists:
        await conn.execute(sa.insert(cancelled_lessons).values(course_id=course_id, day=day))


async def lesson_cancelled(conn: AsyncConnection, course_id: str, day: date) -> bool:
    found = await conn.execute(
        sa.select(cancelled_lessons.c.day).where(
            cancelled_lessons.c.course_id == course_id, cancelled_lessons.c.day == day
        )
    )
    return found.first() is not None
