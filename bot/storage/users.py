"""The users table: a Telegram id, the chosen language and whether the user confirmed it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.storage.tables import users


@dataclass(frozen=True, slots=True)
class User:
    id: int
    language: str
    language_confirmed: bool
    created_at: datetime
    unreachable_at: datetime | None = None
    asked_announcements_at: datetime | None = None


def _user(row: sa.Row | None) -> User | None:
    return User(**row._mapping) if row else None


async def get(conn: AsyncConnection, user_id: int) -> User | None:
    return _user((await conn.execute(sa.select(users).where(users.c.id == user_id))).one_or_none())


async def get_or_create(
    conn: AsyncConnection, user_id: int, *, proposed_language: str, now: datetime
) -> tuple[User, bool]:
    """The user, created with the proposed (not yet confirmed) language on first contact."""
    existing = await get(conn, user_id)
    if existing:
        return existing, False
    # Two first updates of one user can race on another instance: insert-or-ignore, re-read.
    insert = sa.insert(users).values(
        id=user_id, language=proposed_language, language_confirmed=False, created_at=now
    )
    try:
        async with conn.begin_nested():
            await conn.execute(insert)
    except sa.exc.IntegrityError:
        pass
    user = await get(conn, user_id)
    assert user is not None
    return user, True


async def set_language(conn: AsyncConnection, user_id: int, language: str) -> None:
    await conn.execute(
        sa.update(users)
        .where(users.c.id == user_id)
        .values(language=language, language_confirmed=True)
    )


async def delete(conn: AsyncConnection, user_id: int) -> bool:
    """Erase the user; tables that belong to a user cascade."""
    result = await conn.execute(sa.delete(users).where(users.c.id == user_id))
    return result.rowcount > 0


async def mark_unreachable(conn: AsyncConnection, user_id: int, *, now: datetime) -> None:
    """The user blocked the bot: nothing more is sent until they write again."""
    await conn.execute(sa.update(users).where(users.c.id == user_id).values(unreachable_at=now))


async def mark_reachable(conn: AsyncConnection, user_id: int) -> None:
    await conn.execute(
        sa.update(users)
        .where(users.c.id == user_id, users.c.unreachable_at.is_not(None))
        .values(unreachable_at=None)
    )


async def mark_asked_announcements(conn: AsyncConnection, user_id: int, *, now: datetime) -> bool:
    """True the first time only (a conditional UPDATE: asked once, even with two taps)."""
    result = await conn.execute(
        sa.update(users)
        .where(users.c.id == user_id, users.c.asked_announcements_at.is_(None))
        .values(asked_announcements_at=now)
    )
    return result.rowcount == 1
