"""The one place the app reads the wall clock; everything else takes `now` as an argument."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    """Now, timezone-aware, in UTC."""
    return datetime.now(UTC)


def wall_clock(clock: Clock) -> Clock:
    """`clock` without the playground's shift: for operators' log lines, and safe to read while Redis is
    away (a ShiftedClock re-reads its offset from Redis)."""
    return clock.base if isinstance(clock, ShiftedClock) else clock


class ShiftedClock:
    """A clock running ahead of `base` by `offset()` seconds: the playground's time control, shared by its
    web, worker and scheduler processes through Redis. The offset is read again at most once a second."""

    REREAD_SECONDS = 1.0

    def __init__(self, base: Clock, offset: Callable[[], float]) -> None:
        self.base = base
        self._offset = offset
        self._seconds = 0.0
        self._read_at: float | None = None

    def refresh(self) -> None:
        """Read the offset now (the process that changed it sees the change at once)."""
        self._seconds = self._offset()
        self._read_at = time.monotonic()

    def __call__(self) -> datetime:
        if self._read_at is None or time.monotonic() - self._read_at > self.REREAD_SECONDS:
            self.refresh()
        return self.base() + timedelta(seconds=self._seconds)
