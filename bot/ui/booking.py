"""Booking screens: topic, office (nearest first), day, time, summary, confirmation."""

from __future__ import annotations

from collections import OrderedDict
from datetime import date
from zoneinfo import ZoneInfo

from telegram import (
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)

from bot.i18n import Translator
from bot.services import slots as slot_rules
from bot.services.booking import TOPICS
from bot.services.slots import Slot
from bot.storage.bookings import Booking
from bot.storage.offices import Office
from bot.ui.appointment_parts import (
    MAX_DAYS,
    TIMES_PER_ROW,
    back,
    day_code,
    grid,
    minute_of,
    office_block,
    topic_name,
    when,
)
from bot.ui.callbacks import (
    BookDay,
    BookOffice,
    BookTime,
    BookTopic,
    ConfirmBooking,
    NearestFirst,
    OpenMenu,
)
from bot.ui.common import Screen, bold, button, home_button, insert


def home(tr: Translator) -> Screen:
    text = "\n\n".join(
        [
            bold(tr.gettext("📅 Appointments")),
            tr.gettext(
                "Book a free appointment at a district office ({office}) or the arrival advice, "
                "or see your appointments."
            ).format(office=insert(tr, "Stadtteilbüro")),
        ]
    )
    rows = [
        [button(tr.pgettext("button", "📅 Book an appointment"), OpenMenu("book"))],
        [button(tr.pgettext("button", "🗂 My appointments"), OpenMenu("myappointments"))],
        [home_button(tr)],
    ]
    return text, InlineKeyboardMarkup(rows)


def choose_topic(tr: Translator) -> Screen:
    rows = [[button(topic_name(tr, topic), BookTopic(topic))] for topic in TOPICS]
    rows.append([back(tr, OpenMenu("appointments")), home_button(tr)])
    return tr.gettext("What would you like advice about?"), InlineKeyboardMarkup(rows)


def choose_office(
    tr: Translator, topic: str, offices: list[Office], distances: dict[str, float] | None = None
) -> Screen:
    """Offices for the topic: nearest first when the user shared a location, else those
    whose staff speak the reader's language first."""

    def speaks(office: Office) -> bool:
        return tr.language in office.languages

    def label(office: Office) -> str:
        text = ("🗣 " if speaks(office) else "") + tr.isolate_runs(office.display_name(tr.language))
        if distances and office.id in distances:
            km = tr.gettext("{km} km").format(km=tr.number(round(distances[office.id], 1)))
            text += f" · {km}"
        return text

    if distances:
        ordered = sorted(offices, key=lambda o: distances.get(o.id, float("inf")))
    else:
        ordered = sorted(offices, key=lambda o: (not speaks(o), o.name))
    rows = [[button(label(o), BookOffice(topic, o.id))] for o in ordered]
    if not distances:
        rows.append([button(tr.pgettext("button", "📍 Nearest first"), NearestFirst(topic))])
    rows.append([back(tr, OpenMenu("book")), home_button(tr)])
    lines = [tr.gettext("Which office?")]
    if any(speaks(o) for o in offices):
        lines.append(tr.gettext("🗣 = someone there speaks your language (on some days)."))
    return "\n\n".join(lines), InlineKeyboardMarkup(rows)


def choose_day(
    tr: Translator, office: Office, topic: str, free: list[Slot], tz: ZoneInfo
) -> Screen:
    days: OrderedDict[date, int] = OrderedDict()
    for slot in free:
        day = slot.starts_at.astimezone(tz).date()
        days[day] = days.get(day, 0) + 1
    header = office_block(tr, office)
    if not days:
        text = "\n\n".join(
            [
                header,
                tr.gettext(
                    "No free times in the next weeks. Please choose another office or call: {phone}"
                ).format(phone=insert(tr, office.phone or "")),
            ]
        )
        return text, InlineKeyboardMarkup([[back(tr, BookTopic(topic)), home_button(tr)]])
    labels = [
        (
            ("🗣 " if slot_rules.speaks(office, tr.language, day) and tr.language != "de" else "")
            + tr.date(day, short=True),
            day,
        )
        for day in list(days)[:MAX_DAYS]
    ]
    rows = grid(
        [button(label, BookDay(topic, office.id, day_code(day))) for label, day in labels], 2
    )
    rows.append([back(tr, BookTopic(topic)), home_button(tr)])
    return "\n\n".join([header, tr.gettext("Choose a day:")]), InlineKeyboardMarkup(rows)


def choose_time(
    tr: Translator, office: Office, topic: str, day: date, free: list[Slot], tz: ZoneInfo
) -> Screen:
    times = [s for s in free if s.starts_at.astimezone(tz).date() == day]
    text = "\n\n".join(
        [
            office_block(tr, office),
            tr.gettext("Choose a time on {date}:").format(date=tr.date(day)),
        ]
    )
    rows = grid(
        [
            button(
                tr.time(s.starts_at, tz=tz.key), BookTime(topic, office.id, minute_of(s.starts_at))
            )
            for s in times
        ],
        TIMES_PER_ROW,
    )
    rows.append([back(tr, BookOffice(topic, office.id)), home_button(tr)])
    return text, InlineKeyboardMarkup(rows)


def summary(
    tr: Translator, booking: Booking, office: Office, tz: ZoneInfo, hold_minutes: int
) -> Screen:
    lines = [
        bold(tr.gettext("Please check your appointment:")),
        "📅 " + when(tr, booking.starts_at, tz),
        office_block(tr, office),
        "💬 " + tr.gettext("Topic: {topic}").format(topic=topic_name(tr, booking.topic)),
    ]
    if booking.name:
        lines.append(
            "👤 "
            + tr.gettext("Name for the office: {name} (from your Telegram profile)").format(
                name=insert(tr, booking.name)
            )
        )
    lines += [
        "",
        tr.ngettext(
            "This time is kept for you for {count} minute.",
            "This time is kept for you for {count} minutes.",
            hold_minutes,
        ).format(count=tr.number(hold_minutes)),
    ]
    day = day_code(booking.starts_at.astimezone(tz).date())
    rows = [
        [button(tr.pgettext("button", "✅ Confirm"), ConfirmBooking(booking.id))],
        [back(tr, BookDay(booking.topic, booking.office_id, day)), home_button(tr)],
    ]
    return "\n".join(lines), InlineKeyboardMarkup(rows)


def confirmed(tr: Translator, booking: Booking, office: Office, tz: ZoneInfo) -> Screen:
    lines = [
        bold(tr.gettext("✅ Your appointment is booked.")),
        "📅 " + when(tr, booking.starts_at, tz),
        office_block(tr, office),
        "",
        tr.gettext("You will get a reminder before the appointment."),
        tr.gettext("The calendar file below adds it to your phone's calendar."),
    ]
    rows = [
        [button(tr.pgettext("button", "🗂 My appointments"), OpenMenu("myappointments"))],
        [home_button(tr)],
    ]
    return "\n".join(lines), InlineKeyboardMarkup(rows)


def slot_taken(
    tr: Translator, topic: str, office_id: str, next_free: list[Slot], tz: ZoneInfo
) -> Screen:
    text = tr.gettext("Sorry, this time was just taken by someone else.")
    rows = []
    if next_free:
        text += "\n" + tr.gettext("These times are still free:")
        rows = [
            [button(when(tr, s.starts_at, tz), BookTime(topic, office_id, minute_of(s.starts_at)))]
            for s in next_free
        ]
    rows.append([back(tr, BookOffice(topic, office_id)), home_button(tr)])
    return text, InlineKeyboardMarkup(rows)


def ask_location(tr: Translator) -> tuple[str, ReplyKeyboardMarkup]:
    """A reply keyboard whose button sends the phone's location (inline buttons cannot)."""
    text = "\n\n".join(
        [
            tr.gettext("Please tap “📍 Send my location” below."),
            tr.gettext("Lotse uses it only to sort the offices by distance and does not keep it."),
        ]
    )
    keyboard = ReplyKeyboardMarkup(
        [
            [KeyboardButton(tr.pgettext("button", "📍 Send my location"), request_location=True)],
            [KeyboardButton(cancel_label(tr))],
        ],
        resize_keyboard=True,
        one_time_keyboard=True,
    )
    return text, keyboard


def cancel_label(tr: Translator) -> str:
    return tr.pgettext("button", "✖️ Not now")


def location_received(tr: Translator) -> tuple[str, ReplyKeyboardRemove]:
    return tr.gettext("Thank you. Here are the offices, nearest first:"), ReplyKeyboardRemove()
