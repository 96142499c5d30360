"""Streaks: runs of work days with at least one Done, where rest days neither break nor count."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

_ONE_DAY = timedelta(days=1)


def current_streak(done_days: Iterable[date], today: date, work_days: frozenset[int]) -> int:
    """Consecutive days back from today with a Done; a missed work day ends it, today may still be open."""
    done = {d for d in done_days if d <= today}
    if not done:
        return 0
    earliest = min(done)
    # Today without a Done yet is still in play, so the count starts from yesterday.
    day = today if today in done else today - _ONE_DAY
    streak = 0
    while day >= earliest:
        if day in done:
            streak += 1
        elif day.weekday() in work_days:
            break
        day -= _ONE_DAY
    return streak


def best_streak(done_days: Iterable[date], work_days: frozenset[int]) -> int:
    """The longest run ever of days with a Done that no missed work day interrupts."""
    done = set(done_days)
    if not done:
        return 0
    best = run = 0
    day, last = min(done), max(done)
    while day <= last:
        if day in done:
            run += 1
            best = max(best, run)
        elif day.weekday() in work_days:
            run = 0
        day += _ONE_DAY
    return best
