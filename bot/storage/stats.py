"""Counts for the coordinators' figures: grouped in SQL, never a row about one person."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.storage.tables import (
    bookings,
    broadcasts,
    course_answers,
    courses,
    offices,
    outbox,
    registrations,
    subscriptions,
    users,
)


async def users_by_language(conn: AsyncConnection) -> dict[str, int]:
    rows = await conn.execute(
        sa.select(users.c.language, sa.func.count()).group_by(users.c.language)
    )
    return dict(rows.all())


async def answers(conn: AsyncConnection) -> list[dict]:
    """The course answers, without their user ids (district, shift)."""
    return [dict(a) for (a,) in await conn.execute(sa.select(course_answers.c.answers))]


async def subscriptions_by_topic(conn: AsyncConnection) -> dict[str, int]:
    rows = await conn.execute(
        sa.select(subscriptions.c.topic, sa.func.count()).group_by(subscriptions.c.topic)
    )
    return dict(rows.all())


async def registrations_by_course(conn: AsyncConnection) -> list[tuple[str, str, int]]:
    """(course id, state, count)."""
    rows = await conn.execute(
        sa.select(registrations.c.course_id, registrations.c.state, sa.func.count()).group_by(
            registrations.c.course_id, registrations.c.state
        )
    )
    return [tuple(r) for r in rows]


async def open_registrations(conn: AsyncConnection) -> list[tuple[list, list, dict | None]]:
    """(child ages, course schedule, user's answers) per open registration, no ids."""
    query = (
        sa.select(registrations.c.child_ages, courses.c.schedule, course_answers.c.answers)
        .join(courses, courses.c.id == registrations.c.course_id)
        .outerjoin(course_answers, course_answers.c.user_id == registrations.c.user_id)
        .where(registrations.c.state.in_(("pending", "accepted")))
    )
    return [tuple(r) for r in await conn.execute(query)]


async def appointments(conn: AsyncConnection) -> list[tuple[str, datetime, str]]:
    """(office name, start, state) of every appointment (anonymous rows included)."""
    query = sa.select(offices.c.name, bookings.c.starts_at, bookings.c.state).join(
        offices, offices.c.id == bookings.c.office_id
    )
    return [tuple(r) for r in await conn.execute(query)]


async def broadcast_reach(conn: AsyncConnection) -> list[tuple[int, str, int, int]]:
    """(broadcast id, topic, delivered, planned)."""
    result = []
    for broadcast_id, topic in await conn.execute(sa.select(broadcasts.c.id, broadcasts.c.topic)):
        rows = await conn.execute(
            sa.select(outbox.c.state, sa.func.count())
            .where(outbox.c.dedupe_key.startswith(f"bc:{broadcast_id}:"))
            .group_by(outbox.c.state)
        )
        states = dict(rows.all())
        result.append((broadcast_id, topic, states.get("sent", 0), sum(states.values())))
    return result
