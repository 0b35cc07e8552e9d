"""Showing a screen: edit the message a button belongs to, or send a new one."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import BadRequest

from bot.handlers.context import BotContext
from bot.ui.common import Screen

log = logging.getLogger(__name__)


async def show(update: Update, context: BotContext, screen: Screen, *, edit: bool = True) -> None:
    """Answer a button press by editing its message in place (no flood of messages);
    answer anything else with a new message."""
    text, keyboard = screen
    query = update.callback_query
    if edit and query and query.message:
        try:
            await query.edit_message_text(text, reply_markup=keyboard)
            return
        except BadRequest as error:
            if "not modified" in error.message:
                return  # the same screen again: nothing to change
            log.info("edit failed (%s); sending a new message", error.message)
    await context.bot.send_message(update.effective_chat.id, text, reply_markup=keyboard)


async def answer_query(update: Update) -> None:
    """Stop the button's spinner; a query that timed out meanwhile is not an error."""
    if update.callback_query:
        try:
            await update.callback_query.answer()
        except BadRequest:
            log.debug("callback query too old to answer")
