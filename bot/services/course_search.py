"""The course questions and the search: answers are kept, so the next search starts from
them; searches that find nothing are counted without names for the coordinators."""

from __future__ import annotations

import dataclasses
from collections import Counter
from datetime import date, datetime, timedelta
from typing import Any

import yaml
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.services.matching import Course, Match, Profile, course_from_row, rank
from bot.storage import courses as store


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
        lat=answers.get("lat"),
        lon=answers.get("lon"),
        max_km=answers.get("max_km"),
        women_only=answers.get("women_only"),
        integration_parts=frozenset(answers.get("integration_parts") or ()),
    )


async def find(db: AsyncEngine, user_id: int, *, today: date, now: datetime) -> list[Match]:
    """The best courses for the user's answers; a search without an exact match is counted,
    without the user, for the coordinators' demand report."""
    async with db.begin() as conn:
        given = await store.get_answers(conn, user_id)
        found = rank(
            [course_from_row(r) for r in await store.all_rows(conn)], profile_of(given), today=today
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


async def interested_in(conn: AsyncConnection, course: Course, *, today: date) -> list[int]:
    """People who asked to be told about a course like this one: it fits their saved answers,
    apart from being closed or full just now (an announcement may be about exactly that)."""
    as_if_open = dataclasses.replace(course, registration_open=True)
    interested = []
    for user_id, given in await store.all_watches(conn):
        found = rank([as_if_open], profile_of(given), today=today)
        if found and all(reason == "full" for reason, _ in found[0].misses):
            interested.append(user_id)
    return interested


async def demand_report(
    db: AsyncEngine, *, now: datetime, days: int = 7
) -> list[tuple[int, dict[str, Any]]]:
    """Needs that found nothing, grouped: (how many people, the need), most first."""
    async with db.connect() as conn:
        needs = await store.demand_since(conn, now - timedelta(days=days))
    counted = Counter(yaml.safe_dump(n, sort_keys=True) for n in needs)
    return [(count, yaml.safe_load(need)) for need, count in counted.most_common()]


QUESTIONS = (  # the integration course before the free times, so the two cannot contradict
    "reads_latin",
    "reads_own_script",
    "level",
    "child_ages",
    "integration_parts",
    "parts",
    "district",
    "max_km",
    "women_only",
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
        if key == "max_km" and given.get("lat") is None:
            continue  # how far is fine: only asked of someone who shared where they are
        return key
    return None


async def answer_location(
    db: AsyncEngine, user_id: int, lat: float, lon: float, *, now: datetime
) -> None:
    """Where the person is, kept only roughly (two decimals, about a kilometre)."""
    async with db.begin() as conn:
        current = await store.get_answers(conn, user_id)
        current.update(district=None, lat=round(lat, 2), lon=round(lon, 2))
        current.pop("max_km", None)
        await store.put_answers(conn, user_id, current, now=now)
