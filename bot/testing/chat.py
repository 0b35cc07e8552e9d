"""Drive the real Application as one person would: type, tap buttons, read the screen."""

from __future__ import annotations

import copy
from typing import Any

from telegram import Update
from telegram.ext import Application

from bot.testing.fake_api import FakeTelegram, Sent


class Conversation:
    """One user's private chat with the bot, through the fake Bot API."""

    def __init__(
        self,
        app: Application,
        telegram: FakeTelegram,
        user_id: int = 1001,
        *,
        language_code: str | None = "en",
        first_name: str = "Amina",
    ) -> None:
        self.app, self.telegram = app, telegram
        self.user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
        if language_code:
            self.user["language_code"] = language_code

    @property
    def chat_id(self) -> int:
        return self.user["id"]

    async def send(self, text: str) -> list[Sent]:
        """Type a message (or a /command) and get what the bot showed in answer."""
        return await self._feed(self.telegram.message_update(self.user, text))

    async def send_other(self, **content: Any) -> list[Sent]:
        """Send a sticker, photo, voice note…: e.g. `sticker={...}`."""
        return await self._feed(self.telegram.message_update(self.user, None, **content))

    async def press(self, label: str | int) -> list[Sent]:
        """Tap a button of the newest keyboard, by (part of) its text or by its number."""
        message = self.keyboard_message()
        buttons = [b for row in message["reply_markup"]["inline_keyboard"] for b in row]
        if isinstance(label, int):
            chosen = buttons[label]
        else:
            matches = [b for b in buttons if label in b["text"]]
            if len(matches) != 1:
                texts = [b["text"] for b in buttons]
                raise LookupError(f"{len(matches)} buttons match {label!r}: {texts}")
            chosen = matches[0]
        if "callback_data" not in chosen:
            raise LookupError(f"button {chosen['text']!r} opens {chosen.get('url')}")
        return await self.press_data(chosen["callback_data"], message)

    async def press_data(self, data: str, message: dict[str, Any] | None = None) -> list[Sent]:
        """Send a button press with any data (old, or forged)."""
        message = copy.deepcopy(message or self.keyboard_message())
        return await self._feed(self.telegram.callback_update(self.user, message, data))

    def keyboard_message(self) -> dict[str, Any]:
        """The newest message in this chat that carries inline buttons."""
        with self.telegram.lock:
            own = [
                m
                for (chat, _), m in self.telegram.messages.items()
                if chat == self.chat_id and m.get("reply_markup") and not m.get("deleted")
            ]
        if not own:
            raise LookupError("no message with buttons in this chat")
        return max(own, key=lambda m: m["message_id"])

    def buttons(self) -> list[str]:
        message = self.keyboard_message()
        return [b["text"] for row in message["reply_markup"]["inline_keyboard"] for b in row]

    async def _feed(self, raw: dict[str, Any]) -> list[Sent]:
        before = len(self.telegram.sent)
        await self.app.process_update(Update.de_json(raw, self.app.bot))
        with self.telegram.lock:
            return [s for s in self.telegram.sent[before:] if s.chat_id == self.chat_id]
