"""The Workflow Builder steps' rules: the fixed reasons a card was not sent, and the inputs they accept."""

from __future__ import annotations

import pytest

from slackapp.domain import workflow_steps as rules
from slackapp.domain.errors import InputError
from slackapp.domain.models import HOLD_REASONS


@pytest.mark.parametrize(
    ("outcome", "reason"),
    [
        ("sent", ""),
        ("off", rules.BREAKS_OFF),
        ("opted_out:user_not_found", rules.BREAKS_OFF),
        ("paused", rules.PAUSED),
        ("snoozed", rules.SNOOZED),
        ("held:dnd", rules.DO_NOT_DISTURB),
        ("held:status", rules.BUSY),
        ("held:outside_hours", rules.OUTSIDE_WORK_HOURS),
        ("in_flight", rules.CARD_ON_ITS_WAY),
        ("stale", rules.CARD_ON_ITS_WAY),
    ],
)
def test_each_send_outcome_has_one_fixed_reason(outcome, reason):
    assert rules.card_reason(outcome) == reason


def test_every_hold_the_scheduler_knows_is_named_and_a_new_one_reads_as_busy():
    assert set(rules.HOLD_TO_REASON) == HOLD_REASONS
    assert set(rules.HOLD_TO_REASON.values()) <= set(rules.REASONS)
    assert rules.card_reason("held:huddle") == rules.IN_A_HUDDLE
    assert rules.card_reason("held:some_new_hold") == rules.BUSY  # until it gets its own line


def test_inputs_are_checked_before_they_reach_a_key():
    assert rules.channel_input("C0123ABC") == "C0123ABC"
    assert rules.person_input("W0123ABC") == "W0123ABC"
    assert rules.runner_input({"id": "U0123ABC", "secret": "x"}) == "U0123ABC"
    for bad in ("*", "C1:x", "U0123ABC", None, 7):
        with pytest.raises(InputError):
            rules.channel_input(bad)
    with pytest.raises(InputError):
        rules.person_input("C0123ABC")
    for typed_in in ("U0123ABC", {"id": "*"}, {}):  # a plain id is what a builder could type
        with pytest.raises(InputError):
            rules.runner_input(typed_in)
    assert rules.moves_input(None) == "standing" and rules.moves_input(" Seated ") == "seated"
    with pytest.raises(InputError):
        rules.moves_input("floor")
    assert rules.challenge_words(14.0, " Spring Reset ") == "14 Spring Reset"
    assert rules.challenge_words(True, "") == ""
    assert rules.execution_id_ok("Fx1234567O9L") and not rules.execution_id_ok("Fx12:*")
