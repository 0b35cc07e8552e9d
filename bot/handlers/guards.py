"""Role checks for handlers: the role comes from the database, never from the client."""

from __future__ import annotations

from telegram import Update

from bot.handlers.common import show
from bot.handlers.context import BotContext
from bot.services import roles


async def coordinator_only(update: Update, context: BotContext) -> bool:
    """True for coordinators (and admins); everyone else gets a plain refusal, as an alert
    under a button or as a message."""
    if await roles.is_coordinator(context.db, context.settings, update.effective_user.id):
        return True
    refusal = context.tr.gettext("Only coordinators can do this.")
    if update.callback_query:
        await update.callback_query.answer(refusal, show_alert=True)
    else:
        await show(update, context, (refusal, None), edit=False)
    return False
