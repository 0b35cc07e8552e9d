"""German course screens: the questions, the results that explain themselves, a course page."""

from __future__ import annotations

from datetime import date
from html import escape

from telegram import InlineKeyboardMarkup

from bot.i18n import NATIVE_NAMES, Translator
from bot.services.matching import Course, Match, Session
from bot.storage.courses import Registration
from bot.ui.appointment_parts import grid
from bot.ui.callbacks import (
    CanDo,
    CourseAnswer,
    CourseDecision,
    ManageCourse,
    OpenCourse,
    OpenMenu,
    PickTimes,
    RegisterCourse,
    ShiftWeek,
    TakeOffer,
    WithdrawRegistration,
)
from bot.ui.common import Screen, bold, button, home_button, insert

READING_SAMPLE = "Ich lerne Deutsch in Rheine."
DAY_INDEX = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}


def _skip(tr: Translator, data: object) -> list:
    return [button(tr.pgettext("button", "⏭ Skip"), data), home_button(tr)]


def _yes_no(tr: Translator, key: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                button(tr.pgettext("button", "✅ Yes"), CourseAnswer(key, "y")),
                button(tr.pgettext("button", "❌ No"), CourseAnswer(key, "n")),
            ],
            _skip(tr, CourseAnswer(key, "-")),
        ]
    )


def question(
    tr: Translator, key: str, *, districts: list[str], picked: set[str] | None = None
) -> Screen:
    """The screen of one matching question."""
    if key == "reads_latin":
        text = "\n".join(
            [
                bold(tr.gettext("📚 German courses")),
                tr.gettext("A few questions, so I can show you the courses that fit your life."),
                "",
                tr.gettext("Can you read this sentence?"),
                "👉 "
                + tr.gettext("Sentence: {sentence}").format(sentence=insert(tr, READING_SAMPLE)),
            ]
        )
        return text, _yes_no(tr, "rl")
    if key == "reads_own_script":
        return tr.gettext("Can you read and write in your own language?"), _yes_no(tr, "ro")
    if key == "level":
        return can_do(tr, 1)
    if key == "child_ages":
        rows = [
            [button(tr.pgettext("button", "No childcare needed"), CourseAnswer("kids", "none"))],
            [button(tr.pgettext("button", "👶 Child under 3"), CourseAnswer("kids", "u3"))],
            [button(tr.pgettext("button", "🧒 Child 3 to 6"), CourseAnswer("kids", "k36"))],
            [button(tr.pgettext("button", "👶🧒 Both"), CourseAnswer("kids", "both"))],
            _skip(tr, CourseAnswer("kids", "-")),
        ]
        return tr.gettext("Do you need childcare during the lessons?"), InlineKeyboardMarkup(rows)
    if key == "parts":
        return times(tr, picked or set())
    if key == "district":
        rows = grid([button(d, CourseAnswer("where", d)) for d in districts], 2)
        rows.insert(
            0, [button(tr.pgettext("button", "🗺 Anywhere in Rheine"), CourseAnswer("where", "*"))]
        )
        rows.append(_skip(tr, CourseAnswer("where", "-")))
        return tr.gettext("Where do you live? Choose your part of town."), InlineKeyboardMarkup(
            rows
        )
    if key == "women_only":
        rows = [
            [
                button(
                    tr.pgettext("button", "👩 Yes, a course only for women"),
                    CourseAnswer("women", "y"),
                )
            ],
            [button(tr.pgettext("button", "No preference"), CourseAnswer("women", "n"))],
            _skip(tr, CourseAnswer("women", "-")),
        ]
        return tr.gettext(
            "Some courses are only for women. Would you like one?"
        ), InlineKeyboardMarkup(rows)
    rows = [
        [button(tr.pgettext("button", "No"), CourseAnswer("ic", "no"))],
        [button(tr.pgettext("button", "Yes, in the morning"), CourseAnswer("ic", "morning"))],
        [button(tr.pgettext("button", "Yes, in the afternoon"), CourseAnswer("ic", "afternoon"))],
        [button(tr.pgettext("button", "Yes, in the evening"), CourseAnswer("ic", "evening"))],
        _skip(tr, CourseAnswer("ic", "-")),
    ]
    text = tr.gettext("Do you already go to an integration course ({name})? When?").format(
        name=insert(tr, "Integrationskurs")
    )
    return text, InlineKeyboardMarkup(rows)


def can_do(tr: Translator, step: int) -> Screen:
    prompts = {
        1: tr.gettext("In German, can you say your name and where you come from?"),
        2: tr.gettext("In German, can you talk about your day, shopping or a visit to the doctor?"),
        3: tr.gettext("Can you understand most of a letter from an office in German?"),
    }
    rows = [
        [
            button(tr.pgettext("button", "✅ Yes"), CanDo(step, 1)),
            button(tr.pgettext("button", "❌ No"), CanDo(step, 0)),
        ],
        _skip(tr, CanDo(step, 9)),
    ]
    return prompts[step], InlineKeyboardMarkup(rows)


def times(tr: Translator, picked: set[str]) -> Screen:
    """The weekly grid: tap the parts of the week you can come, or a shift pattern."""
    names = {
        "morning": tr.pgettext("button", "🌅 Mornings"),
        "afternoon": tr.pgettext("button", "☀️ Afternoons"),
        "evening": tr.pgettext("button", "🌙 Evenings"),
        "weekend": tr.pgettext("button", "📅 Weekends"),
    }
    toggles = [
        button(("✅ " if p in picked else "") + label, PickTimes(p)) for p, label in names.items()
    ]
    rows = grid(toggles, 2)
    rows.append(
        [button(tr.pgettext("button", "🔁 Shifts: early and late weeks"), PickTimes("alt"))]
    )
    rows.append([button(tr.pgettext("button", "🔀 Shifts: irregular"), PickTimes("irr"))])
    rows.append([button(tr.pgettext("button", "➡️ Done"), PickTimes("done"))])
    rows.append(_skip(tr, PickTimes("-")))
    text = "\n".join(
        [
            tr.gettext("When can you come? Tap all that fit, then “Done”."),
            tr.gettext("Do you work shifts? Then choose your shift pattern."),
        ]
    )
    return text, InlineKeyboardMarkup(rows)


# -- results ------------------------------------------------------------------------------------
def results(tr: Translator, matches: list[Match]) -> Screen:
    exact = [m for m in matches if m.exact]
    rows = []
    if exact:
        lines = [bold(tr.gettext("These courses fit you:"))]
        shown = exact[:3]
    else:
        lines = [bold(tr.gettext("No course fits exactly. These come closest:"))]
        shown = matches[:3]
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
    return ", ".join(
        tr.gettext("{low} to {high} years").format(low=tr.number(lo), high=tr.number(hi))
        for lo, hi in ranges
    )


def reason(tr: Translator, item: tuple[str, object]) -> str:
    kind, detail = item
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
    return texts[kind]


# -- one course ---------------------------------------------------------------------------------
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
    rows = [
        [button(register, RegisterCourse(course.id))],
        [button(tr.pgettext("button", "↩️ Back"), OpenMenu("courses")), home_button(tr)],
    ]
    return "\n".join(lines), InlineKeyboardMarkup(rows)


def confirm_registration(
    tr: Translator, course: Course, name: str, child_ages: list[int]
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
    lines.append(tr.gettext("The coordinators see your name and your language, nothing else."))
    rows = [
        [button(tr.pgettext("button", "✅ Register"), RegisterCourse(course.id, 1))],
        [button(tr.pgettext("button", "↩️ Back"), OpenCourse(course.id)), home_button(tr)],
    ]
    return "\n".join(lines), InlineKeyboardMarkup(rows)


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


# -- messages the outbox sends ------------------------------------------------------------------
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
    rows = [
        [
            button(tr.pgettext("button", "✅ Accept"), CourseDecision(registration.id, "a")),
            button(tr.pgettext("button", "⏳ Waiting list"), CourseDecision(registration.id, "w")),
            button(tr.pgettext("button", "✖️ Decline"), CourseDecision(registration.id, "d")),
        ]
    ]
    return "\n".join(lines), InlineKeyboardMarkup(rows)


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
        place = course.place
        lines.append(
            "📍 "
            + tr.gettext("Place: {place}").format(
                place=insert(tr, f"{place['name']}, {place['street']}")
            )
        )
    rows = [[button(tr.pgettext("button", "📚 Find a German course"), OpenMenu("courses"))]]
    return "\n".join(lines), InlineKeyboardMarkup(rows)


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


# -- coordinators -------------------------------------------------------------------------------
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
    place = course.place
    lines = [
        "🔔 " + bold(tr.gettext("Your German course starts tomorrow!")),
        "📚 " + title(tr, course),
        "🕐 " + schedule(tr, course.sessions),
        "📍 "
        + tr.gettext("Place: {place}").format(
            place=insert(tr, f"{place['name']}, {place['street']}")
        ),
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
