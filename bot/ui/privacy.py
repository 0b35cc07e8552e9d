"""/mydata and /delete screens."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from telegram import InlineKeyboardMarkup

from bot.i18n import NATIVE_NAMES, Translator
from bot.services.privacy import DELETE_FLOW, StoredData
from bot.ui.appointment_parts import when
from bot.ui.callbacks import ConfirmDelete, OpenMenu
from bot.ui.common import Screen, bold, button, home_button, insert
from bot.ui.courses import registration_state


def my_data(tr: Translator, data: StoredData) -> Screen:
    flow_names = {DELETE_FLOW: tr.gettext("a question whether to delete your data")}
    lines = [
        bold(tr.gettext("This is everything Lotse stores about you:")),
        "• " + tr.gettext("Your Telegram user ID: {id}").format(id=insert(tr, data.user_id)),
        "• " + tr.gettext("Your language: {language}").format(language=NATIVE_NAMES[data.language]),
        "• "
        + tr.gettext("First contact: {date}").format(
            date=tr.date(data.created_at, tz="Europe/Berlin")
        ),
    ]
    if data.open_flow:
        lines.append(
            "• "
            + tr.gettext("An open step: {step}").format(
                step=flow_names.get(data.open_flow, data.open_flow)
            )
        )
    if data.appointments:
        lines.append("• " + tr.gettext("Your appointments (with your first name for the office):"))
        states = {
            "held": tr.gettext("held"),
            "confirmed": tr.gettext("booked"),
            "cancelled": tr.gettext("cancelled"),
            "moved": tr.gettext("moved"),
            "attended": tr.gettext("attended"),
            "no_show": tr.gettext("missed"),
            "expired": tr.gettext("not confirmed"),
        }
        for starts_at, office, state in data.appointments:
            lines.append(
                "  ◦ "
                + tr.gettext("{when} at {office}: {state}").format(
                    when=when(tr, starts_at, ZoneInfo("Europe/Berlin")),
                    office=insert(tr, office),
                    state=states.get(state, state),
                )
            )
    if data.course_answers:
        lines.append("• " + tr.gettext("Your answers to the course questions."))
    for course_title, state, phone in data.registrations:
        lines.append(
            "• "
            + tr.gettext("Course registration: {course} ({state})").format(
                course=insert(tr, course_title), state=registration_state(tr, state)
            )
        )
        if phone:
            lines.append("  ◦ " + tr.gettext("Phone: {phone}").format(phone=insert(tr, phone)))
    lines.append("")
    lines.append(
        tr.gettext(
            "Lotse keeps your first name only with an appointment, for the office, "
            "and never your phone number."
        )
    )
    keyboard = InlineKeyboardMarkup(
        [
            [button(tr.pgettext("button", "🗑 Delete my data"), OpenMenu("delete"))],
            [home_button(tr)],
        ]
    )
    return "\n".join(lines), keyboard


def no_data(tr: Translator) -> Screen:
    return tr.gettext("Lotse stores nothing about you."), None


def ask_delete(tr: Translator) -> Screen:
    text = "\n\n".join(
        [
            bold(tr.gettext("Delete all your data?")),
            tr.gettext("Lotse then forgets you completely. This cannot be undone."),
            tr.gettext("Your appointments are cancelled too, and the office is told."),
        ]
    )
    keyboard = InlineKeyboardMarkup(
        [
            [button(tr.pgettext("button", "🗑 Yes, delete everything"), ConfirmDelete(1))],
            [button(tr.pgettext("button", "↩️ No, keep my data"), ConfirmDelete(0))],
        ]
    )
    return text, keyboard


def deleted(tr: Translator) -> Screen:
    return (
        tr.gettext("All your data is deleted. If you write to Lotse again, it starts fresh."),
        None,
    )


def kept(tr: Translator) -> Screen:
    return tr.gettext("Nothing was deleted."), InlineKeyboardMarkup([[home_button(tr)]])
