"""What a person sends instead of tapping goes to the flow that waits for it: typed text (a
name, a broadcast), a shared location (the nearest office), a photo or file (a flyer).
Text nobody waits for is a search; anything else gets a plain "not understood"."""

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

Step = Callable[[Update, BotContext, FlowState], Awaitable[None]]
_WAITING: dict[tuple[str, str, str], Step] = {}  # (what, flow, step) -> handler


def expect_text(flow: str, step: str, handler: Step) -> None:
    """While a user's flow is at (flow, step), their typed text goes to `handler`."""
    _WAITING[("text", flow, step)] = handler


def expect_location(flow: str, step: str, handler: Step) -> None:
    """While a user's flow is at (flow, step), a shared location goes to `handler`."""
    _WAITING[("location", flow, step)] = handler


def expect_file(flow: str, step: str, handler: Step) -> None:
    """While a user's flow is at (flow, step), a photo or a file goes to `handler`."""
    _WAITING[("file", flow, step)] = handler


async def _route(update: Update, context: BotContext, what: str) -> None:
    if await ask_language_first(update, context):
        return
    state = await flows.current(context.db, update.effective_user.id, now=context.now())
    handler = _WAITING.get((what, state.flow, state.step)) if state else None
    if handler is not None:
        await handler(update, context, state)
    elif what == "text":
        await folder.search(update, context)
    else:  # nobody asked for it: it is not kept
        await show(update, context, errors.media_not_understood(context.tr), edit=False)


async def on_text(update: Update, context: BotContext) -> None:
    await _route(update, context, "text")


async def on_location(update: Update, context: BotContext) -> None:
    await _route(update, context, "location")


async def on_file(update: Update, context: BotContext) -> None:
    await _route(update, context, "file")


def handlers() -> list[BaseHandler]:
    private = filters.ChatType.PRIVATE
    return [
        MessageHandler(private & filters.TEXT & ~filters.COMMAND, on_text),
        MessageHandler(private & filters.LOCATION, on_location),
        MessageHandler(private & (filters.PHOTO | filters.Document.ALL), on_file),
    ]
