"""The slot_load table: places taken per office and start time, never over capacity."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.storage.tables import slot_load


async def take(
    conn: AsyncConnection, office_id: str, starts_at: datetime, *, capacity: int
) -> bool:
    """Take one place if one is free: a single INSERT … ON CONFLICT DO UPDATE … WHERE
    taken < capacity, so the database decides between two people pressing at once."""
    insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    statement = (
        insert(slot_load)
        .values(office_id=office_id, starts_at=starts_at, taken=1)
        .on_conflict_do_update(
            index_elements=[slot_load.c.office_id, slot_load.c.starts_at],
            set_={"taken": slot_load.c.taken + 1},
            where=slot_load.c.taken < capacity,
        )
        .returning(slot_load.c.taken)
    )
    return (await conn.execute(statement)).first() is not None


async def give_back(conn: AsyncConnection, office_id: str, starts_at: datetime) -> None:
    await conn.execute(
        sa.update(slot_load)
        .where(
            slot_load.c.office_id == office_id,
            slot_load.c.starts_at == starts_at,
            slot_load.c.taken > 0,
        )
        .values(taken=slot_load.c.taken - 1)
    )


async def taken(
    conn: AsyncConnection, office_id: str, *, since: datetime, until: datetime
) -> dict[datetime, int]:
    rows = await conn.execute(
        sa.select(slot_load.c.starts_at, slot_load.c.taken).where(
            slot_load.c.office_id == office_id,
            slot_load.c.starts_at >= since,
            slot_load.c.starts_at < until,
        )
    )
    return {starts_at: count for starts_at, count in rows}
