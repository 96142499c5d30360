"""The one place the app reads the wall clock; everything else takes `now` as an argument."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    """Now, timezone-aware, in UTC."""
    return datetime.now(UTC)
