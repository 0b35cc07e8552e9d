"""Typed text: a flow that waits for text (a name, say) gets it; anything else is a search."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import Update
from telegram.ext import BaseHandler, MessageHandler, filters

from bot.handlers import folder
from bot.handlers.context import BotContext
from bot.handlers.start import ask_language_first
from bot.services import flows
from bot.storage.flows import FlowState

TextStep = Callable[[Update, BotContext, FlowState], Awaitable[None]]
_WAITING: dict[tuple[str, str], TextStep] = {}


def expect_text(flow: str, step: str, handler: TextStep) -> None:
    """While a user's flow is at (flow, step), their typed text goes to `handler`."""
    _WAITING[(flow, step)] = handler


async def on_text(update: Update, context: BotContext) -> None:
    if await ask_language_first(update, context):
        return
    state = await flows.current(context.db, update.effective_user.id, now=context.now())
    handler = _WAITING.get((state.flow, state.step)) if state else None
    if handler is not None:
        await handler(update, context, state)
    else:
        await folder.search(update, context)


def handlers() -> list[BaseHandler]:
    return [MessageHandler(filters.ChatType.PRIVATE & filters.TEXT & ~filters.COMMAND, on_text)]
