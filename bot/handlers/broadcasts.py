"""Announcements: users switch topics on and off; coordinators compose, preview, send, stop.

/broadcast (coordinators) · /report <number> (coordinators)"""

from __future__ import annotations

from datetime import datetime

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, filters

from bot.handlers.common import answer_query, show
from bot.handlers.context import BotContext
from bot.handlers.guards import coordinator_only
from bot.handlers.start import ask_language_first
from bot.handlers.typed import expect_text
from bot.i18n import LANGUAGES, translator
from bot.services import broadcasts, courses, flows
from bot.services.broadcasts import BadText
from bot.storage.flows import FlowState
from bot.ui import broadcasts as views
from bot.ui import errors
from bot.ui.callbacks import (
    ComposeBroadcast,
    StopBroadcast,
    ToggleSubscription,
    Unsubscribe,
    menu_pattern,
    pattern,
    unpack,
)

FLOW = "broadcast"


async def on_subscriptions(update: Update, context: BotContext) -> None:
    """Settings → 🔔 Announcements."""
    await answer_query(update)
    if not await ask_language_first(update, context):
        mine = await broadcasts.my_topics(context.db, update.effective_user.id)
        await show(update, context, views.subscriptions(context.tr, mine))


async def on_toggle(update: Update, context: BotContext) -> None:
    await answer_query(update)
    data = unpack(ToggleSubscription, update.callback_query.data)
    if (
        data is None
        or data.topic not in broadcasts.TOPICS
        or await ask_language_first(update, context)
    ):
        await show(update, context, errors.button_expired(context.tr))
        return
    mine = await broadcasts.toggle(
        context.db, update.effective_user.id, data.topic, now=context.now()
    )
    await show(update, context, views.subscriptions(context.tr, mine))


async def on_unsubscribe(update: Update, context: BotContext) -> None:
    """ "No more of these" under an announcement."""
    query = update.callback_query
    data = unpack(Unsubscribe, query.data)
    if data is not None and data.topic in broadcasts.TOPICS:
        await broadcasts.unsubscribe(context.db, update.effective_user.id, data.topic)
    await query.answer(context.tr.gettext("Done: no more of these."))


async def offer_announcements(update: Update, context: BotContext) -> None:
    """Once, after the first useful moment (a course registration, a booked appointment): would
    they like announcements? Nothing is sent unless they say yes."""
    if await broadcasts.ask_once(context.db, update.effective_user.id, now=context.now()):
        text, keyboard = views.ask_announcements(context.tr)
        await context.bot.send_message(update.effective_chat.id, text, reply_markup=keyboard)


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
    }


async def _menu(update: Update, context: BotContext, data: dict, *, edit: bool = True) -> None:
    counts = await broadcasts.audience(context.db, **_audience(data))
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
    if action.action == "k":
        ids = [c.id for c, _ in await courses.overview(context.db) if c.status != "finished"]
        await show(update, context, views.compose_courses(context.tr, ids))
        return
    if action.action == "a":
        course = action.value.removeprefix("c=") if action.value.startswith("c=") else None
        if course is None and action.value not in broadcasts.TOPICS:
            await show(update, context, errors.button_expired(context.tr))
            return
        data = {"topic": "courses" if course else action.value, "course": course, "texts": {}}
    elif "topic" not in data:
        await show(update, context, errors.button_expired(context.tr))
        return
    elif action.action == "w" and action.value in LANGUAGES:
        data["editing"], step = action.value, "text"
    elif action.action == "l":
        data["language"] = _next_in(list(LANGUAGES), data.get("language"))
    elif action.action == "d":
        data["district"] = _next_in(await broadcasts.districts(context.db), data.get("district"))
    elif action.action in ("u", "t"):
        step = "link" if action.action == "u" else "when"
    elif action.action == "p" and data.get("texts", {}).get("de"):
        await _preview(update, context, data)
    elif action.action == "s" and data.get("texts", {}).get("de"):
        await _send(update, context, data)
        return
    await flows.put(context.db, user_id, flow=FLOW, step=step, data=data, now=now)
    if step == "text":
        await show(update, context, views.compose_write(context.tr, data["editing"]))
    elif step in ("link", "when"):
        await show(update, context, views.ask_option(context.tr, step))
    else:
        await _menu(update, context, data, edit=action.action != "p")


async def _preview(update: Update, context: BotContext, data: dict) -> None:
    """Exactly as each language group will see it, with how many will get it."""
    counts = await broadcasts.audience(context.db, **_audience(data))
    for language in LANGUAGES:
        text, keyboard = views.message(
            translator(language), data["texts"], data["topic"], data.get("link")
        )
        header = views.preview_header(context.tr, language, counts.get(language, 0))
        await context.bot.send_message(
            update.effective_chat.id, f"{header}\n\n{text}", reply_markup=keyboard
        )


async def _send(update: Update, context: BotContext, data: dict) -> None:
    send_at = None
    if data.get("when"):
        send_at = datetime.fromisoformat(data["when"]).replace(tzinfo=context.bot_data["tz"])
    try:
        sent, counts = await broadcasts.send(
            context.db,
            coordinator_id=update.effective_user.id,
            texts=data["texts"],
            now=context.now(),
            link=data.get("link"),
            send_at=send_at,
            **_audience(data),
        )
    except BadText as error:
        await show(
            update, context, views.text_refused(context.tr, f"{error.language}: {error.problem}")
        )
        return
    await flows.finish(context.db, update.effective_user.id, flow=FLOW)
    await show(update, context, views.sending(context.tr, sent.id, counts))


async def on_text(update: Update, context: BotContext, state: FlowState) -> None:
    """The typed text of one language, checked against Telegram's rules at once."""
    if not await coordinator_only(update, context):
        return
    text = update.effective_message.text_html
    language = state.data.get("editing", "de")
    try:
        broadcasts.check({language: text}, need_german=False)
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
            moment = datetime.strptime(value, "%Y-%m-%d %H:%M")
        except ValueError:
            await show(update, context, views.ask_option(context.tr, "when"), edit=False)
            return
        data["when"] = moment.isoformat(sep=" ", timespec="minutes")
    await flows.put(
        context.db, update.effective_user.id, flow=FLOW, step="menu", data=data, now=context.now()
    )
    await _menu(update, context, data, edit=False)


async def on_stop(update: Update, context: BotContext) -> None:
    if not await coordinator_only(update, context):
        return
    data = unpack(StopBroadcast, update.callback_query.data)
    stopped = await broadcasts.stop(context.db, data.broadcast_id, now=context.now()) if data else 0
    await update.callback_query.answer(
        context.tr.ngettext(
            "Stopped: {count} message not sent.", "Stopped: {count} messages not sent.", stopped
        ).format(count=context.tr.number(stopped)),
        show_alert=True,
    )


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
    private = filters.ChatType.PRIVATE
    return [
        CallbackQueryHandler(on_subscriptions, pattern=menu_pattern("subscriptions")),
        CallbackQueryHandler(on_toggle, pattern=pattern(ToggleSubscription)),
        CallbackQueryHandler(on_unsubscribe, pattern=pattern(Unsubscribe)),
        CallbackQueryHandler(on_compose, pattern=pattern(ComposeBroadcast)),
        CallbackQueryHandler(on_stop, pattern=pattern(StopBroadcast)),
        CommandHandler("broadcast", on_broadcast, filters=private),
        CommandHandler("report", on_report, filters=private),
    ]
