"""German courses: a few questions, the courses that fit, a course page, registration, and the
coordinators' decision buttons. Answers are stored, so the next search starts from them."""

from __future__ import annotations

from telegram import ReplyKeyboardRemove, Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot.handlers import deeplinks
from bot.handlers.common import answer_query, show
from bot.handlers.context import BotContext
from bot.handlers.start import ask_language_first
from bot.handlers.typed import expect_location, expect_text
from bot.services import course_search, courses, flows
from bot.storage.flows import FlowState
from bot.ui import course_questions, errors
from bot.ui import courses as views
from bot.ui.callbacks import (
    CanDo,
    CourseAnswer,
    CourseMap,
    OpenCourse,
    PickTimes,
    menu_pattern,
    pattern,
    unpack,
)

TIMES_FLOW = "course_times"


LEVEL_AFTER = {(1, 0): "a1-start", (2, 0): "a1", (3, 0): "a2", (3, 1): "b1"}


KIDS = {"none": [], "u3": [1], "k36": [4], "both": [1, 4]}  # an age each group surely covers


async def _next(update: Update, context: BotContext, *, earlier: bool = False) -> None:
    """The next unanswered question, or the results when all are answered."""
    user_id = update.effective_user.id
    given = await course_search.answers(context.db, user_id)
    key = course_search.next_question(given)
    if key is None:
        found = await course_search.find(
            context.db, user_id, today=context.today(), now=context.now()
        )
        await show(update, context, views.results(context.tr, found, earlier=earlier))
        return
    districts = sorted(
        {c.place.get("district", "") for c in await courses.catalogue(context.db)} - {""}
    )
    await show(update, context, course_questions.question(context.tr, key, districts=districts))


async def on_home(update: Update, context: BotContext) -> None:
    """Main menu "German courses" (also the welcome folder's shortcut)."""
    await answer_query(update)
    if not await ask_language_first(update, context):
        await _next(update, context, earlier=True)


async def on_answer(update: Update, context: BotContext) -> None:
    await answer_query(update)
    data = unpack(CourseAnswer, update.callback_query.data)
    user_id, now = update.effective_user.id, context.now()
    if data is None:
        await show(update, context, errors.button_expired(context.tr))
        return
    if data.key == "where" and data.value == "@":
        await _ask_location(update, context)
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


WHERE_FLOW = "course_where"


async def _ask_location(update: Update, context: BotContext) -> None:
    await flows.put(
        context.db,
        update.effective_user.id,
        flow=WHERE_FLOW,
        step="location",
        data={},
        now=context.now(),
    )
    text, keyboard = course_questions.ask_location(context.tr)
    await context.bot.send_message(update.effective_chat.id, text, reply_markup=keyboard)


async def on_location(update: Update, context: BotContext, state: FlowState) -> None:
    """The shared place, kept roughly; then "how far is fine"."""
    where = update.effective_message.location
    await flows.finish(context.db, update.effective_user.id, flow=WHERE_FLOW)
    await course_search.answer_location(
        context.db, update.effective_user.id, where.latitude, where.longitude, now=context.now()
    )
    await context.bot.send_message(
        update.effective_chat.id,
        context.tr.gettext("Thank you."),
        reply_markup=ReplyKeyboardRemove(),
    )
    await _next(update, context)


async def on_no_location(update: Update, context: BotContext, state: FlowState) -> None:
    """ "Not now" instead of the location: back to the list of parts of town."""
    await flows.finish(context.db, update.effective_user.id, flow=WHERE_FLOW)
    await context.bot.send_message(
        update.effective_chat.id,
        context.tr.gettext("All right."),
        reply_markup=ReplyKeyboardRemove(),
    )
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
    if key == "far" and value in ("1", "3", "5", "any", "-"):
        return "max_km", None if value in ("any", "-") else float(value)
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
        await show(update, context, course_questions.can_do(context.tr, data.step + 1))
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
        await show(update, context, course_questions.times(context.tr, picked))
        return
    shift = {"alt": "alternating", "irr": "irregular"}.get(data.code)
    await course_search.answer(context.db, user_id, "shift", shift, now=now)
    parts = sorted(picked) if data.code != "-" and picked else None  # ticks stay with a shift
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


async def on_course_map(update: Update, context: BotContext) -> None:
    """ "📍 Map" on a course page: the place as a location message."""
    await answer_query(update)
    data = unpack(CourseMap, update.callback_query.data)
    course = await courses.get_course(context.db, data.course_id) if data else None
    if course is None or course.place.get("lat") is None:
        await show(update, context, errors.button_expired(context.tr))
        return
    place = course.place
    await context.bot.send_venue(
        update.effective_chat.id,
        latitude=place["lat"],
        longitude=place["lon"],
        title=place["name"],
        address=f"{place['street']}, {place['postcode']} {place['city']}",
    )


async def open_course_link(update: Update, context: BotContext, course_id: str) -> bool:
    """Deep link `?start=c_<course-id>` (a poster's QR code)."""
    course = await courses.get_course(context.db, course_id)
    if course is None:
        return False
    await show(update, context, views.course_page(context.tr, course), edit=False)
    return True


def handlers() -> list[BaseHandler]:
    deeplinks.register("c", open_course_link)
    expect_location(WHERE_FLOW, "location", on_location)
    expect_text(WHERE_FLOW, "location", on_no_location)
    return [
        CallbackQueryHandler(on_home, pattern=menu_pattern("courses")),
        CallbackQueryHandler(on_answer, pattern=pattern(CourseAnswer)),
        CallbackQueryHandler(on_can_do, pattern=pattern(CanDo)),
        CallbackQueryHandler(on_times, pattern=pattern(PickTimes)),
        CallbackQueryHandler(on_open_course, pattern=pattern(OpenCourse)),
        CallbackQueryHandler(on_course_map, pattern=pattern(CourseMap)),
    ]
