"""The offices from content/offices.yaml, seeded into the database on start.

Seeding is an idempotent upsert by id; an office someone edited in the chat (marked
`edited_at`) keeps its edits and the seed says so in the log.
"""

from __future__ import annotations

import logging
import math
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.services.slots import WEEKDAYS
from bot.storage import offices
from bot.storage.offices import Closure, Office

log = logging.getLogger(__name__)
FIELDS = (
    "name", "district", "address", "phone", "topics", "hours", "slot_minutes", "capacity",
    "languages", "min_notice_minutes", "horizon_days", "cancel_cutoff_minutes", "sample", "names",
)  # fmt: skip


def read_offices(path: Path) -> list[dict]:
    if not path.exists():
        return []
    entries = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("offices") or []
    for entry in entries:
        optional = ("phone", "sample", "names")
        missing = [f for f in ("id", *FIELDS) if f not in entry and f not in optional]
        if missing:
            raise ValueError(f"office {entry.get('id')!r}: missing {missing}")
        if set(entry["hours"]) - set(WEEKDAYS) or int(entry["capacity"]) < 1:
            raise ValueError(f"office {entry['id']!r}: hours use {WEEKDAYS}; capacity >= 1")
    return entries


async def seed(db: AsyncEngine, path: Path, *, tz: ZoneInfo) -> dict[str, str]:
    """Upsert every office of the file; returns what happened per office id."""
    outcome = {}
    async with db.begin() as conn:
        for entry in read_offices(path):
            values = {"id": entry["id"], **{f: entry.get(f) for f in FIELDS}}
            values["sample"] = bool(values["sample"])
            outcome[entry["id"]] = await offices.upsert_seed(conn, values)
            if outcome[entry["id"]] == "kept":
                log.warning(
                    "office %s was edited in the chat; the seed left it as it is", entry["id"]
                )
                continue
            closures = [_closure(entry["id"], c, tz) for c in entry.get("closures") or []]
            await offices.replace_seeded_closures(conn, entry["id"], closures)
    return outcome


def _closure(office_id: str, raw: dict, tz: ZoneInfo) -> Closure:
    first, last = date.fromisoformat(str(raw["from"])), date.fromisoformat(str(raw["to"]))
    return Closure(
        office_id=office_id,
        starts_at=datetime.combine(first, time.min, tz),
        ends_at=datetime.combine(last + timedelta(days=1), time.min, tz),
        reason=str(raw.get("reason", "")),
    )


async def office_list(db: AsyncEngine, *, topic: str | None = None) -> list[Office]:
    async with db.connect() as conn:
        found = await offices.all_offices(conn)
    return [o for o in found if topic is None or topic in o.topics]


def nearest_first(found: list[Office], lat: float, lon: float) -> list[tuple[Office, float]]:
    """Offices with their distance in km (as the crow flies), nearest first."""
    with_distance = [
        (o, distance_km(lat, lon, o.address["lat"], o.address["lon"]))
        for o in found
        if o.address.get("lat") is not None and o.address.get("lon") is not None
    ]
    return sorted(with_distance, key=lambda pair: pair[1])


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


async def get_office(db: AsyncEngine, office_id: str) -> Office | None:
    async with db.connect() as conn:
        return await offices.get(conn, office_id)
