"""/stats for coordinators and admins: the figures, a chart, and a CSV file."""

from __future__ import annotations

from telegram import InputFile, Update
from telegram.ext import BaseHandler, CommandHandler, filters

from bot.charts import bars
from bot.handlers.common import show
from bot.handlers.context import BotContext
from bot.handlers.guards import coordinator_only
from bot.services import stats
from bot.ui import stats as views


async def on_stats(update: Update, context: BotContext) -> None:
    tr = context.tr
    if not await coordinator_only(update, context):
        return
    found = await stats.figures(context.db, tz=context.bot_data["tz"])
    await show(update, context, views.figures(tr, found), edit=False)
    courses = sorted(set(found.registrations) | set(found.waiting))
    chart = bars(
        tr.gettext("Course registrations and waiting lists"),
        [(c, found.registrations.get(c, 0), found.waiting.get(c, 0)) for c in courses],
        legend=(tr.gettext("registered"), tr.gettext("waiting")),
        rtl=tr.rtl,
    )
    chat = update.effective_chat.id
    await context.bot.send_photo(chat, InputFile(chart, filename="lotse-figures.png"))
    await context.bot.send_document(
        chat, InputFile(stats.as_csv(found), filename="lotse-figures.csv")
    )


def handlers() -> list[BaseHandler]:
    return [CommandHandler("stats", on_stats, filters=filters.ChatType.PRIVATE)]
