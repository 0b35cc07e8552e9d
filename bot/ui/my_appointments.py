""" "My appointments": the list, cancel, move; reminders and the office-closed notice."""

from __future__ import annotations

from collections import OrderedDict
from datetime import date
from zoneinfo import ZoneInfo

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
)

from bot.i18n import Translator
from bot.services.slots import Slot
from bot.storage.bookings import Booking
from bot.storage.offices import Office
from bot.ui.appointment_parts import (
    MAX_DAYS,
    TIMES_PER_ROW,
    address_line,
    after_change,
    back,
    day_code,
    grid,
    minute_of,
    office_name,
    when,
)
from bot.ui.callbacks import (
    AskCancel,
    BookTime,
    DoCancel,
    MoveDay,
    MoveTo,
    OpenMenu,
    WillCome,
)
from bot.ui.common import Screen, bold, button, home_button, insert


def my_appointments(tr: Translator, items: list[tuple[Booking, Office]], tz: ZoneInfo) -> Screen:
    if not items:
        rows = [
            [button(tr.pgettext("button", "📅 Book an appointment"), OpenMenu("book"))],
            [home_button(tr)],
        ]
        return tr.gettext("You have no appointments."), InlineKeyboardMarkup(rows)
    lines = [bold(tr.gettext("Your appointments:"))]
    rows: list[list[InlineKeyboardButton]] = []
    for booking, office in items:
        lines.append(f"📅 {when(tr, booking.starts_at, tz)} — {office_name(tr, office)}")
        short = tr.date(booking.starts_at, short=True, tz=tz.key)
        move = tr.pgettext("button", "🔁 Move {date}").format(date=short)
        cancel = tr.pgettext("button", "❌ Cancel {date}").format(date=short)
        rows.append([button(move, MoveDay(booking.id))])  # the safe choice first
        rows.append([button(cancel, AskCancel(booking.id))])
    rows.append([back(tr, OpenMenu("appointments")), home_button(tr)])
    return "\n".join(lines), InlineKeyboardMarkup(rows)


def ask_cancel(tr: Translator, booking: Booking, tz: ZoneInfo) -> Screen:
    text = tr.gettext("Cancel your appointment on {when}?").format(
        when=when(tr, booking.starts_at, tz)
    )
    rows = [
        [button(tr.pgettext("button", "❌ Yes, cancel it"), DoCancel(booking.id))],
        [button(tr.pgettext("button", "↩️ No, keep it"), OpenMenu("myappointments"))],
    ]
    return text, InlineKeyboardMarkup(rows)


def cancelled(tr: Translator, booking: Booking, tz: ZoneInfo) -> Screen:
    text = "\n".join(
        [
            tr.gettext("Your appointment on {when} is cancelled.").format(
                when=when(tr, booking.starts_at, tz)
            ),
            tr.gettext("The office has been told. Thank you for letting us know!"),
        ]
    )
    return text, after_change(tr)


def move_days(
    tr: Translator, booking: Booking, office: Office, free: list[Slot], tz: ZoneInfo
) -> Screen:
    days = list(OrderedDict((s.starts_at.astimezone(tz).date(), None) for s in free))[:MAX_DAYS]
    text = "\n\n".join(
        [
            tr.gettext("Move your appointment on {when}.").format(
                when=when(tr, booking.starts_at, tz)
            ),
            tr.gettext("Choose a new day:"),
        ]
    )
    rows = grid([button(tr.date(d, short=True), MoveDay(booking.id, day_code(d))) for d in days], 2)
    rows.append([back(tr, OpenMenu("myappointments")), home_button(tr)])
    return text, InlineKeyboardMarkup(rows)


def move_times(
    tr: Translator, booking: Booking, day: date, free: list[Slot], tz: ZoneInfo
) -> Screen:
    times = [s for s in free if s.starts_at.astimezone(tz).date() == day]
    rows = grid(
        [
            button(tr.time(s.starts_at, tz=tz.key), MoveTo(booking.id, minute_of(s.starts_at)))
            for s in times
        ],
        TIMES_PER_ROW,
    )
    rows.append([back(tr, MoveDay(booking.id)), home_button(tr)])
    return tr.gettext("Choose a time on {date}:").format(date=tr.date(day)), InlineKeyboardMarkup(
        rows
    )


def moved(tr: Translator, booking: Booking, tz: ZoneInfo) -> Screen:
    text = "\n".join(
        [
            tr.gettext("Your appointment is moved to {when}.").format(
                when=when(tr, booking.starts_at, tz)
            ),
            tr.gettext("The office has been told."),
        ]
    )
    return text, after_change(tr)


def reminder(tr: Translator, booking: Booking, office: Office, tz: ZoneInfo) -> Screen:
    lines = [
        bold(tr.gettext("🔔 Reminder of your appointment")),
        "📅 " + when(tr, booking.starts_at, tz),
        "🏢 " + tr.gettext("Office: {name}").format(name=office_name(tr, office)),
        "📍 " + tr.gettext("Address: {address}").format(address=insert(tr, address_line(office))),
    ]
    rows = [
        [button(tr.pgettext("button", "👍 I will come"), WillCome(booking.id))],
        [button(tr.pgettext("button", "❌ Cancel appointment"), AskCancel(booking.id))],
    ]
    return "\n".join(lines), InlineKeyboardMarkup(rows)


def will_come(tr: Translator) -> str:
    return tr.gettext("Thank you! The office is expecting you.")


def office_closed(
    tr: Translator, booking: Booking, office: Office, free: list[Slot], tz: ZoneInfo
) -> Screen:
    """The office had to close: the appointment is cancelled; here are the next free times."""
    lines = [
        bold(
            tr.gettext("Sorry, your appointment on {when} cannot take place.").format(
                when=when(tr, booking.starts_at, tz)
            )
        ),
        tr.gettext("The office is closed then. Please choose a new time:"),
    ]
    rows = [
        [
            button(
                when(tr, s.starts_at, tz),
                BookTime(booking.topic, office.id, minute_of(s.starts_at)),
            )
        ]
        for s in free
    ]
    rows.append([button(tr.pgettext("button", "📅 Book an appointment"), OpenMenu("book"))])
    return "\n".join(lines), InlineKeyboardMarkup(rows)
