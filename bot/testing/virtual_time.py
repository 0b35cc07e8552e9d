"""A clock for tests and benchmarks that moves only when someone sleeps: the outbox's pace
(rate limits, 429 pauses, leases) is measured without waiting for it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


class VirtualTime:
    """Wall clock (`utc`) and monotonic clock (`mono`) that advance only through `sleep`."""

    def __init__(self, start: datetime = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)) -> None:
        self.seconds = 0.0
        self.start = start

    def utc(self) -> datetime:
        return self.start + timedelta(seconds=self.seconds)

    def mono(self) -> float:
        return self.seconds

    async def sleep(self, seconds: float) -> None:
        self.seconds += max(seconds, 0)
