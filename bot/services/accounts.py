"""Who the user is to Lotse: a Telegram id and a language, nothing more.

The user is stored from /start or the language choice on; before that (and after /delete)
Lotse keeps nothing and speaks the language Telegram reports. A deep link opened before the
language is chosen (`/start p_kita` from a poster) is kept as the open step of the "start"
flow, so it opens right after the choice, even across a restart.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.i18n import LANGUAGES, propose_language
from bot.storage import flows, users
from bot.storage.users import User

START_FLOW = "start"
START_WINDOW = timedelta(days=2)


@dataclass(frozen=True, slots=True)
class LanguageChoice:
    language: str
    first_time: bool  # the first confirmed choice: greet; later changes: just the menu
    pending_link: str | None  # a deep link that waited for the choice


async def find(db: AsyncEngine, user_id: int) -> User | None:
    async with db.connect() as conn:
        return await users.get(conn, user_id)


async def start(
    db: AsyncEngine,
    user_id: int,
    *,
    telegram_language: str | None,
    payload: str | None,
    now: datetime,
) -> User:
    """/start: the user (created with a proposed, unconfirmed language); a deep link that
    arrives before the language is confirmed waits in the "start" flow."""
    async with db.begin() as conn:
        user, _ = await users.get_or_create(
            conn, user_id, proposed_language=propose_language(telegram_language), now=now
        )
        if payload and not user.language_confirmed:
            await flows.put(
                conn,
                user_id,
                flow=START_FLOW,
                step="language",
                data={"payload": payload},
                expires_at=now + START_WINDOW,
            )
    return user


async def choose_language(
    db: AsyncEngine, user_id: int, language: str, *, now: datetime
) -> LanguageChoice:
    """Store the user's confirmed language (creating the user if needed).

    Raises ValueError for a language Lotse does not speak (a forged button)."""
    if language not in LANGUAGES:
        raise ValueError(language)
    async with db.begin() as conn:
        user, _ = await users.get_or_create(conn, user_id, proposed_language=language, now=now)
        await users.set_language(conn, user_id, language)
        pending = await flows.get(conn, user_id, now=now)
        link = None
        if pending is not None and pending.flow == START_FLOW:
            await flows.clear(conn, user_id, flow=START_FLOW)
            link = pending.data.get("payload")
    return LanguageChoice(language, not user.language_confirmed, link)
