"""Course screens: results that explain themselves, a course page, registration."""

from __future__ import annotations

from html import escape

from telegram import InlineKeyboardMarkup, KeyboardButton, ReplyKeyboardMarkup, ReplyKeyboardRemove

from bot.i18n import Translator
from bot.services.matching import Course, Match, Session
from bot.ui.callbacks import (
    CourseAnswer,
    CourseMap,
    OpenCourse,
    OpenMenu,
    RegisterCourse,
    WithdrawRegistration,
)
from bot.ui.common import Screen, bold, button, home_button, insert

DAY_INDEX = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}


def results(tr: Translator, matches: list[Match], *, earlier: bool = False) -> Screen:
    """The best three; `earlier` says they come from answers given before."""
    exact = [m for m in matches if m.exact]
    rows = []
    if exact:
        lines = [bold(tr.gettext("These courses fit you:"))]
        shown = exact[:3]
    else:
        lines = [bold(tr.gettext("No course fits exactly. These come closest:"))]
        shown = matches[:3]
    if earlier:
        lines.append(
            tr.gettext("(From your earlier answers. To change them: “Answer the questions again”.)")
        )
    for number, match in enumerate(shown, start=1):
        lines += ["", _summary(tr, number, match)]
        rows.append(
            [button(f"{tr.number(number)}. {title(tr, match.course)}", OpenCourse(match.course.id))]
        )
    if not exact:
        rows.append(
            [
                button(
                    tr.pgettext("button", "🔔 Tell me when a matching course opens"),
                    CourseAnswer("watch", "y"),
                )
            ]
        )
    rows.append(
        [button(tr.pgettext("button", "🔄 Answer the questions again"), CourseAnswer("again", "y"))]
    )
    rows.append([button(tr.pgettext("button", "🗂 My registrations"), OpenMenu("registrations"))])
    rows.append([home_button(tr)])
    if not shown:
        lines.append(tr.gettext("There is no course at all for these answers right now."))
    return "\n".join(lines), InlineKeyboardMarkup(rows)


def title(tr: Translator, course: Course) -> str:
    return tr.isolate_runs(course.title.get(tr.language) or course.title["de"])


def _summary(tr: Translator, number: int, match: Match) -> str:
    course = match.course
    lines = [f"{tr.number(number)}. " + bold(title(tr, course))]
    lines.append("🕐 " + schedule(tr, course.sessions))
    lines.append(
        "📍 "
        + tr.gettext("Place: {place}").format(
            place=insert(tr, f"{course.place['name']}, {course.place.get('district', '')}")
        )
    )
    lines += ["✅ " + reason(tr, r) for r in match.fits if r[0] not in ("times", "level")]
    lines += ["⚠️ " + miss(tr, r) for r in match.misses]
    return "\n".join(lines)


def schedule(tr: Translator, sessions: tuple[Session, ...]) -> str:
    """ "Tue, Thu 09:00–10:30" (days with the same time together), in the reader's digits."""
    by_time: dict[tuple, list[str]] = {}
    for s in sessions:
        by_time.setdefault((s.start, s.end), []).append(s.day)
    parts = []
    for (start, end), days in by_time.items():
        names = "، ".join if tr.rtl else ", ".join
        day_names = names(tr.babel_locale.days["format"]["abbreviated"][DAY_INDEX[d]] for d in days)
        parts.append(f"{day_names} {tr.time(start)}–{tr.time(end)}")
    return " · ".join(parts)


def level_name(tr: Translator, level: str) -> str:
    names = {
        "alpha": tr.gettext("reading and writing from the start"),
        "alpha-other": tr.gettext("Latin letters, for people who read another script"),
        "a1-start": tr.gettext("beginners (A1, start)"),
        "a1": tr.gettext("A1"),
        "a2": tr.gettext("A2"),
        "b1": tr.gettext("B1"),
    }
    return names.get(level, level)


def ages(tr: Translator, ranges: tuple[tuple[int, int], ...]) -> str:
    return ("، " if tr.rtl else ", ").join(
        tr.gettext("{low} to {high} years").format(low=tr.number(lo), high=tr.number(hi))
        for lo, hi in ranges
    )


def reason(tr: Translator, item: tuple[str, object]) -> str:
    kind, detail = item
    if kind == "women":
        return tr.gettext("only for women, as you asked")
    if kind == "childcare":
        return tr.gettext("childcare for children {ages}").format(ages=ages(tr, detail))
    if kind == "twin_group":
        return tr.gettext("twin group at another time: you can switch week by week")
    if kind == "distance":
        return tr.gettext("{km} km away").format(km=tr.number(detail))
    if kind == "district":
        return tr.gettext("in your part of town")
    if kind == "seats":
        return tr.ngettext("{count} seat left", "{count} seats left", detail).format(
            count=tr.number(detail)
        )
    if kind == "starts":
        return tr.gettext("starts on {date}").format(date=tr.date(detail))
    if kind == "join_now":
        return tr.gettext("you can join now")
    if kind == "level":
        return tr.gettext("level: {level}").format(level=level_name(tr, detail))
    return tr.gettext("times: {times}").format(times=schedule(tr, detail))


def miss(tr: Translator, item: tuple[str, object]) -> str:
    kind, _ = item
    texts = {
        "no_childcare": tr.gettext("no childcare for your children's ages"),
        "integration_clash": tr.gettext("at the same time as your integration course"),
        "shift_weeks": tr.gettext("no twin group for your other shift week"),
        "times_clash": tr.gettext("the times do not fit what you said"),
        "full": tr.gettext("full: you can join the waiting list"),
    }
    if kind == "far":
        return tr.gettext("farther than you said: {km} km").format(km=tr.number(item[1]))
    return texts[kind]


def course_page(tr: Translator, course: Course) -> Screen:
    place = course.place
    lines = [
        "📚 " + bold(title(tr, course)),
        "🎓 " + tr.gettext("Level: {level}").format(level=level_name(tr, course.level)),
        "🕐 " + schedule(tr, course.sessions),
        "📅 "
        + tr.gettext("From {start} to {end}").format(
            start=tr.date(course.starts), end=tr.date(course.ends)
        ),
        "📍 "
        + tr.gettext("Place: {place}").format(
            place=insert(
                tr, f"{place['name']}, {place['street']}, {place['postcode']} {place['city']}"
            )
        ),
        "🏫 " + tr.gettext("Provider: {provider}").format(provider=insert(tr, course.provider)),
    ]
    if course.childcare_ages:
        lines.append("👶 " + reason(tr, ("childcare", course.childcare_ages)))
    if course.free_seats:
        lines.append("🪑 " + reason(tr, ("seats", course.free_seats)))
    else:
        lines.append("🪑 " + miss(tr, ("full", None)))
    if course.joining == "any-time":
        lines.append("➕ " + tr.gettext("You can join at any time."))
    note = course.notes.get(tr.language)
    if note:
        lines.append("💬 " + escape(tr.isolate_runs(note)))
    if course.sample:
        lines.append("💡 " + tr.gettext("Sample data for trying Lotse out, not real."))
    free = course.free_seats > 0
    register = (
        tr.pgettext("button", "📝 Register")
        if free
        else tr.pgettext("button", "📝 Join the waiting list")
    )
    rows = [[button(register, RegisterCourse(course.id))]]
    if place.get("lat") is not None:
        rows.append([button(tr.pgettext("button", "📍 Map"), CourseMap(course.id))])
    rows.append([button(tr.pgettext("button", "↩️ Back"), OpenMenu("courses")), home_button(tr)])
    return "\n".join(lines), InlineKeyboardMarkup(rows)


def confirm_registration(
    tr: Translator, course: Course, name: str, child_ages: list[int], phone: str | None = None
) -> Screen:
    lines = [
        bold(tr.gettext("Register for this course?")),
        "📚 " + title(tr, course),
        "👤 "
        + tr.gettext("Name for the course: {name} (from your Telegram profile)").format(
            name=insert(tr, name)
        ),
    ]
    if child_ages and course.childcare_ages:
        lines.append("👶 " + tr.gettext("Childcare needed: yes"))
    if phone:
        lines.append("📱 " + tr.gettext("Phone: {phone}").format(phone=insert(tr, phone)))
        lines.append(
            tr.gettext("The coordinators see your name, language and phone number, nothing else.")
        )
    else:
        lines.append(tr.gettext("The coordinators see your name and your language, nothing else."))
    rows = [[button(tr.pgettext("button", "✅ Register"), RegisterCourse(course.id, 1))]]
    if not phone:
        rows.append(
            [
                button(
                    tr.pgettext("button", "📱 Add my phone number (optional)"),
                    RegisterCourse(course.id, 2),
                )
            ]
        )
    rows.append([button(tr.pgettext("button", "↩️ Back"), OpenCourse(course.id)), home_button(tr)])
    return "\n".join(lines), InlineKeyboardMarkup(rows)


def ask_phone(tr: Translator) -> tuple[str, ReplyKeyboardMarkup]:
    """Telegram's contact button: the number comes from the phone, nobody types it."""
    text = "\n".join(
        [
            tr.gettext("Tap “📱 Share my phone number” below, so the coordinators can call you."),
            tr.gettext("This is optional. Lotse keeps the number only with this registration."),
        ]
    )
    keyboard = ReplyKeyboardMarkup(
        [
            [
                KeyboardButton(
                    tr.pgettext("button", "📱 Share my phone number"), request_contact=True
                )
            ],
            [KeyboardButton(tr.pgettext("button", "✖️ Not now"))],
        ],
        resize_keyboard=True,
        one_time_keyboard=True,
    )
    return text, keyboard


def phone_received(tr: Translator, *, shared: bool) -> tuple[str, ReplyKeyboardRemove]:
    text = tr.gettext("Thank you.") if shared else tr.gettext("All right, without a phone number.")
    return text, ReplyKeyboardRemove()


def registered(tr: Translator, course: Course, waiting: bool) -> Screen:
    if waiting:
        text = tr.gettext(
            "The course is full right now. You are on the waiting list; "
            "you will get a message when a seat is free."
        )
    else:
        text = tr.gettext(
            "Thank you! Your seat is reserved. The coordinators will confirm it soon."
        )
    rows = [
        [button(tr.pgettext("button", "🗂 My registrations"), OpenMenu("registrations"))],
        [home_button(tr)],
    ]
    return "\n".join([bold(title(tr, course)), text]), InlineKeyboardMarkup(rows)


def registration_state(tr: Translator, state: str) -> str:
    states = {
        "pending": tr.gettext("seat reserved, waiting for confirmation"),
        "accepted": tr.gettext("accepted"),
        "waiting": tr.gettext("on the waiting list"),
        "offered": tr.gettext("a seat is offered to you"),
        "declined": tr.gettext("not accepted"),
        "withdrawn": tr.gettext("withdrawn"),
        "lapsed": tr.gettext("offer expired"),
    }
    return states.get(state, state)


def my_registrations(tr: Translator, items: list) -> Screen:
    if not items:
        rows = [
            [button(tr.pgettext("button", "📚 Find a German course"), OpenMenu("courses"))],
            [home_button(tr)],
        ]
        return tr.gettext("You have no course registrations."), InlineKeyboardMarkup(rows)
    lines = [bold(tr.gettext("Your course registrations:"))]
    rows = []
    for registration, course in items:
        lines.append(f"📚 {title(tr, course)} — {registration_state(tr, registration.state)}")
        rows.append(
            [
                button(
                    tr.pgettext("button", "✖️ Withdraw: {course}").format(course=title(tr, course)),
                    WithdrawRegistration(registration.id),
                )
            ]
        )
    rows.append([home_button(tr)])
    return "\n".join(lines), InlineKeyboardMarkup(rows)


def withdrawn(tr: Translator) -> Screen:
    rows = [
        [button(tr.pgettext("button", "🗂 My registrations"), OpenMenu("registrations"))],
        [home_button(tr)],
    ]
    return tr.gettext(
        "You have withdrawn. Your seat goes to the next person."
    ), InlineKeyboardMarkup(rows)


def watching(tr: Translator) -> Screen:
    return (
        tr.gettext("Good. When a course opens that fits your answers, you will get one message."),
        InlineKeyboardMarkup([[home_button(tr)]]),
    )


def closed(tr: Translator) -> Screen:
    return (
        tr.gettext("Registration for this course is closed. Please choose another course."),
        InlineKeyboardMarkup(
            [[button(tr.pgettext("button", "📚 Find a German course"), OpenMenu("courses"))]]
        ),
    )
