"""The bot's command menu and descriptions in Telegram's own UI, per language and per chat."""

from __future__ import annotations

import logging

from telegram import Bot, BotCommandScopeChat
from telegram.error import TelegramError

from bot.i18n import LANGUAGES, propose_language, translator
from bot.ui import bot_profile

log = logging.getLogger(__name__)


async def publish(bot: Bot) -> None:
    """setMyCommands / setMyDescription / setMyShortDescription for each language_code;
    English for every other language."""
    for code in (None, *LANGUAGES):
        tr = translator(code or "en")
        await bot.set_my_commands(bot_profile.commands(tr), language_code=code)
        await bot.set_my_description(bot_profile.description(tr), language_code=code)
        await bot.set_my_short_description(bot_profile.short_description(tr), language_code=code)


async def follow_chosen_language(
    bot: Bot,
    chat_id: int,
    *,
    chosen: str,
    telegram_language: str | None,
    privileged: tuple[str, ...] = (),
) -> None:
    """When the app speaks another language than the one chosen in Lotse, or the user holds a
    role, keep this chat's command menu in the chosen language with the role's commands
    (BotCommandScopeChat); otherwise drop the chat's own menu."""
    scope = BotCommandScopeChat(chat_id)
    try:
        if propose_language(telegram_language) == chosen and not privileged:
            await bot.delete_my_commands(scope=scope)
        else:
            menu = bot_profile.commands(translator(chosen), privileged)
            await bot.set_my_commands(menu, scope=scope)
    except TelegramError as error:  # the menu is a nicety; the chat goes on without it
        log.warning("per-chat commands not set: %s", error)
