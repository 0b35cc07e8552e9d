"""The one way the bot sends on its own: rows of the outbox, rendered when they are sent.

Features queue rows in the same transaction as the change that causes them and register a
renderer for their kind. The sender claims due rows under a lease (a crashed sender's rows
come back when the lease ends), builds each message from the database as it is at that
moment (a reminder for a cancelled booking is skipped, not sent), sends it within Telegram's
limits and settles the row at once: sent, skipped, retried later or dead.

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
        pending = list(rows)
        started = self.limiter.clock()
        while pending:
            if self.limiter.clock() - started > LEASE.total_seconds() / 2:
                async with self.db.begin() as conn:  # give the rest back before the lease ends
                    await outbox.release(conn, [r.id for r in pending])
                break
            row = min(pending, key=lambda r: (self.limiter.ready_at(r.chat_id), r.due_at, r.id))
            wait = self.limiter.ready_at(row.chat_id) - self.limiter.clock()
            if wait > 0:
                await self.sleep(wait)
            pending.remove(row)
            if await self._deliver(row, result) == "paused":
                async with self.db.begin() as conn:  # a 429: the rest waits for the next pass
                    await outbox.release(conn, [r.id for r in pending])
                break
        return result

    async def _deliver(self, row: OutboxRow, result: Outcome) -> str:
        now = self.clock()
        renderer = _RENDERERS.get(row.kind)
        try:
            message = await renderer(self.db, row, now) if renderer else None
        except Exception:  # a broken renderer must not stop the queue
            log.exception("renderer %s failed for outbox row %s", row.kind, row.id)
            message = None
        if message is None:
            await self._settle(row, "skipped", "no longer useful" if renderer else "no renderer")
            result.skipped += 1
            return "skipped"
        self.limiter.record(row.chat_id)
        try:
            await self._send(row.chat_id, message)
        except RetryAfter as error:
            seconds = _seconds(error.retry_after)
            self.limiter.pause(seconds)
            async with self.db.begin() as conn:
                await outbox.retry_later(
                    conn, row.id, at=now + timedelta(seconds=seconds), error="429"
                )
                await outbox.release(conn, [row.id])  # a 429 is not the row's fault
            result.retried += 1
            return "paused"
        except Forbidden as error:  # blocked the bot, or left the group
            async with self.db.begin() as conn:
                await users.mark_unreachable(conn, row.chat_id, now=now)
                await outbox.settle(conn, row.id, state="dead", now=now, error=error.message)
            result.dead += 1
            result.blocked.append(row.chat_id)
            return "dead"
        except BadRequest as error:  # will not get better by trying again
            log.error("outbox row %s refused: %s", row.id, error.message)
            await self._settle(row, "dead", error.message)
            result.dead += 1
            return "dead"
        except TelegramError as error:  # network, timeout, 5xx: try again later
            await self._retry(row, now, str(error), result)
            return "retried"
        await self._settle(row, "sent")
        result.sent += 1
        return "sent"

    async def _send(self, chat_id: int, message: Outgoing) -> None:
        if message.document:
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
            await self._settle(row, "dead", f"gave up: {error}")
            result.dead += 1
            return
        backoff = min(timedelta(seconds=2**row.attempts), MAX_BACKOFF)
        async with self.db.begin() as conn:
            await outbox.retry_later(conn, row.id, at=now + backoff, error=error)
        result.retried += 1

    async def _settle(self, row: OutboxRow, state: str, error: str | None = None) -> None:
        async with self.db.begin() as conn:
            await outbox.settle(conn, row.id, state=state, now=self.clock(), error=error)


def _seconds(value: object) -> float:
    return value.total_seconds() if isinstance(value, timedelta) else float(value)  # type: ignore[arg-type]
