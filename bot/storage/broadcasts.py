"""The subscriptions and broadcasts tables, and the recipients of a broadcast."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.storage.tables import broadcasts, outbox, registrations, subscriptions, users


async def topics_of(conn: AsyncConnection, user_id: int) -> set[str]:
    rows = await conn.execute(
        sa.select(subscriptions.c.topic).where(subscriptions.c.user_id == user_id)
    )
    return {topic for (topic,) in rows}


async def subscribe(
    conn: AsyncConnection, user_id: int, topic: str, *, district: str | None, now: datetime
) -> None:
    await conn.execute(
        sa.delete(subscriptions).where(
            subscriptions.c.user_id == user_id, subscriptions.c.topic == topic
        )
    )
    await conn.execute(
        sa.insert(subscriptions).values(
            user_id=user_id, topic=topic, district=district, created_at=now
        )
    )


async def unsubscribe(conn: AsyncConnection, user_id: int, topic: str) -> None:
    await conn.execute(
        sa.delete(subscriptions).where(
            subscriptions.c.user_id == user_id, subscriptions.c.topic == topic
        )
    )


async def recipients(
    conn: AsyncConnection,
    *,
    topic: str,
    district: str | None,
    language: str | None,
    course_id: str | None = None,
    only: Collection[int] | None = None,
) -> list[tuple[int, str]]:
    """(user id, language) of everyone subscribed to the topic (and district, language) — or
    registered for the course, or among `only` — whom the bot can still reach."""
    if only is not None:
        query = sa.select(users.c.id, users.c.language).where(
            users.c.id.in_(list(only)), users.c.unreachable_at.is_(None)
        )
    elif course_id:
        query = (
            sa.select(users.c.id, users.c.language)
            .join(registrations, registrations.c.user_id == users.c.id)
            .where(
                registrations.c.course_id == course_id,
                registrations.c.state.in_(("pending", "accepted", "waiting", "offered")),
                registrations.c.announcements.is_(True),
                users.c.unreachable_at.is_(None),
            )
            .distinct()
        )
    else:
        query = (
            sa.select(users.c.id, users.c.language)
            .join(subscriptions, subscriptions.c.user_id == users.c.id)
            .where(subscriptions.c.topic == topic, users.c.unreachable_at.is_(None))
        )
    if district and not course_id and only is None:
        query = query.where(subscriptions.c.district == district)
    if language:
        query = query.where(users.c.language == language)
    return [(uid, lang) for uid, lang in await conn.execute(query.order_by(users.c.id))]


async def mute_course(conn: AsyncConnection, user_id: int, course_id: str) -> None:
    """No more announcements to this participant about this course."""
    await conn.execute(
        sa.update(registrations)
        .where(registrations.c.user_id == user_id, registrations.c.course_id == course_id)
        .values(announcements=False)
    )


@dataclass(frozen=True, slots=True)
class Broadcast:
    id: int
    created_by: int
    topic: str
    district: str | None
    language: str | None
    texts: dict[str, str]
    state: str
    created_at: datetime
    link: str | None = None
    course_id: str | None = None
    send_at: datetime | None = None
    course_audience: str | None = None
    attachment: dict[str, str] | None = None
    progress_message_id: int | None = None


async def add(conn: AsyncConnection, **values: Any) -> Broadcast:
    row = (
        await conn.execute(sa.insert(broadcasts).values(**values).returning(*broadcasts.c))
    ).one()
    return Broadcast(**row._mapping)


async def get(conn: AsyncConnection, broadcast_id: int) -> Broadcast | None:
    row = (
        await conn.execute(sa.select(broadcasts).where(broadcasts.c.id == broadcast_id))
    ).one_or_none()
    return Broadcast(**row._mapping) if row else None


async def set_state(conn: AsyncConnection, broadcast_id: int, state: str) -> None:
    await conn.execute(
        sa.update(broadcasts).where(broadcasts.c.id == broadcast_id).values(state=state)
    )


async def delivery(conn: AsyncConnection, broadcast_id: int) -> dict[tuple[str, str], int]:
    """(language, outbox state) -> count, for the report."""
    rows = await conn.execute(
        sa.select(outbox.c.payload, outbox.c.state).where(
            outbox.c.dedupe_key.startswith(f"bc:{broadcast_id}:")
        )
    )
    counts: dict[tuple[str, str], int] = {}
    for payload, state in rows:
        key = (payload.get("language", "?"), state)
        counts[key] = counts.get(key, 0) + 1
    return counts


async def districts(conn: AsyncConnection) -> list[str]:
    rows = await conn.execute(
        sa.select(subscriptions.c.district).where(subscriptions.c.district.is_not(None)).distinct()
    )
    return sorted(d for (d,) in rows)


async def sending(conn: AsyncConnection) -> list[Broadcast]:
    rows = await conn.execute(sa.select(broadcasts).where(broadcasts.c.state == "sending"))
    return [Broadcast(**row._mapping) for row in rows]


async def pending_and_total(conn: AsyncConnection, broadcast_id: int) -> tuple[int, int]:
    """How many of the broadcast's messages still wait, of how many."""
    pending = sa.func.count().filter(outbox.c.state == "pending")
    row = (
        await conn.execute(
            sa.select(pending, sa.func.count()).where(
                outbox.c.dedupe_key.startswith(f"bc:{broadcast_id}:")
            )
        )
    ).one()
    return row[0], row[1]
