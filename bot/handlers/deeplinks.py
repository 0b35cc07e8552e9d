"""Deep links (`t.me/<bot>?start=<payload>`): each feature registers its prefix here."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import Update

from bot.handlers.context import BotContext

Opener = Callable[[Update, BotContext, str], Awaitable[bool]]
_OPENERS: dict[str, Opener] = {}


def register(prefix: str, opener: Opener) -> None:
    """`opener(update, context, rest)` opens what `<prefix>_<rest>` names; False if unknown."""
    _OPENERS[prefix] = opener


async def open_payload(update: Update, context: BotContext, payload: str) -> bool:
    """Open a deep link; False when nothing answers to it (then the caller shows the menu)."""
    prefix, _, rest = payload.partition("_")
    opener = _OPENERS.get(prefix)
    return bool(opener and rest and await opener(update, context, rest))


def deep_link(bot_username: str, payload: str | None) -> str:
    """`https://t.me/<bot>?start=<payload>`: what posters, QR codes and invitations carry."""
    base = f"https://t.me/{bot_username}"
    return f"{base}?start={payload}" if payload else base
