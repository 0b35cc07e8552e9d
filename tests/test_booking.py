"""Slots, holds, bookings, moves and reminders: the rules, against a real SQLite database."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from bot.services import booking, slots
from bot.services.errors import (
    NotBookable,
    NotYourBooking,
    OverlapsOther,
    SlotTaken,
    TooLateToChange,
    TooManyAppointments,
)
from bot.services.reminders import reminder_times
from bot.storage import offices as office_store
from bot.storage.db import create_engine, migrate
from bot.storage.offices import Closure, Office
from bot.storage.tables import bookings, outbox, slot_load, users

TZ = ZoneInfo("Europe/Berlin")
MONDAY = datetime(2026, 11, 30, 7, 0, tzinfo=UTC)  # 08:00 in Rheine, a Monday


def office(**changes) -> dict:
    values = dict(
        id="test",
        name="Stadtteilbüro Test",
        district="Dorenkamp",
        address={"street": "Weg 1", "postcode": "48431", "city": "Rheine"},
        phone="+49 5971 1",
        topics=["general"],
        hours={d: ["09:00-12:00"] for d in ("mon", "tue", "wed", "thu", "fri")},
        slot_minutes=30,
        capacity=1,
        languages={"de": "all", "ar": ["tue"]},
        min_notice_minutes=120,
        horizon_days=28,
        cancel_cutoff_minutes=60,
        sample=True,
    )
    values.update(changes)
    return values


@pytest.fixture
async def db(tmp_path):
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'b.db'}")
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


async def add_office(db, **changes) -> Office:
    async with db.begin() as conn:
        await office_store.upsert_seed(conn, office(**changes))
        await office_store.link_group(conn, changes.get("id", "test"), -100)
        return await office_store.get(conn, changes.get("id", "test"))


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ).astimezone(UTC)


async def hold(db, user_id, starts_at, now=MONDAY, office_id="test"):
    return await booking.hold(
        db, user_id=user_id, office_id=office_id, starts_at=starts_at, topic="general",
        language="de", name=f"Person {user_id}", now=now, tz=TZ,
    )  # fmt: skip


async def book(db, user_id, starts_at, now=MONDAY):
    held = await hold(db, user_id, starts_at, now)
    return await booking.confirm(db, user_id=user_id, booking_id=held.id, now=now, tz=TZ)


async def taken(db, starts_at) -> int:
    async with db.connect() as conn:
        return (
            await conn.scalar(
                sa.select(slot_load.c.taken).where(slot_load.c.starts_at == starts_at)
            )
        ) or 0


# -- slots ------------------------------------------------------------------------------------


@pytest.mark.parametrize("day", [date(2026, 3, 29), date(2026, 10, 25)])  # DST Sundays
def test_wall_clock_hours_on_dst_days(day):
    sunday_office = Office(
        **office(hours={"sun": ["01:00-04:00", "09:00-10:00"]}), group_chat_id=None, edited_at=None
    )
    starts = [
        s.starts_at.astimezone(TZ).strftime("%H:%M")
        for s in slots.day_slots(sunday_office, day, TZ)
    ]
    assert starts[-2:] == ["09:00", "09:30"]  # the morning is at 09:00 local on either side
    if day.month == 3:  # 02:00-03:00 does not exist that night
        assert "02:00" not in starts and "02:30" not in starts
    utc_nine = [s.starts_at for s in slots.day_slots(sunday_office, day, TZ)][-2]
    assert utc_nine.hour == (7 if day.month == 3 else 8)


def test_monday_before_and_after_the_clock_change_keep_local_hours():
    weekday = Office(**office(), group_chat_id=None, edited_at=None)
    before = slots.day_slots(weekday, date(2026, 3, 27), TZ)[0].starts_at  # Friday, CET
    after = slots.day_slots(weekday, date(2026, 3, 30), TZ)[0].starts_at  # Monday, CEST
    assert (before.hour, after.hour) == (8, 7) and before.astimezone(TZ).hour == after.astimezone(
        TZ
    ).hour == 9


@pytest.mark.parametrize(
    "holiday", [date(2026, 12, 25), date(2026, 12, 28 - 2), date(2027, 1, 1), date(2026, 11, 1 + 0)]
)
def test_no_slots_on_nrw_public_holidays(holiday):
    every_day = Office(
        **office(hours={d: ["09:00-10:00"] for d in slots.WEEKDAYS}),
        group_chat_id=None,
        edited_at=None,
    )
    assert slots.is_public_holiday(holiday)
    assert slots.day_slots(every_day, holiday, TZ) == []
    assert slots.day_slots(every_day, date(2026, 12, 23), TZ)  # an ordinary Wednesday


async def test_notice_horizon_and_closures(db):
    await add_office(db)
    async with db.begin() as conn:
        await office_store.add_closure(
            conn, Closure("test", local(date(2026, 12, 2), 0), local(date(2026, 12, 3), 0), "Krank")
        )
    free = await booking.free_slots(db, "test", now=MONDAY, tz=TZ)
    first = free[0].starts_at.astimezone(TZ)
    assert (first.date(), first.hour) == (date(2026, 11, 30), 10)  # 09:xx is within 2 h notice
    assert all(s.starts_at.astimezone(TZ).date() != date(2026, 12, 2) for s in free)
    assert max(s.starts_at for s in free) <= MONDAY + timedelta(days=28)
    with pytest.raises(NotBookable):
        await hold(db, 1, local(date(2026, 11, 30), 9))  # too soon
    with pytest.raises(NotBookable):
        await hold(db, 1, local(date(2026, 12, 2), 9))  # closed
    with pytest.raises(NotBookable):
        await hold(db, 1, local(date(2026, 12, 1), 9, 10))  # not a slot start


# -- the last place ------------------------------------------------------------------------


@pytest.mark.parametrize("capacity", [1, 3])
async def test_twenty_people_pressing_the_last_places_at_once(db, capacity):
    await add_office(db, capacity=capacity)
    starts = local(date(2026, 12, 1), 10)
    results = await asyncio.gather(
        *(hold(db, uid, starts) for uid in range(1, 21)), return_exceptions=True
    )
    winners = [r for r in results if not isinstance(r, Exception)]
    losers = [r for r in results if isinstance(r, Exception)]
    assert len(winners) == capacity
    assert all(isinstance(e, SlotTaken) for e in losers)
    assert all(
        e.next_free and e.next_free[0].starts_at != starts for e in losers
    )  # other times offered
    assert await taken(db, starts) == capacity


async def test_book_cancel_rebook_the_same_slot(db):
    await add_office(db)
    starts = local(date(2026, 12, 1), 10)
    first = await book(db, 1, starts)
    with pytest.raises(SlotTaken):
        await hold(db, 2, starts)
    await booking.cancel(db, user_id=1, booking_id=first.id, now=MONDAY)
    assert await taken(db, starts) == 0
    second = await book(db, 2, starts)
    assert second.state == "confirmed" and await taken(db, starts) == 1


async def test_hold_expires_and_frees_the_place(db):
    await add_office(db)
    starts = local(date(2026, 12, 1), 10)
    held = await hold(db, 1, starts)
    later = MONDAY + booking.HOLD + timedelta(seconds=1)
    assert any(
        s.starts_at == starts for s in await booking.free_slots(db, "test", now=later, tz=TZ)
    )
    assert await booking.release_expired_holds(db, now=later) == 1
    other = await book(db, 2, starts, now=later)
    assert other.state == "confirmed"
    with pytest.raises(SlotTaken):  # the late confirmation finds the place gone
        await booking.confirm(db, user_id=1, booking_id=held.id, now=later, tz=TZ)


async def test_a_late_confirmation_keeps_a_place_nobody_took(db):
    await add_office(db)
    held = await hold(db, 1, local(date(2026, 12, 1), 10))
    later = MONDAY + booking.HOLD + timedelta(minutes=5)
    confirmed = await booking.confirm(db, user_id=1, booking_id=held.id, now=later, tz=TZ)
    assert confirmed.state == "confirmed" and await taken(db, held.starts_at) == 1


async def test_limits_per_person(db):
    await add_office(db, capacity=5)
    await book(db, 1, local(date(2026, 12, 1), 10))
    with pytest.raises(OverlapsOther):
        await hold(db, 1, local(date(2026, 12, 1), 10))
    await book(db, 1, local(date(2026, 12, 2), 10))
    with pytest.raises(TooManyAppointments):
        await hold(db, 1, local(date(2026, 12, 3), 10))


async def test_someone_elses_booking_cannot_be_cancelled_or_moved(db):
    await add_office(db)
    mine = await book(db, 1, local(date(2026, 12, 1), 10))
    with pytest.raises(NotYourBooking):
        await booking.cancel(db, user_id=2, booking_id=mine.id, now=MONDAY)
    with pytest.raises(NotYourBooking):
        await booking.move(
            db,
            user_id=2,
            booking_id=mine.id,
            starts_at=local(date(2026, 12, 2), 10),
            now=MONDAY,
            tz=TZ,
        )
    with pytest.raises(NotYourBooking):
        await booking.confirm(db, user_id=2, booking_id=mine.id, now=MONDAY, tz=TZ)
    with pytest.raises(NotYourBooking):
        await booking.cancel(db, user_id=1, booking_id=999, now=MONDAY)
    assert (await booking.get_booking(db, mine.id))[0].state == "confirmed"


async def test_cancelling_closes_shortly_before(db):
    await add_office(db)
    mine = await book(db, 1, local(date(2026, 12, 1), 10))
    with pytest.raises(TooLateToChange):
        await booking.cancel(
            db, user_id=1, booking_id=mine.id, now=mine.starts_at - timedelta(minutes=30)
        )


async def test_move_takes_the_new_place_then_frees_the_old(db):
    await add_office(db)
    old = await book(db, 1, local(date(2026, 12, 1), 10))
    new = await booking.move(
        db, user_id=1, booking_id=old.id, starts_at=local(date(2026, 12, 2), 10), now=MONDAY, tz=TZ
    )
    assert (
        new.state == "confirmed"
        and await taken(db, old.starts_at) == 0
        and await taken(db, new.starts_at) == 1
    )
    assert (await booking.get_booking(db, old.id))[0].state == "moved"


async def test_a_move_that_fails_half_way_leaves_the_old_booking(db, monkeypatch):
    await add_office(db)
    old = await book(db, 1, local(date(2026, 12, 1), 10))
    target = local(date(2026, 12, 2), 10)

    async def broken_give_back(*args, **kwargs):
        raise RuntimeError("disk full")  # after the new place was taken and the booking written

    monkeypatch.setattr(booking.slot_load, "give_back", broken_give_back)
    with pytest.raises(RuntimeError):
        await booking.move(db, user_id=1, booking_id=old.id, starts_at=target, now=MONDAY, tz=TZ)
    monkeypatch.undo()
    async with db.connect() as conn:
        states = [(r.id, r.state) for r in await conn.execute(sa.select(bookings))]
    assert states == [(old.id, "confirmed")]  # never neither, never both
    assert await taken(db, old.starts_at) == 1 and await taken(db, target) == 0


async def test_a_move_to_a_full_slot_keeps_the_old_booking(db):
    await add_office(db)
    old = await book(db, 1, local(date(2026, 12, 1), 10))
    full = local(date(2026, 12, 2), 10)
    await book(db, 2, full)
    with pytest.raises(SlotTaken):
        await booking.move(db, user_id=1, booking_id=old.id, starts_at=full, now=MONDAY, tz=TZ)
    assert (await booking.get_booking(db, old.id))[0].state == "confirmed"


# -- reminders ------------------------------------------------------------------------------


def test_reminders_24h_and_2h_before_in_local_time():
    starts = local(date(2026, 12, 2), 14)
    planned = dict(reminder_times(starts, now=MONDAY, tz=TZ))
    assert planned["24h"].astimezone(TZ).strftime("%a %H:%M") == "Tue 14:00"
    assert planned["2h"].astimezone(TZ).strftime("%a %H:%M") == "Wed 12:00"


@pytest.mark.parametrize(
    ("day", "utc_hours"), [(date(2026, 10, 25), (12, 11)), (date(2026, 3, 29), (13, 10))]
)
def test_reminders_across_the_clock_change(day, utc_hours):
    starts = local(day, 14)  # 14:00 on the Sunday the clocks change
    planned = dict(reminder_times(starts, now=datetime(2026, 1, 1, tzinfo=UTC), tz=TZ))
    # the day before at the same local time (not 24 real hours, which would be 15:00 or 13:00)
    assert planned["24h"].astimezone(TZ).strftime("%a %H:%M") == "Sat 14:00"
    assert planned["2h"].astimezone(TZ).strftime("%a %H:%M") == "Sun 12:00"
    assert (planned["24h"].hour, planned["2h"].hour) == utc_hours


def test_no_reminders_at_night_they_move_to_the_evening_before():
    starts = local(date(2026, 12, 2), 9)  # 2 h before is 07:00: quiet
    planned = dict(reminder_times(starts, now=MONDAY, tz=TZ))
    assert planned["2h"].astimezone(TZ).strftime("%a %H:%M") == "Tue 20:30"
    late = local(date(2026, 12, 3), 22, 30)  # evening appointment: 24 h before is 22:30
    planned = dict(reminder_times(late, now=MONDAY, tz=TZ))
    assert planned["24h"].astimezone(TZ).strftime("%a %H:%M") == "Wed 20:30"


def test_a_late_booking_gets_its_night_reminder_in_the_morning():
    starts = local(date(2026, 12, 2), 9, 30)
    now = local(date(2026, 12, 1), 22)  # booked at 22:00 for tomorrow 09:30
    planned = dict(reminder_times(starts, now=now, tz=TZ))
    assert set(planned) == {"2h"} and planned["2h"].astimezone(TZ).strftime("%H:%M") == "08:00"


async def test_confirming_plans_reminders_and_a_staff_notice_cancel_skips_them(db):
    await add_office(db)
    mine = await book(db, 1, local(date(2026, 12, 2), 10))
    async with db.connect() as conn:
        rows = (
            await conn.execute(sa.select(outbox.c.kind, outbox.c.chat_id, outbox.c.state))
        ).all()
    assert sorted(rows) == [
        ("reminder", 1, "pending"),
        ("reminder", 1, "pending"),
        ("staff_notice", -100, "pending"),
    ]
    await booking.cancel(db, user_id=1, booking_id=mine.id, now=MONDAY)
    async with db.connect() as conn:
        rows = (await conn.execute(sa.select(outbox.c.kind, outbox.c.state))).all()
    assert sorted(rows) == [
        ("reminder", "skipped"),
        ("reminder", "skipped"),
        ("staff_notice", "pending"),
        ("staff_notice", "pending"),
    ]


async def test_retention_erases_names_of_old_appointments_but_keeps_the_counts(db):
    from bot.services import staff

    await add_office(db)
    async with db.begin() as conn:
        await office_store.add_staff(conn, 1, "test")
    old = await book(db, 2, local(date(2026, 12, 1), 10))
    recent = await book(db, 3, local(date(2026, 12, 2), 10))
    later = old.ends_at + staff.RETENTION + timedelta(hours=1)
    assert later < recent.ends_at + staff.RETENTION
    assert await staff.erase_old_personal_data(db, now=later) == 1
    async with db.connect() as conn:
        found = {r.id: (r.name, r.user_id) for r in await conn.execute(sa.select(bookings))}
    assert found[old.id] == (None, None) and found[recent.id] == ("Person 3", 3)
    figures = await staff.figures(db, user_id=1, now=local(date(2026, 12, 15), 12), tz=TZ)
    assert figures[0].booked == 2  # the anonymous rows still count


async def test_going_back_and_choosing_again_drops_the_earlier_hold(db):
    await add_office(db, capacity=1)
    first_choice = local(date(2026, 12, 1), 10)
    await hold(db, 1, first_choice)
    await hold(db, 1, local(date(2026, 12, 1), 10, 30))  # went back, chose another time
    again = await hold(db, 1, first_choice)  # and back to the first: it is free for them
    assert again.state == "held" and await taken(db, first_choice) == 1
    for minute in (0, 30):  # a third and fourth try are not blocked by drafts
        await hold(db, 1, local(date(2026, 12, 2), 10, minute))
    async with db.connect() as conn:
        assert (await conn.scalar(sa.select(sa.func.count()).select_from(bookings))) == 1
        assert (await conn.scalar(sa.select(sa.func.sum(slot_load.c.taken)))) == 1
