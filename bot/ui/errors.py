"""Friendly answers to the unexpected: each ends with a way forward."""

from __future__ import annotations

from bot.i18n import Translator
from bot.services.errors import NothingToConfirm, ServiceError
from bot.ui.common import Screen, home_keyboard, menu_keyboard


def unknown_command(tr: Translator) -> Screen:
    return tr.gettext("I do not know this command. Here is the main menu."), menu_keyboard(tr)


def media_not_understood(tr: Translator) -> Screen:
    return (
        tr.gettext("I can only read text and buttons. Please use the buttons below."),
        menu_keyboard(tr),
    )


def text_too_long(tr: Translator) -> Screen:
    return (
        tr.gettext("Your message is very long. Please write a few words, for example “Kita”."),
        menu_keyboard(tr),
    )


def button_expired(tr: Translator) -> Screen:
    return tr.gettext("This button is old. Here is the main menu."), menu_keyboard(tr)


def something_went_wrong(tr: Translator) -> Screen:
    return tr.gettext("Sorry, something went wrong. Please try again."), home_keyboard(tr)


def service_error(tr: Translator, error: ServiceError) -> Screen:
    """The translated answer for a rule that refused the user's request."""
    if isinstance(error, NothingToConfirm):
        return tr.gettext("This question has expired. Nothing was changed."), home_keyboard(tr)
    return something_went_wrong(tr)
