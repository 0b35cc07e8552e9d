"""/start (with deep links), the language choice, the main menu, help and settings."""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, filters

from bot.handlers import deeplinks, profile
from bot.handlers.common import answer_query, show
from bot.handlers.context import BotContext
from bot.i18n import translator
from bot.services import accounts, flows, roles
from bot.ui import errors, start
from bot.ui.callbacks import ChooseLanguage, OpenMenu, pattern, unpack

PRIVATE = filters.ChatType.PRIVATE


async def ask_language_first(update: Update, context: BotContext) -> bool:
    """Someone who never chose a language is greeted and asked first (True if asked)."""
    if context.user is not None and context.user.language_confirmed:
        return False
    await show(update, context, start.language_picker(context.tr, first_contact=True))
    return True


async def read_button(update: Update, context: BotContext, cls: type):
    """Answer the press, make sure the user chose a language, and read the button."""
    await answer_query(update)
    if await ask_language_first(update, context):
        return None
    data = unpack(cls, update.callback_query.data)
    if data is None:
        await show(update, context, errors.button_expired(context.tr))
    return data


async def on_start(update: Update, context: BotContext) -> None:
    """/start or /start <payload>: greet, propose a language, or open the deep link."""
    payload = context.args[0] if context.args else None
    user = update.effective_user
    context.user = await accounts.start(
        context.db,
        user.id,
        telegram_language=user.language_code,
        payload=payload,
        now=context.now(),
    )
    if not context.user.language_confirmed:
        await show(update, context, start.language_picker(context.tr, first_contact=True))
    elif not (payload and await deeplinks.open_payload(update, context, payload)):
        await show(update, context, start.welcome(context.tr))


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
        choice = await accounts.choose_language(
            context.db, update.effective_user.id, data.code, now=context.now()
        )
    except ValueError:
        await show(update, context, errors.button_expired(context.tr))
        return
    context.tr = translator(choice.language)
    await profile.follow_chosen_language(
        context.bot,
        update.effective_chat.id,
        chosen=choice.language,
        telegram_language=update.effective_user.language_code,
        privileged=await roles.privileged_commands(
            context.db, context.settings, update.effective_user.id
        ),
    )
    if choice.pending_link and await deeplinks.open_payload(update, context, choice.pending_link):
        return
    screen = start.welcome if choice.first_time else start.main_menu
    await show(update, context, screen(context.tr))


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
    if target == "home":  # home also leaves a half-done staff booking for someone else
        await flows.finish(context.db, update.effective_user.id, flow="bookfor")
    if target in screens:
        await show(update, context, screens[target](context.tr))
    elif target == "language":
        await show(update, context, start.language_picker(context.tr, first_contact=False))
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
