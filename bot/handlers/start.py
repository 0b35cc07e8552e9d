"""/start (with deep links), the language choice, the main menu, help and settings."""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, filters

from bot.handlers import deeplinks, profile
from bot.handlers.common import answer_query, show
from bot.handlers.context import BotContext
from bot.i18n import translator
from bot.services import accounts
from bot.ui import errors, start
from bot.ui.callbacks import ChooseLanguage, OpenMenu, pattern, unpack

PRIVATE = filters.ChatType.PRIVATE
NOT_BUILT = ("folder", "courses", "appointments")


async def on_start(update: Update, context: BotContext) -> None:
    """/start or /start <payload>: greet, propose a language, or open the deep link."""
    payload = context.args[0] if context.args else None
    if context.user and context.user.language_confirmed:
        if payload and await deeplinks.open_payload(update, context, payload):
            return
        await show(update, context, start.welcome(context.tr))
        return
    if payload:
        await accounts.keep_start_payload(
            context.db, update.effective_user.id, payload, now=context.now()
        )
    await show(update, context, start.language_picker(context.tr, first_contact=True))


async def on_language_command(update: Update, context: BotContext) -> None:
    """/language: change the language at any time."""
    await show(update, context, start.language_picker(context.tr, first_contact=False))


async def on_choose_language(update: Update, context: BotContext) -> None:
    """A language button."""
    await answer_query(update)
    data = unpack(ChooseLanguage, update.callback_query.data)
    try:
        if data is None:
            raise ValueError("unreadable button")
        payload = await accounts.choose_language(
            context.db, update.effective_user.id, data.code, now=context.now()
        )
    except ValueError:
        await show(update, context, errors.button_expired(context.tr))
        return
    context.tr = translator(data.code)
    await profile.follow_chosen_language(
        context.bot,
        update.effective_chat.id,
        chosen=data.code,
        telegram_language=update.effective_user.language_code,
    )
    if payload and await deeplinks.open_payload(update, context, payload):
        return
    await show(update, context, start.welcome(context.tr))


async def on_menu_command(update: Update, context: BotContext) -> None:
    """/menu."""
    await show(update, context, start.main_menu(context.tr))


async def on_help(update: Update, context: BotContext) -> None:
    """/help."""
    await show(update, context, start.help_screen(context.tr))


async def on_menu_button(update: Update, context: BotContext) -> None:
    """A main-menu or settings entry; features register their own targets first."""
    await answer_query(update)
    data = unpack(OpenMenu, update.callback_query.data)
    target = data.target if data else None
    screens = {
        "home": start.main_menu,
        "help": start.help_screen,
        "settings": start.settings_screen,
    }
    if target in screens:
        await show(update, context, screens[target](context.tr))
    elif target == "language":
        await show(update, context, start.language_picker(context.tr, first_contact=False))
    elif target in NOT_BUILT:
        await show(update, context, start.coming_soon(context.tr, target))
    else:
        await show(update, context, errors.button_expired(context.tr))


def handlers() -> list[BaseHandler]:
    return [
        CommandHandler("start", on_start, filters=PRIVATE),
        CommandHandler("language", on_language_command, filters=PRIVATE),
        CommandHandler("menu", on_menu_command, filters=PRIVATE),
        CommandHandler("help", on_help, filters=PRIVATE),
        CallbackQueryHandler(on_choose_language, pattern=pattern(ChooseLanguage)),
    ]


def menu_handler() -> BaseHandler:
    """Added after the features' own OpenMenu handlers, so they can claim their targets."""
    return CallbackQueryHandler(on_menu_button, pattern=pattern(OpenMenu))
