"""A broadcast whose process dies half-way: after the restart it resumes where it stopped,
nobody gets it twice, and the coordinator's progress message and report come out right."""

from __future__ import annotations

import re
from collections import Counter
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from telegram import Bot

from bot import notices
from bot.outbox import LEASE, OutboxSender
from bot.ratelimit import RateLimiter
from bot.services import broadcasts
from bot.storage.db import create_engine, migrate
from bot.storage.tables import subscriptions, users
from bot.testing.fake_api import FakeBotApi, FakeTelegram
from bot.testing.virtual_time import VirtualTime

COORDINATOR = 1
PEOPLE = range(100, 700)  # 600 subscribers
LANGUAGES = ("fa", "ar", "de", "en")


class Crash(BaseException):
    """The process dies: nothing after this line of code runs."""


async def start_process(path, telegram, time_):
    """What `python -m bot run` holds: a database engine, a bot, an outbox sender."""
    db = create_engine(f"sqlite+aiosqlite:///{path}")
    bot = Bot("1:RESUME", request=FakeBotApi(telegram))
    await bot.initialize()
    limiter = RateLimiter(clock=time_.mono)
    return db, bot, OutboxSender(db, bot, clock=time_.utc, limiter=limiter, sleep=time_.sleep)


async def run(db, sender, time_, *, seconds: int) -> None:
    """The scheduler's jobs, second by second: the sender, and following broadcasts."""
    for _ in range(seconds):
        await sender.run_once()
        await broadcasts.follow(db, now=time_.utc())
        await time_.sleep(1)


async def test_a_broadcast_killed_half_way_resumes_without_sending_twice(tmp_path, monkeypatch):
    time_, path = VirtualTime(), tmp_path / "resume.db"
    notices.install(ZoneInfo("Europe/Berlin"))
    telegram = FakeTelegram(enforce_limits=True, clock=time_.mono)
    db, bot, sender = await start_process(path, telegram, time_)
    await migrate(db)
    async with db.begin() as conn:
        await conn.execute(sa.insert(users), [
            {"id": uid, "language": "de" if uid == COORDINATOR else LANGUAGES[uid % 4],
             "language_confirmed": True, "created_at": time_.utc()}
            for uid in (COORDINATOR, *PEOPLE)
        ])  # fmt: skip
        await conn.execute(sa.insert(subscriptions), [
            {"user_id": uid, "topic": "events", "district": None, "created_at": time_.utc()}
            for uid in PEOPLE
        ])  # fmt: skip
    for uid in (107, 333):
        telegram.block(uid)
    progress = await bot.send_message(COORDINATOR, "📣 …")
    telegram.fail_next("sendMessage", 429, retry_after=3)
    sent, counts = await broadcasts.send(
        db, coordinator_id=COORDINATOR, topic="events", district=None, language=None,
        texts={"de": "Fest am Samstag!", "ar": "حفل يوم السبت!"}, now=time_.utc(),
        today=time_.utc().date(), progress_message_id=progress.message_id,
    )  # fmt: skip
    assert sum(counts.values()) == 600

    handle, calls = telegram.handle, Counter()

    def dying(method, params):  # the power goes off during the 250th announcement
        calls[method] += 1
        if method == "sendMessage" and calls[method] == 250:
            raise Crash
        return handle(method, params)

    monkeypatch.setattr(telegram, "handle", dying)
    with pytest.raises(Crash):
        await run(db, sender, time_, seconds=600)
    monkeypatch.setattr(telegram, "handle", handle)
    before_restart = len([s for s in telegram.sent if s.chat_id != COORDINATOR])
    assert 200 < before_restart < 250  # it died half-way
    await db.dispose()  # the process is gone; its claimed rows wait for their lease to end

    await time_.sleep(LEASE.total_seconds() + 1)
    db, bot, sender = await start_process(path, telegram, time_)
    await run(db, sender, time_, seconds=120)

    got = Counter(s.chat_id for s in telegram.sent if s.chat_id != COORDINATOR)
    assert set(got) == set(PEOPLE) - {107, 333} and set(got.values()) == {1}  # once each
    assert telegram.limit_violations == 0
    report = await broadcasts.report(db, sent.id)
    assert sum(r.get("delivered", 0) for r in report.values()) == 598
    assert sum(r.get("blocked", 0) for r in report.values()) == 2
    assert not any(r.get("waiting") or r.get("failed") for r in report.values())

    to_coordinator = [s for s in telegram.sent if s.chat_id == COORDINATOR]
    [final_report] = [s for s in to_coordinator if s.text.startswith("📊 Mitteilung")]
    edits = [s.text for s in to_coordinator if s.method == "editMessageText"]
    done_so_far = [int(n) for t in edits for n in re.findall(r"gesendet: (\d+) erledigt", t)]
    assert len(done_so_far) >= 5 and done_so_far == sorted(done_so_far)  # it moved, live
    assert 0 < done_so_far[0] < 600
    shown = telegram.messages[(COORDINATOR, progress.message_id)]
    assert shown["text"].startswith("📣 Mitteilung 1\n✅ Fertig.") and "reply_markup" not in shown
    assert "Bot blockiert" in shown["text"] and "Bot blockiert" in final_report.text
    await bot.shutdown()
    await db.dispose()
