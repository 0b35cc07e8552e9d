"""Announcements: users switch topics on and off; coordinators compose, preview, send, stop.

/broadcast (coordinators) · /report <number> (coordinators)"""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, filters

from bot.handlers.common import answer_query, show
from bot.handlers.context import BotContext
from bot.handlers.start import ask_language_first
from bot.handlers.typed import expect_text
from bot.i18n import LANGUAGES, translator
from bot.services import broadcasts, flows, roles
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


async def _coordinator(update: Update, context: BotContext) -> bool:
    if await roles.is_coordinator(context.db, context.settings, update.effective_user.id):
        return True
    if update.callback_query:
        await update.callback_query.answer(
            context.tr.gettext("Only coordinators can do this."), show_alert=True
        )
    else:
        await show(
            update,
            context,
            (context.tr.gettext("Only coordinators can do this."), None),
            edit=False,
        )
    return False


async def on_broadcast(update: Update, context: BotContext) -> None:
    """/broadcast: choose the audience first."""
    if await _coordinator(update, context):
        await flows.put(
            context.db, update.effective_user.id, flow=FLOW, step="menu", data={}, now=context.now()
        )
        await show(update, context, views.compose_audience(context.tr), edit=False)


async def _menu(update: Update, context: BotContext, data: dict, *, edit: bool = True) -> None:
    counts = await broadcasts.audience(
        context.db, topic=data["topic"], district=None, language=None
    )
    await show(
        update, context, views.compose_menu(context.tr, data.get("texts", {}), counts), edit=edit
    )


async def on_compose(update: Update, context: BotContext) -> None:
    if not await _coordinator(update, context):
        return
    await answer_query(update)
    user_id, now = update.effective_user.id, context.now()
    action = unpack(ComposeBroadcast, update.callback_query.data)
    state = await flows.current(context.db, user_id, now=now)
    if action is None or state is None or state.flow != FLOW:
        await show(update, context, errors.button_expired(context.tr))
        return
    data = dict(state.data)
    if action.action == "a" and action.value in broadcasts.TOPICS:
        data = {"topic": action.value, "texts": {}}
        await flows.put(context.db, user_id, flow=FLOW, step="menu", data=data, now=now)
        await _menu(update, context, data)
    elif action.action == "w" and action.value in LANGUAGES and "topic" in data:
        await flows.put(
            context.db,
            user_id,
            flow=FLOW,
            step="text",
            data={**data, "editing": action.value},
            now=now,
        )
        await show(update, context, views.compose_write(context.tr, action.value))
    elif action.action == "p" and data.get("texts", {}).get("de"):
        counts = await broadcasts.audience(
            context.db, topic=data["topic"], district=None, language=None
        )
        for language in LANGUAGES:  # exactly as each language group will see it
            text, keyboard = views.message(translator(language), data["texts"], data["topic"])
            header = views.preview_header(context.tr, language, counts.get(language, 0))
            await context.bot.send_message(
                update.effective_chat.id, f"{header}\n\n{text}", reply_markup=keyboard
            )
        await _menu(update, context, data, edit=False)
    elif action.action == "s" and data.get("texts", {}).get("de"):
        try:
            sent, counts = await broadcasts.send(
                context.db,
                coordinator_id=user_id,
                topic=data["topic"],
                district=None,
                language=None,
                texts=data["texts"],
                now=now,
            )
        except BadText as error:
            await show(
                update,
                context,
                views.text_refused(context.tr, f"{error.language}: {error.problem}"),
            )
            return
        await flows.finish(context.db, user_id, flow=FLOW)
        await show(update, context, views.sending(context.tr, sent.id, counts))
    elif action.action == "c":
        await flows.finish(context.db, user_id, flow=FLOW)
        await show(update, context, (context.tr.gettext("Nothing was sent."), None))
    else:
        await show(update, context, errors.button_expired(context.tr))


async def on_text(update: Update, context: BotContext, state: FlowState) -> None:
    """The typed text of one language, checked against Telegram's rules at once."""
    if not await roles.is_coordinator(context.db, context.settings, update.effective_user.id):
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


async def on_stop(update: Update, context: BotContext) -> None:
    if not await _coordinator(update, context):
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
    if not await _coordinator(update, context):
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
