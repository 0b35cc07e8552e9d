"""Updates of different users run in parallel, updates of one user strictly in order."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor


def update_key(update: object) -> int | None:
    """Whose turn an update belongs to: the chat (a group is one queue) or else the user."""
    if isinstance(update, Update):
        if update.effective_chat:
            return update.effective_chat.id
        if update.effective_user:
            return update.effective_user.id
    return None


class PerUserUpdateProcessor(BaseUpdateProcessor):
    """One FIFO lock per chat: the same person's taps never overtake each other, while
    `max_concurrent_updates` different people are served at once."""

    def __init__(self, max_concurrent_updates: int = 64) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[int, asyncio.Lock] = {}
        self._waiting: dict[int, int] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = update_key(update)
        if key is None:
            await coroutine
            return
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._waiting[key] = self._waiting.get(key, 0) + 1
        try:
            async with lock:
                await coroutine
        finally:
            self._waiting[key] -= 1
            if not self._waiting[key]:  # nobody queued behind: forget the lock
                del self._waiting[key]
                del self._locks[key]

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None
