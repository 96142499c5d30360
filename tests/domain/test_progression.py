"""Levels, the step-up rule, the card's feedback and the variety rule: pure, on dates and seeds."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from slackapp.domain import levels, progression
from slackapp.domain.exercises import LIBRARY, PREFERENCES, SEATED_LIBRARY, moves_for
from slackapp.domain.progression import Progress

WEEKDAYS = frozenset(range(5))
MONDAY = date(2026, 11, 23)


def test_every_move_has_a_family_and_three_levels_that_differ() -> None:
    for move in LIBRARY + SEATED_LIBRARY:
        assert move.key in levels.FAMILY_OF, move.key
        shown = [levels.at_level(move, level) for level in range(1, levels.MAX_LEVEL + 1)]
        assert [d.level for d in shown] == [1, 2, 3]
        assert len({d.dose for d in shown}) == 3 or len({d.step_how for d in shown}) == 3, move.key
        assert all(d.dose.strip() and d.cue.strip() for d in shown)
        assert shown[0].step_how is None and all(d.step_how for d in shown[1:])
    assert levels.at_level(LIBRARY[0], 9).level == 3 and levels.at_level(LIBRARY[0], 0).level == 1


def test_seated_levels_hold_on_and_thrusts_never_use_a_chair() -> None:
    for move in SEATED_LIBRARY:
        for step in levels.STEPS[move.key]:
            text = step.how.lower()
            assert "stand up" not in text
            if move.key != "seated_knee_press":  # the hands are on the knees; the back rests on the chair
                assert "hold" in text, (move.key, step.how)  # holding on, as level 1 sets up
    for step in levels.STEPS["hip_thrusts"]:
        assert "chair" not in step.how.lower()


def test_steady_days_count_dones_in_the_last_ten_work_days_since_the_level_began() -> None:
    today = MONDAY + timedelta(days=14)  # a Monday, two weeks on
    done = {MONDAY + timedelta(days=d): 1 for d in (0, 1, 2, 7, 8, 9, 14)}
    # The last 10 work days run from MONDAY + 1 (a Tuesday) to today: 6 of those days have a Done.
    assert progression.steady_days(Progress(), done, today, WEEKDAYS) == 6
    assert progression.steady_days(Progress(since=MONDAY + timedelta(days=9)), done, today, WEEKDAYS) == 2


def test_an_offer_comes_after_five_steady_days_or_two_too_easy_and_never_past_the_top() -> None:
    assert progression.offer_due(Progress(), 4) is None
    assert progression.offer_due(Progress(), 5) == 2
    assert progression.offer_due(Progress(level=2), 7) == 3
    assert progression.offer_due(Progress(level=3), 10) is None
    assert progression.offer_due(Progress(too_easy=1), 0) is None
    assert progression.offer_due(Progress(too_easy=2), 0) == 2
    assert progression.offer_due(Progress(offer=2), 9) is None  # one is already waiting
    assert progression.offer_due(Progress(offers_stopped=True), 9) is None
    assert progression.days_to_offer(Progress(), 2) == 3
    assert progression.days_to_offer(Progress(offers_stopped=True), 2) is None


def test_too_hard_steps_down_pain_resets_and_stops_offers_a_yes_starts_again() -> None:
    today = MONDAY
    at3 = Progress(level=3, since=MONDAY - timedelta(days=20), too_easy=1)
    assert progression.after_feedback(at3, "too_hard", today) == Progress(level=2, since=today)
    assert progression.after_feedback(Progress(), "too_hard", today).level == 1
    assert progression.after_feedback(at3, "too_easy", today).too_easy == 2
    assert progression.after_feedback(at3, "just_right", today) == at3
    hurt = progression.after_pain(at3, today)
    assert hurt.level == 1 and hurt.offers_stopped
    assert progression.offer_due(hurt, 10) is None
    assert progression.start_level(hurt, 2, today) == Progress(level=2, since=today)
    assert progression.stay(Progress(level=1, offer=2, too_easy=2), today) == Progress(level=1, since=today)


def _run(preference, count, seed0=1_700_000_000_000):
    recent: list[str] = []
    picked = []
    for i in range(count):
        move = progression.pick_varied(recent, seed=seed0 + i * 3_000_000, preference=preference)
        picked.append(move)
        recent = progression.remembered(recent, move.key)
    return picked


@pytest.mark.parametrize("preference", PREFERENCES)
@pytest.mark.parametrize("seed0", [0, 1_700_000_000_000, 42])
def test_forty_cards_never_repeat_close_together_and_cover_every_family(preference, seed0) -> None:
    picked = _run(preference, 40, seed0)
    keys = [m.key for m in picked]
    allowed = {m.key for m in moves_for(preference)}
    assert set(keys) <= allowed
    assert all(a != b for a, b in zip(keys, keys[1:], strict=False))
    assert all(max(keys[i : i + 5].count(k) for k in keys[i : i + 5]) <= 2 for i in range(len(keys) - 4))
    families = {levels.family_of(m) for m in moves_for(preference)}
    # Every 3 cards carry every family, so any week with 3 or more cards does.
    for i in range(len(picked) - 2):
        assert {levels.family_of(m) for m in picked[i : i + 3]} == families


def _worst_window(keys: list[str]) -> int:
    return max(max(keys[i : i + 5].count(k) for k in keys[i : i + 5]) for i in range(len(keys) - 4))


def test_runs_of_ten_that_the_old_picker_repeated_three_times_in_five_are_fixed() -> None:
    """The issue's finding: the old rule (avoid only the previous move) gave some runs of ten cards a move
    three times in five; the variety rule, on the same seeds, never does."""
    from slackapp.domain.exercises import pick_next

    old_bad = new_bad = 0
    for run in range(200):
        seeds = [run * 7919 + i for i in range(10)]
        last, old = None, []
        for seed in seeds:
            last = pick_next(last, seed=seed).key
            old.append(last)
        recent: list[str] = []
        new = []
        for seed in seeds:
            key = progression.pick_varied(recent, seed=seed).key
            new.append(key)
            recent = progression.remembered(recent, key)
        old_bad += _worst_window(old) >= 3
        new_bad += _worst_window(new) >= 3
    assert old_bad > 0 and new_bad == 0
