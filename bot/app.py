"""build_application(settings) -> telegram.ext.Application, with everything wired."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncEngine
from telegram import Bot
from telegram.constants import ParseMode
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder, ContextTypes, Defaults
from telegram.request import BaseRequest, HTTPXRequest

from bot import notices
from bot.concurrency import PerUserUpdateProcessor
from bot.config import Settings
from bot.handlers import (
    booking,
    broadcasts,
    course_admin,
    course_registration,
    courses,
    errors,
    fallback,
    folder,
    my_appointments,
    privacy,
    profile,
    roles,
    staff,
    start,
    stats,
    subscriptions,
    typed,
    users,
)
from bot.handlers.context import BotContext
from bot.outbox import OutboxSender
from bot.services import courses as course_catalogue
from bot.services import offices
from bot.services.content import load_folder
from bot.services.search import SearchIndex
from bot.storage.db import create_engine, migrate
from scheduler import jobs

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


def build_application(
    settings: Settings,
    *,
    request: BaseRequest | None = None,
    clock: Clock = utc_now,
    engine: AsyncEngine | None = None,
    rate_limit: bool = True,
    run_jobs: bool = False,
) -> Application:
    """The bot, ready for `run_polling`, `run_webhook` or `process_update` in tests.

    `request` replaces the HTTP client (the fake Bot API in tests and the console);
    `run_jobs` starts the scheduler (outbox sender, hold sweep, agendas, retention) on start,
    which tests leave off to drive the sender themselves."""
    token = settings.telegram_bot_token.get_secret_value() if settings.telegram_bot_token else ""
    api_url = settings.telegram_api_url.rstrip("/")
    builder = (
        ApplicationBuilder()
        .token(token or "0:console")
        .base_url(f"{api_url}/bot")
        .base_file_url(f"{api_url}/file/bot")
        .context_types(ContextTypes(context=BotContext))
        .concurrent_updates(PerUserUpdateProcessor(64))
        .defaults(Defaults(parse_mode=ParseMode.HTML, disable_notification=False))
        .post_init(prepare)
        .post_shutdown(_close)
    )
    if rate_limit:
        builder = builder.rate_limiter(AIORateLimiter(max_retries=2))
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    application = builder.build()
    welcome_folder = load_folder(settings.content_dir / "folder")
    db = engine or create_engine(settings.database_url)
    # The outbox sends through its own Bot without the reply rate limiter: its own limiter
    # paces reminders and broadcasts, so they never queue in front of direct replies.
    outbox_bot = Bot(
        token or "0:console",
        base_url=f"{api_url}/bot",
        base_file_url=f"{api_url}/file/bot",
        request=request or HTTPXRequest(connection_pool_size=8),
    )
    application.bot_data.update(
        settings=settings,
        clock=clock,
        tz=ZoneInfo(settings.timezone),
        db=db,
        folder=welcome_folder,
        search=SearchIndex(welcome_folder),
        outbox=OutboxSender(db, outbox_bot, clock=clock),
        run_jobs=run_jobs,
    )
    notices.install(application.bot_data["tz"])
    _wire(application)
    return application


def _wire(application: Application) -> None:
    """Handlers in one visible order: user loading first, features, catch-alls last."""
    application.add_handlers(users.handlers(), group=-1)
    application.add_handlers(start.handlers())
    application.add_handlers(privacy.handlers())
    application.add_handlers(folder.handlers())
    application.add_handlers(booking.handlers())
    application.add_handlers(my_appointments.handlers())
    application.add_handlers(courses.handlers())
    application.add_handlers(course_registration.handlers())
    application.add_handlers(course_admin.handlers())
    application.add_handlers(staff.handlers())
    application.add_handlers(roles.handlers())
    application.add_handlers(subscriptions.handlers())
    application.add_handlers(broadcasts.handlers())
    application.add_handlers(stats.handlers())
    application.add_handlers(typed.handlers())
    application.add_handler(start.menu_handler())
    application.add_handlers(fallback.handlers())
    application.add_error_handler(errors.on_error)


async def prepare(application: Application) -> None:
    """On start: migrate the schema, seed the offices, publish the command menu and
    descriptions, and start the outbox bot."""
    settings: Settings = application.bot_data["settings"]
    await migrate(application.bot_data["db"])
    await offices.seed(
        application.bot_data["db"],
        settings.content_dir / "offices.yaml",
        tz=ZoneInfo(settings.timezone),
    )
    await course_catalogue.seed(application.bot_data["db"], settings.content_dir / "courses.yaml")
    await profile.publish(application.bot)
    await application.bot_data["outbox"].bot.initialize()
    if application.bot_data["run_jobs"]:
        application.bot_data["scheduler"] = jobs.start(application)


async def _close(application: Application) -> None:
    if scheduler := application.bot_data.get("scheduler"):
        scheduler.shutdown(wait=False)
    await application.bot_data["outbox"].bot.shutdown()
    await application.bot_data["db"].dispose()
