"""Course messages sent on their own (decisions, offers, reminders) and coordinators' screens."""

from __future__ import annotations

from datetime import date
from html import escape

from telegram import InlineKeyboardMarkup

from bot.i18n import NATIVE_NAMES, Translator
from bot.services.matching import Course
from bot.storage.courses import Registration
from bot.ui.callbacks import (
    CourseDecision,
    LessonReminders,
    ManageCourse,
    OpenCourse,
    OpenMenu,
    ShiftWeek,
    TakeOffer,
    WithdrawRegistration,
)
from bot.ui.common import Screen, bold, button, home_button, insert
from bot.ui.courses import level_name, schedule, title


def coordinator_notice(tr: Translator, registration: Registration, course: Course) -> Screen:
    state = (
        tr.gettext("seat reserved")
        if registration.state == "pending"
        else tr.gettext("course full: waiting list")
    )
    lines = [
        bold(
            tr.gettext("📝 New registration: {course}").format(
                course=course.title.get("de", course.id)
            )
        ),
        "👤 "
        + escape(registration.name or "–")
        + " · "
        + NATIVE_NAMES.get(registration.language, ""),
        "📌 " + state,
    ]
    if registration.child_ages:
        lines.append("👶 " + tr.gettext("needs childcare"))
    if registration.phone:
        lines.append(
            "📱 " + tr.gettext("Phone: {phone}").format(phone=insert(tr, registration.phone))
        )
    rows = [
        [
            button(tr.pgettext("button", "✅ Accept"), CourseDecision(registration.id, "a")),
            button(tr.pgettext("button", "⏳ Waiting list"), CourseDecision(registration.id, "w")),
            button(tr.pgettext("button", "✖️ Decline"), CourseDecision(registration.id, "d")),
        ]
    ]
    return "\n".join(lines), InlineKeyboardMarkup(rows)


def place_line(tr: Translator, course: Course) -> str:
    """Where a participant goes: the place and its street, for reminders and the outcome."""
    place = course.place
    return "📍 " + tr.gettext("Place: {place}").format(
        place=insert(tr, f"{place['name']}, {place['street']}")
    )


def outcome(tr: Translator, registration: Registration, course: Course) -> Screen:
    texts = {
        "accepted": tr.gettext("🎉 You have a place in the course! It starts on {date}.").format(
            date=tr.date(course.starts)
        ),
        "waiting": tr.gettext("The course is full for now. You are on the waiting list."),
        "declined": tr.gettext(
            "Sorry, this course cannot take you. Please look for another course."
        ),
    }
    lines = ["📚 " + bold(title(tr, course)), texts[registration.state]]
    if registration.state == "accepted":
        lines.append("🕐 " + schedule(tr, course.sessions))
        lines.append(place_line(tr, course))
    rows = []
    if registration.state == "accepted":
        lines.append(tr.gettext("You will get a reminder the day before the course starts."))
        label = tr.pgettext("button", "🔔 Also remind me before each lesson")
        rows.append([button(label, LessonReminders(registration.id, 1))])
    rows.append([button(tr.pgettext("button", "📚 Find a German course"), OpenMenu("courses"))])
    return "\n".join(lines), InlineKeyboardMarkup(rows)


def lesson_reminder(
    tr: Translator, registration: Registration, course: Course, day: date
) -> Screen:
    text = "\n".join(
        [
            "🔔 "
            + bold(
                tr.gettext("Tomorrow, {date}, you have German class.").format(date=tr.date(day))
            ),
            "📚 " + title(tr, course),
            "🕐 " + schedule(tr, course.sessions),
            place_line(tr, course),
        ]
    )
    label = tr.pgettext("button", "🔕 No more lesson reminders")
    return text, InlineKeyboardMarkup([[button(label, LessonReminders(registration.id, 0))]])


def offer(tr: Translator, registration: Registration, course: Course) -> Screen:
    lines = [
        "📚 " + bold(title(tr, course)),
        tr.gettext("A seat is free for you! It is kept for you for 48 hours."),
    ]
    rows = [
        [button(tr.pgettext("button", "✅ Take the seat"), TakeOffer(registration.id))],
        [button(tr.pgettext("button", "✖️ No, thank you"), WithdrawRegistration(registration.id))],
    ]
    return "\n".join(lines), InlineKeyboardMarkup(rows)


def coordinator_list(tr: Translator, items: list[tuple[Course, int]]) -> Screen:
    lines = [bold(tr.gettext("Courses: seats taken / seats, people waiting"))]
    rows = []
    for course, waiting in items:
        if course.status == "finished":
            continue
        lock = "" if course.registration_open else "🔒 "
        seats = f"{tr.number(course.taken)}/{tr.number(course.capacity)}"
        label = f"{lock}{course.id} · {seats} · ⏳{tr.number(waiting)}"
        rows.append([button(label, ManageCourse(course.id, "v"))])
    rows.append([home_button(tr)])
    return "\n".join(lines), InlineKeyboardMarkup(rows)


def coordinator_course(tr: Translator, course: Course, waiting: int) -> Screen:
    state = (
        tr.gettext("registration open")
        if course.registration_open
        else tr.gettext("registration closed")
    )
    lines = [
        bold(title(tr, course)),
        tr.gettext("Seats: {taken} of {capacity} taken").format(
            taken=tr.number(course.taken), capacity=tr.number(course.capacity)
        ),
        tr.gettext("Waiting list: {count}").format(count=tr.number(waiting)),
        "🔓 " + state if course.registration_open else "🔒 " + state,
    ]
    toggle = (
        button(tr.pgettext("button", "🔒 Close registration"), ManageCourse(course.id, "c"))
        if course.registration_open
        else button(tr.pgettext("button", "🔓 Open registration"), ManageCourse(course.id, "o"))
    )
    rows = [
        [toggle],
        [
            button(tr.pgettext("button", "➕ One seat more"), ManageCourse(course.id, "p")),
            button(tr.pgettext("button", "➖ One seat less"), ManageCourse(course.id, "m")),
        ],
        [button(tr.pgettext("button", "↩️ Back"), ManageCourse("-", "l")), home_button(tr)],
    ]
    return "\n".join(lines), InlineKeyboardMarkup(rows)


def course_opened(tr: Translator, course: Course) -> Screen:
    text = "\n".join(
        [
            "🔔 " + bold(tr.gettext("A course that fits your answers has places now:")),
            "📚 " + title(tr, course),
            "🕐 " + schedule(tr, course.sessions),
        ]
    )
    return text, InlineKeyboardMarkup(
        [[button(tr.pgettext("button", "📄 See the course"), OpenCourse(course.id))]]
    )


def lesson_cancelled(tr: Translator, course: Course, day: date) -> Screen:
    text = "\n".join(
        [
            "📚 " + bold(title(tr, course)),
            tr.gettext(
                "The lesson on {date} does not take place. The next lessons are as usual."
            ).format(date=tr.date(day)),
        ]
    )
    return text, None


def shift_question(tr: Translator, registration: Registration, course: Course) -> Screen:
    text = "\n".join(
        [
            "📚 " + bold(title(tr, course)),
            tr.gettext("Which shift do you work this week? I will tell you which group to go to."),
        ]
    )
    rows = [
        [
            button(tr.pgettext("button", "🌅 Early shift"), ShiftWeek(registration.id, "e")),
            button(tr.pgettext("button", "🌙 Late shift"), ShiftWeek(registration.id, "l")),
        ]
    ]
    return text, InlineKeyboardMarkup(rows)


def go_to_group(tr: Translator, course: Course) -> Screen:
    text = "\n".join(
        [
            tr.gettext("This week, go to this group:"),
            "🕐 " + schedule(tr, course.sessions),
            "📍 " + tr.gettext("Place: {place}").format(place=insert(tr, course.place["name"])),
        ]
    )
    return text, InlineKeyboardMarkup([[home_button(tr)]])


def start_reminder(tr: Translator, registration: Registration, course: Course) -> Screen:
    lines = [
        "🔔 " + bold(tr.gettext("Your German course starts tomorrow!")),
        "📚 " + title(tr, course),
        "🕐 " + schedule(tr, course.sessions),
        place_line(tr, course),
        "🎒 " + tr.gettext("Please bring a pen and paper."),
    ]
    if registration.child_ages and course.childcare_ages:
        lines.append(
            "👶 "
            + tr.gettext("Childcare is there during the lessons; please bring your children along.")
        )
    return "\n".join(lines), None


def demand_report(tr: Translator, needs: list[tuple[int, dict]]) -> Screen:
    """What people looked for and did not find, grouped, without names."""
    lines = [bold(tr.gettext("📊 Course searches without a fitting course (last 7 days)"))]
    if not needs:
        lines.append(tr.gettext("Every search found a fitting course."))
    for count, need in needs:
        lines.append(
            tr.ngettext("{count} person: {need}", "{count} people: {need}", count).format(
                count=tr.number(count), need=escape(describe_need(tr, need))
            )
        )
    return "\n".join(lines), None


def describe_need(tr: Translator, need: dict) -> str:
    parts = []
    if need.get("reads_latin") is False:
        parts.append(tr.gettext("reading and writing"))
    elif need.get("level"):
        parts.append(level_name(tr, need["level"]))
    times = {
        "morning": tr.gettext("mornings"),
        "afternoon": tr.gettext("afternoons"),
        "evening": tr.gettext("evenings"),
        "weekend": tr.gettext("weekends"),
    }
    parts += [times[p] for p in need.get("parts") or [] if p in times]
    if need.get("shift") == "alternating":
        parts.append(tr.gettext("alternating shifts"))
    ages_needed = need.get("child_ages") or []
    if ages_needed:
        parts.append(
            tr.gettext("childcare for ages {ages}").format(
                ages=", ".join(tr.number(a) for a in ages_needed)
            )
        )
    if need.get("women_only"):
        parts.append(tr.gettext("women only"))
    if need.get("district"):
        parts.append(need["district"])
    return ", ".join(parts) or tr.gettext("no details given")
