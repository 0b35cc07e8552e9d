"""Telegram's sending limits for messages the bot sends on its own.

About 30 messages a second per bot (we keep to 25, leaving room for direct replies), one a
second per private chat, 20 a minute per group; a 429 pauses everything for `retry_after`.
"""

from __future__ import annotations

import time
from collections.abc import Callable

GLOBAL_PER_SECOND = 25.0
CHAT_INTERVAL = 1.0
GROUP_INTERVAL = 60.0 / 20


class RateLimiter:
    """Spacing by timestamps: `ready_at(chat)` says when a message to that chat may go."""

    def __init__(
        self,
        *,
        per_second: float = GLOBAL_PER_SECOND,
        chat_interval: float = CHAT_INTERVAL,
        group_interval: float = GROUP_INTERVAL,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.spacing = 1.0 / per_second
        self.chat_interval, self.group_interval = chat_interval, group_interval
        self.clock = clock
        self._next_any = 0.0
        self._next_chat: dict[int, float] = {}
        self._paused_until = 0.0

    def ready_at(self, chat_id: int) -> float:
        return max(self._next_any, self._paused_until, self._next_chat.get(chat_id, 0.0))

    def record(self, chat_id: int) -> None:
        """A message to `chat_id` is being sent now."""
        now = self.clock()
        self._next_any = max(self._next_any, now) + self.spacing
        interval = self.group_interval if chat_id < 0 else self.chat_interval
        self._next_chat[chat_id] = now + interval
        if len(self._next_chat) > 10_000:  # forget chats whose spacing has long passed
            self._next_chat = {c: t for c, t in self._next_chat.items() if t > now}

    def pause(self, seconds: float) -> None:
        """Telegram said 429: nothing goes out until `seconds` have passed."""
        self._paused_until = max(self._paused_until, self.clock() + seconds)
