"""The page_feedback and unanswered_searches tables (both anonymous)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.storage.tables import page_feedback, unanswered_searches


async def add_vote(
    conn: AsyncConnection, *, page_id: str, language: str, helpful: bool, now: datetime
) -> None:
    await conn.execute(
        sa.insert(page_feedback).values(
            page_id=page_id, language=language, helpful=helpful, created_at=now
        )
    )


async def add_unanswered(
    conn: AsyncConnection, *, query: str, language: str, now: datetime
) -> None:
    await conn.execute(
        sa.insert(unanswered_searches).values(query=query[:200], language=language, created_at=now)
    )


async def votes_by_page(conn: AsyncConnection) -> list[tuple[str, int, int]]:
    """(page_id, helpful, not helpful) for every page that got a vote."""
    helpful = sa.func.sum(sa.case((page_feedback.c.helpful, 1), else_=0))
    unhelpful = sa.func.sum(sa.case((page_feedback.c.helpful, 0), else_=1))
    rows = await conn.execute(
        sa.select(page_feedback.c.page_id, helpful, unhelpful).group_by(page_feedback.c.page_id)
    )
    return [(page, int(yes), int(no)) for page, yes, no in rows]


async def unanswered(conn: AsyncConnection, *, since: datetime) -> list[tuple[str, str, datetime]]:
    rows = await conn.execute(
        sa.select(
            unanswered_searches.c.query,
            unanswered_searches.c.language,
            unanswered_searches.c.created_at,
        )
        .where(unanswered_searches.c.created_at >= since)
        .order_by(unanswered_searches.c.created_at)
    )
    return [tuple(row) for row in rows]
