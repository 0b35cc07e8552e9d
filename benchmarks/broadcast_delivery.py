"""How a big broadcast goes out: queueing time, sending time (Telegram's pace in virtual
seconds, and this machine's wall clock), and how often the coordinator's progress moved.

    python benchmarks/broadcast_delivery.py [recipients]

The fake Bot API enforces Telegram's limits (30/s per bot, 1/s per chat) and answers 429 over
them; virtual time stands in for waiting, so the figures show the pace, not sleeping."""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from telegram import Bot

from bot import notices
from bot.outbox import OutboxSender
from bot.ratelimit import RateLimiter
from bot.services import broadcasts
from bot.storage.db import create_engine, migrate
from bot.storage.tables import subscriptions, users
from bot.testing.fake_api import FakeBotApi, FakeTelegram
from bot.testing.virtual_time import VirtualTime

LANGUAGES = ("fa", "ar", "de", "en")
FOLLOW_EVERY = 10  # seconds, as scheduler/jobs.py runs the broadcasts job


async def main(recipients: int) -> None:
    notices.install(ZoneInfo("Europe/Berlin"))
    time_ = VirtualTime()
    db = create_engine(f"sqlite+aiosqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}")
    await migrate(db)
    people = range(2, recipients + 2)
    async with db.begin() as conn:
        await conn.execute(sa.insert(users), [
            {"id": uid, "language": LANGUAGES[uid % 4], "language_confirmed": True,
             "created_at": time_.utc()} for uid in (1, *people)
        ])  # fmt: skip
        await conn.execute(sa.insert(subscriptions), [
            {"user_id": uid, "topic": "events", "district": None, "created_at": time_.utc()}
            for uid in people
        ])  # fmt: skip
    telegram = FakeTelegram(enforce_limits=True, clock=time_.mono)
    bot = Bot("1:BENCH", request=FakeBotApi(telegram))
    await bot.initialize()
    progress = await bot.send_message(1, "📣 …")
    started = time.perf_counter()
    sent, _ = await broadcasts.send(
        db, coordinator_id=1, topic="events", district=None, language=None,
        texts={"de": "Fest am Samstag!"}, now=time_.utc(), today=time_.utc().date(),
        progress_message_id=progress.message_id,
    )  # fmt: skip
    queued = time.perf_counter() - started
    sender = OutboxSender(
        db, bot, clock=time_.utc, limiter=RateLimiter(clock=time_.mono), sleep=time_.sleep
    )
    started, last_follow = time.perf_counter(), -FOLLOW_EVERY
    first_edit = None
    while await broadcasts.get(db, sent.id) and (await broadcasts.get(db, sent.id)).state != "done":
        await sender.run_once()
        if time_.seconds - last_follow >= FOLLOW_EVERY:
            await broadcasts.follow(db, now=time_.utc())
            last_follow = time_.seconds
        if first_edit is None and any(s.method == "editMessageText" for s in telegram.sent):
            first_edit = time_.seconds
        await time_.sleep(0.5)
    await sender.run_once()  # the last edit and the report
    wall = time.perf_counter() - started
    edits = sum(1 for s in telegram.sent if s.method == "editMessageText")
    delivered = sum(1 for s in telegram.sent if s.chat_id != 1)
    print(f"recipients               {recipients}")
    print(f"queued in                {queued:.2f} s wall")
    print(f"sent in                  {time_.seconds:.0f} s at Telegram's pace, {wall:.1f} s wall")
    print(f"delivered                {delivered}, limit violations {telegram.limit_violations}")
    print(f"progress edits           {edits}, first after {first_edit or 0:.0f} s")
    await bot.shutdown()
    await db.dispose()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000))
