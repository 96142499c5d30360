"""Epoch milliseconds: how due times are stored and compared (sorted-set scores, break ids)."""

from __future__ import annotations

from datetime import UTC, datetime


def to_ms(t: datetime) -> int:
    return int(t.timestamp() * 1000)


def from_ms(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, tz=UTC)


# The latest moment glutes reads from Slack's epoch-second fields (status and huddle expiries, DND
# windows): 3000-01-01 UTC. Later values (the year 33658, Infinity) mean "far off" too, but datetime
# cannot hold them, and one such value used to fail every delivery for its person.
LATEST_EPOCH_S = 32503680000


def epoch_seconds(value: object) -> int:
    """A Slack epoch-seconds field as a whole number from 0 to LATEST_EPOCH_S: 0 (not set) when it is
    missing, not a number or before 1970, and LATEST_EPOCH_S when it is later than that."""
    try:
        seconds = int(value)  # type: ignore[call-overload]
    except OverflowError:  # Infinity: json.loads takes it
        return LATEST_EPOCH_S if value > 0 else 0  # type: ignore[operator]
    except (TypeError, ValueError):
        return 0
    return min(max(seconds, 0), LATEST_EPOCH_S)
