"""Buttons and small pieces every screen shares."""

from __future__ import annotations

from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import Translator
from bot.ui.callbacks import OpenMenu, pack

Screen = tuple[str, InlineKeyboardMarkup | None]


def button(text: str, data: object) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=pack(data))


def home_button(tr: Translator) -> InlineKeyboardButton:
    return button(tr.pgettext("button", "🏠 Main menu"), OpenMenu("home"))


def home_keyboard(tr: Translator) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[home_button(tr)]])


def menu_keyboard(tr: Translator) -> InlineKeyboardMarkup:
    """The main menu: one entry per row, so long Farsi and Arabic labels fit a small phone."""
    entries = [
        ("folder", tr.pgettext("button", "📁 Welcome folder")),
        ("courses", tr.pgettext("button", "📚 German courses")),
        ("appointments", tr.pgettext("button", "📅 Appointments")),
        ("settings", tr.pgettext("button", "⚙️ My settings")),
        ("help", tr.pgettext("button", "❓ Help")),
    ]
    return InlineKeyboardMarkup([[button(label, OpenMenu(target))] for target, label in entries])


def bold(text: str) -> str:
    return f"<b>{escape(text)}</b>"


def insert(tr: Translator, value: object) -> str:
    """A left-to-right value inside a sentence: HTML-escaped and, in RTL text, isolated."""
    return escape(tr.isolate(str(value)))
