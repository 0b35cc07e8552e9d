"""Typed text and shared locations go to the flow that waits for them (a name, the place for
the nearest office); other text is a search."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import Update
from telegram.ext import BaseHandler, MessageHandler, filters

from bot.handlers import folder
from bot.handlers.common import show
from bot.handlers.context import BotContext
from bot.handlers.start import ask_language_first
from bot.services import flows
from bot.storage.flows import FlowState
from bot.ui import errors

TextStep = Callable[[Update, BotContext, FlowState], Awaitable[None]]
_WAITING: dict[tuple[str, str], TextStep] = {}
_WAITING_LOCATION: dict[tuple[str, str], TextStep] = {}


def expect_text(flow: str, step: str, handler: TextStep) -> None:
    """While a user's flow is at (flow, step), their typed text goes to `handler`."""
    _WAITING[(flow, step)] = handler


def expect_location(flow: str, step: str, handler: TextStep) -> None:
    """While a user's flow is at (flow, step), a shared location goes to `handler`."""
    _WAITING_LOCATION[(flow, step)] = handler


async def on_location(update: Update, context: BotContext) -> None:
    if await ask_language_first(update, context):
        return
    state = await flows.current(context.db, update.effective_user.id, now=context.now())
    handler = _WAITING_LOCATION.get((state.flow, state.step)) if state else None
    if handler is not None:
        await handler(update, context, state)
    else:  # nobody asked for it: it is not kept
        await show(update, context, errors.media_not_understood(context.tr), edit=False)


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
    private = filters.ChatType.PRIVATE
    return [
        MessageHandler(private & filters.TEXT & ~filters.COMMAND, on_text),
        MessageHandler(private & filters.LOCATION, on_location),
    ]
