"""Registering for a course, withdrawing, taking an offered seat, and the weekly shift tap."""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot.handlers.common import answer_query, show
from bot.handlers.context import BotContext
from bot.handlers.start import ask_language_first
from bot.services import course_search, courses, registrations
from bot.services.errors import CourseClosed, ServiceError
from bot.ui import course_messages, errors
from bot.ui import courses as views
from bot.ui.callbacks import (
    RegisterCourse,
    ShiftWeek,
    TakeOffer,
    WithdrawRegistration,
    menu_pattern,
    pattern,
    unpack,
)


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
    child_ages = (await course_search.answers(context.db, user.id)).get("child_ages") or []
    if not data.confirm:
        await show(
            update,
            context,
            views.confirm_registration(context.tr, course, user.first_name, child_ages),
        )
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
        )
    except CourseClosed:
        await show(update, context, views.closed(context.tr))
        return
    await show(
        update, context, views.registered(context.tr, course, registration.state == "waiting")
    )


async def on_my_registrations(update: Update, context: BotContext) -> None:
    await answer_query(update)
    if not await ask_language_first(update, context):
        items = await registrations.my_registrations(context.db, update.effective_user.id)
        await show(update, context, views.my_registrations(context.tr, items))


async def on_withdraw(update: Update, context: BotContext) -> None:
    await answer_query(update)
    data = unpack(WithdrawRegistration, update.callback_query.data)
    try:
        if data is None:
            raise ServiceError()
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
    await answer_query(update)
    data = unpack(TakeOffer, update.callback_query.data)
    try:
        if data is None:
            raise ServiceError()
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
    await answer_query(update)
    data = unpack(ShiftWeek, update.callback_query.data)
    try:
        if data is None:
            raise ServiceError()
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


def handlers() -> list[BaseHandler]:
    return [
        CallbackQueryHandler(on_my_registrations, pattern=menu_pattern("registrations")),
        CallbackQueryHandler(on_register, pattern=pattern(RegisterCourse)),
        CallbackQueryHandler(on_withdraw, pattern=pattern(WithdrawRegistration)),
        CallbackQueryHandler(on_take_offer, pattern=pattern(TakeOffer)),
        CallbackQueryHandler(on_shift_week, pattern=pattern(ShiftWeek)),
    ]
