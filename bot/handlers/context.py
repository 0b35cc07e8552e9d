"""The context every handler gets: the database, the clock, the user and their translator."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine
from telegram import Update
from telegram.ext import Application, CallbackContext, ExtBot

from bot.config import Settings
from bot.i18n import Translator, propose_language, translator
from bot.storage.users import User


class BotContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """`load_user` (handler group -1) fills `user` and `tr` before any other handler runs."""

    user: User | None = None
    _tr: Translator | None = None

    @property
    def db(self) -> AsyncEngine:
        return self.bot_data["db"]

    @property
    def settings(self) -> Settings:
        return self.bot_data["settings"]

    def now(self) -> datetime:
        clock: Callable[[], datetime] = self.bot_data["clock"]
        return clock()

    def today(self) -> date:
        """The date in Rheine now."""
        return self.now().astimezone(self.bot_data["tz"]).date()

    @property
    def tr(self) -> Translator:
        if self._tr is None:
            return translator(propose_language(None))
        return self._tr

    @tr.setter
    def tr(self, value: Translator) -> None:
        self._tr = value

    @classmethod
    def from_update(cls, update: object, application: Application) -> BotContext:  # type: ignore[override]
        context = super().from_update(update, application)
        if isinstance(update, Update) and update.effective_user:
            # Until the user is loaded, speak the language Telegram reports.
            context._tr = translator(propose_language(update.effective_user.language_code))
        return context  # type: ignore[return-value]
