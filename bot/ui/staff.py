"""What the office team sees in its group: booking notices, the day's agenda, figures.

The teams work in German, so these screens are rendered with the German translator."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardMarkup

from bot.i18n import LANGUAGES, NATIVE_NAMES, Translator
from bot.services.staff import OfficeFigures
from bot.storage.bookings import Booking
from bot.storage.offices import Office
from bot.ui.appointment_parts import topic_name, when
from bot.ui.callbacks import MarkAttendance, StaffLanguage
from bot.ui.common import Screen, bold, button, home_button, insert


def notice(tr: Translator, booking: Booking, office: Office, event: str, tz: ZoneInfo) -> Screen:
    headers = {
        "booked": tr.gettext("📌 New appointment"),
        "moved": tr.gettext("🔁 Appointment moved"),
        "cancelled": tr.gettext("❌ Appointment cancelled"),
    }
    lines = [
        bold(f"{headers[event]} — {office.name}"),
        "📅 " + when(tr, booking.starts_at, tz),
        "👤 " + insert(tr, booking.name or tr.gettext("(no name given)")),
        "💬 " + topic_name(tr, booking.topic),
        "🗣 " + NATIVE_NAMES.get(booking.language, booking.language),
    ]
    if event == "cancelled":
        return "\n".join(lines), None
    return "\n".join(lines), attendance_buttons(tr, booking, tz)


def attendance_buttons(tr: Translator, booking: Booking, tz: ZoneInfo) -> InlineKeyboardMarkup:
    """One row per booking, labelled with time and name, so bundled notices stay clear."""
    label = f"{tr.time(booking.starts_at, tz=tz.key)} {booking.name or ''}".strip()
    return InlineKeyboardMarkup(
        [
            [
                button(
                    tr.pgettext("button", "✅ Attended: {who}").format(who=label),
                    MarkAttendance(booking.id, 1),
                ),
                button(
                    tr.pgettext("button", "🚫 No-show: {who}").format(who=label),
                    MarkAttendance(booking.id, 0),
                ),
            ]
        ]
    )


def agenda(tr: Translator, office: Office, day: date, items: list[Booking], tz: ZoneInfo) -> Screen:
    lines = [
        bold(
            tr.gettext("📋 Today at {office}: {date}").format(office=office.name, date=tr.date(day))
        )
    ]
    if not items:
        lines.append(tr.gettext("No appointments today."))
    for booking in items:
        language = NATIVE_NAMES.get(booking.language, booking.language)
        start = tr.time(booking.starts_at, tz=tz.key)
        topic = topic_name(tr, booking.topic)
        lines.append(f"{start} — {booking.name or '–'} · {topic} · {language}")
    return "\n".join(lines), None


def figures(tr: Translator, rows: list[OfficeFigures]) -> Screen:
    lines = [bold(tr.gettext("📊 Appointments per office and month"))]
    for row in rows:
        share = (
            tr.gettext("not yet known")
            if row.took_place_share is None
            else f"{row.took_place_share:.0%}"
        )
        lines += [
            "",
            bold(f"{row.office_name} · {row.month}"),
            tr.gettext("Booked: {n}").format(n=row.booked),
            tr.gettext("Cancelled: {n}").format(n=row.cancelled),
            tr.gettext("Attended: {n}").format(n=row.attended),
            tr.gettext("No-show: {n}").format(n=row.no_show),
            tr.gettext("Took place as planned: {share}").format(share=share),
        ]
    lines += ["", tr.gettext("Took place as planned = attended ÷ (attended + no-show).")]
    return "\n".join(lines), None


def ask_name(tr: Translator) -> Screen:
    text = "\n\n".join(
        [
            bold(tr.gettext("Book for someone who phoned or came in")),
            tr.gettext("Please type the person's name."),
        ]
    )
    return text, InlineKeyboardMarkup([[home_button(tr)]])


def ask_language(tr: Translator, name: str) -> Screen:
    buttons = [button(NATIVE_NAMES[code], StaffLanguage(code)) for code in LANGUAGES]
    text = tr.gettext("Which language does {name} speak?").format(name=insert(tr, name))
    return text, InlineKeyboardMarkup([buttons[:2], buttons[2:], [home_button(tr)]])


def booked_for(tr: Translator, booking: Booking, office: Office, tz: ZoneInfo) -> Screen:
    text = "\n".join(
        [
            bold(tr.gettext("✅ Booked for {name}.").format(name=tr.isolate(booking.name or ""))),
            "📅 " + when(tr, booking.starts_at, tz),
            "🏢 " + tr.gettext("Office: {name}").format(name=insert(tr, office.name)),
            tr.gettext("Please tell the person the date and time."),
        ]
    )
    return text, InlineKeyboardMarkup([[home_button(tr)]])
