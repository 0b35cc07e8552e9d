"""Announcements: what users subscribed to, and coordinators' broadcasts to exactly them.

A broadcast is written with one outbox row per recipient, in one transaction, so the outbox's
rate limits, retries and crash safety apply; stopping it skips the rows not yet sent.
Texts are checked against Telegram's HTML rules and length before anything is queued."""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncEngine

from bot import telegram_html
from bot.services.errors import ServiceError
from bot.storage import broadcasts as store
from bot.storage import courses as course_store
from bot.storage import outbox, users
from bot.storage.broadcasts import Broadcast

TOPICS = ("courses", "district", "events")
LINK = re.compile(r"^https://\S+$")


class BadText(ServiceError):
    def __init__(self, language: str, problem: str) -> None:
        super().__init__(problem)
        self.language, self.problem = language, problem


async def my_topics(db: AsyncEngine, user_id: int) -> set[str]:
    async with db.connect() as conn:
        return await store.topics_of(conn, user_id)


async def toggle(db: AsyncEngine, user_id: int, topic: str, *, now: datetime) -> set[str]:
    """Subscribe or unsubscribe; district news follow the part of town from the course answers."""
    if topic not in TOPICS:
        raise ServiceError()
    async with db.begin() as conn:
        if topic in await store.topics_of(conn, user_id):
            await store.unsubscribe(conn, user_id, topic)
        else:
            district = (await course_store.get_answers(conn, user_id)).get("district")
            await store.subscribe(conn, user_id, topic, district=district, now=now)
        return await store.topics_of(conn, user_id)


async def unsubscribe(db: AsyncEngine, user_id: int, topic: str) -> None:
    async with db.begin() as conn:
        await store.unsubscribe(conn, user_id, topic)


async def audience(
    db: AsyncEngine,
    *,
    topic: str,
    district: str | None,
    language: str | None,
    course_id: str | None = None,
) -> Counter:
    """How many people per language would get it."""
    async with db.connect() as conn:
        found = await store.recipients(
            conn, topic=topic, district=district, language=language, course_id=course_id
        )
    return Counter(lang for _, lang in found)


async def districts(db: AsyncEngine) -> list[str]:
    """The parts of town subscribers gave, to narrow an announcement."""
    async with db.connect() as conn:
        return await store.districts(conn)


ROOM = 200  # characters kept free for the 📣 mark and the "in German" note


def check(texts: dict[str, str], *, need_german: bool = True) -> None:
    """Refuse a text Telegram would refuse (HTML entities, length with the note added),
    before anyone gets it."""
    if need_german and not texts.get("de"):
        raise BadText("de", "empty")
    for language, text in texts.items():
        if problem := telegram_html.problem(text + "." * ROOM):
            raise BadText(
                language,
                problem.replace(str(telegram_html.MAX_TEXT), str(telegram_html.MAX_TEXT - ROOM)),
            )


async def send(
    db: AsyncEngine,
    *,
    coordinator_id: int,
    topic: str,
    district: str | None,
    language: str | None,
    texts: dict[str, str],
    now: datetime,
    course_id: str | None = None,
    link: str | None = None,
    send_at: datetime | None = None,
) -> tuple[Broadcast, Counter]:
    """Queue the announcement for every recipient, now or at `send_at`, in one transaction."""
    check(texts)
    if link and not LINK.match(link):
        raise BadText("link", "a link starts with https://")
    async with db.begin() as conn:
        broadcast = await store.add(
            conn,
            created_by=coordinator_id,
            topic=topic,
            district=district,
            language=language,
            texts=texts,
            state="sending",
            created_at=now,
            link=link,
            course_id=course_id,
            send_at=send_at,
        )
        counts: Counter = Counter()
        found = await store.recipients(
            conn, topic=topic, district=district, language=language, course_id=course_id
        )
        for user_id, user_language in found:
            await outbox.add(
                conn,
                chat_id=user_id,
                kind="broadcast",
                payload={"broadcast_id": broadcast.id, "language": user_language},
                due_at=max(send_at or now, now),
                now=now,
                dedupe_key=f"bc:{broadcast.id}:{user_id}",  # once per person, whatever happens
            )
            counts[user_language] += 1
        return broadcast, counts


async def stop(db: AsyncEngine, broadcast_id: int, *, now: datetime) -> int:
    """Stop a broadcast: what has not gone out yet does not go."""
    async with db.begin() as conn:
        await store.set_state(conn, broadcast_id, "cancelled")
        return await outbox.cancel_pending(conn, dedupe_prefix=f"bc:{broadcast_id}:", now=now)


async def get(db: AsyncEngine, broadcast_id: int) -> Broadcast | None:
    async with db.connect() as conn:
        return await store.get(conn, broadcast_id)


async def report(db: AsyncEngine, broadcast_id: int) -> dict[str, dict[str, int]]:
    """Per language: sent, waiting, blocked or failed, stopped."""
    async with db.connect() as conn:
        counts = await store.delivery(conn, broadcast_id)
    names = {"sent": "delivered", "pending": "waiting", "dead": "failed", "skipped": "stopped"}
    result: dict[str, dict[str, int]] = {}
    for (language, state), count in counts.items():
        bucket = result.setdefault(language, {})
        bucket[names.get(state, state)] = bucket.get(names.get(state, state), 0) + count
    return result


async def ask_once(db: AsyncEngine, user_id: int, *, now: datetime) -> bool:
    """Whether to ask the user now about announcements: once, after something useful."""
    async with db.begin() as conn:
        return await users.mark_asked_announcements(conn, user_id, now=now)


async def finish_done(db: AsyncEngine, *, now: datetime) -> int:
    """Broadcasts with nothing left to send are done; their coordinator gets the report."""
    finished = 0
    async with db.begin() as conn:
        for broadcast in await store.sending(conn):
            if await store.pending_count(conn, broadcast.id):
                continue
            await store.set_state(conn, broadcast.id, "done")
            await outbox.add(
                conn,
                chat_id=broadcast.created_by,
                kind="broadcast_report",
                payload={"broadcast_id": broadcast.id},
                due_at=now,
                now=now,
                dedupe_key=f"bcreport:{broadcast.id}",
            )
            finished += 1
    return finished
