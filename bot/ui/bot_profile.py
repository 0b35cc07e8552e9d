"""The bot's own command menu and descriptions, per language (Telegram shows them in its UI)."""

from __future__ import annotations

from telegram import BotCommand

from bot.i18n import Translator


def commands(tr: Translator, privileged: tuple[str, ...] = ()) -> list[BotCommand]:
    """The menu of commands; role holders see theirs too (everyone else never does)."""
    return [*_public(tr), *(c for c in _privileged(tr) if c.command in privileged)]


def _privileged(tr: Translator) -> list[BotCommand]:
    return [
        BotCommand("courses", tr.gettext("Courses and seats (coordinators)")),
        BotCommand("cancellesson", tr.gettext("Cancel a lesson (coordinators)")),
        BotCommand("broadcast", tr.gettext("New announcement (coordinators)")),
        BotCommand("stats", tr.gettext("Figures (coordinators)")),
        BotCommand("folderreport", tr.gettext("What the welcome folder missed (coordinators)")),
        BotCommand("bookfor", tr.gettext("Book for someone (office staff)")),
        BotCommand("officestats", tr.gettext("Office figures (office staff)")),
        BotCommand("close", tr.gettext("Close the office for a time (office staff)")),
        BotCommand("linkgroup", tr.gettext("Link the team group (office staff)")),
        BotCommand("invite", tr.gettext("Invite staff or a coordinator (admins)")),
        BotCommand("roles", tr.gettext("See and take back roles (admins)")),
    ]


def _public(tr: Translator) -> list[BotCommand]:
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
