"""Who the user is to Lotse: a Telegram id and a language, nothing more.

A deep link opened before the language is chosen (`/start p_kita` from a poster) is kept as
the open step of the "start" flow, so it opens right after the choice, even across a restart.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.i18n import LANGUAGES, propose_language
from bot.storage import flows, users
from bot.storage.users import User

START_FLOW = "start"
START_WINDOW = timedelta(days=2)


async def touch(
    db: AsyncEngine, user_id: int, *, telegram_language: str | None, now: datetime
) -> tuple[User, bool]:
    """The user, created on first contact with a language proposed from Telegram's
    `language_code` (to be confirmed); returns (user, is_new)."""
    async with db.begin() as conn:
        return await users.get_or_create(
            conn, user_id, proposed_language=propose_language(telegram_language), now=now
        )


async def keep_start_payload(db: AsyncEngine, user_id: int, payload: str, *, now: datetime) -> None:
    """Remember the deep link until the user has chosen a language."""
    async with db.begin() as conn:
        await flows.put(
            conn,
            user_id,
            flow=START_FLOW,
            step="language",
            data={"payload": payload},
            expires_at=now + START_WINDOW,
        )


async def choose_language(
    db: AsyncEngine, user_id: int, language: str, *, now: datetime
) -> str | None:
    """Store the user's confirmed language and return a deep link that waited for it.

    Raises ValueError for a language Lotse does not speak (a forged button)."""
    if language not in LANGUAGES:
        raise ValueError(language)
    async with db.begin() as conn:
        await users.set_language(conn, user_id, language)
        pending = await flows.get(conn, user_id, now=now)
        if pending is None or pending.flow != START_FLOW:
            return None
        await flows.clear(conn, user_id, flow=START_FLOW)
        return pending.data.get("payload")
