"""Multi-step flows whose open step lives in the database (restarts and several instances
continue where the user is). A flow has a name, a step and a little data."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.storage import flows
from bot.storage.flows import FlowState

WINDOW = timedelta(hours=2)


async def current(db: AsyncEngine, user_id: int, *, now: datetime) -> FlowState | None:
    async with db.connect() as conn:
        return await flows.get(conn, user_id, now=now)


async def put(
    db: AsyncEngine, user_id: int, *, flow: str, step: str, data: dict[str, Any], now: datetime
) -> None:
    async with db.begin() as conn:
        await flows.put(conn, user_id, flow=flow, step=step, data=data, expires_at=now + WINDOW)


async def finish(db: AsyncEngine, user_id: int, *, flow: str) -> None:
    async with db.begin() as conn:
        await flows.clear(conn, user_id, flow=flow)
