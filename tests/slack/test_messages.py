"""The break card rendered once per exercise and filled in per person is the card rendered for them."""

from __future__ import annotations

from slack_sdk.models.blocks import Block

from slackapp.domain.exercises import LIBRARY
from slackapp.slack import messages
from slackapp.ui import break_card


def _as_sent(kwargs):
    return {
        key: [b.to_dict() if isinstance(b, Block) else b for b in value] if key == "blocks" else value
        for key, value in kwargs.items()
    }


def test_every_exercise_card_from_its_template_is_the_card_rendered_for_that_break():
    for exercise in LIBRARY:
        template = messages.card_template(("test", exercise), lambda bid, e=exercise: break_card.card(e, bid))
        for break_id in ("1764400000000", "1764403000000"):
            assert template.fill(break_id) == _as_sent(break_card.card(exercise, break_id))


def test_filling_a_template_leaves_it_and_earlier_copies_as_they_were():
    exercise = LIBRARY[0]
    template = messages.card_template(("test", exercise), lambda bid: break_card.card(exercise, bid))
    first = template.fill("111")
    second = template.fill("222")
    values = [e["value"] for b in first["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert values == ["111", "111", "111", "111"]  # Done, Snooze, Skip, It hurts
    assert "222" in str(second) and "222" not in str(first)
