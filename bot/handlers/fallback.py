"""The unexpected: unknown commands, media, stale or forged buttons (text goes to search)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, MessageHandler, filters

from bot.handlers.common import answer_query, show
from bot.handlers.context import BotContext
from bot.handlers.start import ask_language_first
from bot.ui import errors

PRIVATE = filters.ChatType.PRIVATE


async def on_unknown_command(update: Update, context: BotContext) -> None:
    """A command Lotse does not have."""
    if not await ask_language_first(update, context):
        await show(update, context, errors.unknown_command(context.tr))


async def on_media(update: Update, context: BotContext) -> None:
    """Stickers, photos, voice notes, videos, files, contacts…"""
    if not await ask_language_first(update, context):
        await show(update, context, errors.media_not_understood(context.tr))


async def on_stale_button(update: Update, context: BotContext) -> None:
    """A button press no handler recognised: an old keyboard or forged data."""
    await answer_query(update)
    await show(update, context, errors.button_expired(context.tr))


def handlers() -> list[BaseHandler]:
    """The catch-alls: wired last."""
    return [
        MessageHandler(PRIVATE & filters.COMMAND, on_unknown_command),
        MessageHandler(PRIVATE & ~filters.TEXT & ~filters.StatusUpdate.ALL, on_media),
        CallbackQueryHandler(on_stale_button),
    ]
