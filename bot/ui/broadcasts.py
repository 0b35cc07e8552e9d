"""Coordinators' announcements: composing, preview, progress and report screens."""

from __future__ import annotations

from collections import Counter
from html import escape
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardMarkup

from bot.i18n import LANGUAGES, NATIVE_NAMES, Translator
from bot.storage.broadcasts import Broadcast
from bot.ui import appointment_parts
from bot.ui.callbacks import (
    ComposeBroadcast,
    StopBroadcast,
)
from bot.ui.common import Screen, bold, button, home_button
from bot.ui.subscriptions import topic_name


def compose_audience(tr: Translator) -> Screen:
    rows = [
        [button(topic_name(tr, topic), ComposeBroadcast("a", topic))]
        for topic in ("courses", "district", "events")
    ]
    rows.append(
        [
            button(
                tr.pgettext("button", "📚 People registered for a course"),
                ComposeBroadcast("k", "r"),
            )
        ]
    )
    rows.append(
        [
            button(
                tr.pgettext("button", "💡 People waiting for such a course"),
                ComposeBroadcast("k", "i"),
            )
        ]
    )
    rows.append([home_button(tr)])
    return tr.gettext(
        "📣 New announcement. Who should get it? (subscribers of…)"
    ), InlineKeyboardMarkup(rows)


def compose_courses(tr: Translator, course_ids: list[str], who: str) -> Screen:
    """`who`: "c" the people registered for it, "i" those waiting for a course like it."""
    rows = [
        [button(course_id, ComposeBroadcast("a", f"{who}={course_id}"))] for course_id in course_ids
    ]
    rows.append([button(tr.pgettext("button", "✖️ Cancel"), ComposeBroadcast("c"))])
    return tr.gettext("Which course?"), InlineKeyboardMarkup(rows)


def compose_write(tr: Translator, language: str) -> Screen:
    text = tr.gettext(
        "Please write the message in {language}. Simple HTML ({tags}) is allowed."
    ).format(
        language=tr.isolate(NATIVE_NAMES[language]),
        tags=tr.isolate(escape("<b>, <i>, <a href=…>")),
    )
    return text, _cancel_only(tr)


def compose_menu(tr: Translator, data: dict, counts: Counter) -> Screen:
    """The announcement so far: audience, texts per language with recipients, options."""
    texts = data.get("texts", {})
    if data.get("course") and data.get("course_audience") == "interested":
        audience = tr.gettext("people waiting for a course like {course}").format(
            course=tr.isolate(data["course"])
        )
    elif data.get("course"):
        audience = tr.gettext("people registered for {course}").format(
            course=tr.isolate(data["course"])
        )
    else:
        audience = topic_name(tr, data["topic"])
    everyone = tr.gettext("all")
    lines = [
        bold(tr.gettext("📣 Announcement")),
        "👥 " + audience,
        "🗣 "
        + tr.gettext("Language: {language}").format(
            language=tr.isolate(NATIVE_NAMES.get(data.get("language") or "", everyone))
        ),
        "📍 "
        + tr.gettext("Part of town: {district}").format(
            district=tr.isolate(data.get("district") or everyone)
        ),
    ]
    if data.get("link"):
        lines.append("🔗 " + tr.isolate(escape(data["link"])))
    if data.get("attachment"):
        lines.append("📎 " + media_name(tr, data["attachment"]["kind"]))
    when = tr.isolate(tr.digits(escape(data["when"]))) if data.get("when") else None
    lines.append("🕐 " + (when or tr.gettext("send now")))
    lines.append("")
    for language in LANGUAGES:
        state = (
            "✅"
            if texts.get(language)
            else ("⚠️ " + tr.gettext("German with a note") if language != "de" else "—")
        )
        lines.append(
            tr.gettext("{language}: {count} recipients · {state}").format(
                language=tr.isolate(NATIVE_NAMES[language]),
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
    if data.get("attachment"):
        rows.append([button(tr.pgettext("button", "🗑 Remove photo/PDF"), ComposeBroadcast("x"))])
    else:
        rows.append([button(tr.pgettext("button", "📎 Photo or PDF"), ComposeBroadcast("f"))])
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
        "past": tr.gettext(
            "That time has already passed. Please write a later one like this: {example}"
        ).format(example="2026-12-01 09:00"),
    }
    return texts[option], _cancel_only(tr)


def ask_file(tr: Translator, limit: int) -> Screen:
    text = tr.gettext(
        "Please send the photo, or the flyer as a PDF file. Under a photo or PDF, "
        "Telegram allows shorter texts: at most {count} characters per language."
    ).format(count=tr.number(limit))
    text = tr.isolate_runs(text)  # "PDF" stays Latin in every language
    return text, _cancel_only(tr)


def media_name(tr: Translator, kind: str) -> str:
    return tr.isolate_runs(tr.gettext("Photo") if kind == "photo" else tr.gettext("PDF file"))


def progress(
    tr: Translator, broadcast: Broadcast, by_language: dict[str, dict[str, int]], tz: ZoneInfo
) -> Screen:
    """The coordinator's one message about a broadcast, edited as it goes out."""
    total = sum(sum(counts.values()) for counts in by_language.values())
    waiting = sum(counts.get("waiting", 0) for counts in by_language.values())
    if broadcast.state == "cancelled":
        state = "⏹ " + tr.gettext("Stopped.")
    elif broadcast.state == "done":
        state = "✅ " + tr.gettext("Finished.")
    elif broadcast.send_at and waiting == total:
        when = appointment_parts.when(tr, broadcast.send_at, tz)
        state = "🕐 " + tr.ngettext(
            "Planned for {when}: {count} recipient.",
            "Planned for {when}: {count} recipients.",
            total,
        ).format(when=when, count=tr.number(total))
    else:
        state = "📤 " + tr.ngettext(
            "Sending to {count} person: {done} done so far.",
            "Sending to {count} people: {done} done so far.",
            total,
        ).format(count=tr.number(total), done=tr.number(total - waiting))
    lines = [
        bold(tr.gettext("📣 Announcement {number}").format(number=broadcast.id)),
        state,
        *_language_lines(tr, by_language),
        tr.gettext("The report: {command}").format(command=f"/report {broadcast.id}"),
    ]
    keyboard = None
    if broadcast.state == "sending":
        keyboard = InlineKeyboardMarkup(
            [[button(tr.pgettext("button", "⏹ Stop sending"), StopBroadcast(broadcast.id))]]
        )
    return "\n".join(lines), keyboard


def report(tr: Translator, broadcast_id: int, by_language: dict[str, dict[str, int]]) -> Screen:
    lines = [bold(tr.gettext("📊 Announcement {number}").format(number=broadcast_id))]
    lines.extend(_language_lines(tr, by_language))
    if not by_language:
        lines.append(tr.gettext("Nobody subscribed to this yet."))
    return "\n".join(lines), None


def _language_lines(tr: Translator, by_language: dict[str, dict[str, int]]) -> list[str]:
    """Per language: delivered, waiting, blocked the bot, not delivered, stopped."""
    names = {
        "delivered": tr.gettext("delivered"),
        "waiting": tr.gettext("waiting"),
        "blocked": tr.gettext("blocked the bot"),
        "failed": tr.gettext("not delivered"),
        "stopped": tr.gettext("stopped"),
    }
    lines = []
    for language, counts in sorted(by_language.items()):
        parts = ", ".join(f"{names.get(k, k)} {tr.number(v)}" for k, v in sorted(counts.items()))
        lines.append(f"{tr.isolate(NATIVE_NAMES.get(language, language))}: {parts}")
    return lines


def text_refused(tr: Translator, problem: str) -> Screen:
    text = tr.gettext("Telegram would refuse this text ({problem}). Please write it again.").format(
        problem=escape(problem)
    )
    return text, _cancel_only(tr)


def media_refused(tr: Translator) -> Screen:
    text = tr.isolate_runs(tr.gettext("Only a photo or a PDF file can go with an announcement."))
    return text, _cancel_only(tr)


def preview_header(tr: Translator, language: str, count: int) -> str:
    return tr.gettext("👁 Preview for {language} ({count} recipients):").format(
        language=tr.isolate(NATIVE_NAMES[language]), count=tr.number(count)
    )


def _cancel_only(tr: Translator) -> InlineKeyboardMarkup:
    """While the coordinator types or sends something, the one way out."""
    return InlineKeyboardMarkup(
        [[button(tr.pgettext("button", "✖️ Cancel"), ComposeBroadcast("c"))]]
    )
