"""The course questions: reading, German, children, times, place, women-only, integration."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, KeyboardButton, ReplyKeyboardMarkup

from bot.i18n import Translator
from bot.ui.appointment_parts import grid
from bot.ui.callbacks import (
    CanDo,
    CourseAnswer,
    PickTimes,
)
from bot.ui.common import Screen, bold, button, home_button, insert

READING_SAMPLE = "Ich lerne Deutsch in Rheine."


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
        rows.insert(
            0, [button(tr.pgettext("button", "📍 Use my location"), CourseAnswer("where", "@"))]
        )
        rows.append(_skip(tr, CourseAnswer("where", "-")))
        return tr.gettext("Where do you live? Choose your part of town."), InlineKeyboardMarkup(
            rows
        )
    if key == "max_km":
        rows = [
            [button(tr.gettext("{km} km").format(km=tr.number(km)), CourseAnswer("far", str(km)))]
            for km in (1, 3, 5)
        ]
        rows.append([button(tr.pgettext("button", "Any distance"), CourseAnswer("far", "any"))])
        rows.append(_skip(tr, CourseAnswer("far", "-")))
        return tr.gettext("How far may the course be?"), InlineKeyboardMarkup(rows)
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


def ask_location(tr: Translator) -> tuple[str, ReplyKeyboardMarkup]:
    """A reply keyboard whose button sends the phone's location."""
    text = "\n\n".join(
        [
            tr.gettext("Please tap “📍 Send my location” below."),
            tr.gettext(
                "Lotse keeps it only roughly (about 1 km) with your course answers; "
                "“Delete my data” erases it."
            ),
        ]
    )
    keyboard = ReplyKeyboardMarkup(
        [
            [KeyboardButton(tr.pgettext("button", "📍 Send my location"), request_location=True)],
            [KeyboardButton(tr.pgettext("button", "✖️ Not now"))],
        ],
        resize_keyboard=True,
        one_time_keyboard=True,
    )
    return text, keyboard
