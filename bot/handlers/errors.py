"""The one error handler: log first, then tell the user kindly."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError

from bot.handlers.common import show
from bot.handlers.context import BotContext
from bot.services.errors import ServiceError
from bot.ui import errors

log = logging.getLogger(__name__)


async def on_error(update: object, context: BotContext) -> None:
    error = context.error
    if isinstance(error, ServiceError):
        screen = errors.service_error(context.tr, error)
    else:
        log.error("update failed", exc_info=error)
        screen = errors.something_went_wrong(context.tr)
    if isinstance(update, Update) and update.effective_chat:
        try:
            await show(update, context, screen, edit=False)
        except TelegramError:
            log.warning("could not tell the user about the error")
