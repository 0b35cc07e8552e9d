"""Announcements: what users subscribed to, and coordinators' broadcasts to exactly them.

A broadcast is written with one outbox row per recipient, in one transaction, so the outbox's
rate limits, retries and crash safety apply; stopping it skips the rows not yet sent.
Texts are checked against Telegram's HTML rules and length (shorter under a photo or PDF)
before anything is queued. `follow`, run every few seconds, edits the coordinator's progress
message through the outbox and sends the report when nothing is left."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot import telegram_html
from bot.services import course_search
from bot.services.errors import ServiceError
from bot.services.matching import course_from_row
from bot.storage import broadcasts as store
from bot.storage import courses as course_store
from bot.storage import outbox, users
from bot.storage.broadcasts import Broadcast

TOPICS = ("courses", "district", "events")
MEDIA_KINDS = ("photo", "document")
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


def stop_key(topic: str, course_id: str | None, course_audience: str | None) -> str:
    """What "no more of these" under a broadcast ends: its topic; for a course audience, the
    announcements about that course, or the waiting for a course like it."""
    if course_id and course_audience == "interested":
        return "watch"
    if course_id:
        return f"c={course_id}"
    return topic


async def unsubscribe(db: AsyncEngine, user_id: int, key: str) -> bool:
    """End what `stop_key` named; False for a key that names nothing (forged)."""
    async with db.begin() as conn:
        if key in TOPICS:
            await store.unsubscribe(conn, user_id, key)
        elif key == "watch":
            await course_store.drop_watch(conn, user_id)
        elif key.startswith("c="):
            await store.mute_course(conn, user_id, key.removeprefix("c="))
        else:
            return False
    return True


async def audience(db: AsyncEngine, *, today: date, **chosen: str | None) -> Counter:
    """How many people per language would get it."""
    async with db.connect() as conn:
        found = await _recipients(conn, today=today, **chosen)
    return Counter(lang for _, lang in found)


async def _recipients(
    conn: AsyncConnection,
    *,
    topic: str,
    district: str | None,
    language: str | None,
    course_id: str | None = None,
    course_audience: str | None = None,
    today: date,
) -> list[tuple[int, str]]:
    """(user id, language): subscribers of the topic, or the people registered for the course,
    or those who asked to hear of a course like it."""
    only = None
    if course_id and course_audience == "interested":
        row = await course_store.get_row(conn, course_id)
        course = course_from_row(row) if row else None
        only = await course_search.interested_in(conn, course, today=today) if course else []
    return await store.recipients(
        conn, topic=topic, district=district, language=language, course_id=course_id, only=only
    )


async def districts(db: AsyncEngine) -> list[str]:
    """The parts of town subscribers gave, to narrow an announcement."""
    async with db.connect() as conn:
        return await store.districts(conn)


ROOM = 200  # characters kept free for the 📣 mark and the "in German" note
CAPTION_LIMIT = telegram_html.MAX_CAPTION - ROOM  # what a text under a photo or PDF may hold


def check(texts: dict[str, str], *, need_german: bool = True, caption: bool = False) -> None:
    """Refuse a text Telegram would refuse (HTML entities, length with the note added; under a
    photo or PDF the shorter caption limit), before anyone gets it."""
    if need_german and not texts.get("de"):
        raise BadText("de", "empty")
    limit = telegram_html.MAX_CAPTION if caption else telegram_html.MAX_TEXT
    for language, text in texts.items():
        if problem := telegram_html.problem(text + "." * ROOM, limit):
            raise BadText(language, problem.replace(str(limit), str(limit - ROOM)))


def check_media(kind: str, file_id: str, mime_type: str | None = None) -> dict[str, str]:
    """A photo, or a file that is a PDF or a picture (a flyer): kept as Telegram's file id only."""
    if kind not in MEDIA_KINDS or not file_id:
        raise BadText("file", "kind")
    if kind == "document" and not (
        mime_type == "application/pdf" or (mime_type or "").startswith("image/")
    ):
        raise BadText("file", "kind")
    return {"kind": kind, "file_id": file_id}


async def send(
    db: AsyncEngine,
    *,
    coordinator_id: int,
    topic: str,
    district: str | None,
    language: str | None,
    texts: dict[str, str],
    now: datetime,
    today: date,
    course_id: str | None = None,
    course_audience: str | None = None,
    link: str | None = None,
    send_at: datetime | None = None,
    attachment: dict[str, str] | None = None,
    progress_message_id: int | None = None,
) -> tuple[Broadcast, Counter]:
    """Queue the announcement for every recipient, now or at `send_at`, in one transaction.
    `progress_message_id`: the coordinator's message that shows how far it got."""
    check(texts, caption=attachment is not None)
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
            course_audience=course_audience if course_id else None,
            send_at=send_at,
            attachment=attachment,
            progress_message_id=progress_message_id,
        )
        found = await _recipients(
            conn,
            topic=topic,
            district=district,
            language=language,
            course_id=course_id,
            course_audience=course_audience,
            today=today,
        )
        await outbox.add_many(
            conn,
            kind="broadcast",
            due_at=max(send_at or now, now),
            now=now,
            rows=[
                {
                    "chat_id": user_id,
                    "payload": {"broadcast_id": broadcast.id, "language": user_language},
                    "dedupe_key": f"bc:{broadcast.id}:{user_id}",  # once per person, always
                }
                for user_id, user_language in found
            ],
        )
        counts = Counter(user_language for _, user_language in found)
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
    # "blocked": the person blocked the bot (Telegram's 403), kept apart from real failures
    result: dict[str, dict[str, int]] = {}
    for (language, state), count in counts.items():
        bucket = result.setdefault(language, {})
        bucket[names.get(state, state)] = bucket.get(names.get(state, state), 0) + count
    return result


async def ask_once(db: AsyncEngine, user_id: int, *, now: datetime) -> bool:
    """Whether to ask the user now about announcements: once, after something useful."""
    async with db.begin() as conn:
        return await users.mark_asked_announcements(conn, user_id, now=now)


async def follow(db: AsyncEngine, *, now: datetime) -> int:
    """Run every few seconds: the coordinator's progress message is edited when more went out
    (at most once per run, so never faster than Telegram allows); a broadcast with nothing
    left to send is done and its coordinator gets the final report. Returns how many finished."""
    finished = 0
    async with db.begin() as conn:
        for broadcast in await store.sending(conn):
            if broadcast.send_at and broadcast.send_at > now:
                continue
            pending, total = await store.pending_and_total(conn, broadcast.id)
            if broadcast.progress_message_id and pending < total:  # something went out
                await _show_progress(conn, broadcast, pending, now=now)
            if pending:
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


async def _show_progress(
    conn: AsyncConnection, broadcast: Broadcast, pending: int, *, now: datetime
) -> None:
    """One edit per new count: the key holds how many are left, so an unchanged count adds
    nothing; it goes before the broadcast's own rows (priority), or it would trail them."""
    await outbox.add(
        conn,
        chat_id=broadcast.created_by,
        kind="broadcast_progress",
        payload={"broadcast_id": broadcast.id, "message_id": broadcast.progress_message_id},
        due_at=now,
        now=now,
        dedupe_key=f"bcprogress:{broadcast.id}:{pending}",
        priority=1,
    )
