"""Announcements: the subscription switches, a broadcast as its recipients see it, and the
coordinators' composing, preview and report screens."""

from __future__ import annotations

import re
from collections import Counter
from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import LANGUAGES, NATIVE_NAMES, Translator
from bot.ui.callbacks import (
    ComposeBroadcast,
    OpenMenu,
    StopBroadcast,
    ToggleSubscription,
    Unsubscribe,
)
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


def message(tr: Translator, texts: dict[str, str], topic: str, link: str | None = None) -> Screen:
    """A broadcast in the reader's language, or the German with a note."""
    own = texts.get(tr.language)
    body = own if own else texts["de"]
    lines = ["📣 " + _isolated(tr, body)]
    if not own and tr.language != "de":
        lines.append("")
        lines.append("💬 " + tr.gettext("This message is in German; there is no translation yet."))
    rows = []
    if link:
        rows.append([InlineKeyboardButton(tr.pgettext("button", "🔗 More information"), url=link)])
    rows.append([button(tr.pgettext("button", "🔕 No more of these"), Unsubscribe(topic))])
    return "\n".join(lines), InlineKeyboardMarkup(rows)


def compose_audience(tr: Translator) -> Screen:
    rows = [
        [button(topic_name(tr, topic), ComposeBroadcast("a", topic))]
        for topic in ("courses", "district", "events")
    ]
    rows.append(
        [button(tr.pgettext("button", "📚 People registered for a course"), ComposeBroadcast("k"))]
    )
    rows.append([home_button(tr)])
    return tr.gettext(
        "📣 New announcement. Who should get it? (subscribers of…)"
    ), InlineKeyboardMarkup(rows)


def compose_courses(tr: Translator, course_ids: list[str]) -> Screen:
    rows = [
        [button(course_id, ComposeBroadcast("a", f"c={course_id}"))] for course_id in course_ids
    ]
    rows.append([button(tr.pgettext("button", "✖️ Cancel"), ComposeBroadcast("c"))])
    return tr.gettext("Which course?"), InlineKeyboardMarkup(rows)


def compose_write(tr: Translator, language: str) -> Screen:
    text = tr.gettext(
        "Please write the message in {language}. Simple HTML ({tags}) is allowed."
    ).format(language=NATIVE_NAMES[language], tags=escape("<b>, <i>, <a href=…>"))
    return text, InlineKeyboardMarkup(
        [[button(tr.pgettext("button", "✖️ Cancel"), ComposeBroadcast("c"))]]
    )


def compose_menu(tr: Translator, data: dict, counts: Counter) -> Screen:
    """The announcement so far: audience, texts per language with recipients, options."""
    texts = data.get("texts", {})
    if data.get("course"):
        audience = tr.gettext("people registered for {course}").format(course=data["course"])
    else:
        audience = topic_name(tr, data["topic"])
    everyone = tr.gettext("all")
    lines = [
        bold(tr.gettext("📣 Announcement")),
        "👥 " + audience,
        "🗣 "
        + tr.gettext("Language: {language}").format(
            language=NATIVE_NAMES.get(data.get("language") or "", everyone)
        ),
        "📍 "
        + tr.gettext("Part of town: {district}").format(district=data.get("district") or everyone),
    ]
    if data.get("link"):
        lines.append("🔗 " + escape(data["link"]))
    lines.append("🕐 " + (escape(data["when"]) if data.get("when") else tr.gettext("send now")))
    lines.append("")
    for language in LANGUAGES:
        state = (
            "✅"
            if texts.get(language)
            else ("⚠️ " + tr.gettext("German with a note") if language != "de" else "—")
        )
        lines.append(
            tr.gettext("{language}: {count} recipients · {state}").format(
                language=NATIVE_NAMES[language],
                count=tr.number(counts.get(language, 0)),
                state=state,
            )
        )
    rows = [
        [
            button(
                tr.pgettext("button", "✏️ {language}").format(language=NATIVE_NAMES[lang]),
                ComposeBroadcast("w", lang),
            )
        ]
        for lang in LANGUAGES
    ]
    rows.append(
        [
            button(tr.pgettext("button", "🗣 Only one language"), ComposeBroadcast("l")),
            button(tr.pgettext("button", "📍 Only one part of town"), ComposeBroadcast("d")),
        ]
    )
    rows.append(
        [
            button(tr.pgettext("button", "🔗 Link button"), ComposeBroadcast("u")),
            button(tr.pgettext("button", "🕐 Send later"), ComposeBroadcast("t")),
        ]
    )
    if texts.get("de"):
        rows.append([button(tr.pgettext("button", "👁 Preview"), ComposeBroadcast("p"))])
        rows.append([button(tr.pgettext("button", "📤 Send"), ComposeBroadcast("s"))])
    rows.append([button(tr.pgettext("button", "✖️ Cancel"), ComposeBroadcast("c"))])
    return "\n".join(lines), InlineKeyboardMarkup(rows)


def ask_option(tr: Translator, option: str) -> Screen:
    texts = {
        "link": tr.gettext("Please send the link (starting with https://)."),
        "when": tr.gettext(
            "When should it go out? Write date and time like this: {example}"
        ).format(example="2026-12-01 09:00"),
    }
    return texts[option], InlineKeyboardMarkup(
        [[button(tr.pgettext("button", "✖️ Cancel"), ComposeBroadcast("c"))]]
    )


def sending(tr: Translator, broadcast_id: int, counts: Counter) -> Screen:
    text = tr.ngettext(
        "Sending to {count} person. The report: {command}",
        "Sending to {count} people. The report: {command}",
        sum(counts.values()),
    ).format(count=tr.number(sum(counts.values())), command=f"/report {broadcast_id}")
    return text, InlineKeyboardMarkup(
        [[button(tr.pgettext("button", "⏹ Stop sending"), StopBroadcast(broadcast_id))]]
    )


def report(tr: Translator, broadcast_id: int, by_language: dict[str, dict[str, int]]) -> Screen:
    names = {
        "delivered": tr.gettext("delivered"),
        "waiting": tr.gettext("waiting"),
        "failed": tr.gettext("not delivered"),
        "stopped": tr.gettext("stopped"),
    }
    lines = [bold(tr.gettext("📊 Announcement {number}").format(number=broadcast_id))]
    for language, counts in sorted(by_language.items()):
        parts = ", ".join(f"{names.get(k, k)} {tr.number(v)}" for k, v in sorted(counts.items()))
        lines.append(f"{NATIVE_NAMES.get(language, language)}: {parts}")
    if not by_language:
        lines.append(tr.gettext("Nobody subscribed to this yet."))
    return "\n".join(lines), None


def text_refused(tr: Translator, problem: str) -> Screen:
    text = tr.gettext("Telegram would refuse this text ({problem}). Please write it again.").format(
        problem=escape(problem)
    )
    return text, InlineKeyboardMarkup(
        [[button(tr.pgettext("button", "✖️ Cancel"), ComposeBroadcast("c"))]]
    )


def preview_header(tr: Translator, language: str, count: int) -> str:
    return tr.gettext("👁 Preview for {language} ({count} recipients):").format(
        language=NATIVE_NAMES[language], count=tr.number(count)
    )


_TAG = re.compile(r"(<[^>]+>|&[#a-z0-9]+;)")


def _isolated(tr: Translator, html_text: str) -> str:
    """Latin runs in right-to-left text isolated, never inside a tag or an entity."""
    if not tr.rtl:
        return html_text
    return "".join(
        part if _TAG.fullmatch(part) else tr.isolate_runs(part) for part in _TAG.split(html_text)
    )


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
