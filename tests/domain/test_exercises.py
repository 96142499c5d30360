"""Tests for the exercise library and how the next exercise is picked."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from slackapp.domain.exercises import LIBRARY, Exercise, by_key, pick_next

ARTICLE_MOVES = {
    "glute_tap",
    "march_in_place",
    "hip_circles",
    "squats",
    "clamshells",
    "hip_thrusts",
    "single_leg_bridge",
    "side_plank",
}
FLOOR_MOVES = {"clamshells", "hip_thrusts", "single_leg_bridge", "side_plank"}


@pytest.mark.parametrize("exercise", LIBRARY, ids=lambda e: e.key)
def test_every_field_is_filled_in(exercise: Exercise) -> None:
    for field in ("key", "name", "emoji", "how", "dose", "cue"):
        assert getattr(exercise, field).strip(), field
    assert re.fullmatch(r"[a-z][a-z0-9_]*", exercise.key)
    assert re.fullmatch(r":[a-z0-9_+-]+:", exercise.emoji)
    assert 1 <= len(exercise.how.splitlines()) <= 3


@pytest.mark.parametrize("exercise", LIBRARY, ids=lambda e: e.key)
def test_every_cue_is_a_glute_squeeze(exercise: Exercise) -> None:
    cue = exercise.cue.lower()
    assert "squeeze" in cue
    assert "glute" in cue


def test_keys_are_unique() -> None:
    keys = [exercise.key for exercise in LIBRARY]
    assert len(keys) == len(set(keys))


def test_article_moves_are_present_and_floor_ones_are_flagged() -> None:
    keys = {exercise.key for exercise in LIBRARY}
    assert ARTICLE_MOVES <= keys
    assert {exercise.key for exercise in LIBRARY if exercise.needs_floor} == FLOOR_MOVES
    assert len(keys - ARTICLE_MOVES) >= 2


def test_by_key_finds_known_and_rejects_unknown() -> None:
    assert by_key("hip_circles") is not None
    assert by_key("hip_circles").name == "Hip circles"
    assert by_key("no_such_move") is None


def test_pick_next_never_repeats_last_key() -> None:
    for last in [*LIBRARY, None]:
        last_key = last.key if last else None
        for seed in range(300):
            for prefer_desk in (True, False):
                assert pick_next(last_key, seed=seed, prefer_desk=prefer_desk).key != last_key


def test_pick_next_is_deterministic_per_seed() -> None:
    for seed in range(50):
        first = pick_next("squats", seed=seed)
        assert all(pick_next("squats", seed=seed) == first for _ in range(5))


def test_pick_next_varies_across_seeds() -> None:
    assert len({pick_next(None, seed=seed).key for seed in range(200)}) == len(LIBRARY)


def test_prefer_desk_favours_desk_moves_but_floor_moves_still_come() -> None:
    picks = Counter(pick_next(None, seed=seed).needs_floor for seed in range(200))
    assert picks[False] > 0.7 * 200
    assert picks[True] > 0


def test_without_prefer_desk_floor_moves_come_at_their_share() -> None:
    desk = Counter(pick_next(None, seed=seed, prefer_desk=True).needs_floor for seed in range(2000))
    even = Counter(pick_next(None, seed=seed, prefer_desk=False).needs_floor for seed in range(2000))
    share = len(FLOOR_MOVES) / len(LIBRARY)
    assert abs(even[True] / 2000 - share) < 0.05
    assert even[True] > desk[True] * 1.5
