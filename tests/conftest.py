"""Fixtures: a real Application on a fresh SQLite file, talking to the fake Bot API."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from telegram.ext import Application

from bot.app import build_application
from bot.config import Settings
from bot.testing.chat import Conversation
from bot.testing.fake_api import FakeBotApi, FakeTelegram


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 11, 25, 9, 0, tzinfo=UTC))


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        _env_file=None,
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'lotse.db'}",
        telegram_bot_token="123:TEST",
    )


@pytest.fixture
def telegram() -> FakeTelegram:
    return FakeTelegram()


@pytest.fixture
async def app(
    settings: Settings, telegram: FakeTelegram, clock: Clock
) -> AsyncIterator[Application]:
    application = build_application(
        settings, request=FakeBotApi(telegram), clock=clock, rate_limit=False
    )
    await application.initialize()
    await application.post_init(application)
    yield application
    await application.shutdown()
    await application.post_shutdown(application)


@pytest.fixture
def chat(app: Application, telegram: FakeTelegram) -> Callable[..., Conversation]:
    """`chat(user_id=…, language_code=…)` opens a conversation as that user."""

    def open_chat(user_id: int = 1001, language_code: str | None = "en") -> Conversation:
        return Conversation(app, telegram, user_id, language_code=language_code)

    return open_chat


@pytest.fixture(scope="session")
def postgres_cluster():
    from tests.postgres import Cluster

    cluster = Cluster()
    yield cluster
    cluster.stop()
