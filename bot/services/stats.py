"""The coordinators' figures, each with its definition, like the pilot's indicator table.

Nothing identifies a person: only counts, and a count below SMALL is shown as "fewer than 3"."""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from datetime import time
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.services.matching import Session
from bot.storage import stats as store

SMALL = 3


@dataclass
class Figures:
    users_by_language: dict[str, int] = field(default_factory=dict)
    users_by_district: dict[str, int] = field(default_factory=dict)
    subscriptions: dict[str, int] = field(default_factory=dict)
    registrations: dict[str, int] = field(default_factory=dict)  # course -> seats taken via Lotse
    waiting: dict[str, int] = field(default_factory=dict)  # course -> people waiting
    childcare_share: float | None = None  # of open registrations
    shift_or_evening_share: float | None = None
    appointments: dict[tuple[str, str], Counter] = field(default_factory=dict)  # (office, month)
    broadcasts: list[tuple[int, str, int, int]] = field(default_factory=list)

    def rows(self) -> list[tuple[str, str, object]]:
        """(figure, key, value) for the CSV export."""
        out: list[tuple[str, str, object]] = []
        out += [("users_by_language", k, v) for k, v in sorted(self.users_by_language.items())]
        out += [("users_by_district", k, v) for k, v in sorted(self.users_by_district.items())]
        out += [("subscriptions", k, v) for k, v in sorted(self.subscriptions.items())]
        out += [("course_registrations", k, v) for k, v in sorted(self.registrations.items())]
        out += [("waiting_list", k, v) for k, v in sorted(self.waiting.items())]
        out.append(("childcare_share", "open registrations", _share(self.childcare_share)))
        out.append(
            ("shift_or_evening_share", "open registrations", _share(self.shift_or_evening_share))
        )
        for (office, month), counts in sorted(self.appointments.items()):
            for state in ("booked", "attended", "no_show", "cancelled"):
                out.append((f"appointments_{state}", f"{office} {month}", counts.get(state, 0)))
        out += [
            ("broadcast_delivered", f"{i} {topic}", f"{done}/{planned}")
            for i, topic, done, planned in self.broadcasts
        ]
        return out


def _share(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def small(count: int) -> int | str:
    """Counts that could point at a person are not shown exactly."""
    return count if count >= SMALL or count == 0 else f"<{SMALL}"


async def figures(db: AsyncEngine, *, tz: ZoneInfo) -> Figures:
    async with db.connect() as conn:
        result = Figures(users_by_language=await store.users_by_language(conn))
        districts = Counter(
            a.get("district") for a in await store.answers(conn) if a.get("district")
        )
        result.users_by_district = dict(districts)
        result.subscriptions = await store.subscriptions_by_topic(conn)
        for course_id, state, count in await store.registrations_by_course(conn):
            if state in ("pending", "accepted"):
                result.registrations[course_id] = result.registrations.get(course_id, 0) + count
            elif state in ("waiting", "offered"):
                result.waiting[course_id] = result.waiting.get(course_id, 0) + count
        open_ones = await store.open_registrations(conn)
        if open_ones:
            result.childcare_share = sum(bool(ages) for ages, _, _ in open_ones) / len(open_ones)
            result.shift_or_evening_share = sum(
                _shift_or_evening(schedule, answers) for _, schedule, answers in open_ones
            ) / len(open_ones)
        for office, starts_at, state in await store.appointments(conn):
            key = (office, starts_at.astimezone(tz).strftime("%Y-%m"))
            counts = result.appointments.setdefault(key, Counter())
            if state not in ("held", "expired"):
                counts["booked"] += 1
            counts[state] += 1
        result.broadcasts = await store.broadcast_reach(conn)
    return result


def _shift_or_evening(schedule: list[dict], answers: dict | None) -> bool:
    if answers and answers.get("shift") in ("alternating", "irregular"):
        return True
    return any(
        Session(s["day"], time.fromisoformat(s["start"]), time.fromisoformat(s["end"])).part
        == "evening"
        for s in schedule
    )


def as_csv(found: Figures) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["figure", "key", "value"])
    for figure, key, value in found.rows():
        writer.writerow([figure, key, small(value) if isinstance(value, int) else value])
    return out.getvalue().encode("utf-8")
