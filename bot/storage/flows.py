"""The flow_states table: one open multi-step flow per user, with an expiry."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.storage.tables import flow_states


@dataclass(frozen=True, slots=True)
class FlowState:
    user_id: int
    flow: str
    step: str
    data: dict[str, Any]
    expires_at: datetime


async def get(conn: AsyncConnection, user_id: int, *, now: datetime) -> FlowState | None:
    row = (
        await conn.execute(
            sa.select(flow_states).where(
                flow_states.c.user_id == user_id, flow_states.c.expires_at > now
            )
        )
    ).one_or_none()
    return FlowState(**row._mapping) if row else None


async def put(
    conn: AsyncConnection,
    user_id: int,
    *,
    flow: str,
    step: str,
    data: dict[str, Any],
    expires_at: datetime,
) -> None:
    """Start or advance the user's flow (a new flow replaces an old one)."""
    await conn.execute(sa.delete(flow_states).where(flow_states.c.user_id == user_id))
    await conn.execute(
        sa.insert(flow_states).values(
            user_id=user_id, flow=flow, step=step, data=data, expires_at=expires_at
        )
    )


async def clear(conn: AsyncConnection, user_id: int, *, flow: str | None = None) -> bool:
    """End the user's flow (only `flow`, when given); True when one was open."""
    query = sa.delete(flow_states).where(flow_states.c.user_id == user_id)
    if flow is not None:
        query = query.where(flow_states.c.flow == flow)
    return (await conn.execute(query)).rowcount > 0
