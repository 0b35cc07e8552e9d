"""The bot's own command menu and descriptions, per language (Telegram shows them in its UI)."""

from __future__ import annotations

from telegram import BotCommand

from bot.i18n import Translator


def commands(tr: Translator) -> list[BotCommand]:
    return [
        BotCommand("start", tr.gettext("Start and choose a language")),
        BotCommand("menu", tr.gettext("Main menu")),
        BotCommand("help", tr.gettext("What Lotse can do")),
        BotCommand("language", tr.gettext("Change the language")),
        BotCommand("mydata", tr.gettext("See what Lotse stores about you")),
        BotCommand("delete", tr.gettext("Delete my data")),
    ]


def description(tr: Translator) -> str:
    return tr.gettext(
        "Lotse helps newcomers in Rheine: the welcome folder, free German courses and "
        "appointments at the district offices. In Farsi, Arabic, English and German."
    )


def short_description(tr: Translator) -> str:
    return tr.gettext("Your guide for your first months in Rheine.")
