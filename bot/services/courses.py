"""The course catalogue: seeded from content/courses.yaml, then managed by coordinators
(registration open or closed, seats, cancelled lessons); people waiting for a fitting course
are told once when one opens; the weekly shift questions and demand report are planned here."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.services import course_search, registrations
from bot.services.errors import CourseClosed
from bot.services.matching import Course, course_from_row, rank
from bot.storage import courses as store
from bot.storage import outbox

SEED_FIELDS = (
    "title", "provider", "place", "target", "level", "schedule", "childcare", "mirror",
    "joining", "starts", "ends", "capacity", "minimum", "taken", "status",
    "teacher_languages", "notes", "sample",
)  # fmt: skip


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
        return [course_from_row(r) for r in await store.all_rows(conn)]


async def get_course(db: AsyncEngine, course_id: str) -> Course | None:
    async with db.connect() as conn:
        row = await store.get_row(conn, course_id)
    return course_from_row(row) if row else None


async def set_registration_open(
    db: AsyncEngine, course_id: str, is_open: bool, *, now: datetime, today: date
) -> Course:
    """Open or close registration; opening tells the people waiting for such a course."""
    async with db.begin() as conn:
        if await store.get_row(conn, course_id) is None:
            raise CourseClosed()
        await store.set_course(conn, course_id, now=now, registration_open=is_open)
        course = course_from_row(await store.get_row(conn, course_id))
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
            await registrations.seat_freed(conn, course_id, now=now)  # offers it, or gives it back
        course = course_from_row(await store.get_row(conn, course_id))
        if course.free_seats:
            await _tell_watchers(conn, course, now=now, today=today)
        return course


async def _tell_watchers(
    conn: AsyncConnection, course: Course, *, now: datetime, today: date
) -> None:
    """Everyone whose saved answers this course now fits gets one message; their watch ends."""
    for user_id, given in await store.all_watches(conn):
        found = rank([course], course_search.profile_of(given), today=today)
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
        await store.mark_lesson_cancelled(conn, course_id, day)
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


async def lesson_takes_place(db: AsyncEngine, course_id: str, day: date) -> bool:
    async with db.connect() as conn:
        return not await store.lesson_cancelled(conn, course_id, day)


async def overview(db: AsyncEngine) -> list[tuple[Course, int]]:
    """Every course with the number of people waiting, for the coordinators."""
    async with db.connect() as conn:
        result = []
        for row in await store.all_rows(conn):
            waiting = await store.registrations_of_course(
                conn, row["id"], states=("waiting", "offered")
            )
            result.append((course_from_row(row), len(waiting)))
        return result


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
