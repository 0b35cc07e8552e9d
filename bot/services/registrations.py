"""Registration: a seat counted in one transaction (or a waiting-list place), the
coordinators' decision, withdrawal, the waiting list (a freed seat is offered for 48 hours,
then passes on), the reminder before the start, and the weekly shift-group answer."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.services.errors import CourseClosed, NotYourBooking
from bot.services.matching import Course, course_from_row
from bot.storage import courses as store
from bot.storage import outbox
from bot.storage.courses import Registration

OFFER_TIME = timedelta(hours=48)


BERLIN = ZoneInfo("Europe/Berlin")


START_REMINDER_AT = time(17, 0)


async def register(
    db: AsyncEngine,
    *,
    user_id: int,
    course_id: str,
    name: str,
    child_ages: list[int],
    language: str,
    now: datetime,
    coordinators_chat: int | None,
    phone: str | None = None,
) -> Registration:
    """A seat if one is free (pending the coordinators' yes), else a waiting-list place."""
    async with db.begin() as conn:
        row = await store.get_row(conn, course_id)
        if row is None or not row["registration_open"] or row["status"] == "finished":
            raise CourseClosed()
        for mine in await store.registrations_of_user(conn, user_id):
            if mine.course_id == course_id and mine.state in (
                "pending",
                "accepted",
                "waiting",
                "offered",
            ):
                return mine  # pressed twice: the first registration stands
        state = "pending" if await store.take_seat(conn, course_id) else "waiting"
        registration = await store.add_registration(
            conn,
            course_id=course_id,
            user_id=user_id,
            name=name[:80],
            child_ages=child_ages,
            language=language,
            phone=phone[:32] if phone else None,
            state=state,
            offer_expires_at=None,
            created_at=now,
            updated_at=now,
        )
        if coordinators_chat is not None:
            await outbox.add(
                conn,
                chat_id=coordinators_chat,
                kind="course_registration",
                payload={"registration_id": registration.id},
                due_at=now,
                now=now,
            )
        return registration


async def my_registrations(db: AsyncEngine, user_id: int) -> list[tuple[Registration, Course]]:
    async with db.connect() as conn:
        found = await store.registrations_of_user(conn, user_id)
        return [
            (r, course_from_row(await store.get_row(conn, r.course_id)))
            for r in found
            if r.state in ("pending", "accepted", "waiting", "offered")
        ]


async def withdraw(
    db: AsyncEngine, *, user_id: int, registration_id: int, now: datetime
) -> Registration:
    """The user withdraws; a seat they held goes to the first on the waiting list."""
    async with db.begin() as conn:
        mine = await store.get_registration(conn, registration_id)
        if mine is None or mine.user_id != user_id:
            raise NotYourBooking()
        done = await store.set_registration(
            conn,
            registration_id,
            from_states=("pending", "accepted", "waiting", "offered"),
            now=now,
            state="withdrawn",
        )
        if done is None:
            raise NotYourBooking()
        if mine.state in ("pending", "accepted", "offered"):
            await seat_freed(conn, mine.course_id, now=now)
        return done


async def decide(
    db: AsyncEngine, *, registration_id: int, decision: str, now: datetime, tz: ZoneInfo = BERLIN
) -> Registration:
    """The coordinators' answer: accept, waiting list or decline; the person is told."""
    new_state = {"accept": "accepted", "wait": "waiting", "decline": "declined"}[decision]
    async with db.begin() as conn:
        before = await store.get_registration(conn, registration_id)
        if before is None:
            raise NotYourBooking()
        allowed = {
            "accepted": ("pending",),
            "waiting": ("pending",),
            "declined": ("pending", "waiting"),
        }
        done = await store.set_registration(
            conn, registration_id, from_states=allowed[new_state], now=now, state=new_state
        )
        if done is None:
            raise NotYourBooking()  # decided already (another coordinator, or withdrawn)
        if before.state == "pending" and new_state in ("waiting", "declined"):
            await seat_freed(conn, before.course_id, now=now, skip=registration_id)
        await _tell(conn, done, "outcome", now=now)
        if new_state == "accepted":
            await _plan_start_reminder(conn, done, now=now, tz=tz)
        return done


async def accept_offer(
    db: AsyncEngine, *, user_id: int, registration_id: int, now: datetime
) -> Registration:
    """The offered seat, taken within 48 hours: the registration is pending again."""
    async with db.begin() as conn:
        mine = await store.get_registration(conn, registration_id)
        if (
            mine is None
            or mine.user_id != user_id
            or mine.state != "offered"
            or (mine.offer_expires_at or now) <= now
        ):
            raise NotYourBooking()
        done = await store.set_registration(
            conn,
            registration_id,
            from_states=("offered",),
            now=now,
            state="pending",
            offer_expires_at=None,
        )
        if done is None:
            raise NotYourBooking()
        return done


async def pass_on_expired_offers(db: AsyncEngine, *, now: datetime) -> int:
    """Offers not taken in 48 hours lapse; their seat goes to the next person waiting."""
    passed = 0
    async with db.begin() as conn:
        for offer in await store.expired_offers(conn, now=now):
            if await store.set_registration(
                conn, offer.id, from_states=("offered",), now=now, state="lapsed"
            ):
                await seat_freed(conn, offer.course_id, now=now)
                passed += 1
    return passed


async def seat_freed(
    conn: AsyncConnection,
    course_id: str,
    *,
    now: datetime,
    skip: int | None = None,
) -> None:
    """A seat is free: offer it to the first person waiting (held for them for 48 hours),
    not to `skip`, whom the coordinators just put on the waiting list."""
    waiting = await store.first_waiting(conn, course_id, besides=skip)
    if waiting is None:
        await store.give_seat(conn, course_id)
        return
    offered = await store.set_registration(
        conn,
        waiting.id,
        from_states=("waiting",),
        now=now,
        state="offered",
        offer_expires_at=now + OFFER_TIME,
    )
    if offered is not None:
        await _tell(conn, offered, "offer", now=now)  # the seat stays taken, now for them
    else:
        await store.give_seat(conn, course_id)


async def _tell(
    conn: AsyncConnection, registration: Registration, what: str, *, now: datetime
) -> None:
    if registration.user_id is not None:
        await outbox.add(
            conn,
            chat_id=registration.user_id,
            kind=f"registration_{what}",
            payload={"registration_id": registration.id},
            due_at=now,
            now=now,
            dedupe_key=f"reg:{registration.id}:{what}:{registration.state}:{now.timestamp():.0f}",
        )


async def get_registration(
    db: AsyncEngine, registration_id: int
) -> tuple[Registration, Course] | None:
    async with db.connect() as conn:
        found = await store.get_registration(conn, registration_id)
        if found is None:
            return None
        return found, course_from_row(await store.get_row(conn, found.course_id))


async def forget_user(conn: AsyncConnection, user_id: int, *, now: datetime) -> None:
    """/delete: open registrations are withdrawn (seats passed on); names are erased."""
    for mine in await store.registrations_of_user(conn, user_id):
        done = await store.set_registration(
            conn,
            mine.id,
            from_states=("pending", "accepted", "waiting", "offered"),
            now=now,
            state="withdrawn",
        )
        if done is not None and mine.state in ("pending", "accepted", "offered"):
            await seat_freed(conn, mine.course_id, now=now)
    await store.anonymise_user(conn, user_id)


async def _plan_start_reminder(
    conn: AsyncConnection, registration: Registration, *, now: datetime, tz
) -> None:
    row = await store.get_row(conn, registration.course_id)
    due = datetime.combine(row["starts"] - timedelta(days=1), START_REMINDER_AT, tz)
    if registration.user_id is not None and due > now:
        await outbox.add(
            conn,
            chat_id=registration.user_id,
            kind="course_start",
            payload={"registration_id": registration.id},
            due_at=due,
            now=now,
            dedupe_key=f"start:{registration.id}",
        )


async def group_for_shift(
    db: AsyncEngine, *, user_id: int, registration_id: int, shift: str
) -> Course:
    """The group to go to this week: after an early shift the later group, else the morning one."""
    found = await get_registration(db, registration_id)
    if found is None or found[0].user_id != user_id or shift not in ("e", "l"):
        raise NotYourBooking()
    course = found[1]
    twin = None
    if course.mirror:
        async with db.connect() as conn:
            row = await store.get_row(conn, course.mirror)
        twin = course_from_row(row) if row else None
    groups = [g for g in (course, twin) if g is not None]
    wants_morning = shift == "l"  # a late shift leaves the morning free
    return next((g for g in groups if (g.sessions[0].part == "morning") == wants_morning), course)


LESSON_REMINDER_AT = time(17, 0)


async def want_lesson_reminders(
    db: AsyncEngine, *, user_id: int, registration_id: int, wanted: bool
) -> None:
    async with db.begin() as conn:
        if not await store.set_lesson_reminders(conn, registration_id, user_id, wanted):
            raise NotYourBooking()


async def plan_lesson_reminders(db: AsyncEngine, *, now: datetime, tz: ZoneInfo) -> int:
    """Daily: a reminder at 17:00 the day before each lesson, for those who asked for it."""
    tomorrow = now.astimezone(tz).date() + timedelta(days=1)
    weekday = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")[tomorrow.weekday()]
    planned = 0
    async with db.begin() as conn:
        for registration in await store.wanting_lesson_reminders(conn):
            row = await store.get_row(conn, registration.course_id)
            lesson_tomorrow = row["starts"] <= tomorrow <= row["ends"] and any(
                s["day"] == weekday for s in row["schedule"]
            )
            if not lesson_tomorrow or await store.lesson_cancelled(conn, row["id"], tomorrow):
                continue
            added = await outbox.add(
                conn,
                chat_id=registration.user_id,
                kind="lesson_reminder",
                payload={"registration_id": registration.id, "day": tomorrow.isoformat()},
                due_at=max(
                    datetime.combine(tomorrow - timedelta(days=1), LESSON_REMINDER_AT, tz), now
                ),
                now=now,
                dedupe_key=f"lesson:{registration.id}:{tomorrow.isoformat()}",
            )
            planned += added is not None
    return planned
