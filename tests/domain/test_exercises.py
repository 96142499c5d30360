"""Tests for the exercise library and how the next exercise is picked."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from slackapp.domain.errors import InputError
from slackapp.domain.exercises import (
    LIBRARY,
    PREFERENCES,
    SEATED_LIBRARY,
    Exercise,
    by_key,
    moves_for,
    parse_preference,
    pick_next,
    seated_alternative,
)

EVERY_MOVE = LIBRARY + SEATED_LIBRARY

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


@pytest.mark.parametrize("exercise", EVERY_MOVE, ids=lambda e: e.key)
def test_every_field_is_filled_in(exercise: Exercise) -> None:
    for field in ("key", "name", "emoji", "how", "dose", "cue"):
        assert getattr(exercise, field).strip(), field
    assert re.fullmatch(r"[a-z][a-z0-9_]*", exercise.key)
    assert re.fullmatch(r":[a-z0-9_+-]+:", exercise.emoji)
    assert 1 <= len(exercise.how.splitlines()) <= 3


@pytest.mark.parametrize("exercise", EVERY_MOVE, ids=lambda e: e.key)
def test_every_cue_is_a_glute_squeeze(exercise: Exercise) -> None:
    cue = exercise.cue.lower()
    assert "squeeze" in cue
    assert "glute" in cue


def test_keys_are_unique() -> None:
    keys = [exercise.key for exercise in EVERY_MOVE]
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
    for last in [*EVERY_MOVE, None]:
        last_key = last.key if last else None
        for seed in range(300):
            for preference in PREFERENCES:
                assert pick_next(last_key, seed=seed, preference=preference).key != last_key


def test_pick_next_is_deterministic_per_seed() -> None:
    for seed in range(50):
        for preference in PREFERENCES:
            first = pick_next("squats", seed=seed, preference=preference)
            assert all(pick_next("squats", seed=seed, preference=preference) == first for _ in range(5))


@pytest.mark.parametrize("preference", PREFERENCES)
def test_pick_next_keeps_to_the_preference_and_uses_all_of_it(preference) -> None:
    picked = {pick_next(None, seed=seed, preference=preference).key for seed in range(300)}
    assert picked == {exercise.key for exercise in moves_for(preference)}


def test_standing_is_the_default_and_has_no_floor_or_seated_moves() -> None:
    picks = [pick_next(None, seed=seed) for seed in range(300)]
    assert not any(p.needs_floor or p.seated for p in picks)


def test_with_floor_moves_desk_moves_stay_likelier_but_floor_moves_come() -> None:
    picks = Counter(pick_next(None, seed=seed, preference="floor").needs_floor for seed in range(2000))
    assert picks[False] > 0.7 * 2000
    assert picks[True] > 0


def test_seated_moves_are_all_seated_and_at_least_five() -> None:
    assert len(SEATED_LIBRARY) >= 5
    assert all(exercise.seated and not exercise.needs_floor for exercise in SEATED_LIBRARY)
    assert not any(exercise.seated for exercise in LIBRARY)
    assert {pick_next(None, seed=seed, preference="seated").key for seed in range(200)} <= {
        exercise.key for exercise in SEATED_LIBRARY
    }


@pytest.mark.parametrize("exercise", LIBRARY, ids=lambda e: e.key)
def test_every_standing_or_floor_move_names_a_seated_alternative(exercise: Exercise) -> None:
    alternative = seated_alternative(exercise)
    assert alternative is not None and alternative.seated


@pytest.mark.parametrize("exercise", [e for e in LIBRARY if e.needs_floor], ids=lambda e: e.key)
def test_every_floor_move_has_an_easier_version(exercise: Exercise) -> None:
    assert exercise.easier and exercise.easier.strip()


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("standing", "standing"),
        ("Desk", "standing"),
        ("seated", "seated"),
        ("chair", "seated"),
        ("wheelchair", "seated"),
        ("floor", "floor"),
        ("floor-ok", "floor"),
        (" FLOOR ", "floor"),
    ],
)
def test_parse_preference_accepts_the_obvious_words(typed, expected) -> None:
    assert parse_preference(typed) == expected


@pytest.mark.parametrize("typed", ["", "lying", "yoga", "standing seated"])
def test_parse_preference_refuses_others_listing_the_choices(typed) -> None:
    with pytest.raises(InputError) as refused:
        parse_preference(typed)
    assert all(word in refused.value.message for word in ("`standing`", "`seated`", "`floor`"))
