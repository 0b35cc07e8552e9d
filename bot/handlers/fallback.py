"""The unexpected: unknown commands, media, long or unknown text, stale or forged buttons."""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, MessageHandler, filters

from bot.handlers.common import answer_query, show
from bot.handlers.context import BotContext
from bot.ui import errors, start

PRIVATE = filters.ChatType.PRIVATE
LONG_TEXT = 500  # characters: longer is a letter, not a question Lotse can answer


async def on_unknown_command(update: Update, context: BotContext) -> None:
    """A command Lotse does not have."""
    if not await _asked_for_language(update, context):
        await show(update, context, errors.unknown_command(context.tr))


async def on_media(update: Update, context: BotContext) -> None:
    """Stickers, photos, voice notes, videos, files, contacts…"""
    if not await _asked_for_language(update, context):
        await show(update, context, errors.media_not_understood(context.tr))


async def on_text(update: Update, context: BotContext) -> None:
    """Free text nobody else claimed."""
    if await _asked_for_language(update, context):
        return
    if len(update.effective_message.text) > LONG_TEXT:
        await show(update, context, errors.text_too_long(context.tr))
    else:
        await show(update, context, errors.text_not_understood(context.tr))


async def on_stale_button(update: Update, context: BotContext) -> None:
    """A button press no handler recognised: an old keyboard or forged data."""
    await answer_query(update)
    await show(update, context, errors.button_expired(context.tr))


async def _asked_for_language(update: Update, context: BotContext) -> bool:
    """Someone who writes before ever choosing a language is greeted and asked first."""
    if context.user is None or context.user.language_confirmed:
        return False
    await show(update, context, start.language_picker(context.tr, first_contact=True))
    return True


def handlers() -> list[BaseHandler]:
    """The catch-alls: wired last."""
    return [
        MessageHandler(PRIVATE & filters.COMMAND, on_unknown_command),
        MessageHandler(PRIVATE & filters.TEXT, on_text),
        MessageHandler(PRIVATE & ~filters.TEXT & ~filters.StatusUpdate.ALL, on_media),
        CallbackQueryHandler(on_stale_button),
    ]
