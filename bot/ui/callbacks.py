"""The one codec for callback data: versioned, prefixed, typed, at most 64 bytes.

Every value that comes back is untrusted (old buttons, forged data): `unpack` returns None
for anything that does not parse, and handlers re-check the rest against the database.
"""

from __future__ import annotations

from dataclasses import astuple, dataclass, fields
from typing import Any, ClassVar, TypeVar, get_type_hints

from telegram.constants import InlineKeyboardButtonLimit

VERSION, SEP = "1", ":"
T = TypeVar("T")


def pack(data: Any) -> str:
    raw = SEP.join([VERSION, data.PREFIX, *map(str, astuple(data))])
    if len(raw.encode()) > InlineKeyboardButtonLimit.MAX_CALLBACK_DATA:
        raise ValueError(f"callback data too long: {raw!r}")
    return raw


def unpack(cls: type[T], raw: str | None) -> T | None:
    parts = (raw or "").split(SEP)
    names = [f.name for f in fields(cls)]  # type: ignore[arg-type]
    if parts[:2] != [VERSION, cls.PREFIX] or len(parts) != 2 + len(names):  # type: ignore[attr-defined]
        return None
    hints = get_type_hints(cls)
    try:
        return cls(*(hints[name](value) for name, value in zip(names, parts[2:], strict=True)))
    except ValueError:
        return None


def pattern(cls: type) -> str:
    """Regex for CallbackQueryHandler: this button's prefix (the codec checks the rest)."""
    return rf"^{VERSION}{SEP}{cls.PREFIX}({SEP}|$)"  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class ChooseLanguage:
    PREFIX: ClassVar[str] = "lang"
    code: str


@dataclass(frozen=True, slots=True)
class OpenMenu:
    """A main-menu entry: home, folder, courses, appointments, settings, help."""

    PREFIX: ClassVar[str] = "m"
    target: str


@dataclass(frozen=True, slots=True)
class ConfirmDelete:
    PREFIX: ClassVar[str] = "del"
    yes: int  # 1 = erase, 0 = keep


def menu_pattern(*targets: str) -> str:
    """Regex for the OpenMenu buttons of the given targets (a feature claims its entries)."""
    return rf"^{VERSION}{SEP}{OpenMenu.PREFIX}{SEP}({'|'.join(targets)})$"


@dataclass(frozen=True, slots=True)
class OpenNode:
    """A welcome-folder topic, section or page (and which screen of a long page)."""

    PREFIX: ClassVar[str] = "f"
    node_id: str
    screen: int = 0


@dataclass(frozen=True, slots=True)
class VotePage:
    PREFIX: ClassVar[str] = "fv"
    page_id: str
    helpful: int  # 1 = 👍, 0 = 👎


@dataclass(frozen=True, slots=True)
class ShowMap:
    PREFIX: ClassVar[str] = "fm"
    page_id: str


# -- appointments --------------------------------------------------------------------------
# Times travel as minutes since the epoch (UTC): short, and re-checked against the slots.


@dataclass(frozen=True, slots=True)
class BookTopic:
    PREFIX: ClassVar[str] = "bt"
    topic: str


@dataclass(frozen=True, slots=True)
class BookOffice:
    PREFIX: ClassVar[str] = "bo"
    topic: str
    office_id: str


@dataclass(frozen=True, slots=True)
class BookDay:
    PREFIX: ClassVar[str] = "bd"
    topic: str
    office_id: str
    day: int  # yyyymmdd, local


@dataclass(frozen=True, slots=True)
class BookTime:
    PREFIX: ClassVar[str] = "bs"
    topic: str
    office_id: str
    minute: int  # minutes since the epoch, UTC


@dataclass(frozen=True, slots=True)
class ConfirmBooking:
    PREFIX: ClassVar[str] = "bc"
    booking_id: int


@dataclass(frozen=True, slots=True)
class AskCancel:
    PREFIX: ClassVar[str] = "bx"
    booking_id: int


@dataclass(frozen=True, slots=True)
class DoCancel:
    PREFIX: ClassVar[str] = "bxy"
    booking_id: int


@dataclass(frozen=True, slots=True)
class MoveDay:
    """Choose a new day for a booking (day 0: show the days)."""

    PREFIX: ClassVar[str] = "bm"
    booking_id: int
    day: int = 0


@dataclass(frozen=True, slots=True)
class MoveTo:
    PREFIX: ClassVar[str] = "bmt"
    booking_id: int
    minute: int


@dataclass(frozen=True, slots=True)
class WillCome:
    PREFIX: ClassVar[str] = "bk"
    booking_id: int


@dataclass(frozen=True, slots=True)
class MarkAttendance:
    """Staff in the team group: attended (1) or no-show (0)."""

    PREFIX: ClassVar[str] = "sa"
    booking_id: int
    attended: int


@dataclass(frozen=True, slots=True)
class StaffLanguage:
    """Staff booking for someone: the language that person speaks."""

    PREFIX: ClassVar[str] = "sl"
    code: str


@dataclass(frozen=True, slots=True)
class NearestFirst:
    """Sort the offices for a topic by distance: asks for the user's location."""

    PREFIX: ClassVar[str] = "bn"
    topic: str


# -- German courses ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CourseAnswer:
    """An answer to a matching question: rl reads Latin, ro own script, kids, where, women,
    ic integration course; value "-" skips."""

    PREFIX: ClassVar[str] = "ca"
    key: str
    value: str


@dataclass(frozen=True, slots=True)
class CanDo:
    """The German can-do questions: step 1 introduce yourself, 2 everyday talk, 3 letters."""

    PREFIX: ClassVar[str] = "cl"
    step: int
    yes: int  # 1 yes, 0 no, 9 skip


@dataclass(frozen=True, slots=True)
class PickTimes:
    """The weekly grid: toggle a part of the week, choose a shift pattern, or done/skip."""

    PREFIX: ClassVar[str] = "ct"
    code: str


@dataclass(frozen=True, slots=True)
class OpenCourse:
    PREFIX: ClassVar[str] = "co"
    course_id: str


@dataclass(frozen=True, slots=True)
class RegisterCourse:
    """Register for a course: step 0 asks, 1 confirms."""

    PREFIX: ClassVar[str] = "cr"
    course_id: str
    confirm: int = 0


@dataclass(frozen=True, slots=True)
class WithdrawRegistration:
    PREFIX: ClassVar[str] = "cw"
    registration_id: int


@dataclass(frozen=True, slots=True)
class TakeOffer:
    PREFIX: ClassVar[str] = "cy"
    registration_id: int


@dataclass(frozen=True, slots=True)
class CourseDecision:
    """Coordinators: a accept, w waiting list, d decline."""

    PREFIX: ClassVar[str] = "cd"
    registration_id: int
    decision: str


@dataclass(frozen=True, slots=True)
class ManageCourse:
    """Coordinators: v view, o open registration, c close it, p one seat more, m one less."""

    PREFIX: ClassVar[str] = "cc"
    course_id: str
    action: str


@dataclass(frozen=True, slots=True)
class ShiftWeek:
    """A shift worker's weekly tap: e early shift this week, l late shift."""

    PREFIX: ClassVar[str] = "cs"
    registration_id: int
    shift: str


@dataclass(frozen=True, slots=True)
class CourseMap:
    PREFIX: ClassVar[str] = "cm"
    course_id: str


@dataclass(frozen=True, slots=True)
class RevokeRole:
    """Admins: take back a role (c coordinator, s staff of an office)."""

    PREFIX: ClassVar[str] = "rv"
    kind: str
    user_id: int
    office_id: str = "-"


# -- announcements -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ToggleSubscription:
    PREFIX: ClassVar[str] = "st"
    topic: str


@dataclass(frozen=True, slots=True)
class Unsubscribe:
    """Under every broadcast: no more of this topic, course (c=<id>) or waiting ("watch")."""

    PREFIX: ClassVar[str] = "su"
    what: str


@dataclass(frozen=True, slots=True)
class ComposeBroadcast:
    """Coordinators composing: a audience (topic, c=course registered, i=course interested),
    k choose a course (value r or i), w write a language, f attach a photo/PDF, x remove it,
    l language, d district, u link, t time, p preview, s send, c cancel."""

    PREFIX: ClassVar[str] = "bz"
    action: str
    value: str = "-"


@dataclass(frozen=True, slots=True)
class StopBroadcast:
    PREFIX: ClassVar[str] = "bq"
    broadcast_id: int


@dataclass(frozen=True, slots=True)
class LessonReminders:
    """A participant: a reminder before each lesson (1) or not (0)."""

    PREFIX: ClassVar[str] = "cv"
    registration_id: int
    wanted: int
