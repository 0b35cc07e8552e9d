"""The same rules on PostgreSQL, the scale-out engine: migrations, the last-place race, an
atomic move, and two senders claiming the outbox at once (FOR UPDATE SKIP LOCKED)."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from bot.services import booking
from bot.services.errors import SlotTaken
from bot.storage import outbox
from bot.storage.db import create_engine, migrate
from bot.storage.tables import bookings, slot_load, users
from tests.test_booking import MONDAY, TZ, add_office, book, hold, local


@pytest.fixture
async def pg(postgres_cluster):
    engine = create_engine(postgres_cluster.new_database())
    await migrate(engine)
    async with engine.begin() as conn:
        for uid in range(1, 31):
            await conn.execute(
                sa.insert(users).values(
                    id=uid, language="de", language_confirmed=True, created_at=MONDAY
                )
            )
    yield engine
    await engine.dispose()


@pytest.mark.parametrize("capacity", [1, 3])
async def test_last_place_race_on_postgres(pg, capacity):
    await add_office(pg, capacity=capacity)
    starts = local(date(2026, 12, 1), 10)
    results = await asyncio.gather(
        *(hold(pg, uid, starts) for uid in range(1, 21)), return_exceptions=True
    )
    winners = [r for r in results if not isinstance(r, Exception)]
    assert len(winners) == capacity
    assert all(isinstance(r, SlotTaken) for r in results if isinstance(r, Exception))
    async with pg.connect() as conn:
        assert await conn.scalar(sa.select(slot_load.c.taken)) == capacity


async def test_move_and_times_stay_utc_on_postgres(pg):
    await add_office(pg)
    old = await book(pg, 1, local(date(2026, 12, 1), 10))
    new = await booking.move(
        pg, user_id=1, booking_id=old.id, starts_at=local(date(2026, 12, 2), 10), now=MONDAY, tz=TZ
    )
    async with pg.connect() as conn:
        states = dict((r.id, r.state) for r in await conn.execute(sa.select(bookings)))
    assert states == {old.id: "moved", new.id: "confirmed"}
    assert new.starts_at.utcoffset() == timedelta(0)


async def test_two_senders_never_claim_the_same_row(pg):
    async with pg.begin() as conn:
        for n in range(200):
            await outbox.add(
                conn, chat_id=n + 1, kind="test", payload={}, due_at=MONDAY, now=MONDAY
            )

    async def claim():
        async with pg.begin() as conn:
            return await outbox.claim_due(conn, now=MONDAY, lease=timedelta(minutes=2), limit=60)

    claimed = await asyncio.gather(*(claim() for _ in range(5)))
    ids = [row.id for rows in claimed for row in rows]
    assert len(ids) == len(set(ids)) == 200


async def test_a_broadcast_and_its_progress_on_postgres(pg):
    from bot.services import broadcasts
    from bot.storage.tables import subscriptions

    async with pg.begin() as conn:
        await conn.execute(sa.insert(subscriptions), [
            {"user_id": uid, "topic": "events", "district": None, "created_at": MONDAY}
            for uid in range(2, 31)
        ])  # fmt: skip
    sent, counts = await broadcasts.send(
        pg, coordinator_id=1, topic="events", district=None, language=None,
        texts={"de": "Fest!"}, now=MONDAY, today=MONDAY.date(), progress_message_id=5,
    )  # fmt: skip
    assert sum(counts.values()) == 29
    async with pg.begin() as conn:
        first = await outbox.claim_due(conn, now=MONDAY, lease=timedelta(minutes=2), limit=10)
        for row in first:
            await outbox.settle(conn, row.id, state="sent", now=MONDAY)
    await broadcasts.follow(pg, now=MONDAY)  # 10 of 29 out: the progress edit is queued…
    async with pg.begin() as conn:
        [progress, *_] = await outbox.claim_due(
            conn, now=MONDAY, lease=timedelta(minutes=2), limit=5
        )
    assert progress.kind == "broadcast_progress"  # …and goes before the 19 still waiting
    report = await broadcasts.report(pg, sent.id)
    assert report == {"de": {"delivered": 10, "waiting": 19}}


async def test_a_claim_takes_no_more_than_its_batch_on_postgres(pg):
    now = MONDAY
    async with pg.begin() as conn:
        await outbox.add_many(conn, kind="x", due_at=now, now=now, rows=[
            {"chat_id": uid, "payload": {}, "dedupe_key": f"x:{uid}"} for uid in range(1, 30)
        ])  # fmt: skip
        claimed = await outbox.claim_due(conn, now=now, lease=timedelta(minutes=2), limit=10)
    assert [row.chat_id for row in claimed] == list(range(1, 11))
