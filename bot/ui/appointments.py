"""Appointment screens for newcomers: topic, office, day, time, summary, my appointments."""

from __future__ import annotations

from collections import OrderedDict
from datetime import UTC, date, datetime
from html import escape
from zoneinfo import ZoneInfo

from telegram import (
    InlineKeyboardButton,
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
from bot.ui.callbacks import (
    AskCancel,
    BookDay,
    BookOffice,
    BookTime,
    BookTopic,
    ConfirmBooking,
    DoCancel,
    MoveDay,
    MoveTo,
    NearestFirst,
    OpenMenu,
    WillCome,
)
from bot.ui.common import Screen, bold, button, home_button, insert

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
    rows.append([_back(tr, OpenMenu("appointments")), home_button(tr)])
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
    rows.append([_back(tr, OpenMenu("book")), home_button(tr)])
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
    header = _office_block(tr, office)
    if not days:
        text = "\n\n".join(
            [
                header,
                tr.gettext(
                    "No free times in the next weeks. Please choose another office or call: {phone}"
                ).format(phone=insert(tr, office.phone or "")),
            ]
        )
        return text, InlineKeyboardMarkup([[_back(tr, BookTopic(topic)), home_button(tr)]])
    labels = [
        (
            ("🗣 " if slot_rules.speaks(office, tr.language, day) and tr.language != "de" else "")
            + tr.date(day, short=True),
            day,
        )
        for day in list(days)[:MAX_DAYS]
    ]
    rows = _grid(
        [button(label, BookDay(topic, office.id, day_code(day))) for label, day in labels], 2
    )
    rows.append([_back(tr, BookTopic(topic)), home_button(tr)])
    return "\n\n".join([header, tr.gettext("Choose a day:")]), InlineKeyboardMarkup(rows)


def choose_time(
    tr: Translator, office: Office, topic: str, day: date, free: list[Slot], tz: ZoneInfo
) -> Screen:
    times = [s for s in free if s.starts_at.astimezone(tz).date() == day]
    text = "\n\n".join(
        [
            _office_block(tr, office),
            tr.gettext("Choose a time on {date}:").format(date=tr.date(day)),
        ]
    )
    rows = _grid(
        [
            button(
                tr.time(s.starts_at, tz=tz.key), BookTime(topic, office.id, minute_of(s.starts_at))
            )
            for s in times
        ],
        TIMES_PER_ROW,
    )
    rows.append([_back(tr, BookOffice(topic, office.id)), home_button(tr)])
    return text, InlineKeyboardMarkup(rows)


def summary(
    tr: Translator, booking: Booking, office: Office, tz: ZoneInfo, hold_minutes: int
) -> Screen:
    lines = [
        bold(tr.gettext("Please check your appointment:")),
        "📅 " + when(tr, booking.starts_at, tz),
        _office_block(tr, office),
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
        [_back(tr, BookDay(booking.topic, booking.office_id, day)), home_button(tr)],
    ]
    return "\n".join(lines), InlineKeyboardMarkup(rows)


def confirmed(tr: Translator, booking: Booking, office: Office, tz: ZoneInfo) -> Screen:
    lines = [
        bold(tr.gettext("✅ Your appointment is booked.")),
        "📅 " + when(tr, booking.starts_at, tz),
        _office_block(tr, office),
        "",
        tr.gettext("You will get a reminder before the appointment."),
        tr.gettext("The calendar file below adds it to your phone's calendar."),
    ]
    rows = [
        [button(tr.pgettext("button", "🗂 My appointments"), OpenMenu("myappointments"))],
        [home_button(tr)],
    ]
    return "\n".join(lines), InlineKeyboardMarkup(rows)


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
    rows.append([_back(tr, OpenMenu("appointments")), home_button(tr)])
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
    return text, _after_change(tr)


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
    rows = _grid(
        [button(tr.date(d, short=True), MoveDay(booking.id, day_code(d))) for d in days], 2
    )
    rows.append([_back(tr, OpenMenu("myappointments")), home_button(tr)])
    return text, InlineKeyboardMarkup(rows)


def move_times(
    tr: Translator, booking: Booking, day: date, free: list[Slot], tz: ZoneInfo
) -> Screen:
    times = [s for s in free if s.starts_at.astimezone(tz).date() == day]
    rows = _grid(
        [
            button(tr.time(s.starts_at, tz=tz.key), MoveTo(booking.id, minute_of(s.starts_at)))
            for s in times
        ],
        TIMES_PER_ROW,
    )
    rows.append([_back(tr, MoveDay(booking.id)), home_button(tr)])
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
    return text, _after_change(tr)


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
    rows.append([_back(tr, BookOffice(topic, office_id)), home_button(tr)])
    return text, InlineKeyboardMarkup(rows)


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


def _marks_language(tr: Translator, office: Office, day: date) -> bool:
    return tr.language != "de" and slot_rules.speaks(office, tr.language, day)


def _day_label(tr: Translator, office: Office, day: date) -> str:
    return ("🗣 " if _marks_language(tr, office, day) else "") + tr.date(day, short=True)


def _day_prompt(tr: Translator, office: Office, days: list[date]) -> str:
    lines = [tr.gettext("Choose a day:")]
    if any(_marks_language(tr, office, d) for d in days):
        lines.append(tr.gettext("🗣 = on this day someone there speaks your language."))
    return "\n".join(lines)


def _office_block(tr: Translator, office: Office) -> str:
    return "\n".join(
        [
            "🏢 " + bold(tr.gettext("Office: {name}").format(name=tr.isolate(office.name))),
            "📍 "
            + tr.gettext("Address: {address}").format(address=insert(tr, address_line(office))),
        ]
    )


def _after_change(tr: Translator) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [button(tr.pgettext("button", "🗂 My appointments"), OpenMenu("myappointments"))],
            [home_button(tr)],
        ]
    )


def _back(tr: Translator, target: object) -> InlineKeyboardButton:
    return button(tr.pgettext("button", "↩️ Back"), target)


def _grid(buttons: list[InlineKeyboardButton], width: int) -> list[list[InlineKeyboardButton]]:
    return [buttons[i : i + width] for i in range(0, len(buttons), width)]


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


def calendar_title(tr: Translator, office: Office) -> str:
    return tr.gettext("Appointment: {office}").format(office=office.display_name(tr.language))


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
