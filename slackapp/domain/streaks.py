"""Streaks: runs of days with at least one Done. Only a day on which cards came and none was done breaks one.

A day with no card (away or sick all day, Do Not Disturb, snoozed, paused, not a work day) neither breaks
nor counts. Which days had cards is known from the day the "cards sent" tally started (`sent_days`); for
the days before it, as before, every work day without a Done breaks the run.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from datetime import date, timedelta

_ONE_DAY = timedelta(days=1)


def _breaker(work_days: frozenset[int], sent_days: Collection[date] | None) -> Callable[[date], bool]:
    """A test for "a day without a Done here ends the run"."""
    sent = set(sent_days or ())
    tally_start = min(sent) if sent else None

    def breaks(day: date) -> bool:
        if tally_start is not None and day >= tally_start:
            return day in sent
        return day.weekday() in work_days

    return breaks


def current_streak(
    done_days: Iterable[date],
    today: date,
    work_days: frozenset[int],
    sent_days: Collection[date] | None = None,
) -> int:
    """Consecutive days back from today with a Done; a day with cards and no Done ends it, today may still
    be open."""
    done = {d for d in done_days if d <= today}
    if not done:
        return 0
    breaks = _breaker(work_days, sent_days)
    earliest = min(done)
    # Today without a Done yet is still in play, so the count starts from yesterday.
    day = today if today in done else today - _ONE_DAY
    streak = 0
    while day >= earliest:
        if day in done:
            streak += 1
        elif breaks(day):
            break
        day -= _ONE_DAY
    return streak


def best_streak(
    done_days: Iterable[date], work_days: frozenset[int], sent_days: Collection[date] | None = None
) -> int:
    """The longest run ever of days with a Done that no day with cards and no Done interrupts."""
    done = set(done_days)
    if not done:
        return 0
    breaks = _breaker(work_days, sent_days)
    best = run = 0
    day, last = min(done), max(done)
    while day <= last:
        if day in done:
            run += 1
            best = max(best, run)
        elif breaks(day):
            run = 0
        day += _ONE_DAY
    return best
