"""Which Sprachoffensive courses a person can really attend, best first, and why.

Hard rules first: a childcare seat for the children's ages, a reading-and-writing course when
it is needed (and only then), a level within one step, a course meant for them (women-only
only for those who asked for it, pupils' courses only for pupils), no clash with their
integration course, and most lessons at times they can come (for alternating shifts: a course
whose twin group covers the other week). Then a score from how well the times fit, the level,
the distance, how soon it starts and the free seats. Each result explains itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time
from typing import Any

from bot.services.offices import distance_km

LEVELS = ("alpha", "alpha-other", "a1-start", "a1", "a2", "b1")
GERMAN_STEPS = ("a1-start", "a1", "a2", "b1")
PARTS = ("morning", "afternoon", "evening", "weekend")
WEEKEND = ("sat", "sun")


@dataclass(frozen=True, slots=True)
class Session:
    day: str  # mon..sun
    start: time
    end: time

    @property
    def part(self) -> str:
        """morning (before 12), afternoon (12–17), evening (from 17), or weekend."""
        if self.day in WEEKEND:
            return "weekend"
        if self.start < time(12):
            return "morning"
        return "afternoon" if self.start < time(17) else "evening"


@dataclass(frozen=True, slots=True)
class Course:
    id: str
    title: dict[str, str]
    provider: str
    place: dict
    target: str  # open | women | parents | pupils | workers | literacy
    level: str
    sessions: tuple[Session, ...]
    childcare_ages: tuple[tuple[int, int], ...]  # inclusive year ranges with seats
    childcare_seats: int
    mirror: str | None
    joining: str  # any-time | fixed
    starts: date
    ends: date
    capacity: int
    taken: int
    status: str  # open | full | running | finished
    teacher_languages: tuple[str, ...]
    notes: dict[str, str]
    sample: bool
    registration_open: bool = True

    @property
    def free_seats(self) -> int:
        return max(self.capacity - self.taken, 0)


@dataclass(frozen=True, slots=True)
class Profile:
    """Answers to the questions; None means skipped (no constraint)."""

    reads_latin: bool | None = None
    reads_own_script: bool | None = None
    level: str | None = None  # a1-start | a1 | a2 | b1 (estimated from can-do answers)
    child_ages: tuple[int, ...] = ()
    parts: frozenset[str] | None = None  # morning, afternoon, evening, weekend
    shift: str | None = None  # alternating | irregular
    district: str | None = None
    lat: float | None = None
    lon: float | None = None
    max_km: float | None = None  # how far is fine
    women_only: bool | None = None
    pupil: bool = False
    integration_parts: frozenset[str] = frozenset()  # when the integration course is


@dataclass
class Match:
    course: Course
    score: float
    fits: list[tuple[str, object]] = field(default_factory=list)  # (reason, detail)
    misses: list[tuple[str, object]] = field(default_factory=list)

    @property
    def exact(self) -> bool:
        return not self.misses


def needed_level(profile: Profile) -> str | None:
    """The course level the answers point to: a literacy course when Latin letters are new."""
    if profile.reads_latin is False:
        return "alpha-other" if profile.reads_own_script else "alpha"
    return profile.level


def rank(courses: list[Course], profile: Profile, *, today: date, limit: int = 5) -> list[Match]:
    """Exact matches first (best score first); when fewer than `limit`, the nearest
    alternatives follow with what they miss."""
    by_id = {c.id: c for c in courses}
    matches = [m for c in courses if (m := _judge(c, profile, today, by_id)) is not None]
    matches.sort(key=lambda m: (not m.exact, len(m.misses), -m.score, m.course.id))
    return matches[:limit]


def _judge(course: Course, profile: Profile, today: date, by_id: dict[str, Course]) -> Match | None:
    if course.status == "finished" or course.ends < today or not course.registration_open:
        return None
    if course.status == "running" and course.joining != "any-time":
        return None
    # who the course is for: never shown to people it is not meant for
    if course.target == "women" and not profile.women_only:
        return None
    if course.target == "pupils" and not profile.pupil:
        return None
    if course.target == "parents" and not profile.child_ages:
        return None
    match = Match(course, 0.0)
    if not _level(match, profile):
        return None
    if course.target == "women":  # asked for: these come first
        match.fits.append(("women", None))
        match.score += 2.0
    _childcare(match, profile)
    _times(match, profile, by_id)
    _distance(match, profile)
    _seats_and_start(match, today)
    return match


def _level(match: Match, profile: Profile) -> bool:
    """False when the course's level is out of reach (or a reading course not asked for)."""
    course, wanted = match.course, needed_level(profile)
    literacy = course.level in ("alpha", "alpha-other")
    if wanted is None:  # skipped: every level, beginners' courses a little first
        match.score += 0.3 if course.level in ("a1-start", "a1") else 0.0
        return not literacy  # reading courses only for those who said they need one
    if wanted in ("alpha", "alpha-other"):
        # someone who cannot read yet needs a course that starts from the very beginning;
        # someone who reads another script does best learning Latin letters, and can also
        # follow a beginners' reading course
        if not literacy or (wanted == "alpha" and course.level != "alpha"):
            return False
        match.score += 1.0 if course.level == wanted else 0.4
        match.fits.append(("level", course.level))
        return True
    if literacy:
        return False
    gap = abs(GERMAN_STEPS.index(course.level) - GERMAN_STEPS.index(wanted))
    if gap > 1:
        return False
    match.score += 1.0 if gap == 0 else 0.4
    match.fits.append(("level", course.level))
    return True


def _childcare(match: Match, profile: Profile) -> None:
    if not profile.child_ages:
        return
    course = match.course
    covered = all(
        any(lo <= age <= hi for lo, hi in course.childcare_ages) for age in profile.child_ages
    )
    if covered and course.childcare_seats > 0:
        match.fits.append(("childcare", course.childcare_ages))
        match.score += 1.0
    else:
        match.misses.append(("no_childcare", profile.child_ages))


def _times(match: Match, profile: Profile, by_id: dict[str, Course]) -> None:
    course = match.course
    clash = [s for s in course.sessions if s.part in profile.integration_parts]
    if clash:
        match.misses.append(("integration_clash", tuple(clash)))
    if profile.shift == "alternating":
        twin = by_id.get(course.mirror) if course.mirror else None
        if twin is not None and {s.part for s in course.sessions} != {
            s.part for s in twin.sessions
        }:
            match.fits.append(("twin_group", twin.id))
            match.score += 3.0
        else:
            match.misses.append(("shift_weeks", None))
        return
    if profile.shift == "irregular":
        if course.joining == "any-time":
            match.fits.append(("times", course.sessions))
            match.score += 1.0
        return
    if profile.parts is None:
        match.fits.append(("times", course.sessions))
        match.score += 1.5
        return
    share = sum(s.part in profile.parts for s in course.sessions) / len(course.sessions)
    if share >= 0.5:  # most lessons: at least half of the weekly sessions
        match.fits.append(("times", course.sessions))
        match.score += 3.0 * share
    else:
        match.misses.append(("times_clash", course.sessions))


def _distance(match: Match, profile: Profile) -> None:
    place = match.course.place
    if profile.lat is not None and place.get("lat") is not None:
        km = distance_km(profile.lat, profile.lon, place["lat"], place["lon"])
        if profile.max_km is not None and km > profile.max_km:
            match.misses.append(("far", round(km, 1)))
        else:
            match.fits.append(("distance", round(km, 1)))
            match.score += max(0.0, 1.5 - km / 4)
    elif profile.district:
        if place.get("district") == profile.district:
            match.fits.append(("district", place["district"]))
            match.score += 1.5
        else:
            match.score += 0.2


def _seats_and_start(match: Match, today: date) -> None:
    course = match.course
    if course.free_seats == 0:
        match.misses.append(("full", None))
    else:
        match.fits.append(("seats", course.free_seats))
        match.score += min(course.free_seats, 4) * 0.1
    if course.starts > today:
        match.fits.append(("starts", course.starts))
        match.score += max(0.0, 0.5 - (course.starts - today).days / 120)
    elif course.joining == "any-time":
        match.fits.append(("join_now", None))
        match.score += 0.5


def course_from_row(row: dict[str, Any]) -> Course:
    """A course as the database (or the seed file) holds it."""
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
