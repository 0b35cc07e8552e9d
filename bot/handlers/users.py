"""Loads the user before every other handler, so each one speaks the user's language."""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, TypeHandler

from bot.handlers.context import BotContext
from bot.i18n import translator
from bot.services import accounts


async def load_user(update: Update, context: BotContext) -> None:
    """Every update: find the user (nothing is created here) and their translator;
    someone unknown is answered in the language Telegram reports."""
    user = update.effective_user
    if user is None or user.is_bot:
        return
    context.user = await accounts.find(context.db, user.id)
    if context.user:
        context.tr = translator(context.user.language)


def handlers() -> list[BaseHandler]:
    return [TypeHandler(Update, load_user)]
