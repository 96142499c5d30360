"""Epoch milliseconds: how due times are stored and compared (sorted-set scores, break ids); epoch
microseconds: how presence events are ordered."""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime, timedelta

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


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


def to_us(t: datetime) -> int:
    """Epoch microseconds: how presence state orders its writes (see event_time_us)."""
    return (t - _EPOCH) // timedelta(microseconds=1)


# How far ahead of glutes' clock a Slack event time is still believed (clocks drift a little). Anything
# later is not: stored, it would make every real event after it look older, and wedge the person's state.
EVENT_TIME_LEEWAY_S = 60

# An event_ts as Slack writes it ("1764000000.123456"); a few more decimals are read and cut to microseconds.
_TS = re.compile(r"(\d{1,11})(?:\.(\d{1,9}))?")


def event_time_us(event_ts: object, event_time: object, now: datetime) -> int:
    """When Slack says an event happened, in epoch microseconds: the inner event's `event_ts` (a string
    with microseconds) when it reads as a time, else the envelope's `event_time` (whole seconds), else
    `now`, the moment it arrived. A value that is not a positive number, or lies more than
    EVENT_TIME_LEEWAY_S ahead of `now`, is not believed and the next one is used.

    Slack's own event types (@slack/types) give user_change, user_status_changed, user_huddle_changed and
    dnd_updated_user an event_ts; its reference examples show none, so the envelope's event_time, which
    every event wrapper carries, is the fallback."""
    now_us = to_us(now)
    for value in (event_ts, event_time):
        us = _micros(value)
        if us is not None and us <= now_us + EVENT_TIME_LEEWAY_S * 1_000_000:
            return us
    return now_us


def _micros(value: object) -> int | None:
    """A Slack time (a "seconds.micros" string or a number of seconds) in microseconds; None when it is not
    one (a bool, Infinity, NaN, zero or less, text that is not a number)."""
    if isinstance(value, bool):
        return None
    us: int | None = None
    if isinstance(value, int):
        us = value * 1_000_000
    elif isinstance(value, float) and math.isfinite(value):
        us = round(value * 1_000_000)
    elif isinstance(value, str) and (match := _TS.fullmatch(value.strip())):
        whole, fraction = match.groups()
        us = int(whole) * 1_000_000 + int((fraction or "0")[:6].ljust(6, "0"))
    return us if us is not None and us > 0 else None
