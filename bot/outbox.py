"""The one way the bot sends on its own: rows of the outbox, rendered when they are sent.

Features queue rows in the same transaction as the change that causes them and register a
renderer for their kind. The sender claims due rows under a lease (a crashed sender's rows
come back when the lease ends), builds each message from the database as it is at that
moment (a reminder for a cancelled booking is skipped, not sent), sends it within Telegram's
limits and settles the row at once: sent, skipped, retried later, blocked or dead.

Telegram has no idempotency key: a crash in the instant between Telegram's answer and the
"sent" mark would send that one message again. Everything before or after that instant is
safe: claimed rows are resent only once their lease has expired, and only if not marked sent.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncEngine
from telegram import Bot, InlineKeyboardMarkup, InputFile
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError

from bot.ratelimit import RateLimiter
from bot.storage import outbox, users
from bot.storage.outbox import OutboxRow

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=2)
BATCH = 100
MAX_ATTEMPTS = 8
MAX_BACKOFF = timedelta(minutes=30)


@dataclass(frozen=True, slots=True)
class Outgoing:
    """One message as the renderer built it."""

    text: str
    keyboard: InlineKeyboardMarkup | None = None
    document: tuple[str, bytes] | None = None  # (file name, content), e.g. an .ics file
    media: tuple[str, str] | None = None  # ("photo" | "document", Telegram file id), e.g. a flyer
    edit_message_id: int | None = None  # edit this message of the chat instead of a new one

    @property
    def alone(self) -> bool:
        """Files and edits are never merged with other messages."""
        return bool(self.document or self.media or self.edit_message_id)


Renderer = Callable[[AsyncEngine, OutboxRow, datetime], Awaitable[Outgoing | None]]
_RENDERERS: dict[str, Renderer] = {}


def register(kind: str, renderer: Renderer) -> None:
    """`renderer(db, row, now)` builds the message, or returns None when it is no longer useful."""
    _RENDERERS[kind] = renderer


@dataclass
class Outcome:
    sent: int = 0
    skipped: int = 0
    retried: int = 0
    dead: int = 0
    blocked: list[int] = field(default_factory=list)
    done: set[int] = field(default_factory=set)  # row ids sent in this pass


class OutboxSender:
    """Claims due rows and delivers them; `run_once` is one pass, called by the scheduler."""

    def __init__(
        self,
        db: AsyncEngine,
        bot: Bot,
        *,
        clock: Callable[[], datetime],
        limiter: RateLimiter | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.db, self.bot, self.clock = db, bot, clock
        self.limiter = limiter or RateLimiter()
        self.sleep = sleep

    async def run_once(self, *, batch: int = BATCH) -> Outcome:
        async with self.db.begin() as conn:
            rows = await outbox.claim_due(conn, now=self.clock(), lease=LEASE, limit=batch)
        result = Outcome()
        pending = _bundles(rows)
        started = self.limiter.clock()
        while pending:
            if self.limiter.clock() - started > LEASE.total_seconds() / 2:
                await self._release(
                    [r for bundle in pending for r in bundle]
                )  # before the lease ends
                break
            bundle = min(
                pending,
                key=lambda b: (
                    self.limiter.ready_at(b[0].chat_id),
                    -b[0].priority,
                    b[0].due_at,
                    b[0].id,
                ),
            )
            pending.remove(bundle)
            if await self._deliver(bundle, result) == "paused":
                await self._release([r for b in pending for r in b])  # a 429: the rest waits
                break
        return result

    async def _deliver(self, bundle: list[OutboxRow], result: Outcome) -> str:
        """Render the rows of one chat and send them (merged, for a group: 20 a minute)."""
        rendered = []
        for row in bundle:
            message = await self._render(row)
            if message is None:
                await self._settle([row], "skipped", "no longer useful")
                result.skipped += 1
            else:
                rendered.append((row, message))
        for rows, message in _merge(rendered):
            wait = self.limiter.ready_at(rows[0].chat_id) - self.limiter.clock()
            if wait > 0:
                await self.sleep(wait)
            status = await self._send_rows(rows, message, result)
            if status == "paused":
                await self._release(
                    [r for r, _ in rendered if r not in rows and r.id not in result.done]
                )
                return status
        return "done"

    async def _render(self, row: OutboxRow) -> Outgoing | None:
        renderer = _RENDERERS.get(row.kind)
        if renderer is None:
            log.error("no renderer for outbox kind %s", row.kind)
            return None
        try:
            return await renderer(self.db, row, self.clock())
        except Exception:  # a broken renderer must not stop the queue
            log.exception("renderer %s failed for outbox row %s", row.kind, row.id)
            return None

    async def _send_rows(self, rows: list[OutboxRow], message: Outgoing, result: Outcome) -> str:
        now = self.clock()
        chat_id = rows[0].chat_id
        self.limiter.record(chat_id)
        try:
            await self._send(chat_id, message)
        except RetryAfter as error:
            seconds = _seconds(error.retry_after)
            self.limiter.pause(seconds)
            async with self.db.begin() as conn:
                for row in rows:
                    await outbox.retry_later(
                        conn, row.id, at=now + timedelta(seconds=seconds), error="429"
                    )
                await outbox.release(conn, [row.id for row in rows])  # a 429 is not the rows' fault
            result.retried += len(rows)
            return "paused"
        except Forbidden as error:  # blocked the bot, or left the group
            async with self.db.begin() as conn:
                await users.mark_unreachable(conn, chat_id, now=now)
            await self._settle(rows, "blocked", error.message)
            result.dead += len(rows)
            result.blocked.append(chat_id)
            return "dead"
        except BadRequest as error:  # will not get better by trying again
            if "message is not modified" in error.message:  # an edit that was already shown
                await self._settle(rows, "sent")
                result.sent += len(rows)
                return "sent"
            log.error("outbox rows %s refused: %s", [r.id for r in rows], error.message)
            await self._settle(rows, "dead", error.message)
            result.dead += len(rows)
            return "dead"
        except TelegramError as error:  # network, timeout, 5xx: try again later
            for row in rows:
                await self._retry(row, now, str(error), result)
            return "retried"
        await self._settle(rows, "sent")
        result.sent += len(rows)
        result.done.update(r.id for r in rows)
        return "sent"

    async def _release(self, rows: list[OutboxRow]) -> None:
        async with self.db.begin() as conn:
            await outbox.release(conn, [r.id for r in rows])

    async def _send(self, chat_id: int, message: Outgoing) -> None:
        if message.edit_message_id:
            await self.bot.edit_message_text(
                message.text,
                chat_id=chat_id,
                message_id=message.edit_message_id,
                parse_mode=ParseMode.HTML,
                reply_markup=message.keyboard,
            )
        elif message.media:
            kind, file_id = message.media
            send = self.bot.send_photo if kind == "photo" else self.bot.send_document
            await send(
                chat_id,
                file_id,
                caption=message.text or None,
                parse_mode=ParseMode.HTML,
                reply_markup=message.keyboard,
            )
        elif message.document:
            name, content = message.document
            await self.bot.send_document(
                chat_id,
                InputFile(content, filename=name),
                caption=message.text or None,
                parse_mode=ParseMode.HTML,
                reply_markup=message.keyboard,
            )
        else:
            await self.bot.send_message(
                chat_id, message.text, parse_mode=ParseMode.HTML, reply_markup=message.keyboard
            )

    async def _retry(self, row: OutboxRow, now: datetime, error: str, result: Outcome) -> None:
        if row.attempts >= MAX_ATTEMPTS:
            await self._settle([row], "dead", f"gave up: {error}")
            result.dead += 1
            return
        backoff = min(timedelta(seconds=2**row.attempts), MAX_BACKOFF)
        async with self.db.begin() as conn:
            await outbox.retry_later(conn, row.id, at=now + backoff, error=error)
        result.retried += 1

    async def _settle(self, rows: list[OutboxRow], state: str, error: str | None = None) -> None:
        async with self.db.begin() as conn:
            for row in rows:
                await outbox.settle(conn, row.id, state=state, now=self.clock(), error=error)


def _seconds(value: object) -> float:
    return value.total_seconds() if isinstance(value, timedelta) else float(value)  # type: ignore[arg-type]


MERGED_TEXT = 3500  # characters, under Telegram's 4096 with room for the separators
MERGED_BUTTONS = 90


def _bundles(rows: list[OutboxRow]) -> list[list[OutboxRow]]:
    """One bundle per group chat (its rows go out merged), one per row for private chats."""
    groups: dict[int, list[OutboxRow]] = {}
    bundles: list[list[OutboxRow]] = []
    for row in rows:
        if row.chat_id < 0:
            if row.chat_id not in groups:
                groups[row.chat_id] = []
                bundles.append(groups[row.chat_id])
            groups[row.chat_id].append(row)
        else:
            bundles.append([row])
    return bundles


def _merge(rendered: list[tuple[OutboxRow, Outgoing]]) -> list[tuple[list[OutboxRow], Outgoing]]:
    """Join text messages into as few as Telegram's limits allow; files go alone."""
    merged: list[tuple[list[OutboxRow], Outgoing]] = []
    for row, message in rendered:
        if merged and not message.alone and not merged[-1][1].alone:
            rows, current = merged[-1]
            buttons = _buttons(current) + _buttons(message)
            text = f"{current.text}\n\n{message.text}"
            if len(text) <= MERGED_TEXT and sum(map(len, buttons)) <= MERGED_BUTTONS:
                keyboard = InlineKeyboardMarkup(buttons) if buttons else None
                merged[-1] = ([*rows, row], Outgoing(text, keyboard))
                continue
        merged.append(([row], message))
    return merged


def _buttons(message: Outgoing) -> list:
    return [list(row) for row in message.keyboard.inline_keyboard] if message.keyboard else []
