"""Announcements as people see them: the subscription switches, the question asked once, and
a broadcast in the reader's language."""

from __future__ import annotations

import re

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import Translator
from bot.ui.callbacks import OpenMenu, ToggleSubscription, Unsubscribe
from bot.ui.common import Screen, bold, button, home_button


def topic_name(tr: Translator, topic: str) -> str:
    return {
        "courses": tr.gettext("new German courses"),
        "district": tr.gettext("news for my part of town"),
        "events": tr.gettext("events"),
    }[topic]


def subscriptions(tr: Translator, mine: set[str]) -> Screen:
    text = "\n\n".join(
        [
            bold(tr.gettext("🔔 Announcements")),
            tr.gettext("Choose what you would like to hear about. You can change it at any time."),
        ]
    )
    rows = [
        [
            button(
                ("✅ " if topic in mine else "⬜ ") + topic_name(tr, topic),
                ToggleSubscription(topic),
            )
        ]
        for topic in ("courses", "district", "events")
    ]
    rows.append([home_button(tr)])
    return text, InlineKeyboardMarkup(rows)


def message(
    tr: Translator, texts: dict[str, str], stop_key: str, link: str | None = None
) -> Screen:
    """A broadcast in the reader's language, or the German with a note; its last button ends
    what brought it (`stop_key`: a topic, a course, the waiting for one)."""
    own = texts.get(tr.language)
    body = own if own else texts["de"]
    lines = ["📣 " + _isolated(tr, body)]
    if not own and tr.language != "de":
        lines.append("")
        lines.append("💬 " + tr.gettext("This message is in German; there is no translation yet."))
    rows = []
    if link:
        rows.append([InlineKeyboardButton(tr.pgettext("button", "🔗 More information"), url=link)])
    rows.append([button(tr.pgettext("button", "🔕 No more of these"), Unsubscribe(stop_key))])
    return "\n".join(lines), InlineKeyboardMarkup(rows)


def ask_announcements(tr: Translator) -> Screen:
    """Asked once, after something useful: nothing is sent unless they say yes."""
    text = "\n".join(
        [
            "📬 " + tr.gettext("Would you like short announcements from Lotse?"),
            tr.gettext("Tap what interests you. You can change it in the settings at any time."),
        ]
    )
    rows = [
        [button("⬜ " + topic_name(tr, topic), ToggleSubscription(topic))]
        for topic in ("courses", "district", "events")
    ]
    rows.append([button(tr.pgettext("button", "No, thank you"), OpenMenu("home"))])
    return text, InlineKeyboardMarkup(rows)


_TAG = re.compile(r"(<[^>]+>|&[#a-z0-9]+;)")


def _isolated(tr: Translator, html_text: str) -> str:
    """Latin runs in right-to-left text isolated, never inside a tag or an entity."""
    if not tr.rtl:
        return html_text
    return "".join(
        part if _TAG.fullmatch(part) else tr.isolate_runs(part) for part in _TAG.split(html_text)
    )
