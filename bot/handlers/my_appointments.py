""" "My appointments": the list, cancelling and moving, and "I will come" under a reminder."""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot.handlers.booking import refuse, send_calendar_file, show_taken, tz_of
from bot.handlers.common import answer_query, show
from bot.handlers.context import BotContext
from bot.handlers.start import ask_language_first, read_button
from bot.services import booking
from bot.services.errors import NotYourBooking, ServiceError, SlotTaken
from bot.ui import appointment_parts as parts
from bot.ui import errors
from bot.ui import my_appointments as mine_views
from bot.ui.callbacks import (
    AskCancel,
    DoCancel,
    MoveDay,
    MoveTo,
    WillCome,
    menu_pattern,
    pattern,
    unpack,
)


async def on_my_appointments(update: Update, context: BotContext) -> None:
    """ "My appointments": the list, with cancel and move for each."""
    await answer_query(update)
    if await ask_language_first(update, context):
        return
    items = await booking.my_appointments(context.db, update.effective_user.id, now=context.now())
    await show(update, context, mine_views.my_appointments(context.tr, items, tz_of(context)))


async def on_ask_cancel(update: Update, context: BotContext) -> None:
    if (data := await read_button(update, context, AskCancel)) is None:
        return
    found = await _own(update, context, data.booking_id)
    if found:
        await show(update, context, mine_views.ask_cancel(context.tr, found[0], tz_of(context)))


async def on_cancel(update: Update, context: BotContext) -> None:
    if (data := await read_button(update, context, DoCancel)) is None:
        return
    try:
        done = await booking.cancel(
            context.db,
            user_id=update.effective_user.id,
            booking_id=data.booking_id,
            now=context.now(),
        )
    except ServiceError as error:
        await refuse(update, context, error, booking_id=data.booking_id)
        return
    await show(update, context, mine_views.cancelled(context.tr, done, tz_of(context)))


async def on_move_day(update: Update, context: BotContext) -> None:
    """ "Move": the days with free times at the same office, then the times of one day."""
    if (data := await read_button(update, context, MoveDay)) is None:
        return
    found = await _own(update, context, data.booking_id)
    if found is None:
        return
    own, office = found
    free = [
        s
        for s in await booking.free_slots(
            context.db, office.id, now=context.now(), tz=tz_of(context)
        )
        if s.starts_at != own.starts_at
    ]
    if not data.day:
        await show(
            update, context, mine_views.move_days(context.tr, own, office, free, tz_of(context))
        )
        return
    try:
        day = parts.from_day_code(data.day)
    except ValueError:
        await show(update, context, errors.button_expired(context.tr))
        return
    await show(update, context, mine_views.move_times(context.tr, own, day, free, tz_of(context)))


async def on_move_to(update: Update, context: BotContext) -> None:
    if (data := await read_button(update, context, MoveTo)) is None:
        return
    try:
        new = await booking.move(
            context.db,
            user_id=update.effective_user.id,
            booking_id=data.booking_id,
            starts_at=parts.from_minute(data.minute),
            now=context.now(),
            tz=tz_of(context),
        )
    except SlotTaken as taken:
        await show_taken(update, context, taken, booking_id=data.booking_id)
        return
    except ServiceError as error:
        await refuse(update, context, error, booking_id=data.booking_id)
        return
    await show(update, context, mine_views.moved(context.tr, new, tz_of(context)))
    await send_calendar_file(
        update, context, new, (await booking.get_booking(context.db, new.id))[1]
    )


async def on_will_come(update: Update, context: BotContext) -> None:
    """ "I will come" under a reminder."""
    query = update.callback_query
    data = unpack(WillCome, query.data)
    found = await booking.get_booking(context.db, data.booking_id) if data else None
    if found is None or found[0].user_id != update.effective_user.id:
        await answer_query(update)
        await show(update, context, errors.button_expired(context.tr))
        return
    await query.answer(mine_views.will_come(context.tr))


async def _own(update: Update, context: BotContext, booking_id: int):
    found = await booking.get_booking(context.db, booking_id)
    if (
        found is None
        or found[0].user_id != update.effective_user.id
        or found[0].state != "confirmed"
    ):
        await refuse(update, context, NotYourBooking())
        return None
    return found


def handlers() -> list[BaseHandler]:
    return [
        CallbackQueryHandler(on_my_appointments, pattern=menu_pattern("myappointments")),
        CallbackQueryHandler(on_ask_cancel, pattern=pattern(AskCancel)),
        CallbackQueryHandler(on_cancel, pattern=pattern(DoCancel)),
        CallbackQueryHandler(on_move_day, pattern=pattern(MoveDay)),
        CallbackQueryHandler(on_move_to, pattern=pattern(MoveTo)),
        CallbackQueryHandler(on_will_come, pattern=pattern(WillCome)),
    ]
