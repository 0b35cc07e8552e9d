"""Renderers for what the outbox sends: each builds its message from the database as it is
at sending time, in the recipient's language, or returns None when it is no longer useful."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncEngine

from bot import outbox
from bot.i18n import translator
from bot.outbox import Outgoing
from bot.services import accounts, booking, broadcasts, course_search, courses, registrations, staff
from bot.storage.outbox import OutboxRow
from bot.ui import broadcasts as broadcast_views
from bot.ui import course_messages
from bot.ui import my_appointments as appointment_views
from bot.ui import staff as staff_views
from bot.ui import subscriptions as subscription_views

STAFF_LANGUAGE = "de"  # the offices' teams work in German


def install(tz: ZoneInfo) -> None:
    """Register the renderers of the appointment notices."""

    async def reminder(db: AsyncEngine, row: OutboxRow, now: datetime) -> Outgoing | None:
        found = await booking.get_booking(db, row.payload["booking_id"])
        if found is None or found[0].state != "confirmed" or found[0].starts_at <= now:
            return None  # cancelled, moved or passed: a reminder would only confuse
        text, keyboard = appointment_views.reminder(translator(found[0].language), *found, tz)
        return Outgoing(text, keyboard)

    async def staff_notice(db: AsyncEngine, row: OutboxRow, now: datetime) -> Outgoing | None:
        found = await booking.get_booking(db, row.payload["booking_id"])
        if found is None:
            return None
        text, keyboard = staff_views.notice(
            translator(STAFF_LANGUAGE), *found, row.payload["event"], tz
        )
        return Outgoing(text, keyboard)

    async def office_closed(db: AsyncEngine, row: OutboxRow, now: datetime) -> Outgoing | None:
        found = await booking.get_booking(db, row.payload["booking_id"])
        if found is None:
            return None
        cancelled, office = found
        free = (await booking.free_slots(db, office.id, now=now, tz=tz))[:3]
        text, keyboard = appointment_views.office_closed(
            translator(cancelled.language), cancelled, office, free, tz
        )
        return Outgoing(text, keyboard)

    async def agenda(db: AsyncEngine, row: OutboxRow, now: datetime) -> Outgoing | None:
        found = await staff.agenda(
            db, row.payload["office_id"], date.fromisoformat(row.payload["day"]), tz=tz
        )
        if found is None:
            return None
        text, keyboard = staff_views.agenda(
            translator(STAFF_LANGUAGE),
            found[0],
            date.fromisoformat(row.payload["day"]),
            found[1],
            tz,
        )
        return Outgoing(text, keyboard)

    async def course_registration(
        db: AsyncEngine, row: OutboxRow, now: datetime
    ) -> Outgoing | None:
        found = await registrations.get_registration(db, row.payload["registration_id"])
        if found is None or found[0].state not in ("pending", "waiting"):
            return None  # decided or withdrawn meanwhile
        return Outgoing(*course_messages.coordinator_notice(translator(STAFF_LANGUAGE), *found))

    async def registration_outcome(
        db: AsyncEngine, row: OutboxRow, now: datetime
    ) -> Outgoing | None:
        found = await registrations.get_registration(db, row.payload["registration_id"])
        if found is None or found[0].state not in ("accepted", "waiting", "declined"):
            return None
        return Outgoing(*course_messages.outcome(translator(found[0].language), *found))

    async def registration_offer(db: AsyncEngine, row: OutboxRow, now: datetime) -> Outgoing | None:
        found = await registrations.get_registration(db, row.payload["registration_id"])
        if found is None or found[0].state != "offered":
            return None  # taken, withdrawn or lapsed meanwhile
        return Outgoing(*course_messages.offer(translator(found[0].language), *found))

    async def course_opened(db: AsyncEngine, row: OutboxRow, now: datetime) -> Outgoing | None:
        course = await courses.get_course(db, row.payload["course_id"])
        user = await accounts.find(db, row.chat_id)
        if course is None or user is None or not course.registration_open:
            return None
        return Outgoing(*course_messages.course_opened(translator(user.language), course))

    async def lesson_cancelled(db: AsyncEngine, row: OutboxRow, now: datetime) -> Outgoing | None:
        course = await courses.get_course(db, row.payload["course_id"])
        user = await accounts.find(db, row.chat_id)
        if course is None or user is None:
            return None
        day = date.fromisoformat(row.payload["day"])
        return Outgoing(*course_messages.lesson_cancelled(translator(user.language), course, day))

    async def shift_question(db: AsyncEngine, row: OutboxRow, now: datetime) -> Outgoing | None:
        found = await registrations.get_registration(db, row.payload["registration_id"])
        if found is None or found[0].state not in ("pending", "accepted"):
            return None
        return Outgoing(*course_messages.shift_question(translator(found[0].language), *found))

    async def course_start(db: AsyncEngine, row: OutboxRow, now: datetime) -> Outgoing | None:
        found = await registrations.get_registration(db, row.payload["registration_id"])
        if found is None or found[0].state != "accepted":
            return None
        return Outgoing(*course_messages.start_reminder(translator(found[0].language), *found))

    async def demand_report(db: AsyncEngine, row: OutboxRow, now: datetime) -> Outgoing | None:
        needs = await course_search.demand_report(db, now=now)
        return Outgoing(*course_messages.demand_report(translator(STAFF_LANGUAGE), needs))

    async def broadcast(db: AsyncEngine, row: OutboxRow, now: datetime) -> Outgoing | None:
        found = await broadcasts.get(db, row.payload["broadcast_id"])
        if found is None or found.state == "cancelled":
            return None
        language = row.payload.get("language", "de")
        text, keyboard = subscription_views.message(
            translator(language),
            found.texts,
            broadcasts.stop_key(found.topic, found.course_id, found.course_audience),
            found.link,
        )
        media = (
            (found.attachment["kind"], found.attachment["file_id"]) if found.attachment else None
        )
        return Outgoing(text, keyboard, media=media)

    async def broadcast_report(db: AsyncEngine, row: OutboxRow, now: datetime) -> Outgoing | None:
        coordinator = await accounts.find(db, row.chat_id)
        result = await broadcasts.report(db, row.payload["broadcast_id"])
        tr = translator(coordinator.language if coordinator else STAFF_LANGUAGE)
        return Outgoing(*broadcast_views.report(tr, row.payload["broadcast_id"], result))

    async def broadcast_progress(db: AsyncEngine, row: OutboxRow, now: datetime) -> Outgoing | None:
        found = await broadcasts.get(db, row.payload["broadcast_id"])
        if found is None:
            return None
        coordinator = await accounts.find(db, row.chat_id)
        tr = translator(coordinator.language if coordinator else STAFF_LANGUAGE)
        result = await broadcasts.report(db, found.id)
        text, keyboard = broadcast_views.progress(tr, found, result, tz)
        return Outgoing(text, keyboard, edit_message_id=row.payload["message_id"])

    outbox.register("broadcast", broadcast)
    outbox.register("broadcast_progress", broadcast_progress)
    outbox.register("broadcast_report", broadcast_report)

    async def lesson_reminder(db: AsyncEngine, row: OutboxRow, now: datetime) -> Outgoing | None:
        found = await registrations.get_registration(db, row.payload["registration_id"])
        if found is None or found[0].state != "accepted" or not found[0].lesson_reminders:
            return None  # withdrawn, or no longer wanted
        day = date.fromisoformat(row.payload["day"])
        if not await courses.lesson_takes_place(db, found[0].course_id, day):
            return None  # cancelled after the reminder was planned; that notice went out
        return Outgoing(
            *course_messages.lesson_reminder(translator(found[0].language), *found, day)
        )

    outbox.register("lesson_reminder", lesson_reminder)
    outbox.register("shift_question", shift_question)
    outbox.register("course_start", course_start)
    outbox.register("demand_report", demand_report)
    outbox.register("course_opened", course_opened)
    outbox.register("lesson_cancelled", lesson_cancelled)
    outbox.register("course_registration", course_registration)
    outbox.register("registration_outcome", registration_outcome)
    outbox.register("registration_offer", registration_offer)
    outbox.register("reminder", reminder)
    outbox.register("staff_notice", staff_notice)
    outbox.register("office_closed", office_closed)
    outbox.register("agenda", agenda)
