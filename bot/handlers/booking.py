"""Booking an appointment, for newcomers in their private chat (and staff booking for
someone). The draft is the held booking row in the database; buttons carry only ids, which
are checked again against the database and the user."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from telegram import InputFile, ReplyKeyboardRemove, Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot.handlers.common import answer_query, show
from bot.handlers.context import BotContext
from bot.handlers.start import ask_language_first, read_button
from bot.handlers.subscriptions import offer_announcements
from bot.handlers.typed import expect_location, expect_text
from bot.services import booking, flows, offices, staff
from bot.services.calendar import appointment_ics
from bot.services.errors import NotStaff, NotYourBooking, ServiceError, SlotTaken
from bot.storage.bookings import Booking
from bot.storage.flows import FlowState
from bot.storage.offices import Office
from bot.ui import appointment_parts as parts
from bot.ui import booking as views
from bot.ui import errors
from bot.ui import staff as staff_views
from bot.ui.callbacks import (
    BookDay,
    BookOffice,
    BookTime,
    BookTopic,
    ConfirmBooking,
    NearestFirst,
    menu_pattern,
    pattern,
)


def tz_of(context: BotContext) -> ZoneInfo:
    return context.bot_data["tz"]


async def on_home(update: Update, context: BotContext) -> None:
    """Main menu "Appointments"."""
    await answer_query(update)
    await show(update, context, views.home(context.tr))


async def on_book(update: Update, context: BotContext) -> None:
    """ "Book an appointment": first the topic."""
    await answer_query(update)
    if not await ask_language_first(update, context):
        await show(update, context, views.choose_topic(context.tr))


async def on_topic(update: Update, context: BotContext) -> None:
    if (data := await read_button(update, context, BookTopic)) is None:
        return
    if data.topic not in booking.TOPICS:
        await show(update, context, errors.button_expired(context.tr))
        return
    found = await offices.office_list(context.db, topic=data.topic)
    await show(update, context, views.choose_office(context.tr, data.topic, found))


NEAR_FLOW = "near"


async def on_nearest_first(update: Update, context: BotContext) -> None:
    """ "📍 Nearest first": ask for the location with a reply keyboard button."""
    if (data := await read_button(update, context, NearestFirst)) is None:
        return
    if data.topic not in booking.TOPICS:
        await show(update, context, errors.button_expired(context.tr))
        return
    await flows.put(
        context.db,
        update.effective_user.id,
        flow=NEAR_FLOW,
        step="location",
        data={"topic": data.topic},
        now=context.now(),
    )
    text, keyboard = views.ask_location(context.tr)
    await context.bot.send_message(update.effective_chat.id, text, reply_markup=keyboard)


async def on_location(update: Update, context: BotContext, state: FlowState) -> None:
    """A shared location: the offices for the waiting topic, nearest first; not stored."""
    await flows.finish(context.db, update.effective_user.id, flow=NEAR_FLOW)
    topic = state.data["topic"]
    where = update.effective_message.location
    found = await offices.office_list(context.db, topic=topic)
    distances = {
        o.id: km for o, km in offices.nearest_first(found, where.latitude, where.longitude)
    }
    text, removal = views.location_received(context.tr)
    await context.bot.send_message(update.effective_chat.id, text, reply_markup=removal)
    await show(
        update, context, views.choose_office(context.tr, topic, found, distances), edit=False
    )


async def on_no_location(update: Update, context: BotContext, state: FlowState) -> None:
    """Typed text (or "Not now") instead of a location: the offices as before."""
    await flows.finish(context.db, update.effective_user.id, flow=NEAR_FLOW)
    found = await offices.office_list(context.db, topic=state.data["topic"])
    await context.bot.send_message(
        update.effective_chat.id, views.cancel_label(context.tr), reply_markup=ReplyKeyboardRemove()
    )
    await show(
        update, context, views.choose_office(context.tr, state.data["topic"], found), edit=False
    )


async def on_office(update: Update, context: BotContext) -> None:
    if (data := await read_button(update, context, BookOffice)) is None:
        return
    office = next(
        (o for o in await offices.office_list(context.db) if o.id == data.office_id), None
    )
    if office is None or data.topic not in office.topics:
        await show(update, context, errors.button_expired(context.tr))
        return
    free = await booking.free_slots(context.db, office.id, now=context.now(), tz=tz_of(context))
    await show(
        update, context, views.choose_day(context.tr, office, data.topic, free, tz_of(context))
    )


async def on_day(update: Update, context: BotContext) -> None:
    if (data := await read_button(update, context, BookDay)) is None:
        return
    office = next(
        (o for o in await offices.office_list(context.db) if o.id == data.office_id), None
    )
    try:
        day = parts.from_day_code(data.day)
    except ValueError:
        office = None
    if office is None:
        await show(update, context, errors.button_expired(context.tr))
        return
    free = await booking.free_slots(context.db, office.id, now=context.now(), tz=tz_of(context))
    await show(
        update,
        context,
        views.choose_time(context.tr, office, data.topic, day, free, tz_of(context)),
    )


async def on_time(update: Update, context: BotContext) -> None:
    """A time: hold it and show the summary to confirm (staff booking for someone else:
    booked at once with the name and language they gave)."""
    if (data := await read_button(update, context, BookTime)) is None:
        return
    state = await flows.current(context.db, update.effective_user.id, now=context.now())
    if state is not None and (state.flow, state.step) == (staff.BOOK_FOR, "booking"):
        await _book_for(update, context, data, state.data)
        return
    try:
        held = await booking.hold(
            context.db,
            user_id=update.effective_user.id,
            office_id=data.office_id,
            starts_at=parts.from_minute(data.minute),
            topic=data.topic,
            language=context.tr.language,
            name=update.effective_user.first_name,
            now=context.now(),
            tz=tz_of(context),
        )
    except SlotTaken as taken:
        await show_taken(update, context, taken, topic=data.topic, office_id=data.office_id)
        return
    except ServiceError as error:
        await refuse(update, context, error)
        return
    found = await booking.get_booking(context.db, held.id)
    minutes = int(booking.HOLD.total_seconds() // 60)
    await show(update, context, views.summary(context.tr, held, found[1], tz_of(context), minutes))


async def _book_for(update: Update, context: BotContext, data: BookTime, person: dict) -> None:
    try:
        done = await staff.book_for(
            context.db,
            staff_user_id=update.effective_user.id,
            office_id=data.office_id,
            starts_at=parts.from_minute(data.minute),
            topic=data.topic,
            name=person["name"],
            language=person["language"],
            now=context.now(),
            tz=tz_of(context),
        )
    except SlotTaken as taken:
        await show_taken(update, context, taken, topic=data.topic, office_id=data.office_id)
        return
    except NotStaff:
        await show(
            update, context, (context.tr.gettext("Only staff of this office can do this."), None)
        )
        return
    except ServiceError as error:
        await refuse(update, context, error)
        return
    await flows.finish(context.db, update.effective_user.id, flow=staff.BOOK_FOR)
    office = await offices.get_office(context.db, done.office_id)
    await show(update, context, staff_views.booked_for(context.tr, done, office, tz_of(context)))


async def on_confirm(update: Update, context: BotContext) -> None:
    """ "Confirm": re-check everything, book, and send the calendar file."""
    if (data := await read_button(update, context, ConfirmBooking)) is None:
        return
    try:
        done = await booking.confirm(
            context.db,
            user_id=update.effective_user.id,
            booking_id=data.booking_id,
            now=context.now(),
            tz=tz_of(context),
        )
    except SlotTaken as taken:
        await show_taken(update, context, taken, booking_id=data.booking_id)
        return
    except ServiceError as error:
        await refuse(update, context, error)
        return
    _, office = await booking.get_booking(context.db, done.id)
    await show(update, context, views.confirmed(context.tr, done, office, tz_of(context)))
    await send_calendar_file(update, context, done, office)
    await offer_announcements(update, context)


async def send_calendar_file(
    update: Update, context: BotContext, done: Booking, office: Office
) -> None:
    """The .ics file, so the phone's calendar has the appointment (again after a move)."""
    ics = appointment_ics(
        uid=f"lotse-{done.id}@rheine",
        title=parts.calendar_title(context.tr, office),
        starts_at=done.starts_at,
        ends_at=done.ends_at,
        location=f"{office.name}, {parts.address_line(office)}",
        description=parts.topic_name(context.tr, done.topic),
        now=context.now(),
    )
    await context.bot.send_document(
        update.effective_chat.id,
        InputFile(ics, filename="lotse-appointment.ics"),
        disable_notification=True,
    )


async def show_taken(
    update: Update,
    context: BotContext,
    taken: SlotTaken,
    *,
    booking_id: int | None = None,
    topic: str = "general",
    office_id: str = "",
) -> None:
    """ "Just taken": the next free times of the same office (of the booking, if one is named)."""
    if booking_id is not None and (found := await booking.get_booking(context.db, booking_id)):
        topic, office_id = found[0].topic, found[0].office_id
    screen = views.slot_taken(context.tr, topic, office_id, taken.next_free, tz_of(context))
    await show(update, context, screen)


async def refuse(
    update: Update, context: BotContext, error: ServiceError, booking_id: int | None = None
) -> None:
    if isinstance(error, NotYourBooking):
        await show(update, context, errors.button_expired(context.tr))
        return
    phone = None
    if booking_id is not None and (found := await booking.get_booking(context.db, booking_id)):
        phone = found[1].phone
    await show(
        update, context, (parts.refusal(context.tr, error, phone), parts.after_change(context.tr))
    )


def handlers() -> list[BaseHandler]:
    expect_text(NEAR_FLOW, "location", on_no_location)
    expect_location(NEAR_FLOW, "location", on_location)
    return [
        CallbackQueryHandler(on_nearest_first, pattern=pattern(NearestFirst)),
        CallbackQueryHandler(on_home, pattern=menu_pattern("appointments")),
        CallbackQueryHandler(on_book, pattern=menu_pattern("book")),
        CallbackQueryHandler(on_topic, pattern=pattern(BookTopic)),
        CallbackQueryHandler(on_office, pattern=pattern(BookOffice)),
        CallbackQueryHandler(on_day, pattern=pattern(BookDay)),
        CallbackQueryHandler(on_time, pattern=pattern(BookTime)),
        CallbackQueryHandler(on_confirm, pattern=pattern(ConfirmBooking)),
    ]
