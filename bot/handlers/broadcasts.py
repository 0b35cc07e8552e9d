"""Coordinators' announcements: compose, preview, send (now or later), follow, stop.

/broadcast (coordinators) · /report <number> (coordinators)"""

from __future__ import annotations

from datetime import datetime

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, filters

from bot.handlers.common import answer_query, show
from bot.handlers.context import BotContext
from bot.handlers.guards import coordinator_only
from bot.handlers.typed import expect_file, expect_text
from bot.i18n import LANGUAGES, to_latin_digits, translator
from bot.services import broadcasts, courses, flows
from bot.services.broadcasts import BadText
from bot.storage.flows import FlowState
from bot.ui import broadcasts as views
from bot.ui import errors
from bot.ui import subscriptions as subscription_views
from bot.ui.callbacks import (
    ComposeBroadcast,
    StopBroadcast,
    pattern,
    unpack,
)

FLOW = "broadcast"


async def on_broadcast(update: Update, context: BotContext) -> None:
    """/broadcast: choose the audience first."""
    if await coordinator_only(update, context):
        await flows.put(
            context.db, update.effective_user.id, flow=FLOW, step="menu", data={}, now=context.now()
        )
        await show(update, context, views.compose_audience(context.tr), edit=False)


def _audience(data: dict) -> dict:
    """The audience part of the flow data, as the service takes it."""
    return {
        "topic": data["topic"],
        "district": data.get("district"),
        "language": data.get("language"),
        "course_id": data.get("course"),
        "course_audience": data.get("course_audience"),
    }


async def _menu(update: Update, context: BotContext, data: dict, *, edit: bool = True) -> None:
    counts = await broadcasts.audience(context.db, today=context.today(), **_audience(data))
    await show(update, context, views.compose_menu(context.tr, data, counts), edit=edit)


def _next_in(options: list, current: object) -> object:
    """Cycle: all -> first option -> … -> last -> all."""
    cycle = [None, *options]
    return cycle[(cycle.index(current) + 1) % len(cycle)] if current in cycle else None


async def on_compose(update: Update, context: BotContext) -> None:
    """The composing buttons: audience, a language's text, filters, link, time, preview, send."""
    if not await coordinator_only(update, context):
        return
    await answer_query(update)
    user_id, now = update.effective_user.id, context.now()
    action = unpack(ComposeBroadcast, update.callback_query.data)
    state = await flows.current(context.db, user_id, now=now)
    if action is None or state is None or state.flow != FLOW:
        await show(update, context, errors.button_expired(context.tr))
        return
    data, step = dict(state.data), "menu"
    if action.action == "c":
        await flows.finish(context.db, user_id, flow=FLOW)
        await show(update, context, (context.tr.gettext("Nothing was sent."), None))
        return
    if action.action == "k" and action.value in ("r", "i"):
        ids = [c.id for c, _ in await courses.overview(context.db) if c.status != "finished"]
        who = "c" if action.value == "r" else "i"
        await show(update, context, views.compose_courses(context.tr, ids, who))
        return
    if action.action == "a":
        data = await _chosen_audience(context, action.value)
        if data is None:
            await show(update, context, errors.button_expired(context.tr))
            return
    elif "topic" not in data:
        await show(update, context, errors.button_expired(context.tr))
        return
    elif action.action == "w" and action.value in LANGUAGES:
        data["editing"], step = action.value, "text"
    elif action.action == "l":
        data["language"] = _next_in(list(LANGUAGES), data.get("language"))
    elif action.action == "d":
        data["district"] = _next_in(await broadcasts.districts(context.db), data.get("district"))
    elif action.action in ("u", "t", "f"):
        step = {"u": "link", "t": "when", "f": "file"}[action.action]
    elif action.action == "x":
        data["attachment"] = None
    elif action.action == "p" and data.get("texts", {}).get("de"):
        await _preview(update, context, data)
    elif action.action == "s" and data.get("texts", {}).get("de"):
        await _send(update, context, data)
        return
    await flows.put(context.db, user_id, flow=FLOW, step=step, data=data, now=now)
    if step == "text":
        await show(update, context, views.compose_write(context.tr, data["editing"]))
    elif step == "file":
        await show(update, context, views.ask_file(context.tr, broadcasts.CAPTION_LIMIT))
    elif step in ("link", "when"):
        await show(update, context, views.ask_option(context.tr, step))
    else:
        await _menu(update, context, data, edit=action.action != "p")


async def _chosen_audience(context: BotContext, value: str) -> dict | None:
    """A topic's subscribers, or c=<course> registered for it, i=<course> waiting for one like
    it; None for a course that does not exist (an old or forged button)."""
    if value in broadcasts.TOPICS:
        return {"topic": value, "texts": {}}
    who, _, course_id = value.partition("=")
    if who not in ("c", "i") or await courses.get_course(context.db, course_id) is None:
        return None
    audience = "registered" if who == "c" else "interested"
    return {"topic": "courses", "course": course_id, "course_audience": audience, "texts": {}}


async def _preview(update: Update, context: BotContext, data: dict) -> None:
    """Exactly as each language group will see it (with the photo or PDF), with how many
    will get it."""
    counts = await broadcasts.audience(context.db, today=context.today(), **_audience(data))
    chat_id, media = update.effective_chat.id, data.get("attachment")
    stop = broadcasts.stop_key(data["topic"], data.get("course"), data.get("course_audience"))
    for language in LANGUAGES:
        text, keyboard = subscription_views.message(
            translator(language), data["texts"], stop, data.get("link")
        )
        header = views.preview_header(context.tr, language, counts.get(language, 0))
        if media is None:
            await context.bot.send_message(chat_id, f"{header}\n\n{text}", reply_markup=keyboard)
            continue
        await context.bot.send_message(chat_id, header)
        send = context.bot.send_photo if media["kind"] == "photo" else context.bot.send_document
        await send(chat_id, media["file_id"], caption=text, reply_markup=keyboard)


async def _send(update: Update, context: BotContext, data: dict) -> None:
    send_at = None
    if data.get("when"):
        send_at = datetime.fromisoformat(data["when"]).replace(tzinfo=context.bot_data["tz"])
    try:
        sent, _ = await broadcasts.send(
            context.db,
            coordinator_id=update.effective_user.id,
            texts=data["texts"],
            now=context.now(),
            today=context.today(),
            link=data.get("link"),
            send_at=send_at,
            attachment=data.get("attachment"),
            progress_message_id=update.callback_query.message.message_id,  # this screen
            **_audience(data),
        )
    except BadText as error:
        await show(
            update, context, views.text_refused(context.tr, f"{error.language}: {error.problem}")
        )
        return
    await flows.finish(context.db, update.effective_user.id, flow=FLOW)
    await _show_progress(update, context, sent.id)


async def _show_progress(update: Update, context: BotContext, broadcast_id: int) -> None:
    found = await broadcasts.get(context.db, broadcast_id)
    result = await broadcasts.report(context.db, broadcast_id)
    await show(update, context, views.progress(context.tr, found, result, context.bot_data["tz"]))


async def on_text(update: Update, context: BotContext, state: FlowState) -> None:
    """The typed text of one language, checked against Telegram's rules at once."""
    if not await coordinator_only(update, context):
        return
    text = update.effective_message.text_html
    language = state.data.get("editing", "de")
    try:
        broadcasts.check(
            {language: text}, need_german=False, caption=bool(state.data.get("attachment"))
        )
    except BadText as error:
        await show(update, context, views.text_refused(context.tr, error.problem), edit=False)
        return
    data = {**state.data, "texts": {**state.data.get("texts", {}), language: text}, "editing": None}
    await flows.put(
        context.db, update.effective_user.id, flow=FLOW, step="menu", data=data, now=context.now()
    )
    await _menu(update, context, data, edit=False)


async def on_option(update: Update, context: BotContext, state: FlowState) -> None:
    """The typed link or send time."""
    if not await coordinator_only(update, context):
        return
    value = update.effective_message.text.strip()
    data = dict(state.data)
    if state.step == "link":
        if not broadcasts.LINK.match(value):
            await show(update, context, views.ask_option(context.tr, "link"), edit=False)
            return
        data["link"] = value
    else:
        try:
            moment = datetime.strptime(to_latin_digits(value), "%Y-%m-%d %H:%M")
        except ValueError:
            await show(update, context, views.ask_option(context.tr, "when"), edit=False)
            return
        if moment.replace(tzinfo=context.bot_data["tz"]) <= context.now():
            await show(update, context, views.ask_option(context.tr, "past"), edit=False)
            return
        data["when"] = moment.isoformat(sep=" ", timespec="minutes")
    await flows.put(
        context.db, update.effective_user.id, flow=FLOW, step="menu", data=data, now=context.now()
    )
    await _menu(update, context, data, edit=False)


async def on_file(update: Update, context: BotContext, state: FlowState) -> None:
    """The photo or PDF to go with the announcement: only Telegram's file id is kept."""
    if not await coordinator_only(update, context):
        return
    message = update.effective_message
    try:
        if message.photo:
            attachment = broadcasts.check_media("photo", message.photo[-1].file_id)
        else:
            document = message.document
            attachment = broadcasts.check_media("document", document.file_id, document.mime_type)
        broadcasts.check(state.data.get("texts", {}), need_german=False, caption=True)
    except BadText as error:
        refusal = (
            views.media_refused(context.tr)
            if error.language == "file"
            else views.text_refused(context.tr, f"{error.language}: {error.problem}")
        )
        await show(update, context, refusal, edit=False)
        return
    data = {**state.data, "attachment": attachment}
    await flows.put(
        context.db, update.effective_user.id, flow=FLOW, step="menu", data=data, now=context.now()
    )
    await _menu(update, context, data, edit=False)


async def on_not_a_file(update: Update, context: BotContext, state: FlowState) -> None:
    """Text where the photo or PDF was asked for."""
    if await coordinator_only(update, context):
        await show(
            update, context, views.ask_file(context.tr, broadcasts.CAPTION_LIMIT), edit=False
        )


async def on_stop(update: Update, context: BotContext) -> None:
    if not await coordinator_only(update, context):
        return
    data = unpack(StopBroadcast, update.callback_query.data)
    found = await broadcasts.get(context.db, data.broadcast_id) if data else None
    if found is None:  # any coordinator may stop an announcement: they share the work
        await answer_query(update)
        await show(update, context, errors.button_expired(context.tr))
        return
    stopped = await broadcasts.stop(context.db, found.id, now=context.now())
    await update.callback_query.answer(
        context.tr.ngettext(
            "Stopped: {count} message not sent.", "Stopped: {count} messages not sent.", stopped
        ).format(count=context.tr.number(stopped)),
        show_alert=True,
    )
    await _show_progress(update, context, found.id)


async def on_report(update: Update, context: BotContext) -> None:
    """/report <number>: delivered, waiting, not delivered, stopped — per language."""
    if not await coordinator_only(update, context):
        return
    try:
        broadcast_id = int(context.args[0])
    except (IndexError, ValueError, TypeError):
        usage = context.tr.gettext("Use it like this: {usage}").format(usage="/report <number>")
        await show(update, context, (usage, None), edit=False)
        return
    result = await broadcasts.report(context.db, broadcast_id)
    await show(update, context, views.report(context.tr, broadcast_id, result), edit=False)


def handlers() -> list[BaseHandler]:
    expect_text(FLOW, "text", on_text)
    expect_text(FLOW, "link", on_option)
    expect_text(FLOW, "when", on_option)
    expect_text(FLOW, "file", on_not_a_file)
    expect_file(FLOW, "file", on_file)
    private = filters.ChatType.PRIVATE
    return [
        CallbackQueryHandler(on_compose, pattern=pattern(ComposeBroadcast)),
        CallbackQueryHandler(on_stop, pattern=pattern(StopBroadcast)),
        CommandHandler("broadcast", on_broadcast, filters=private),
        CommandHandler("report", on_report, filters=private),
    ]
