"""Pieces all appointment screens share: names, dates, the office block, ids in buttons."""

from __future__ import annotations

from datetime import UTC, date, datetime
from html import escape
from zoneinfo import ZoneInfo

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
)

from bot.i18n import Translator
from bot.services import slots as slot_rules
from bot.storage.offices import Office
from bot.ui.callbacks import (
    OpenMenu,
)
from bot.ui.common import bold, button, home_button, insert

MAX_DAYS = 10


TIMES_PER_ROW = 4


def topic_name(tr: Translator, topic: str) -> str:
    names = {
        "general": tr.gettext("General advice"),
        "arrival": tr.gettext("Arrival: your first steps in Rheine"),
        "school": tr.gettext("School places for children"),
        "work": tr.gettext("Work and training"),
        "housing": tr.gettext("Housing"),
        "benefits": tr.gettext("Money and benefits"),
    }
    return names[topic]


def minute_of(moment: datetime) -> int:
    return int(moment.timestamp() // 60)


def from_minute(minute: int) -> datetime:
    return datetime.fromtimestamp(minute * 60, UTC)


def day_code(day: date) -> int:
    return day.year * 10000 + day.month * 100 + day.day


def from_day_code(code: int) -> date:
    return date(code // 10000, code // 100 % 100, code % 100)


def office_name(tr: Translator, office: Office) -> str:
    """The office's name in the reader's language, Latin parts isolated, HTML-safe."""
    return escape(tr.isolate_runs(office.display_name(tr.language)))


def address_line(office: Office) -> str:
    a = office.address
    return f"{a.get('street', '')}, {a.get('postcode', '')} {a.get('city', '')}".strip(", ")


def when(tr: Translator, moment: datetime, tz: ZoneInfo) -> str:
    """ "Tuesday, 1 December 2026, 10:00" in the reader's language and digits."""
    return tr.gettext("{date}, {time}").format(
        date=tr.date(moment, tz=tz.key), time=tr.time(moment, tz=tz.key)
    )


def marks_language(tr: Translator, office: Office, day: date) -> bool:
    return tr.language != "de" and slot_rules.speaks(office, tr.language, day)


def day_label(tr: Translator, office: Office, day: date) -> str:
    return ("🗣 " if marks_language(tr, office, day) else "") + tr.date(day, short=True)


def day_prompt(tr: Translator, office: Office, days: list[date]) -> str:
    lines = [tr.gettext("Choose a day:")]
    if any(marks_language(tr, office, d) for d in days):
        lines.append(tr.gettext("🗣 = on this day someone there speaks your language."))
    return "\n".join(lines)


def office_block(tr: Translator, office: Office) -> str:
    return "\n".join(
        [
            "🏢 " + bold(tr.gettext("Office: {name}").format(name=tr.isolate(office.name))),
            "📍 "
            + tr.gettext("Address: {address}").format(address=insert(tr, address_line(office))),
        ]
    )


def after_change(tr: Translator) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [button(tr.pgettext("button", "🗂 My appointments"), OpenMenu("myappointments"))],
            [home_button(tr)],
        ]
    )


def back(tr: Translator, target: object) -> InlineKeyboardButton:
    return button(tr.pgettext("button", "↩️ Back"), target)


def grid(buttons: list[InlineKeyboardButton], width: int) -> list[list[InlineKeyboardButton]]:
    return [buttons[i : i + width] for i in range(0, len(buttons), width)]


def calendar_title(tr: Translator, office: Office) -> str:
    return tr.gettext("Appointment: {office}").format(office=office.display_name(tr.language))


def refusal(tr: Translator, error: Exception, office_phone: str | None = None) -> str:
    from bot.services import errors as e

    if isinstance(error, e.TooManyAppointments):
        return tr.ngettext(
            "You already have {count} appointment. Please cancel it before booking another.",
            "You already have {count} appointments. Please cancel one before booking another.",
            error.limit,
        ).format(count=tr.number(error.limit))
    if isinstance(error, e.OverlapsOther):
        return tr.gettext("You already have an appointment at that time.")
    if isinstance(error, e.TooLateToChange):
        return tr.gettext(
            "It is too late to change this appointment here. Please call the office: {phone}"
        ).format(phone=insert(tr, office_phone or ""))
    return tr.gettext("This time is no longer available. Please choose another one.")
