"""Tests for the break card and the message that replaces it."""

from __future__ import annotations

import json

import pytest
from slack_sdk.models.blocks import ActionsBlock, Block, ButtonElement, ContextBlock

from slackapp.domain.exercises import LIBRARY, by_key
from slackapp.ids import (
    ACTION_BREAK_DONE,
    ACTION_BREAK_HURTS,
    ACTION_BREAK_SKIP,
    ACTION_BREAK_SNOOZE,
    BLOCK_BREAK_ACTIONS,
)
from slackapp.ui.break_card import OUTCOME_KINDS, CardOutcome, after, card
from slackapp.ui.wording import NOT_MEDICAL_ADVICE

HIP_CIRCLES = by_key("hip_circles")
CLAMSHELLS = by_key("clamshells")


def _dicts(blocks: list[Block]) -> list[dict]:
    """Validate every block the way the Slack SDK does before sending, and return the JSON form."""
    assert 0 < len(blocks) <= 50
    for block in blocks:
        block.validate_json()
    return [block.to_dict() for block in blocks]


def _all_text(message: dict) -> str:
    return message["text"] + json.dumps(_dicts(message["blocks"]), ensure_ascii=False)


@pytest.mark.parametrize("exercise", LIBRARY, ids=lambda e: e.key)
def test_card_validates_and_names_the_exercise(exercise) -> None:
    message = card(exercise, "brk-123")
    assert exercise.name in message["text"]
    assert exercise.emoji in message["text"]
    rendered = json.dumps(_dicts(message["blocks"]), ensure_ascii=False)
    for part in (exercise.name, exercise.dose, exercise.cue, exercise.how.splitlines()[0]):
        assert part in rendered
    assert ("floor space" in rendered) is exercise.needs_floor


def test_card_has_four_buttons_carrying_the_break_id() -> None:
    blocks = card(HIP_CIRCLES, "U1:2024-05-01:3")["blocks"]
    actions = [block for block in blocks if isinstance(block, ActionsBlock)]
    assert len(actions) == 1
    assert actions[0].block_id == BLOCK_BREAK_ACTIONS
    buttons = actions[0].elements
    assert all(isinstance(button, ButtonElement) for button in buttons)
    assert [button.action_id for button in buttons] == [
        ACTION_BREAK_DONE,
        ACTION_BREAK_SNOOZE,
        ACTION_BREAK_SKIP,
        ACTION_BREAK_HURTS,
    ]
    assert [button.value for button in buttons] == ["U1:2024-05-01:3"] * 4
    assert [button.text.text for button in buttons] == [
        "Done",
        "Snooze 15 min",
        "Skip",
        ":raised_hand: It hurts",
    ]
    assert [button.style for button in buttons] == ["primary", None, None, None]


def test_card_ends_with_not_medical_advice_context() -> None:
    last = card(CLAMSHELLS, "b")["blocks"][-1]
    assert isinstance(last, ContextBlock)
    assert last.to_dict()["elements"][0]["text"] == NOT_MEDICAL_ADVICE


def _outcome_text(kind: str, **kwargs) -> str:
    message = after(CardOutcome(kind=kind, exercise=HIP_CIRCLES, **kwargs))
    blocks = message["blocks"]
    assert not any(isinstance(block, ActionsBlock) for block in blocks)
    assert all(block["type"] != "actions" for block in _dicts(blocks))
    assert "Hip circles" in message["text"]
    assert "Hip circles" in json.dumps(_dicts(blocks))
    return _all_text(message)


@pytest.mark.parametrize("kind", OUTCOME_KINDS)
def test_after_keeps_the_name_and_drops_the_buttons(kind: str) -> None:
    _outcome_text(kind, today_done=2, streak=3, next_break_label="2:50 PM")


def test_after_done_counts_with_plurals() -> None:
    many = _outcome_text("done", today_done=3, streak=4, next_break_label="2:50 PM")
    assert ":white_check_mark: Done" in many
    assert "3 breaks today" in many
    assert "streak 4 days" in many
    one = _outcome_text("done", today_done=1, streak=1)
    assert "1 break today" in one
    assert "streak 1 day." in one
    assert "1 breaks" not in one
    assert "1 days" not in one


def test_after_snoozed_names_the_next_nudge() -> None:
    assert "I'll nudge you again at 2:50 PM" in _outcome_text("snoozed", next_break_label="2:50 PM")
    assert "I'll nudge you again in 15 minutes" in _outcome_text("snoozed")


def test_after_skipped_names_the_next_break() -> None:
    text = _outcome_text("skipped", next_break_label="3:40 PM")
    assert "Skipped" in text
    assert "Next break at 3:40 PM" in text
    assert "Next break" not in _outcome_text("skipped")


def test_after_already_answered_counts_once() -> None:
    assert "already marked this one done" in _outcome_text("already_done")
    assert "counts once" in _outcome_text("already_done")
    assert "already skipped this one" in _outcome_text("already_skipped")


def test_after_expired_changes_nothing() -> None:
    text = _outcome_text("expired")
    assert "earlier day" in text
    assert "nothing changed" in text


def test_after_opted_out_points_to_glutes_on() -> None:
    text = _outcome_text("opted_out", today_done=5)
    assert "Breaks are off" in text
    assert "`/glutes on`" in text
    assert "nothing was counted" in text
    assert "5" not in text


def test_each_kind_renders_different_words() -> None:
    lines = {after(CardOutcome(kind=kind, exercise=HIP_CIRCLES))["text"] for kind in OUTCOME_KINDS}
    assert len(lines) == len(OUTCOME_KINDS)


def test_unknown_kind_is_rejected() -> None:
    with pytest.raises(ValueError, match="unknown card outcome kind"):
        CardOutcome(kind="celebrated", exercise=HIP_CIRCLES)  # type: ignore[arg-type]


@pytest.mark.parametrize("exercise", LIBRARY, ids=lambda e: e.key)
def test_every_card_says_move_within_comfort_and_stop_if_it_hurts(exercise) -> None:
    from slackapp.ui.wording import STOP_IF_IT_HURTS

    assert STOP_IF_IT_HURTS == "Move within what feels comfortable; stop if it hurts."
    blocks = _dicts(card(exercise, "b")["blocks"])
    stop = [b for b in blocks if STOP_IF_IT_HURTS in json.dumps(b)]
    assert len(stop) == 1
    # Before the buttons, so it is read before tapping Done.
    assert blocks.index(stop[0]) < next(i for i, b in enumerate(blocks) if b["type"] == "actions")


@pytest.mark.parametrize("exercise", LIBRARY, ids=lambda e: e.key)
def test_standing_and_floor_cards_name_their_seated_version_and_floor_ones_an_easier_one(exercise) -> None:
    rendered = _all_text(card(exercise, "brk-1"))
    seated = by_key(exercise.seated_alternative)
    assert f"*In a chair today?* Do the *{seated.name}* instead" in rendered
    assert ("*Easier:*" in rendered) is exercise.needs_floor


def test_seated_cards_carry_no_other_version() -> None:
    from slackapp.domain.exercises import SEATED_LIBRARY

    for exercise in SEATED_LIBRARY:
        rendered = _all_text(card(exercise, "brk-1"))
        assert "In a chair today?" not in rendered and "Easier" not in rendered
        assert exercise.dose in rendered and exercise.cue in rendered
