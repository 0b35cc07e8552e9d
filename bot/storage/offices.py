"""The offices and office_closures tables."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.storage.tables import office_closures, offices, staff


@dataclass(frozen=True, slots=True)
class Office:
    id: str
    name: str
    district: str
    address: dict[str, Any]
    phone: str | None
    topics: list[str]
    hours: dict[str, list[str]]
    slot_minutes: int
    capacity: int
    languages: dict[str, Any]
    min_notice_minutes: int
    horizon_days: int
    cancel_cutoff_minutes: int
    group_chat_id: int | None
    sample: bool
    edited_at: datetime | None
    names: dict[str, str] | None = None

    def display_name(self, language: str) -> str:
        """The name for a reader of `language` (the German name is part of each)."""
        return (self.names or {}).get(language) or self.name


@dataclass(frozen=True, slots=True)
class Closure:
    office_id: str
    starts_at: datetime
    ends_at: datetime
    reason: str


async def get(conn: AsyncConnection, office_id: str) -> Office | None:
    row = (await conn.execute(sa.select(offices).where(offices.c.id == office_id))).one_or_none()
    return Office(**row._mapping) if row else None


async def all_offices(conn: AsyncConnection) -> list[Office]:
    rows = await conn.execute(sa.select(offices).order_by(offices.c.name))
    return [Office(**row._mapping) for row in rows]


async def upsert_seed(conn: AsyncConnection, values: dict[str, Any]) -> str:
    """Insert a seeded office, or update it unless someone edited it in the chat.
    Returns "inserted", "updated" or "kept"."""
    existing = await get(conn, values["id"])
    if existing is None:
        await conn.execute(sa.insert(offices).values(**values, group_chat_id=None, edited_at=None))
        return "inserted"
    if existing.edited_at is not None:
        return "kept"
    await conn.execute(sa.update(offices).where(offices.c.id == values["id"]).values(**values))
    return "updated"


async def replace_seeded_closures(
    conn: AsyncConnection, office_id: str, closures: list[Closure]
) -> None:
    await conn.execute(sa.delete(office_closures).where(office_closures.c.office_id == office_id))
    for closure in closures:
        await add_closure(conn, closure)


async def add_closure(conn: AsyncConnection, closure: Closure) -> None:
    await conn.execute(
        sa.insert(office_closures).values(
            office_id=closure.office_id,
            starts_at=closure.starts_at,
            ends_at=closure.ends_at,
            reason=closure.reason,
        )
    )


async def closures(
    conn: AsyncConnection, office_id: str, *, until: datetime, since: datetime
) -> list[Closure]:
    rows = await conn.execute(
        sa.select(
            office_closures.c.office_id,
            office_closures.c.starts_at,
            office_closures.c.ends_at,
            office_closures.c.reason,
        ).where(
            office_closures.c.office_id == office_id,
            office_closures.c.starts_at < until,
            office_closures.c.ends_at > since,
        )
    )
    return [Closure(**row._mapping) for row in rows]


async def link_group(conn: AsyncConnection, office_id: str, chat_id: int | None) -> None:
    await conn.execute(
        sa.update(offices).where(offices.c.id == office_id).values(group_chat_id=chat_id)
    )


async def offices_of_staff(conn: AsyncConnection, user_id: int) -> list[str]:
    rows = await conn.execute(sa.select(staff.c.office_id).where(staff.c.user_id == user_id))
    return [office_id for (office_id,) in rows]


async def add_staff(conn: AsyncConnection, user_id: int, office_id: str) -> None:
    exists = await conn.scalar(
        sa.select(sa.func.count()).where(staff.c.user_id == user_id, staff.c.office_id == office_id)
    )
    if not exists:
        await conn.execute(sa.insert(staff).values(user_id=user_id, office_id=office_id))
