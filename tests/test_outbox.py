"""The durable outbox against a fake Telegram that enforces the limits and fails on demand:
everything due is sent once, nothing is lost, 429/5xx/timeouts are retried, 403 stops."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
import sqlalchemy as sa
from telegram import Bot

from bot import outbox as sender_module
from bot.outbox import OutboxSender, Outgoing
from bot.ratelimit import RateLimiter
from bot.storage import outbox
from bot.storage.db import create_engine, migrate
from bot.storage.tables import outbox as outbox_table
from bot.storage.tables import users
from bot.testing.fake_api import FakeBotApi, FakeTelegram
from bot.testing.virtual_time import VirtualTime


async def render_test(db, row, now):
    return Outgoing(f"note {row.payload['n']}")


sender_module.register("test", render_test)


@pytest.fixture
def time_() -> VirtualTime:
    return VirtualTime()


@pytest.fixture
async def db(tmp_path):
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'o.db'}")
    await migrate(engine)
    yield engine
    await engine.dispose()


@pytest.fixture
def strict_telegram(time_) -> FakeTelegram:
    return FakeTelegram(enforce_limits=True, clock=time_.mono)


@pytest.fixture
async def make_sender(db, strict_telegram, time_):
    bots = []

    async def build() -> OutboxSender:
        bot = Bot("123:OUTBOX", request=FakeBotApi(strict_telegram))
        await bot.initialize()
        bots.append(bot)
        return OutboxSender(
            db, bot, clock=time_.utc, limiter=RateLimiter(clock=time_.mono), sleep=time_.sleep
        )

    yield build
    for bot in bots:
        await bot.shutdown()


async def queue(db, time_, chats: list[int], *, due_in: float = 0) -> None:
    async with db.begin() as conn:
        for n, chat in enumerate(chats):
            await outbox.add(
                conn,
                chat_id=chat,
                kind="test",
                payload={"n": n},
                due_at=time_.utc() + timedelta(seconds=due_in),
                now=time_.utc(),
            )


def delivered(telegram: FakeTelegram) -> Counter:
    return Counter(s.text for s in telegram.sent)


async def drain(sender: OutboxSender, time_: VirtualTime, passes: int = 50) -> None:
    for _ in range(passes):
        await sender.run_once()
        await time_.sleep(1)


async def states(db) -> Counter:
    async with db.connect() as conn:
        return Counter(r.state for r in await conn.execute(sa.select(outbox_table.c.state)))


async def test_every_row_is_sent_once_within_telegrams_limits(
    db, make_sender, strict_telegram, time_
):
    chats = [1000 + i % 40 for i in range(200)] + [-500] * 5  # 40 people, 5 per person, a group
    await queue(db, time_, chats)
    sender = await make_sender()
    await drain(sender, time_)
    assert strict_telegram.limit_violations == 0  # the limiter kept us under Telegram's limits
    notes = Counter(line for sent in strict_telegram.sent for line in sent.text.split("\n\n"))
    assert len(notes) == len(chats) and set(notes.values()) == {1}
    assert await states(db) == Counter(sent=len(chats))
    assert len(strict_telegram.sent_to(-500)) == 1  # the group got its five notes in one message
    # 200 private messages at 25 a second need at least 8 s; 5 to one person, 4 × 1 s
    assert time_.seconds >= 8


async def test_rows_not_yet_due_wait(db, make_sender, strict_telegram, time_):
    await queue(db, time_, [1], due_in=3600)
    sender = await make_sender()
    assert (await sender.run_once()).sent == 0
    await time_.sleep(3600)
    assert (await sender.run_once()).sent == 1


async def test_429_is_respected_and_nothing_is_lost(db, make_sender, strict_telegram, time_):
    await queue(db, time_, [1, 2, 3])
    strict_telegram.fail_next("sendMessage", 429, retry_after=7)
    sender = await make_sender()
    first = await sender.run_once()
    assert first.retried == 1 and first.sent == 0  # paused: the other two wait as well
    await drain(sender, time_, passes=3)
    assert set(delivered(strict_telegram).values()) == {1} and len(delivered(strict_telegram)) == 3
    assert min(s.at for s in strict_telegram.sent) >= 7  # nothing went out during retry_after


async def test_server_errors_and_timeouts_are_retried_with_backoff(
    db, make_sender, strict_telegram, time_
):
    await queue(db, time_, [1])
    strict_telegram.fail_next("sendMessage", 500)
    strict_telegram.fail_next("sendMessage", 0)  # a timeout
    strict_telegram.fail_next("sendMessage", 502)
    sender = await make_sender()
    await drain(sender, time_, passes=30)
    assert delivered(strict_telegram) == Counter({"note 0": 1})
    async with db.connect() as conn:
        row = (await conn.execute(sa.select(outbox_table))).one()
    assert row.state == "sent" and row.attempts == 4


async def test_a_blocked_user_is_marked_and_not_retried(db, make_sender, strict_telegram, time_):
    async with db.begin() as conn:
        await conn.execute(
            sa.insert(users).values(
                id=7, language="fa", language_confirmed=True, created_at=time_.utc()
            )
        )
    await queue(db, time_, [7, 8])
    strict_telegram.block(7)
    sender = await make_sender()
    outcome = await sender.run_once()
    assert outcome.blocked == [7] and outcome.sent == 1
    await drain(sender, time_, passes=5)
    assert [c for c, _ in strict_telegram.calls if c == "sendMessage"].count("sendMessage") == 2
    async with db.connect() as conn:
        assert (await conn.execute(sa.select(users.c.unreachable_at))).scalar() is not None
    assert await states(db) == Counter(sent=1, blocked=1)


async def test_a_crash_mid_batch_twice_loses_nothing_and_sends_nothing_twice(
    db, make_sender, strict_telegram, time_, monkeypatch
):
    await queue(db, time_, list(range(1, 31)))
    original = OutboxSender._deliver
    crash_after = {"left": 10}

    async def crashing(self, row, result):
        if crash_after["left"] == 0:
            raise KeyboardInterrupt  # the process dies between two rows
        crash_after["left"] -= 1
        return await original(self, row, result)

    monkeypatch.setattr(OutboxSender, "_deliver", crashing)
    for _ in range(2):  # two crashes, each after 10 rows
        with pytest.raises(KeyboardInterrupt):
            await (await make_sender()).run_once()
        crash_after["left"] = 10
        await time_.sleep(sender_module.LEASE.total_seconds() + 1)  # the dead sender's lease ends
    monkeypatch.setattr(OutboxSender, "_deliver", original)
    await drain(await make_sender(), time_, passes=5)
    counts = delivered(strict_telegram)
    assert len(counts) == 30 and set(counts.values()) == {1}
    assert await states(db) == Counter(sent=30)


async def test_a_renderer_that_says_no_skips_the_row(db, make_sender, strict_telegram, time_):
    async def nothing(db, row, now):
        return None

    sender_module.register("gone", nothing)
    async with db.begin() as conn:
        await outbox.add(
            conn, chat_id=1, kind="gone", payload={}, due_at=time_.utc(), now=time_.utc()
        )
    outcome = await (await make_sender()).run_once()
    assert outcome.skipped == 1 and not strict_telegram.sent


async def test_many_notices_for_a_group_are_bundled_within_its_limit(
    db, make_sender, strict_telegram, time_
):
    await queue(db, time_, [-42] * 60)  # a busy morning: 60 notices for one team group
    sender = await make_sender()
    await drain(sender, time_, passes=10)
    messages = strict_telegram.sent_to(-42)
    assert strict_telegram.limit_violations == 0
    assert 1 <= len(messages) <= 3  # merged up to Telegram's text limit, not 60 messages
    notes = Counter(line for m in messages for line in m.text.split("\n\n"))
    assert len(notes) == 60 and set(notes.values()) == {1}
