"""Announcements, the people's side: switch topics on and off in the settings, "no more of
these" under an announcement, and the question asked once after something useful."""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot.handlers.common import answer_query, show
from bot.handlers.context import BotContext
from bot.handlers.start import ask_language_first
from bot.services import broadcasts
from bot.ui import errors
from bot.ui import subscriptions as views
from bot.ui.callbacks import ToggleSubscription, Unsubscribe, menu_pattern, pattern, unpack


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
    """ "No more of these" under an announcement: its topic, its course, or the waiting."""
    data = unpack(Unsubscribe, update.callback_query.data)
    if data is None or not await broadcasts.unsubscribe(
        context.db, update.effective_user.id, data.what
    ):
        await answer_query(update)
        await show(update, context, errors.button_expired(context.tr), edit=False)
        return
    await update.callback_query.answer(context.tr.gettext("Done: no more of these."))


async def offer_announcements(update: Update, context: BotContext) -> None:
    """Once, after the first useful moment (a course registration, a booked appointment): would
    they like announcements? Nothing is sent unless they say yes."""
    if await broadcasts.ask_once(context.db, update.effective_user.id, now=context.now()):
        text, keyboard = views.ask_announcements(context.tr)
        await context.bot.send_message(update.effective_chat.id, text, reply_markup=keyboard)


def handlers() -> list[BaseHandler]:
    return [
        CallbackQueryHandler(on_subscriptions, pattern=menu_pattern("subscriptions")),
        CallbackQueryHandler(on_toggle, pattern=pattern(ToggleSubscription)),
        CallbackQueryHandler(on_unsubscribe, pattern=pattern(Unsubscribe)),
    ]
