"""German courses: a few questions, the courses that fit, a course page, registration, and the
coordinators' decision buttons. Answers are stored, so the next search starts from them."""

from __future__ import annotations

import contextlib
from datetime import date

from telegram import Update
from telegram.error import BadRequest
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot.handlers import deeplinks
from bot.handlers.common import answer_query, show
from bot.handlers.context import BotContext
from bot.handlers.start import ask_language_first
from bot.services import course_search, courses, flows, registrations
from bot.services.errors import CourseClosed, ServiceError
from bot.ui import courses as views
from bot.ui import errors
from bot.ui.callbacks import (
    CanDo,
    CourseAnswer,
    CourseDecision,
    ManageCourse,
    OpenCourse,
    PickTimes,
    RegisterCourse,
    ShiftWeek,
    TakeOffer,
    WithdrawRegistration,
    menu_pattern,
    pattern,
    unpack,
)

TIMES_FLOW = "course_times"
LEVEL_AFTER = {(1, 0): "a1-start", (2, 0): "a1", (3, 0): "a2", (3, 1): "b1"}
KIDS = {"none": [], "u3": [2], "k36": [4], "both": [2, 4]}


def _today(context: BotContext) -> date:
    return context.now().astimezone(context.bot_data["tz"]).date()


async def _next(update: Update, context: BotContext) -> None:
    """The next unanswered question, or the results when all are answered."""
    user_id = update.effective_user.id
    given = await course_search.answers(context.db, user_id)
    key = course_search.next_question(given)
    if key is None:
        found = await course_search.find(
            context.db, user_id, today=_today(context), now=context.now()
        )
        await show(update, context, views.results(context.tr, found))
        return
    districts = sorted(
        {c.place.get("district", "") for c in await courses.catalogue(context.db)} - {""}
    )
    await show(update, context, views.question(context.tr, key, districts=districts))


async def on_home(update: Update, context: BotContext) -> None:
    """Main menu "German courses" (also the welcome folder's shortcut)."""
    await answer_query(update)
    if not await ask_language_first(update, context):
        await _next(update, context)


async def on_answer(update: Update, context: BotContext) -> None:
    await answer_query(update)
    data = unpack(CourseAnswer, update.callback_query.data)
    user_id, now = update.effective_user.id, context.now()
    if data is None:
        await show(update, context, errors.button_expired(context.tr))
        return
    if data.key == "again":
        await course_search.forget_answers(context.db, user_id, now=now)
    elif data.key == "watch":
        await course_search.watch(context.db, user_id, now=now)
        await show(update, context, views.watching(context.tr))
        return
    else:
        stored = _answer_value(data.key, data.value)
        if stored is None:
            await show(update, context, errors.button_expired(context.tr))
            return
        await course_search.answer(context.db, user_id, stored[0], stored[1], now=now)
    await _next(update, context)


def _answer_value(key: str, value: str) -> tuple[str, object] | None:
    """(answer key, stored value) for a button; None for a forged one. "-" means skipped."""
    skipped = value == "-"
    if key in ("rl", "ro", "women") and value in ("y", "n", "-"):
        name = {"rl": "reads_latin", "ro": "reads_own_script", "women": "women_only"}[key]
        return name, None if skipped else value == "y"
    if key == "kids" and (value in KIDS or skipped):
        return "child_ages", None if skipped else KIDS[value]
    if key == "where":
        return "district", None if skipped or value == "*" else value[:40]
    if key == "ic" and value in ("no", "morning", "afternoon", "evening", "-"):
        return "integration_parts", [] if skipped or value == "no" else [value]
    return None


async def on_can_do(update: Update, context: BotContext) -> None:
    """The German level from two or three can-do questions."""
    await answer_query(update)
    data = unpack(CanDo, update.callback_query.data)
    if data is None or data.step not in (1, 2, 3):
        await show(update, context, errors.button_expired(context.tr))
        return
    if data.yes == 1 and data.step < 3:
        await show(update, context, views.can_do(context.tr, data.step + 1))
        return
    level = None if data.yes == 9 else LEVEL_AFTER[(data.step, data.yes)]
    await course_search.answer(
        context.db, update.effective_user.id, "level", level, now=context.now()
    )
    await _next(update, context)


async def on_times(update: Update, context: BotContext) -> None:
    """The weekly grid: toggles are kept in the flow state until "Done"."""
    await answer_query(update)
    data = unpack(PickTimes, update.callback_query.data)
    user_id, now = update.effective_user.id, context.now()
    state = await flows.current(context.db, user_id, now=now)
    picked = set(state.data.get("picked", [])) if state and state.flow == TIMES_FLOW else set()
    if data is None:
        await show(update, context, errors.button_expired(context.tr))
        return
    if data.code in ("morning", "afternoon", "evening", "weekend"):
        picked ^= {data.code}
        await flows.put(
            context.db,
            user_id,
            flow=TIMES_FLOW,
            step="grid",
            data={"picked": sorted(picked)},
            now=now,
        )
        await show(update, context, views.times(context.tr, picked))
        return
    shift = {"alt": "alternating", "irr": "irregular"}.get(data.code)
    await course_search.answer(context.db, user_id, "shift", shift, now=now)
    parts = sorted(picked) if data.code == "done" and picked else None
    await course_search.answer(context.db, user_id, "parts", parts, now=now)
    await flows.finish(context.db, user_id, flow=TIMES_FLOW)
    await _next(update, context)


async def on_open_course(update: Update, context: BotContext) -> None:
    await answer_query(update)
    data = unpack(OpenCourse, update.callback_query.data)
    course = await courses.get_course(context.db, data.course_id) if data else None
    await show(
        update,
        context,
        views.course_page(context.tr, course) if course else errors.button_expired(context.tr),
    )


async def open_course_link(update: Update, context: BotContext, course_id: str) -> bool:
    """Deep link `?start=c_<course-id>` (a poster's QR code)."""
    course = await courses.get_course(context.db, course_id)
    if course is None:
        return False
    await show(update, context, views.course_page(context.tr, course), edit=False)
    return True


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


async def on_decision(update: Update, context: BotContext) -> None:
    """Coordinators: Accept / Waiting list / Decline under a registration notice."""
    query = update.callback_query
    data = unpack(CourseDecision, query.data)
    tr = context.tr
    if not context.settings.is_coordinator(update.effective_user.id):
        await query.answer(tr.gettext("Only coordinators can do this."), show_alert=True)
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


def handlers() -> list[BaseHandler]:
    deeplinks.register("c", open_course_link)
    return [
        CallbackQueryHandler(on_home, pattern=menu_pattern("courses")),
        CallbackQueryHandler(on_my_registrations, pattern=menu_pattern("registrations")),
        CallbackQueryHandler(on_answer, pattern=pattern(CourseAnswer)),
        CallbackQueryHandler(on_can_do, pattern=pattern(CanDo)),
        CallbackQueryHandler(on_times, pattern=pattern(PickTimes)),
        CallbackQueryHandler(on_open_course, pattern=pattern(OpenCourse)),
        CallbackQueryHandler(on_register, pattern=pattern(RegisterCourse)),
        CallbackQueryHandler(on_withdraw, pattern=pattern(WithdrawRegistration)),
        CallbackQueryHandler(on_take_offer, pattern=pattern(TakeOffer)),
        CallbackQueryHandler(on_decision, pattern=pattern(CourseDecision)),
        CallbackQueryHandler(on_manage, pattern=pattern(ManageCourse)),
        CallbackQueryHandler(on_shift_week, pattern=pattern(ShiftWeek)),
        CommandHandler("courses", on_manage_list),
        CommandHandler("cancellesson", on_cancel_lesson),
    ]


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
    await show(update, context, views.go_to_group(context.tr, group))


# -- coordinators -------------------------------------------------------------------------------
async def on_manage_list(update: Update, context: BotContext) -> None:
    """/courses for coordinators: every course with seats and waiting list."""
    if not context.settings.is_coordinator(update.effective_user.id):
        await show(
            update,
            context,
            (context.tr.gettext("Only coordinators can do this."), None),
            edit=False,
        )
        return
    await show(
        update,
        context,
        views.coordinator_list(context.tr, await courses.overview(context.db)),
        edit=False,
    )


async def on_manage(update: Update, context: BotContext) -> None:
    """A coordinator's button: view a course, open or close registration, change seats."""
    query = update.callback_query
    if not context.settings.is_coordinator(update.effective_user.id):
        await query.answer(context.tr.gettext("Only coordinators can do this."), show_alert=True)
        return
    await answer_query(update)
    data = unpack(ManageCourse, query.data)
    now, today = context.now(), _today(context)
    try:
        if data is None or data.action not in "vocpml":
            raise CourseClosed()
        if data.action == "l":
            await show(
                update,
                context,
                views.coordinator_list(context.tr, await courses.overview(context.db)),
            )
            return
        if data.action in "oc":
            await courses.set_registration_open(
                context.db, data.course_id, data.action == "o", now=now, today=today
            )
        elif data.action in "pm":
            await courses.change_capacity(
                context.db, data.course_id, 1 if data.action == "p" else -1, now=now, today=today
            )
    except CourseClosed:
        await show(update, context, errors.button_expired(context.tr))
        return
    course, waiting = next(
        (c, w) for c, w in await courses.overview(context.db) if c.id == data.course_id
    )
    await show(update, context, views.coordinator_course(context.tr, course, waiting))


async def on_cancel_lesson(update: Update, context: BotContext) -> None:
    """/cancellesson <course-id> <YYYY-MM-DD>: everyone registered is told at once."""
    tr = context.tr
    if not context.settings.is_coordinator(update.effective_user.id):
        await show(
            update, context, (tr.gettext("Only coordinators can do this."), None), edit=False
        )
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
