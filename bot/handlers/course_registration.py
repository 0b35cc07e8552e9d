"""Registering for a course, withdrawing, taking an offered seat, and the weekly shift tap."""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, MessageHandler, filters

from bot.handlers.common import answer_query, show
from bot.handlers.context import BotContext
from bot.handlers.start import ask_language_first, read_button
from bot.handlers.subscriptions import offer_announcements
from bot.handlers.typed import expect_text
from bot.services import course_search, courses, flows, registrations
from bot.services.errors import CourseClosed, ServiceError
from bot.storage.flows import FlowState
from bot.ui import course_messages, errors
from bot.ui import courses as views
from bot.ui.callbacks import (
    LessonReminders,
    RegisterCourse,
    ShiftWeek,
    TakeOffer,
    WithdrawRegistration,
    menu_pattern,
    pattern,
    unpack,
)

REGISTER_FLOW = "register"


async def on_register(update: Update, context: BotContext) -> None:
    """ "Register": a summary first, then the seat (or the waiting list)."""
    await answer_query(update)
    if await ask_language_first(update, context):
        return
    data = unpack(RegisterCourse, update.callback_query.data)
    course = await courses.get_course(context.db, data.course_id) if data else None
    if course is None:
        await show(update, context, errors.button_expired(context.tr))
        return
    user = update.effective_user
    if data.confirm == 2:  # the optional phone number, through Telegram's contact button
        await flows.put(
            context.db,
            user.id,
            flow=REGISTER_FLOW,
            step="phone",
            data={"course": course.id},
            now=context.now(),
        )
        text, keyboard = views.ask_phone(context.tr)
        await context.bot.send_message(update.effective_chat.id, text, reply_markup=keyboard)
        return
    child_ages = (await course_search.answers(context.db, user.id)).get("child_ages") or []
    phone = await _shared_phone(context, user.id, course.id)
    if not data.confirm:
        screen = views.confirm_registration(context.tr, course, user.first_name, child_ages, phone)
        await show(update, context, screen)
        return
    try:
        registration = await registrations.register(
            context.db,
            user_id=user.id,
            course_id=course.id,
            name=user.first_name,
            child_ages=child_ages,
            language=context.tr.language,
            now=context.now(),
            coordinators_chat=context.settings.coordinators_chat_id,
            phone=phone,
        )
        await flows.finish(context.db, user.id, flow=REGISTER_FLOW)
    except CourseClosed:
        await show(update, context, views.closed(context.tr))
        return
    await show(
        update, context, views.registered(context.tr, course, registration.state == "waiting")
    )
    await offer_announcements(update, context)


async def _shared_phone(context: BotContext, user_id: int, course_id: str) -> str | None:
    state = await flows.current(context.db, user_id, now=context.now())
    if state and state.flow == REGISTER_FLOW and state.data.get("course") == course_id:
        return state.data.get("phone")
    return None


async def on_contact(update: Update, context: BotContext) -> None:
    """The shared contact: only the user's own number is taken, for the waiting registration."""
    user = update.effective_user
    state = await flows.current(context.db, user.id, now=context.now())
    contact = update.effective_message.contact
    if (
        state is None
        or (state.flow, state.step) != (REGISTER_FLOW, "phone")
        or contact.user_id != user.id
    ):
        await show(update, context, errors.media_not_understood(context.tr), edit=False)
        return
    data = {**state.data, "phone": contact.phone_number}
    await flows.put(
        context.db, user.id, flow=REGISTER_FLOW, step="confirm", data=data, now=context.now()
    )
    await _back_to_summary(update, context, data["course"], contact.phone_number)


async def on_no_phone(update: Update, context: BotContext, state: FlowState) -> None:
    """ "Not now" (or any text) instead of the contact."""
    await flows.put(
        context.db,
        update.effective_user.id,
        flow=REGISTER_FLOW,
        step="confirm",
        data={"course": state.data["course"]},
        now=context.now(),
    )
    await _back_to_summary(update, context, state.data["course"], None)


async def _back_to_summary(
    update: Update, context: BotContext, course_id: str, phone: str | None
) -> None:
    text, removal = views.phone_received(context.tr, shared=phone is not None)
    await context.bot.send_message(update.effective_chat.id, text, reply_markup=removal)
    course = await courses.get_course(context.db, course_id)
    child_ages = (await course_search.answers(context.db, update.effective_user.id)).get(
        "child_ages"
    ) or []
    screen = views.confirm_registration(
        context.tr, course, update.effective_user.first_name, child_ages, phone
    )
    await show(update, context, screen, edit=False)


async def on_my_registrations(update: Update, context: BotContext) -> None:
    await answer_query(update)
    if not await ask_language_first(update, context):
        items = await registrations.my_registrations(context.db, update.effective_user.id)
        await show(update, context, views.my_registrations(context.tr, items))


async def on_withdraw(update: Update, context: BotContext) -> None:
    if (data := await read_button(update, context, WithdrawRegistration)) is None:
        return
    try:
        await registrations.withdraw(
            context.db,
            user_id=update.effective_user.id,
            registration_id=data.registration_id,
            now=context.now(),
        )
    except ServiceError:
        await show(update, context, errors.button_expired(context.tr))
        return
    await show(update, context, views.withdrawn(context.tr))


async def on_take_offer(update: Update, context: BotContext) -> None:
    if (data := await read_button(update, context, TakeOffer)) is None:
        return
    try:
        done = await registrations.accept_offer(
            context.db,
            user_id=update.effective_user.id,
            registration_id=data.registration_id,
            now=context.now(),
        )
    except ServiceError:
        await show(update, context, errors.button_expired(context.tr))
        return
    course = await courses.get_course(context.db, done.course_id)
    await show(update, context, views.registered(context.tr, course, False))


async def on_shift_week(update: Update, context: BotContext) -> None:
    """A shift worker's weekly tap: which group to go to this week."""
    if (data := await read_button(update, context, ShiftWeek)) is None:
        return
    try:
        group = await registrations.group_for_shift(
            context.db,
            user_id=update.effective_user.id,
            registration_id=data.registration_id,
            shift=data.shift,
        )
    except ServiceError:
        await show(update, context, errors.button_expired(context.tr))
        return
    await show(update, context, course_messages.go_to_group(context.tr, group))


async def on_lesson_reminders(update: Update, context: BotContext) -> None:
    """ "Also remind me before each lesson" (or no more)."""
    query = update.callback_query
    data = unpack(LessonReminders, query.data)
    try:
        if data is None:  # stale or forged: refused like someone else's registration
            raise ServiceError()
        await registrations.want_lesson_reminders(
            context.db,
            user_id=update.effective_user.id,
            registration_id=data.registration_id,
            wanted=bool(data.wanted),
        )
    except ServiceError:
        await answer_query(update)
        await show(update, context, errors.button_expired(context.tr))
        return
    done = (
        context.tr.gettext("Done: a reminder before each lesson.")
        if data.wanted
        else context.tr.gettext("Done: no more lesson reminders.")
    )
    await query.answer(done)


def handlers() -> list[BaseHandler]:
    expect_text(REGISTER_FLOW, "phone", on_no_phone)
    return [
        MessageHandler(filters.ChatType.PRIVATE & filters.CONTACT, on_contact),
        CallbackQueryHandler(on_my_registrations, pattern=menu_pattern("registrations")),
        CallbackQueryHandler(on_register, pattern=pattern(RegisterCourse)),
        CallbackQueryHandler(on_withdraw, pattern=pattern(WithdrawRegistration)),
        CallbackQueryHandler(on_take_offer, pattern=pattern(TakeOffer)),
        CallbackQueryHandler(on_shift_week, pattern=pattern(ShiftWeek)),
        CallbackQueryHandler(on_lesson_reminders, pattern=pattern(LessonReminders)),
    ]
