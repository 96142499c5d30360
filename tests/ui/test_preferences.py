"""The move and team-board choices (welcome DM, Home) and the one-time team-boards notice."""

from __future__ import annotations

import json

import pytest

from slackapp import ids
from slackapp.domain.exercises import PREFERENCES
from slackapp.ui import preferences


def _json(blocks) -> str:
    for block in blocks:
        block.validate_json()
    return json.dumps([block.to_dict() for block in blocks])


@pytest.mark.parametrize("moves", PREFERENCES)
@pytest.mark.parametrize("shown", [True, False])
def test_choice_blocks_validate_and_show_the_current_choice(moves, shown) -> None:
    blocks = preferences.choice_blocks(moves=moves, shown=shown)
    text = _json(blocks)
    select = blocks[0].accessory
    assert select.action_id == ids.ACTION_MOVES_CHOICE and select.initial_option.value == moves
    button = blocks[1].accessory
    assert button.action_id == ids.ACTION_BOARDS_CHOICE
    assert button.value == ("hide" if shown else "show")
    assert ("unless you say yes" in text) is not shown


def test_an_unknown_stored_preference_reads_as_the_default() -> None:
    assert preferences.moves_select("hovering").initial_option.value == "standing"


def test_the_notice_says_what_changed_and_offers_the_yes() -> None:
    notice = preferences.boards_notice()
    text = notice["text"] + _json(notice["blocks"])
    assert "opt-in" in text and "Show me on team boards" in text and ids.ACTION_BOARDS_CHOICE in text
