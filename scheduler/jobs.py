"""The periodic jobs, on APScheduler. Jobs call services (or the outbox sender), never SQL.

Every job is safe to run on several instances at once: the sender claims rows under a lease,
the hold sweep and retention are conditional updates, agendas are deduplicated by key.
"""

from __future__ import annotations

import logging

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from telegram.ext import Application

from bot.services import booking, broadcasts, courses, registrations, staff

log = logging.getLogger(__name__)


def start(application: Application) -> AsyncIOScheduler:
    data = application.bot_data
    db, clock, tz, sender = data["db"], data["clock"], data["tz"], data["outbox"]

    async def send_outbox() -> None:
        outcome = await sender.run_once()
        if outcome.sent or outcome.dead or outcome.retried:
            log.info(
                "outbox: %s sent, %s skipped, %s retried, %s dead",
                outcome.sent, outcome.skipped, outcome.retried, outcome.dead,
            )  # fmt: skip

    async def sweep_holds() -> None:
        await booking.release_expired_holds(db, now=clock())

    async def follow_broadcasts() -> None:
        await broadcasts.follow(db, now=clock())

    async def pass_on_offers() -> None:
        await registrations.pass_on_expired_offers(db, now=clock())

    async def plan_lessons() -> None:
        await registrations.plan_lesson_reminders(db, now=clock(), tz=tz)

    async def plan_weekly() -> None:
        settings = data["settings"]
        await courses.plan_weekly(
            db, now=clock(), tz=tz, coordinators_chat=settings.coordinators_chat_id
        )

    async def plan_agendas() -> None:
        await staff.plan_agendas(db, now=clock(), tz=tz)

    async def retention() -> None:
        erased = await staff.erase_old_personal_data(db, now=clock())
        log.info("retention: personal data of %s past appointments erased", erased)

    scheduler = AsyncIOScheduler(timezone=tz)
    common = {"max_instances": 1, "coalesce": True, "misfire_grace_time": 60}
    scheduler.add_job(send_outbox, "interval", seconds=2, id="outbox", **common)
    scheduler.add_job(sweep_holds, "interval", minutes=1, id="holds", **common)
    scheduler.add_job(follow_broadcasts, "interval", seconds=10, id="broadcasts", **common)
    scheduler.add_job(pass_on_offers, "interval", minutes=5, id="offers", **common)
    scheduler.add_job(plan_lessons, "cron", hour=12, minute=0, id="lessons", **common)
    scheduler.add_job(plan_weekly, "cron", day_of_week="sun", hour=16, id="weekly", **common)
    scheduler.add_job(plan_agendas, "cron", hour=6, minute=0, id="agendas", **common)
    scheduler.add_job(retention, "cron", hour=3, minute=15, id="retention", **common)
    scheduler.start()
    return scheduler
