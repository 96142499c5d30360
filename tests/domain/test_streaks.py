"""Streaks over work days: rest days skip, a missed work day breaks, today may still be open."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from slackapp.domain.streaks import best_streak, current_streak

MON_FRI = frozenset(range(5))
EVERY_DAY = frozenset(range(7))


def d(day: int) -> date:
    """A day in March 2026; 2026-03-02 is a Monday."""
    return date(2026, 3, day)


# Week of Mon 2 .. Sun 8, then Mon 9 .. Sun 15.
@pytest.mark.parametrize(
    ("done", "today", "work_days", "expected"),
    [
        ([], d(4), MON_FRI, 0),
        ([d(4)], d(4), MON_FRI, 1),
        ([d(2), d(3), d(4)], d(4), MON_FRI, 3),
        # Today not done yet does not break the streak.
        ([d(2), d(3)], d(4), MON_FRI, 2),
        # Yesterday missed (a work day) breaks it.
        ([d(2)], d(4), MON_FRI, 0),
        ([d(2), d(4)], d(4), MON_FRI, 1),
        # The weekend is skipped: Fri then Mon.
        ([d(5), d(6), d(9)], d(9), MON_FRI, 3),
        ([d(5), d(6)], d(9), MON_FRI, 2),
        ([d(6)], d(8), MON_FRI, 1),
        # A Done on a rest day counts extra.
        ([d(6), d(7), d(9)], d(9), MON_FRI, 3),
        ([d(6), d(7), d(8), d(9)], d(9), MON_FRI, 4),
        ([d(7)], d(8), MON_FRI, 1),
        # Every day is a work day: a missed Saturday breaks it.
        ([d(6), d(8), d(9)], d(9), EVERY_DAY, 2),
        ([d(6), d(7), d(8), d(9)], d(9), EVERY_DAY, 4),
        # Duplicates and unordered input.
        ([d(4), d(2), d(3), d(3), d(4)], d(4), MON_FRI, 3),
        # Done days after today are ignored.
        ([d(3), d(4), d(5)], d(4), MON_FRI, 2),
        # A streak older than yesterday with a gap is gone.
        ([d(2), d(3)], d(5), MON_FRI, 0),
        # Weekend-only work days: missed weekdays are rest days, each Done still counts.
        ([d(2), d(4)], d(5), frozenset({5, 6}), 2),
    ],
)
def test_current_streak(done: list[date], today: date, work_days: frozenset[int], expected: int) -> None:
    assert current_streak(done, today, work_days) == expected


def test_current_streak_accepts_generators() -> None:
    assert current_streak((d(n) for n in (2, 3, 4)), d(4), MON_FRI) == 3


def test_current_streak_long_run_across_weeks() -> None:
    # Every work day from Mon 2026-01-05 through Fri 2026-03-06 is 45 work days.
    start = date(2026, 1, 5)
    done = [start + timedelta(days=i) for i in range(61) if (start + timedelta(days=i)).weekday() < 5]
    assert len(done) == 45
    assert current_streak(done, d(6), MON_FRI) == 45
    assert current_streak(done, d(8), MON_FRI) == 45
    assert current_streak(done, d(9), MON_FRI) == 45
    assert current_streak(done, d(10), MON_FRI) == 0


@pytest.mark.parametrize(
    ("done", "work_days", "expected"),
    [
        ([], MON_FRI, 0),
        ([d(4)], MON_FRI, 1),
        ([d(2), d(3), d(4)], MON_FRI, 3),
        ([d(2), d(3), d(5), d(6)], MON_FRI, 2),
        ([d(2), d(3), d(4), d(9), d(10)], MON_FRI, 3),
        ([d(5), d(6), d(9), d(10)], MON_FRI, 4),
        ([d(5), d(6), d(7), d(9)], MON_FRI, 4),
        ([d(5), d(6), d(9), d(10)], EVERY_DAY, 2),
        ([d(10), d(9), d(6), d(5), d(5)], MON_FRI, 4),
        ([d(2), d(3), d(4), d(5), d(6), d(9), d(11)], MON_FRI, 6),
    ],
)
def test_best_streak(done: list[date], work_days: frozenset[int], expected: int) -> None:
    assert best_streak(done, work_days) == expected


@pytest.mark.parametrize(
    ("done", "today"),
    [
        ([d(2), d(3), d(4)], d(4)),
        ([d(2), d(5), d(6), d(9)], d(10)),
        ([d(6), d(7), d(8), d(9)], d(9)),
    ],
)
def test_best_streak_is_at_least_current(done: list[date], today: date) -> None:
    assert best_streak(done, MON_FRI) >= current_streak(done, today, MON_FRI)
    assert best_streak(done, MON_FRI) == current_streak(done, today, MON_FRI)


# With the "cards sent" tally: only a day that had cards and no Done breaks a run.
@pytest.mark.parametrize(
    ("done", "sent", "today", "expected"),
    [
        # Wed 4 off sick (no card): Tue and Thu still join up.
        ([d(2), d(3), d(5)], [d(2), d(3), d(5)], d(5), 3),
        # Wed 4 had cards and no Done: that breaks it.
        ([d(2), d(3), d(5)], [d(2), d(3), d(4), d(5)], d(5), 1),
        # A whole week away (no cards) between two Dones.
        ([d(3), d(10)], [d(3), d(10)], d(10), 2),
        # Today's cards without a Done yet leave today open.
        ([d(2), d(3)], [d(2), d(3), d(4)], d(4), 2),
        # Yesterday had cards and no Done.
        ([d(2)], [d(2), d(3)], d(4), 0),
        # Before the tally started (d(3)), a missed work day still breaks the run as it always did.
        ([d(2), d(4), d(6)], [d(4), d(6)], d(6), 2),
    ],
)
def test_days_without_cards_neither_break_nor_count(
    done: list[date], sent: list[date], today: date, expected: int
) -> None:
    assert current_streak(done, today, MON_FRI, sent) == expected


def test_best_streak_skips_days_without_cards() -> None:
    done = [d(2), d(3), d(5), d(6), d(11)]
    assert best_streak(done, MON_FRI) == 2
    # Wed 4 and Mon 9 had no cards (sick, then a holiday); Tue 10 had cards and no Done.
    assert best_streak(done, MON_FRI, [d(2), d(3), d(5), d(6), d(10), d(11)]) == 4
