"""Courses: the catalogue, the matching answers, registration with seats counted in one
transaction, the waiting list (a freed seat is offered for 48 hours, then passes on), the
coordinators' decisions, and "tell me when a matching course opens".

Coordinators hear of registrations through the outbox; newcomers hear of decisions and
offers through the outbox, in their language."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.services.errors import CourseClosed, NotYourBooking
from bot.services.matching import Course, Match, Profile, Session, rank
from bot.storage import courses as store
from bot.storage import outbox
from bot.storage.courses import Registration

OFFER_TIME = timedelta(hours=48)
BERLIN = ZoneInfo("Europe/Berlin")
SEED_FIELDS = (
    "title", "provider", "place", "target", "level", "schedule", "childcare", "mirror",
    "joining", "starts", "ends", "capacity", "minimum", "taken", "status",
    "teacher_languages", "notes", "sample",
)  # fmt: skip


def to_course(row: dict[str, Any]) -> Course:
    childcare = row.get("childcare") or {}
    return Course(
        id=row["id"],
        title=row["title"],
        provider=row["provider"],
        place=row["place"],
        target=row["target"],
        level=row["level"],
        sessions=tuple(
            Session(s["day"], time.fromisoformat(s["start"]), time.fromisoformat(s["end"]))
            for s in row["schedule"]
        ),
        childcare_ages=tuple(tuple(r) for r in childcare.get("ages", [])),
        childcare_seats=int(childcare.get("seats", 0)),
        mirror=row.get("mirror"),
        joining=row["joining"],
        starts=row["starts"],
        ends=row["ends"],
        capacity=row["capacity"],
        taken=row["taken"],
        status=row["status"],
        teacher_languages=tuple(row.get("teacher_languages") or ()),
        notes=row.get("notes") or {},
        sample=bool(row.get("sample")),
        registration_open=bool(row.get("registration_open", True)),
    )


async def seed(db: AsyncEngine, path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    entries = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("courses") or []
    outcome = {}
    async with db.begin() as conn:
        for entry in entries:
            values = {"id": entry["id"], **{f: entry.get(f) for f in SEED_FIELDS}}
            values["sample"] = bool(values["sample"])
            values["starts"], values["ends"] = _date(values["starts"]), _date(values["ends"])
            outcome[entry["id"]] = await store.upsert_seed(conn, values)
    return outcome


def _date(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


async def catalogue(db: AsyncEngine) -> list[Course]:
    async with db.connect() as conn:
        return [to_course(r) for r in await store.all_rows(conn)]


async def get_course(db: AsyncEngine, course_id: str) -> Course | None:
    async with db.connect() as conn:
        row = await store.get_row(conn, course_id)
    return to_course(row) if row else None


# -- answers and matching -----------------------------------------------------------------------
async def answers(db: AsyncEngine, user_id: int) -> dict[str, Any]:
    async with db.connect() as conn:
        return await store.get_answers(conn, user_id)


async def answer(
    db: AsyncEngine, user_id: int, key: str, value: Any, *, now: datetime
) -> dict[str, Any]:
    """Store one answer (None: skipped) and return all answers so far."""
    async with db.begin() as conn:
        current = await store.get_answers(conn, user_id)
        current[key] = value
        await store.put_answers(conn, user_id, current, now=now)
        return current


async def forget_answers(db: AsyncEngine, user_id: int, *, now: datetime) -> None:
    async with db.begin() as conn:
        await store.put_answers(conn, user_id, {}, now=now)


def profile_of(answers: dict[str, Any]) -> Profile:
    """The matching profile from stored answers (JSON-friendly values)."""
    parts = answers.get("parts")
    return Profile(
        reads_latin=answers.get("reads_latin"),
        reads_own_script=answers.get("reads_own_script"),
        level=answers.get("level"),
        child_ages=tuple(answers.get("child_ages") or ()),
        parts=frozenset(parts) if parts else None,
        shift=answers.get("shift"),
        district=answers.get("district"),
        women_only=answers.get("women_only"),
        integration_parts=frozenset(answers.get("integration_parts") or ()),
    )


async def find(db: AsyncEngine, user_id: int, *, today: date, now: datetime) -> list[Match]:
    """The best courses for the user's answers; a search without an exact match is counted,
    without the user, for the coordinators' demand report."""
    async with db.begin() as conn:
        given = await store.get_answers(conn, user_id)
        found = rank(
            [to_course(r) for r in await store.all_rows(conn)], profile_of(given), today=today
        )
        if not any(m.exact for m in found):
            await store.add_demand(conn, _anonymous(given), now=now)
        return found


def _anonymous(given: dict[str, Any]) -> dict[str, Any]:
    """The answers that describe a need, nothing that identifies a person."""
    keys = ("reads_latin", "level", "child_ages", "parts", "shift", "district", "women_only")
    return {k: given.get(k) for k in keys}


async def watch(db: AsyncEngine, user_id: int, *, now: datetime) -> None:
    async with db.begin() as conn:
        await store.put_watch(conn, user_id, await store.get_answers(conn, user_id), now=now)


async def demand_report(
    db: AsyncEngine, *, now: datetime, days: int = 7
) -> list[tuple[int, dict[str, Any]]]:
    """Needs that found nothing, grouped: (how many people, the need), most first."""
    async with db.connect() as conn:
        needs = await store.demand_since(conn, now - timedelta(days=days))
    counted = Counter(yaml.safe_dump(n, sort_keys=True) for n in needs)
    return [(count, yaml.safe_load(need)) for need, count in counted.most_common()]


# -- registration ------------------------------------------------------------------------------
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
            (r, to_course(await store.get_row(conn, r.course_id)))
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
            await _seat_freed(conn, mine.course_id, now=now)
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
            await _seat_freed(conn, before.course_id, now=now, skip=registration_id)
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
                await _seat_freed(conn, offer.course_id, now=now)
                passed += 1
    return passed


async def _seat_freed(
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
        return found, to_course(await store.get_row(conn, found.course_id))


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
            await _seat_freed(conn, mine.course_id, now=now)
    await store.anonymise_user(conn, user_id)


# -- the questions ------------------------------------------------------------------------------
# At most seven, buttons only, each skippable (a skipped answer is stored as None).
QUESTIONS = (
    "reads_latin",
    "reads_own_script",
    "level",
    "child_ages",
    "parts",
    "district",
    "women_only",
    "integration_parts",
)


def next_question(given: dict[str, Any]) -> str | None:
    """The first question not yet answered; a follow-up only where it applies."""
    for key in QUESTIONS:
        if key in given:
            continue
        if key == "reads_own_script" and given.get("reads_latin") is not False:
            continue  # only asked of someone who cannot read Latin letters yet
        if key == "level" and given.get("reads_latin") is False:
            continue  # a reading course comes first; the German level does not narrow it
        return key
    return None


# -- coordinators -------------------------------------------------------------------------------
async def set_registration_open(
    db: AsyncEngine, course_id: str, is_open: bool, *, now: datetime, today: date
) -> Course:
    """Open or close registration; opening tells the people waiting for such a course."""
    async with db.begin() as conn:
        if await store.get_row(conn, course_id) is None:
            raise CourseClosed()
        await store.set_course(conn, course_id, now=now, registration_open=is_open)
        course = to_course(await store.get_row(conn, course_id))
        if is_open:
            await _tell_watchers(conn, course, now=now, today=today)
        return course


async def change_capacity(
    db: AsyncEngine, course_id: str, delta: int, *, now: datetime, today: date
) -> Course:
    """More or fewer seats (never below the seats taken); new seats go to the waiting list first."""
    async with db.begin() as conn:
        row = await store.get_row(conn, course_id)
        if row is None:
            raise CourseClosed()
        capacity = max(row["capacity"] + delta, row["taken"], 1)
        await store.set_course(conn, course_id, now=now, capacity=capacity)
        for _ in range(capacity - row["capacity"]):
            if not await store.take_seat(conn, course_id):
                break
            await _seat_freed(conn, course_id, now=now)  # offers it, or gives it back
        course = to_course(await store.get_row(conn, course_id))
        if course.free_seats:
            await _tell_watchers(conn, course, now=now, today=today)
        return course


async def _tell_watchers(
    conn: AsyncConnection, course: Course, *, now: datetime, today: date
) -> None:
    """Everyone whose saved answers this course now fits gets one message; their watch ends."""
    for user_id, given in await store.all_watches(conn):
        found = rank([course], profile_of(given), today=today)
        if found and found[0].exact:
            await outbox.add(
                conn,
                chat_id=user_id,
                kind="course_opened",
                payload={"course_id": course.id},
                due_at=now,
                now=now,
                dedupe_key=f"opened:{user_id}:{course.id}",
            )
            await store.drop_watch(conn, user_id)


async def cancel_lesson(db: AsyncEngine, course_id: str, day: date, *, now: datetime) -> int:
    """A lesson does not take place (teacher ill, holiday): everyone registered is told."""
    async with db.begin() as conn:
        if await store.get_row(conn, course_id) is None:
            raise CourseClosed()
        told = 0
        for registration in await store.registrations_of_course(
            conn, course_id, states=("pending", "accepted")
        ):
            if registration.user_id is None:
                continue
            await outbox.add(
                conn,
                chat_id=registration.user_id,
                kind="lesson_cancelled",
                payload={"course_id": course_id, "day": day.isoformat()},
                due_at=now,
                now=now,
                dedupe_key=f"nolesson:{registration.id}:{day.isoformat()}",
            )
            told += 1
        return told


async def overview(db: AsyncEngine) -> list[tuple[Course, int]]:
    """Every course with the number of people waiting, for the coordinators."""
    async with db.connect() as conn:
        result = []
        for row in await store.all_rows(conn):
            waiting = await store.registrations_of_course(
                conn, row["id"], states=("waiting", "offered")
            )
            result.append((to_course(row), len(waiting)))
        return result


# -- messages that go out on their own ----------------------------------------------------------
START_REMINDER_AT = time(17, 0)


async def plan_weekly(
    db: AsyncEngine, *, now: datetime, tz: ZoneInfo, coordinators_chat: int | None
) -> int:
    """Sunday: ask shift workers in a course with a twin group which shift they work this
    week, and queue the coordinators' demand report (once per week each)."""
    week = now.astimezone(tz).strftime("%G-W%V")
    planned = 0
    async with db.begin() as conn:
        if coordinators_chat is not None:
            added = await outbox.add(
                conn,
                chat_id=coordinators_chat,
                kind="demand_report",
                payload={},
                due_at=now,
                now=now,
                dedupe_key=f"demand:{week}",
            )
            planned += added is not None
        for row in await store.all_rows(conn):
            if not row.get("mirror"):
                continue
            for registration in await store.registrations_of_course(
                conn, row["id"], states=("pending", "accepted")
            ):
                if registration.user_id is None:
                    continue
                given = await store.get_answers(conn, registration.user_id)
                if given.get("shift") != "alternating":
                    continue
                added = await outbox.add(
                    conn,
                    chat_id=registration.user_id,
                    kind="shift_question",
                    payload={"registration_id": registration.id},
                    due_at=now,
                    now=now,
                    dedupe_key=f"shift:{registration.id}:{week}",
                )
                planned += added is not None
    return planned


async def group_for_shift(
    db: AsyncEngine, *, user_id: int, registration_id: int, shift: str
) -> Course:
    """The group to go to this week: after an early shift the later group, else the morning one."""
    found = await get_registration(db, registration_id)
    if found is None or found[0].user_id != user_id or shift not in ("e", "l"):
        raise NotYourBooking()
    course = found[1]
    twin = await get_course(db, course.mirror) if course.mirror else None
    groups = [g for g in (course, twin) if g is not None]
    wants_morning = shift == "l"  # a late shift leaves the morning free
    return next((g for g in groups if (g.sessions[0].part == "morning") == wants_morning), course)


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
