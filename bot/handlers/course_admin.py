"""Coordinators: decisions on registrations, the course list with seats, open or close
registration, change seats, cancel a lesson. Every action checks the coordinator role."""

from __future__ import annotations

import contextlib
from datetime import date

from telegram import Update
from telegram.error import BadRequest
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot.handlers.common import answer_query, show
from bot.handlers.context import BotContext
from bot.handlers.guards import coordinator_only
from bot.services import courses, registrations
from bot.services.errors import CourseClosed, ServiceError
from bot.ui import course_messages, errors
from bot.ui.callbacks import (
    CourseDecision,
    ManageCourse,
    pattern,
    unpack,
)


async def on_decision(update: Update, context: BotContext) -> None:
    """Coordinators: Accept / Waiting list / Decline under a registration notice."""
    query = update.callback_query
    data = unpack(CourseDecision, query.data)
    tr = context.tr
    if not await coordinator_only(update, context):
        return
    decisions = {"a": "accept", "w": "wait", "d": "decline"}
    if data is None or data.decision not in decisions:
        await query.answer(errors.button_expired(tr)[0])
        return
    try:
        await registrations.decide(
            context.db,
            registration_id=data.registration_id,
            decision=decisions[data.decision],
            now=context.now(),
        )
    except ServiceError:
        await query.answer(tr.gettext("This was decided already."), show_alert=True)
        return
    await query.answer(tr.gettext("Saved. The person is told in their language."))
    with contextlib.suppress(BadRequest):
        await query.edit_message_reply_markup(None)


async def on_manage_list(update: Update, context: BotContext) -> None:
    """/courses for coordinators: every course with seats and waiting list."""
    if not await coordinator_only(update, context):
        return
    await show(
        update,
        context,
        course_messages.coordinator_list(context.tr, await courses.overview(context.db)),
        edit=False,
    )


async def on_manage(update: Update, context: BotContext) -> None:
    """A coordinator's button: view a course, open or close registration, change seats."""
    query = update.callback_query
    if not await coordinator_only(update, context):
        return
    await answer_query(update)
    data = unpack(ManageCourse, query.data)
    now, day = context.now(), context.today()
    try:
        if data is None or data.action not in "vocpml":
            raise CourseClosed()
        if data.action == "l":
            await show(
                update,
                context,
                course_messages.coordinator_list(context.tr, await courses.overview(context.db)),
            )
            return
        if data.action in "oc":
            await courses.set_registration_open(
                context.db, data.course_id, data.action == "o", now=now, today=day
            )
        elif data.action in "pm":
            await courses.change_capacity(
                context.db, data.course_id, 1 if data.action == "p" else -1, now=now, today=day
            )
    except CourseClosed:
        await show(update, context, errors.button_expired(context.tr))
        return
    course, waiting = next(
        (c, w) for c, w in await courses.overview(context.db) if c.id == data.course_id
    )
    await show(update, context, course_messages.coordinator_course(context.tr, course, waiting))


async def on_cancel_lesson(update: Update, context: BotContext) -> None:
    """/cancellesson <course-id> <YYYY-MM-DD>: everyone registered is told at once."""
    tr = context.tr
    if not await coordinator_only(update, context):
        return
    try:
        course_id, day = context.args[0], date.fromisoformat(context.args[1])
        told = await courses.cancel_lesson(context.db, course_id, day, now=context.now())
    except (IndexError, ValueError, TypeError, CourseClosed):
        usage = tr.gettext("Use it like this: {usage}").format(
            usage="/cancellesson <course-id> 2026-12-01"
        )
        await show(update, context, (usage, None), edit=False)
        return
    text = tr.ngettext(
        "Done: {count} person is being told.", "Done: {count} people are being told.", told
    ).format(count=tr.number(told))
    await show(update, context, (text, None), edit=False)


def handlers() -> list[BaseHandler]:
    return [
        CallbackQueryHandler(on_decision, pattern=pattern(CourseDecision)),
        CallbackQueryHandler(on_manage, pattern=pattern(ManageCourse)),
        CommandHandler("courses", on_manage_list),
        CommandHandler("cancellesson", on_cancel_lesson),
    ]
