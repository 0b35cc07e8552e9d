"""Commands and buttons of the office teams. Every one checks the role in the database.

/linkgroup <office>            in the team's group: notices of the office go there
/close <office> <YYYY-MM-DD> [HH:MM-HH:MM] [reason]   close a day or a time range
/officestats                   bookings, cancellations, attended, no-shows per month
/addstaff <user id> <office>   admins only (LOTSE_ADMIN_IDS)
/bookfor                       book for someone who phoned or came in (name and language)
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, filters

from bot.handlers.common import answer_query, show
from bot.handlers.context import BotContext
from bot.handlers.typed import expect_text
from bot.i18n import LANGUAGES
from bot.services import flows, staff
from bot.services.errors import NotStaff, NotYetStarted, ServiceError
from bot.storage.flows import FlowState
from bot.ui import booking as booking_views
from bot.ui import errors
from bot.ui import staff as views
from bot.ui.callbacks import MarkAttendance, StaffLanguage, pattern, unpack


def _tz(context: BotContext) -> ZoneInfo:
    return context.bot_data["tz"]


async def _say(update: Update, context: BotContext, text: str) -> None:
    await show(update, context, (text, None), edit=False)


async def on_link_group(update: Update, context: BotContext) -> None:
    """/linkgroup <office> in a group."""
    tr = context.tr
    if update.effective_chat.type == "private" or len(context.args or []) != 1:
        await _say(
            update,
            context,
            tr.gettext("Use it like this, in your team's group: {usage}").format(
                usage="/linkgroup <office-id>"
            ),
        )
        return
    try:
        office = await staff.link_group(
            context.db,
            user_id=update.effective_user.id,
            office_id=context.args[0],
            chat_id=update.effective_chat.id,
        )
    except NotStaff:
        await _say(update, context, tr.gettext("Only staff of this office can do this."))
        return
    await _say(
        update,
        context,
        tr.gettext("This group now receives the notices of {office}.").format(office=office.name),
    )


async def on_attendance(update: Update, context: BotContext) -> None:
    """✅ Attended / 🚫 No-show under a notice."""
    query = update.callback_query
    data = unpack(MarkAttendance, query.data)
    tr = context.tr
    if data is None:
        await query.answer(errors.button_expired(tr)[0])
        return
    try:
        await staff.mark_attendance(
            context.db,
            user_id=update.effective_user.id,
            booking_id=data.booking_id,
            attended=bool(data.attended),
            now=context.now(),
        )
    except NotStaff:
        await query.answer(tr.gettext("Only staff of this office can do this."), show_alert=True)
        return
    except NotYetStarted:
        await query.answer(tr.gettext("This appointment has not started yet."), show_alert=True)
        return
    except ServiceError:
        await query.answer(errors.button_expired(tr)[0])
        return
    await query.answer(
        tr.gettext("Marked: attended.") if data.attended else tr.gettext("Marked: no-show.")
    )


async def on_office_stats(update: Update, context: BotContext) -> None:
    """/officestats."""
    try:
        rows = await staff.figures(
            context.db, user_id=update.effective_user.id, now=context.now(), tz=_tz(context)
        )
    except NotStaff:
        await _say(update, context, context.tr.gettext("Only staff of an office can see this."))
        return
    await show(update, context, views.figures(context.tr, rows), edit=False)


async def on_close(update: Update, context: BotContext) -> None:
    """/close <office> <YYYY-MM-DD> [HH:MM-HH:MM] [reason]."""
    tr = context.tr
    usage = tr.gettext("Use it like this: {usage}").format(
        usage="/close <office-id> 2026-12-01 [09:00-12:00] [reason]"
    )
    args = context.args or []
    try:
        office_id, day = args[0], date.fromisoformat(args[1])
        rest = args[2:]
        if rest and "-" in rest[0] and ":" in rest[0]:
            opens, closes = (time.fromisoformat(part) for part in rest.pop(0).split("-"))
        else:
            opens, closes = time.min, None
    except (IndexError, ValueError):
        await _say(update, context, usage)
        return
    tz = _tz(context)
    starts = datetime.combine(day, opens, tz)
    ends = (
        datetime.combine(day, closes, tz)
        if closes
        else datetime.combine(day + timedelta(days=1), time.min, tz)
    )
    try:
        cancelled = await staff.close(
            context.db,
            user_id=update.effective_user.id,
            office_id=office_id,
            starts_at=starts,
            ends_at=ends,
            reason=" ".join(rest) or "-",
            now=context.now(),
        )
    except NotStaff:
        await _say(update, context, tr.gettext("Only staff of this office can do this."))
        return
    text = tr.ngettext(
        "Closed. {count} appointment was cancelled; the person is being told.",
        "Closed. {count} appointments were cancelled; the people are being told.",
        len(cancelled),
    ).format(count=tr.number(len(cancelled)))
    await _say(update, context, text)


async def on_add_staff(update: Update, context: BotContext) -> None:
    """/addstaff <user id> <office>: admins only."""
    tr = context.tr
    if update.effective_user.id not in context.settings.admin_ids:
        await _say(update, context, tr.gettext("Only admins can do this."))
        return
    try:
        user_id, office_id = int(context.args[0]), context.args[1]
        await staff.add_staff(context.db, user_id=user_id, office_id=office_id)
    except (IndexError, ValueError, TypeError):
        await _say(
            update,
            context,
            tr.gettext("Use it like this: {usage}").format(usage="/addstaff <user-id> <office-id>"),
        )
        return
    except NotStaff:
        await _say(update, context, tr.gettext("There is no office with this id."))
        return
    await _say(
        update,
        context,
        tr.gettext("Done: {user} is now staff of {office}.").format(user=user_id, office=office_id),
    )


async def on_book_for(update: Update, context: BotContext) -> None:
    """/bookfor in a private chat: name, language, then the usual topic/office/day/time."""
    if not await staff.my_offices(context.db, update.effective_user.id):
        await _say(update, context, context.tr.gettext("Only staff of an office can do this."))
        return
    await flows.put(
        context.db,
        update.effective_user.id,
        flow=staff.BOOK_FOR,
        step="name",
        data={},
        now=context.now(),
    )
    await show(update, context, views.ask_name(context.tr), edit=False)


async def on_name(update: Update, context: BotContext, state: FlowState) -> None:
    """The typed name of the person to book for."""
    name = " ".join(update.effective_message.text.split())[:80]
    await flows.put(
        context.db,
        update.effective_user.id,
        flow=staff.BOOK_FOR,
        step="language",
        data={"name": name},
        now=context.now(),
    )
    await show(update, context, views.ask_language(context.tr, name), edit=False)


async def on_language(update: Update, context: BotContext) -> None:
    """The person's language: then the usual booking screens, in the staff member's language."""
    await answer_query(update)
    data = unpack(StaffLanguage, update.callback_query.data)
    state = await flows.current(context.db, update.effective_user.id, now=context.now())
    if (
        data is None
        or data.code not in LANGUAGES
        or state is None
        or (state.flow, state.step) != (staff.BOOK_FOR, "language")
    ):
        await show(update, context, errors.button_expired(context.tr))
        return
    data_out = {**state.data, "language": data.code}
    await flows.put(
        context.db,
        update.effective_user.id,
        flow=staff.BOOK_FOR,
        step="booking",
        data=data_out,
        now=context.now(),
    )
    await show(update, context, booking_views.choose_topic(context.tr))


def handlers() -> list[BaseHandler]:
    expect_text(staff.BOOK_FOR, "name", on_name)
    return [
        CommandHandler("bookfor", on_book_for, filters=filters.ChatType.PRIVATE),
        CallbackQueryHandler(on_language, pattern=pattern(StaffLanguage)),
        CommandHandler("linkgroup", on_link_group),
        CommandHandler("close", on_close),
        CommandHandler("officestats", on_office_stats),
        CommandHandler("addstaff", on_add_staff),
        CallbackQueryHandler(on_attendance, pattern=pattern(MarkAttendance)),
    ]
