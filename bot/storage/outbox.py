"""The outbox table: add rows, claim due rows atomically, settle them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.storage.tables import outbox


@dataclass(frozen=True, slots=True)
class OutboxRow:
    id: int
    chat_id: int
    kind: str
    payload: dict[str, Any]
    due_at: datetime
    attempts: int
    priority: int = 0


async def add(
    conn: AsyncConnection,
    *,
    chat_id: int,
    kind: str,
    payload: dict[str, Any],
    due_at: datetime,
    now: datetime,
    dedupe_key: str | None = None,
    priority: int = 0,
) -> int | None:
    """Queue a message; with a dedupe_key already queued, nothing is added (returns None).
    Among due rows, a higher `priority` goes first."""
    values = dict(
        chat_id=chat_id,
        kind=kind,
        payload=payload,
        due_at=due_at,
        state="pending",
        attempts=0,
        created_at=now,
        dedupe_key=dedupe_key,
        priority=priority,
    )
    if dedupe_key is not None:
        exists = await conn.scalar(sa.select(outbox.c.id).where(outbox.c.dedupe_key == dedupe_key))
        if exists is not None:
            return None
    return (
        await conn.execute(sa.insert(outbox).values(**values).returning(outbox.c.id))
    ).scalar_one()


async def add_many(
    conn: AsyncConnection, *, kind: str, due_at: datetime, now: datetime, rows: list[dict[str, Any]]
) -> None:
    """Queue many messages of one kind at once (a broadcast): each row has chat_id, payload and
    a dedupe_key that must be new, so one INSERT with many values replaces a check per row."""
    if rows:
        await conn.execute(
            sa.insert(outbox),
            [
                dict(row, kind=kind, due_at=due_at, state="pending", attempts=0, created_at=now)
                for row in rows
            ],
        )


async def claim_due(
    conn: AsyncConnection, *, now: datetime, lease: timedelta, limit: int
) -> list[OutboxRow]:
    """Take up to `limit` due rows for this sender for `lease`: one UPDATE … RETURNING over
    rows nobody holds (FOR UPDATE SKIP LOCKED on PostgreSQL; SQLite has one writer). The rows
    are chosen in a CTE: PostgreSQL evaluates it once, where a LIMIT subquery inside IN was
    seen to claim every due row."""
    free = sa.or_(outbox.c.claimed_until.is_(None), outbox.c.claimed_until <= now)
    due = (
        sa.select(outbox.c.id)
        .where(outbox.c.state == "pending", outbox.c.due_at <= now, free)
        .order_by(outbox.c.priority.desc(), outbox.c.due_at, outbox.c.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
        .cte("due")
    )
    rows = await conn.execute(
        sa.update(outbox)
        .where(outbox.c.id.in_(sa.select(due.c.id)), outbox.c.state == "pending", free)
        .values(claimed_until=now + lease, attempts=outbox.c.attempts + 1)
        .returning(
            outbox.c.id,
            outbox.c.chat_id,
            outbox.c.kind,
            outbox.c.payload,
            outbox.c.due_at,
            outbox.c.attempts,
            outbox.c.priority,
        )
    )
    return sorted(
        (OutboxRow(**row._mapping) for row in rows), key=lambda r: (-r.priority, r.due_at, r.id)
    )


async def settle(
    conn: AsyncConnection, row_id: int, *, state: str, now: datetime, error: str | None = None
) -> None:
    """Final word on a row: sent, skipped (no longer useful) or dead (cannot be delivered)."""
    await conn.execute(
        sa.update(outbox)
        .where(outbox.c.id == row_id)
        .values(
            state=state,
            claimed_until=None,
            sent_at=now if state == "sent" else None,
            last_error=error[:200] if error else None,
        )
    )


async def retry_later(conn: AsyncConnection, row_id: int, *, at: datetime, error: str) -> None:
    await conn.execute(
        sa.update(outbox)
        .where(outbox.c.id == row_id)
        .values(due_at=at, claimed_until=None, last_error=error[:200])
    )


async def release(conn: AsyncConnection, row_ids: list[int]) -> None:
    """Give rows back unsent (a pause for 429, or shutdown), without counting an attempt."""
    if row_ids:
        await conn.execute(
            sa.update(outbox)
            .where(outbox.c.id.in_(row_ids), outbox.c.state == "pending")
            .values(claimed_until=None, attempts=outbox.c.attempts - 1)
        )


async def cancel_pending(conn: AsyncConnection, *, dedupe_prefix: str, now: datetime) -> int:
    """Skip queued rows whose key starts with the prefix (e.g. a cancelled booking's reminders)."""
    result = await conn.execute(
        sa.update(outbox)
        .where(outbox.c.state == "pending", outbox.c.dedupe_key.startswith(dedupe_prefix))
        .values(state="skipped", last_error="cancelled", sent_at=None)
    )
    return result.rowcount


async def counts(conn: AsyncConnection) -> dict[str, int]:
    rows = await conn.execute(sa.select(outbox.c.state, sa.func.count()).group_by(outbox.c.state))
    return {state: count for state, count in rows}


async def delete_for_chat(conn: AsyncConnection, chat_id: int) -> None:
    """A user erased their data: nothing queued for them stays."""
    await conn.execute(sa.delete(outbox).where(outbox.c.chat_id == chat_id))
