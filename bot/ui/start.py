"""Language choice, main menu, help, and the entries that are not built yet."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup

from bot.i18n import LANGUAGES, NATIVE_NAMES, Translator
from bot.ui.callbacks import ChooseLanguage, OpenMenu
from bot.ui.common import Screen, bold, button, home_button, menu_keyboard


def language_picker(tr: Translator, *, first_contact: bool) -> Screen:
    """Greeting in the proposed language; each button names its language in that language."""
    lines = []
    if first_contact:
        lines.append(tr.gettext("Hello! I am Lotse, your guide for your first months in Rheine."))
    lines.append(tr.gettext("Please choose your language."))
    buttons = [
        button(("✅ " if code == tr.language else "") + NATIVE_NAMES[code], ChooseLanguage(code))
        for code in LANGUAGES
    ]
    return "\n\n".join(lines), InlineKeyboardMarkup([buttons[:2], buttons[2:]])


def welcome(tr: Translator) -> Screen:
    text = "\n\n".join(
        [
            bold(tr.gettext("Welcome to Lotse!")),
            tr.gettext(
                "I help you in your first months in Rheine: the welcome folder, "
                "free German courses and appointments at the district offices."
            ),
            tr.gettext("What do you need?"),
        ]
    )
    return text, menu_keyboard(tr)


def main_menu(tr: Translator) -> Screen:
    return tr.gettext("Main menu. What do you need?"), menu_keyboard(tr)


def help_screen(tr: Translator) -> Screen:
    text = "\n\n".join(
        [
            bold(tr.gettext("How Lotse helps you")),
            tr.gettext("📁 Welcome folder: where to go and who helps in Rheine."),
            tr.gettext("📚 German courses: free courses near you, also with childcare."),
            tr.gettext("📅 Appointments: book a time at a district office."),
            tr.gettext("⚙️ My settings: your language and your data."),
            tr.gettext("Tap a button below. You can also type a word, for example “Kita”."),
            tr.gettext(
                "Commands: {menu} main menu, {language} language, {mydata} my data, "
                "{delete} delete my data."
            ).format(
                menu=tr.isolate("/menu"),
                language=tr.isolate("/language"),
                mydata=tr.isolate("/mydata"),
                delete=tr.isolate("/delete"),
            ),
        ]
    )
    return text, menu_keyboard(tr)


def settings_screen(tr: Translator) -> Screen:
    rows = [
        [button(tr.pgettext("button", "🌐 Language"), OpenMenu("language"))],
        [button(tr.pgettext("button", "🔔 Announcements"), OpenMenu("subscriptions"))],
        [button(tr.pgettext("button", "🗂 My data"), OpenMenu("mydata"))],
        [button(tr.pgettext("button", "🗑 Delete my data"), OpenMenu("delete"))],
        [home_button(tr)],
    ]
    text = "\n\n".join(
        [
            bold(tr.gettext("My settings")),
            tr.gettext("Your language: {language}").format(language=_native(tr)),
        ]
    )
    return text, InlineKeyboardMarkup(rows)


def _native(tr: Translator) -> str:
    return NATIVE_NAMES[tr.language]
