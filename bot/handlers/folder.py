"""The welcome folder: topic menus, pages (edited in place), search by typing, votes, maps."""

from __future__ import annotations

import contextlib

from telegram import Update
from telegram.error import BadRequest
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, filters

from bot.handlers import deeplinks
from bot.handlers.common import answer_query, show
from bot.handlers.context import BotContext
from bot.handlers.guards import coordinator_only
from bot.services import feedback
from bot.services.content import Folder
from bot.services.search import SearchIndex
from bot.ui import errors
from bot.ui import folder as views
from bot.ui.callbacks import OpenNode, ShowMap, VotePage, menu_pattern, pattern, unpack

LONG_TEXT = 500  # characters: longer is a letter, not a search Lotse can answer


def _folder(context: BotContext) -> Folder:
    return context.bot_data["folder"]


async def on_folder_home(update: Update, context: BotContext) -> None:
    """The main menu's "Welcome folder" or "All topics"."""
    await answer_query(update)
    await show(update, context, views.folder_home(context.tr, _folder(context)))


async def on_open_node(update: Update, context: BotContext) -> None:
    """A topic, section or page button (also paging within a long page)."""
    await answer_query(update)
    data = unpack(OpenNode, update.callback_query.data)
    node = _folder(context).get(data.node_id) if data else None
    if node is None:
        await show(update, context, errors.button_expired(context.tr))
    elif node.kind == "page":
        await show(
            update, context, views.page_screen(context.tr, _folder(context), node, data.screen)
        )
    else:
        await show(update, context, views.node_menu(context.tr, _folder(context), node))


async def on_vote(update: Update, context: BotContext) -> None:
    """👍 or 👎 under a page: counted without the user's id; the row disappears."""
    query = update.callback_query
    data = unpack(VotePage, query.data)
    if data is None or _folder(context).get(data.page_id) is None:
        await answer_query(update)
        await show(update, context, errors.button_expired(context.tr))
        return
    await feedback.vote(
        context.db,
        page_id=data.page_id,
        language=context.tr.language,
        helpful=bool(data.helpful),
        now=context.now(),
    )
    await query.answer(views.vote_thanks(context.tr))
    if query.message and query.message.reply_markup:
        with contextlib.suppress(BadRequest):  # message gone: the vote counts all the same
            await query.edit_message_reply_markup(views.without_vote(query.message.reply_markup))


async def on_show_map(update: Update, context: BotContext) -> None:
    """ "📍 Map": the place as a location message, which opens in the phone's map app."""
    await answer_query(update)
    data = unpack(ShowMap, update.callback_query.data)
    page = _folder(context).get(data.page_id) if data else None
    if page is None or page.address is None or page.address.lat is None:
        await show(update, context, errors.button_expired(context.tr))
        return
    await context.bot.send_venue(
        update.effective_chat.id,
        latitude=page.address.lat,
        longitude=page.address.lon,
        title=views.location_title(context.tr, _folder(context), page),
        address=page.address.one_line(),
    )


async def search(update: Update, context: BotContext) -> None:
    """Typed words or a question: the best matching pages, or a kind answer and the topics."""
    text = update.effective_message.text
    if len(text) > LONG_TEXT:
        await show(update, context, errors.text_too_long(context.tr))
        return
    index: SearchIndex = context.bot_data["search"]
    hits = index.search(text, language=context.tr.language)
    if hits:
        await show(update, context, views.search_results(context.tr, _folder(context), hits))
        return
    await feedback.no_answer(
        context.db, query=text, language=context.tr.language, now=context.now()
    )
    await show(update, context, views.no_results(context.tr, _folder(context), text))


async def open_page_link(update: Update, context: BotContext, page_id: str) -> bool:
    """Deep link `?start=p_<page-id>` (a QR code on a flyer): the page as a new message."""
    page = _folder(context).get(page_id)
    if page is None:
        return False
    screen = (
        views.page_screen(context.tr, _folder(context), page, 0)
        if page.kind == "page"
        else views.node_menu(context.tr, _folder(context), page)
    )
    await show(update, context, screen, edit=False)
    return True


async def on_folder_report(update: Update, context: BotContext) -> None:
    """/folderreport for coordinators: unanswered questions and unhelpful pages."""
    if not await coordinator_only(update, context):
        return
    found = await feedback.report(context.db, now=context.now())
    await show(
        update, context, views.coordinator_report(context.tr, _folder(context), found), edit=False
    )


def handlers() -> list[BaseHandler]:
    deeplinks.register("p", open_page_link)
    return [
        CallbackQueryHandler(on_folder_home, pattern=menu_pattern("folder")),
        CallbackQueryHandler(on_open_node, pattern=pattern(OpenNode)),
        CallbackQueryHandler(on_vote, pattern=pattern(VotePage)),
        CallbackQueryHandler(on_show_map, pattern=pattern(ShowMap)),
        CommandHandler("folderreport", on_folder_report, filters=filters.ChatType.PRIVATE),
    ]
