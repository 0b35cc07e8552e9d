"""Courses as CSV, for coordinators who keep their list in a spreadsheet.

`python -m bot courses export FILE.csv` writes every course; `import` reads one back. An
import checks every row first: one bad row is reported with its line number and nothing at
all is imported. Columns (UTF-8, comma-separated, a header row):

id, title_de, title_en, title_fa, title_ar, provider, place_name, street, postcode, city,
district, lat, lon, target, level, schedule, childcare_ages, childcare_seats, mirror, joining,
starts, ends, capacity, minimum, taken, status, teacher_languages, note_de, note_en, note_fa,
note_ar, sample

schedule "tue 09:00-10:30; thu 09:00-10:30" · childcare_ages "1-2; 3-6" (empty: none) ·
teacher_languages "de; ar" · dates YYYY-MM-DD · sample yes/no.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.services.matching import LEVELS
from bot.storage import courses as store

COLUMNS = (
    "id", "title_de", "title_en", "title_fa", "title_ar", "provider", "place_name", "street",
    "postcode", "city", "district", "lat", "lon", "target", "level", "schedule",
    "childcare_ages", "childcare_seats", "mirror", "joining", "starts", "ends", "capacity",
    "minimum", "taken", "status", "teacher_languages", "note_de", "note_en", "note_fa",
    "note_ar", "sample",
)  # fmt: skip
TARGETS = ("open", "women", "parents", "pupils", "workers", "literacy")
STATUSES = ("open", "full", "running", "finished")
LANGUAGE_CODES = ("de", "en", "fa", "ar")
_SESSION = re.compile(r"^(mon|tue|wed|thu|fri|sat|sun) (\d\d:\d\d)-(\d\d:\d\d)$")
_ID = re.compile(r"^[a-z0-9-]{1,20}$")


@dataclass(frozen=True, slots=True)
class RowError:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


def parse(text: str) -> tuple[list[dict[str, Any]], list[RowError]]:
    """Every row as course values, and every problem with its line number."""
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        return [], [RowError(1, f"missing columns: {', '.join(missing)}")]
    rows, errors, seen = [], [], set()
    lines: dict[str, int] = {}
    for row in reader:
        line = reader.line_num
        raw_id = (row.get("id") or "").strip()
        if raw_id in seen:
            errors.append(RowError(line, f"id {raw_id!r} appears twice"))
        seen.add(raw_id)
        try:
            values = _row(row)
        except ValueError as error:
            errors.append(RowError(line, str(error)))
            continue
        rows.append(values)
        lines[values["id"]] = line
    for values in rows:
        if values["mirror"] and values["mirror"] not in seen:
            message = f"twin group {values['mirror']!r} is not in the file"
            errors.append(RowError(lines[values["id"]], message))
    return rows, errors


def _row(row: dict[str, str]) -> dict[str, Any]:
    get = lambda name: (row.get(name) or "").strip()  # noqa: E731
    course_id = get("id")
    if not _ID.match(course_id):
        raise ValueError(f"id {course_id!r}: use a-z, 0-9 and '-', at most 20 characters")
    titles = {lang: get(f"title_{lang}") for lang in LANGUAGE_CODES}
    if not titles["de"]:
        raise ValueError("title_de is empty")
    _one_of("target", get("target"), TARGETS)
    _one_of("level", get("level"), LEVELS)
    _one_of("joining", get("joining"), ("any-time", "fixed"))
    _one_of("status", get("status"), STATUSES)
    schedule = []
    for part in filter(None, (p.strip() for p in get("schedule").split(";"))):
        match = _SESSION.match(part)
        if not match or time.fromisoformat(match[2]) >= time.fromisoformat(match[3]):
            raise ValueError(f"schedule {part!r}: write like 'tue 09:00-10:30'")
        schedule.append({"day": match[1], "start": match[2], "end": match[3]})
    if not schedule:
        raise ValueError("schedule is empty")
    ages = []
    for part in filter(None, (p.strip() for p in get("childcare_ages").split(";"))):
        low, _, high = part.partition("-")
        if not (low.isdigit() and high.isdigit() and int(low) <= int(high)):
            raise ValueError(f"childcare_ages {part!r}: write like '1-2; 3-6'")
        ages.append([int(low), int(high)])
    capacity, minimum, taken = (
        _int("capacity", get("capacity")),
        _int("minimum", get("minimum")),
        _int("taken", get("taken")),
    )
    if not 0 <= taken <= capacity or capacity < 1:
        raise ValueError(f"taken {taken} must be between 0 and capacity {capacity}")
    starts, ends = _date("starts", get("starts")), _date("ends", get("ends"))
    if ends < starts:
        raise ValueError("ends before it starts")
    teachers = [c.strip() for c in get("teacher_languages").split(";") if c.strip()]
    return {
        "id": course_id,
        "title": {k: v for k, v in titles.items() if v},
        "provider": get("provider"),
        "place": {
            "name": get("place_name"),
            "street": get("street"),
            "postcode": get("postcode"),
            "city": get("city") or "Rheine",
            "district": get("district"),
            "lat": _float("lat", get("lat")),
            "lon": _float("lon", get("lon")),
        },
        "target": get("target"),
        "level": get("level"),
        "schedule": schedule,
        "childcare": {"ages": ages, "seats": _int("childcare_seats", get("childcare_seats") or "0")}
        if ages
        else None,
        "mirror": get("mirror") or None,
        "joining": get("joining"),
        "starts": starts,
        "ends": ends,
        "capacity": capacity,
        "minimum": minimum,
        "taken": taken,
        "status": get("status"),
        "teacher_languages": teachers,
        "notes": {lang: get(f"note_{lang}") for lang in LANGUAGE_CODES if get(f"note_{lang}")},
        "sample": get("sample").lower() in ("yes", "true", "1"),
    }


def _one_of(name: str, value: str, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise ValueError(f"{name} {value!r}: one of {', '.join(allowed)}")


def _int(name: str, value: str) -> int:
    if not value.isdigit():
        raise ValueError(f"{name} {value!r} is not a whole number")
    return int(value)


def _float(name: str, value: str) -> float | None:
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        raise ValueError(f"{name} {value!r} is not a number") from None


def _date(name: str, value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{name} {value!r}: write a date as YYYY-MM-DD") from None


async def import_csv(db: AsyncEngine, text: str, *, now: datetime) -> tuple[int, list[RowError]]:
    """All rows or none: returns (courses written, problems)."""
    rows, errors = parse(text)
    if errors:
        return 0, errors
    async with db.begin() as conn:  # one transaction: a failure leaves the old list
        for values in rows:
            if await store.get_row(conn, values["id"]) is None:
                await store.upsert_seed(conn, values)
            await store.set_course(
                conn, values["id"], now=now, **{k: v for k, v in values.items() if k != "id"}
            )
    return len(rows), []


async def export_csv(db: AsyncEngine) -> str:
    async with db.connect() as conn:
        rows = await store.all_rows(conn)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    for row in rows:
        place, childcare = row["place"], row.get("childcare") or {}
        writer.writerow(
            {
                "id": row["id"],
                **{f"title_{lang}": row["title"].get(lang, "") for lang in LANGUAGE_CODES},
                "provider": row["provider"],
                "place_name": place.get("name", ""),
                "street": place.get("street", ""),
                "postcode": place.get("postcode", ""),
                "city": place.get("city", ""),
                "district": place.get("district", ""),
                "lat": place.get("lat") or "",
                "lon": place.get("lon") or "",
                "target": row["target"],
                "level": row["level"],
                "schedule": "; ".join(
                    f"{s['day']} {s['start']}-{s['end']}" for s in row["schedule"]
                ),
                "childcare_ages": "; ".join(f"{lo}-{hi}" for lo, hi in childcare.get("ages", [])),
                "childcare_seats": childcare.get("seats", "") if childcare else "",
                "mirror": row.get("mirror") or "",
                "joining": row["joining"],
                "starts": row["starts"].isoformat(),
                "ends": row["ends"].isoformat(),
                "capacity": row["capacity"],
                "minimum": row["minimum"],
                "taken": row["taken"],
                "status": row["status"],
                "teacher_languages": "; ".join(row.get("teacher_languages") or []),
                **{
                    f"note_{lang}": (row.get("notes") or {}).get(lang, "")
                    for lang in LANGUAGE_CODES
                },
                "sample": "yes" if row["sample"] else "no",
            }
        )
    return out.getvalue()
