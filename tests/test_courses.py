"""Course matching on the sample data with written-down personas, seats counted in one
transaction, the waiting list and its 48-hour offers."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from bot.config import CONTENT_DIR
from bot.services import course_search, courses, registrations
from bot.services.errors import NotYourBooking
from bot.services.matching import Profile, rank
from bot.storage.db import create_engine, migrate
from bot.storage.tables import course_demand, outbox, users

TODAY = date(2026, 11, 25)
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


@pytest.fixture
async def db(tmp_path):
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'c.db'}")
    await migrate(engine)
    await courses.seed(engine, CONTENT_DIR / "courses.yaml")
    async with engine.begin() as conn:
        for uid in range(1, 41):
            await conn.execute(
                sa.insert(users).values(
                    id=uid, language="fa", language_confirmed=True, created_at=NOW
                )
            )
    yield engine
    await engine.dispose()


PERSONAS = {
    # a mother of a 2-year-old in Dorenkamp, free in the mornings, speaks a little German
    "mother": (
        Profile(
            reads_latin=True,
            level="a1",
            child_ages=(2,),
            parts=frozenset({"morning"}),
            district="Dorenkamp",
        ),
        "kita-sonne-a1",
    ),
    # works alternating early and late shifts: a course with a twin group at the other time
    "shift worker": (Profile(reads_latin=True, level="a1", shift="alternating"), "vhs-a1-morgen"),
    # an apprentice, free only after 17:00, A2
    "apprentice": (
        Profile(reads_latin=True, level="a2", parts=frozenset({"evening"})),
        "azubi-a2-abend",
    ),
    # reads Arabic script, not yet Latin letters
    "literacy": (
        Profile(reads_latin=False, reads_own_script=True, parts=frozenset({"morning"})),
        "alpha-latein",
    ),
    # cannot read or write yet, free in the mornings
    "first letters": (
        Profile(reads_latin=False, reads_own_script=False, parts=frozenset({"morning"})),
        "alpha-schott",
    ),
}


@pytest.mark.parametrize("persona", list(PERSONAS))
async def test_personas_get_the_course_written_down_for_them(db, persona):
    profile, expected = PERSONAS[persona]
    found = rank(await courses.catalogue(db), profile, today=TODAY)
    assert found[0].course.id == expected and found[0].exact, [
        (m.course.id, m.misses) for m in found
    ]


async def test_hard_rules_never_break(db):
    catalogue = await courses.catalogue(db)
    mother = PERSONAS["mother"][0]
    for match in rank(catalogue, mother, today=TODAY, limit=50):
        if match.exact:
            assert any(lo <= 2 <= hi for lo, hi in match.course.childcare_ages)
        assert match.course.target != "women"  # she did not ask for a women-only course
        assert match.course.level not in ("alpha", "alpha-other")
        assert match.course.status != "finished"
    women = rank(catalogue, Profile(women_only=True, level="a2"), today=TODAY, limit=50)
    assert any(m.course.target == "women" for m in women)
    clash = Profile(
        level="a1", parts=frozenset({"morning"}), integration_parts=frozenset({"morning"})
    )
    assert not any(
        m.exact and m.course.sessions[0].part == "morning"
        for m in rank(catalogue, clash, today=TODAY)
    )


async def test_nothing_fits_shows_alternatives_and_counts_the_need_anonymously(db):
    await course_search.answer(db, 7, "reads_latin", True, now=NOW)
    for key, value in (("level", "b1"), ("child_ages", [2]), ("parts", ["evening"])):
        await course_search.answer(db, 7, key, value, now=NOW)
    found = await course_search.find(db, 7, today=TODAY, now=NOW)
    assert found and not any(m.exact for m in found)
    assert ("no_childcare", (2,)) in found[0].misses
    async with db.connect() as conn:
        [need] = (await conn.execute(sa.select(course_demand))).all()
    assert need.answers["level"] == "b1" and "7" not in repr(tuple(need))
    report = await course_search.demand_report(db, now=NOW + timedelta(days=1))
    assert report[0][0] == 1 and report[0][1]["child_ages"] == [2]


async def test_two_people_pressing_the_last_seat_get_one_seat_and_one_waiting_place(db):
    course = await courses.get_course(db, "schule-linde-a2")  # 11 of 12 taken
    assert course.free_seats == 1
    results = await asyncio.gather(
        *(registrations.register(db, user_id=uid, course_id=course.id, name=f"P{uid}", child_ages=[], language="fa",
                           now=NOW, coordinators_chat=-5) for uid in (1, 2))
    )  # fmt: skip
    assert sorted(r.state for r in results) == ["pending", "waiting"]
    assert (await courses.get_course(db, course.id)).taken == 12  # never over capacity


async def test_a_freed_seat_is_offered_for_48_hours_then_passes_on(db):
    full = "frauen-inn-a2"  # 12 of 12
    first = await registrations.register(
        db,
        user_id=1,
        course_id=full,
        name="A",
        child_ages=[],
        language="fa",
        now=NOW,
        coordinators_chat=None,
    )
    second = await registrations.register(
        db,
        user_id=2,
        course_id=full,
        name="B",
        child_ages=[],
        language="ar",
        now=NOW + timedelta(minutes=1),
        coordinators_chat=None,
    )
    assert (first.state, second.state) == ("waiting", "waiting")
    holder = await registrations.register(
        db,
        user_id=3,
        course_id="frauen-sa-b1",
        name="C",
        child_ages=[],
        language="de",
        now=NOW,
        coordinators_chat=None,
    )
    assert holder.state == "pending"
    # someone with a seat in the full course leaves (a seat taken outside Lotse is freed by a decline)
    async with db.begin() as conn:
        await registrations.seat_freed(conn, full, now=NOW)
    offered = (await registrations.get_registration(db, first.id))[0]
    assert offered.state == "offered" and offered.offer_expires_at == NOW + timedelta(hours=48)
    assert (await courses.get_course(db, full)).taken == 12  # the seat is kept for her
    assert await registrations.pass_on_expired_offers(db, now=NOW + timedelta(hours=47)) == 0
    assert await registrations.pass_on_expired_offers(db, now=NOW + timedelta(hours=49)) == 1
    assert (await registrations.get_registration(db, first.id))[0].state == "lapsed"
    assert (await registrations.get_registration(db, second.id))[0].state == "offered"
    taken = await registrations.accept_offer(
        db, user_id=2, registration_id=second.id, now=NOW + timedelta(hours=50)
    )
    assert taken.state == "pending"
    async with db.connect() as conn:
        kinds = sorted(r.kind for r in await conn.execute(sa.select(outbox.c.kind)))
    assert kinds == ["registration_offer", "registration_offer"]


async def test_withdrawing_frees_the_seat_and_someone_elses_id_is_refused(db):

    mine = await registrations.register(
        db,
        user_id=4,
        course_id="vhs-a1-abend",
        name="D",
        child_ages=[],
        language="fa",
        now=NOW,
        coordinators_chat=None,
    )
    before = (await courses.get_course(db, "vhs-a1-abend")).taken
    with pytest.raises(NotYourBooking):
        await registrations.withdraw(db, user_id=5, registration_id=mine.id, now=NOW)
    await registrations.withdraw(db, user_id=4, registration_id=mine.id, now=NOW)
    assert (await courses.get_course(db, "vhs-a1-abend")).taken == before - 1


async def test_reminders_before_each_lesson_only_for_those_who_asked(db):
    from zoneinfo import ZoneInfo

    tz = ZoneInfo("Europe/Berlin")
    mine = await registrations.register(
        db,
        user_id=8,
        course_id="vhs-a1-abend",
        name="E",
        child_ages=[],
        language="fa",
        now=NOW,
        coordinators_chat=None,
    )
    other = await registrations.register(
        db,
        user_id=9,
        course_id="vhs-a1-abend",
        name="F",
        child_ages=[],
        language="fa",
        now=NOW,
        coordinators_chat=None,
    )
    for registration in (mine, other):
        await registrations.decide(db, registration_id=registration.id, decision="accept", now=NOW)
    await registrations.want_lesson_reminders(db, user_id=8, registration_id=mine.id, wanted=True)
    sunday = datetime(2026, 11, 29, 11, 0, tzinfo=UTC)  # vhs-a1-abend meets on Mondays
    assert await registrations.plan_lesson_reminders(db, now=sunday, tz=tz) == 1
    assert await registrations.plan_lesson_reminders(db, now=sunday, tz=tz) == 0  # once
    monday = datetime(2026, 11, 30, 11, 0, tzinfo=UTC)  # no lesson on Tuesday
    assert await registrations.plan_lesson_reminders(db, now=monday, tz=tz) == 0
    async with db.connect() as conn:
        [row] = (
            await conn.execute(sa.select(outbox).where(outbox.c.kind == "lesson_reminder"))
        ).all()
    assert row.chat_id == 8 and row.due_at == datetime(2026, 11, 29, 16, 0, tzinfo=UTC)  # 17:00
    with pytest.raises(NotYourBooking):  # someone else's registration
        await registrations.want_lesson_reminders(
            db, user_id=9, registration_id=mine.id, wanted=False
        )
    await courses.cancel_lesson(db, "vhs-a1-abend", date(2026, 12, 7), now=NOW)
    next_sunday = datetime(2026, 12, 6, 11, 0, tzinfo=UTC)
    assert await registrations.plan_lesson_reminders(db, now=next_sunday, tz=tz) == 0
    assert not await courses.lesson_takes_place(db, "vhs-a1-abend", date(2026, 12, 7))
