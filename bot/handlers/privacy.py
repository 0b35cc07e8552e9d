"""/mydata shows what is stored; /delete asks, then erases everything."""

from __future__ import annotations

import contextlib

from telegram import BotCommandScopeChat, Update
from telegram.error import TelegramError
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, filters

from bot.handlers.common import answer_query, show
from bot.handlers.context import BotContext
from bot.services import privacy
from bot.services.errors import NothingToConfirm
from bot.ui import errors
from bot.ui import privacy as views
from bot.ui.callbacks import ConfirmDelete, menu_pattern, pattern, unpack

PRIVATE = filters.ChatType.PRIVATE


async def on_my_data(update: Update, context: BotContext) -> None:
    """/mydata or the "My data" button."""
    await answer_query(update)
    data = await privacy.stored_data(context.db, update.effective_user.id, now=context.now())
    await show(
        update, context, views.my_data(context.tr, data) if data else views.no_data(context.tr)
    )


async def on_delete(update: Update, context: BotContext) -> None:
    """/delete or the "Delete my data" button: ask first."""
    await answer_query(update)
    await privacy.ask_to_delete(context.db, update.effective_user.id, now=context.now())
    await show(update, context, views.ask_delete(context.tr))


async def on_confirm_delete(update: Update, context: BotContext) -> None:
    """ "Yes, delete everything" or "No, keep my data"."""
    await answer_query(update)
    data = unpack(ConfirmDelete, update.callback_query.data)
    user_id = update.effective_user.id
    if data is None:
        await show(update, context, errors.button_expired(context.tr))
    elif not data.yes:
        await privacy.cancel_delete(context.db, user_id)
        await show(update, context, views.kept(context.tr))
    else:
        try:
            await privacy.delete_everything(context.db, user_id, now=context.now())
        except NothingToConfirm as error:
            await show(update, context, errors.service_error(context.tr, error))
            return
        await _forget_chat_commands(context, update.effective_chat.id)
        await show(update, context, views.deleted(context.tr))


async def _forget_chat_commands(context: BotContext, chat_id: int) -> None:
    with contextlib.suppress(TelegramError):  # nothing may have been set for this chat
        await context.bot.delete_my_commands(scope=BotCommandScopeChat(chat_id))


def handlers() -> list[BaseHandler]:
    return [
        CommandHandler("mydata", on_my_data, filters=PRIVATE),
        CommandHandler("delete", on_delete, filters=PRIVATE),
        CallbackQueryHandler(on_my_data, pattern=menu_pattern("mydata")),
        CallbackQueryHandler(on_delete, pattern=menu_pattern("delete")),
        CallbackQueryHandler(on_confirm_delete, pattern=pattern(ConfirmDelete)),
    ]
