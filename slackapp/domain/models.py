"""Plain values the schedule rules work on: work hours, rhythm, DND, status and a delivery decision."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

MINUTES_PER_DAY = 1440


class HoldReason(StrEnum):
    """Why a due card is held back (the /metrics label, and what a hold record keeps)."""

    DND = "dnd"
    HUDDLE = "huddle"
    STATUS = "status"  # a status that says meeting, call, time off …
    OUTSIDE_HOURS = "outside_hours"


HOLD_REASONS = frozenset(HoldReason)
# Holds that end while the person is at work: when they end, the held card goes out at once.
RELEASABLE_HOLDS = frozenset({HoldReason.DND, HoldReason.HUDDLE, HoldReason.STATUS})


def _require_aware(name: str, value: datetime | None) -> None:
    """Raise ValueError if value is a naive datetime; None passes."""
    if value is not None and (value.tzinfo is None or value.utcoffset() is None):
        raise ValueError(f"{name} must be timezone-aware, got {value!r}")


@dataclass(frozen=True)
class WorkHours:
    """Local work window [start_minute, end_minute] on the given weekdays (0=Mon .. 6=Sun)."""

    start_minute: int
    end_minute: int
    days: frozenset[int]

    def __post_init__(self) -> None:
        if not isinstance(self.days, frozenset):
            # Callers often build days from a set or list; store the hashable form the type promises.
            object.__setattr__(self, "days", frozenset(self.days))
        if not 0 <= self.start_minute < MINUTES_PER_DAY:
            raise ValueError(f"start_minute must be in 0..1439, got {self.start_minute}")
        if not 1 <= self.end_minute <= MINUTES_PER_DAY:
            raise ValueError(f"end_minute must be in 1..1440, got {self.end_minute}")
        if self.end_minute <= self.start_minute:
            raise ValueError(f"end_minute {self.end_minute} must be after start_minute {self.start_minute}")
        if not self.days:
            raise ValueError("days must not be empty")
        if not all(isinstance(d, int) and 0 <= d <= 6 for d in self.days):
            raise ValueError(f"days must be weekday numbers 0..6, got {sorted(self.days, key=str)}")


@dataclass(frozen=True)
class Rhythm:
    """How often a person wants a break, during which hours, in which IANA time zone."""

    tz: str
    hours: WorkHours
    interval: timedelta
    # Where the person's first break of a fresh work day falls after start + interval: their place in the
    # workspace's spread of first breaks (schedule.first_break_offset), so a workspace whose days all start
    # at once does not have every first break due in the same second.
    first_offset: timedelta = timedelta(0)
    # Clock-aligned breaks: the minutes past each local hour a break falls on ((50,) = every :50); empty
    # = every `interval` from the last break.
    marks: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        if self.interval <= timedelta(0):
            raise ValueError(f"interval must be positive, got {self.interval}")
        if self.first_offset < timedelta(0):
            raise ValueError(f"first_offset must not be negative, got {self.first_offset}")
        if not all(isinstance(m, int) and 0 <= m <= 59 for m in self.marks):
            raise ValueError(f"marks must be minutes 0..59, got {self.marks!r}")


@dataclass(frozen=True)
class DndWindow:
    """A person's Slack do-not-disturb state: enabled, and the next [start, end) window in UTC."""

    enabled: bool
    start: datetime | None
    end: datetime | None

    def __post_init__(self) -> None:
        _require_aware("start", self.start)
        _require_aware("end", self.end)


@dataclass(frozen=True)
class Presence:
    """A person's Slack status; status_expiration None means it never expires."""

    status_text: str = ""
    status_emoji: str = ""
    status_expiration: datetime | None = None
    in_huddle: bool = False
    huddle_expiration: datetime | None = None  # when Slack says the huddle state lapses, if it says

    def __post_init__(self) -> None:
        _require_aware("status_expiration", self.status_expiration)
        _require_aware("huddle_expiration", self.huddle_expiration)


@dataclass(frozen=True)
class Held:
    """A person is held now: why, and when that ends if Slack said (None: unknown, re-check later)."""

    reason: HoldReason
    ends_at: datetime | None = None

    def __post_init__(self) -> None:
        _require_aware("ends_at", self.ends_at)


@dataclass(frozen=True)
class Send:
    """Send the card now; the following break is due at next_due."""

    next_due: datetime

    def __post_init__(self) -> None:
        _require_aware("next_due", self.next_due)


@dataclass(frozen=True)
class Hold:
    """Do not send now; try again at until, because of reason ("dnd", "status" or "outside_hours")."""

    until: datetime
    reason: str

    def __post_init__(self) -> None:
        _require_aware("until", self.until)
        if self.reason not in HOLD_REASONS:
            raise ValueError(f"reason must be one of {sorted(HOLD_REASONS)}, got {self.reason!r}")


Delivery = Send | Hold
