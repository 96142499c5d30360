"""Tests for the leaderboard message and the weekly channel post."""

from __future__ import annotations

import json

from slack_sdk.models.blocks import ActionsBlock, Block, ContextBlock, DividerBlock, SectionBlock

from slackapp.domain.ranking import TIE_RULE, Entry, Ranked, rank
from slackapp.ids import ACTION_SHARE_BOARD
from slackapp.ui.leaderboard import PERIOD_LABELS, board, row_line, weekly_post


def _dicts(blocks: list[Block]) -> list[dict]:
    """Validate every block the way the Slack SDK does before sending, and return the JSON form."""
    assert 0 < len(blocks) <= 50
    for block in blocks:
        block.validate_json()
    return [block.to_dict() for block in blocks]


def _rendered(message: dict) -> str:
    return json.dumps(_dicts(message["blocks"]), ensure_ascii=False)


def _rows() -> list[Ranked]:
    return rank(
        [
            Entry("U1", done=12, streak=4),
            Entry("U2", done=5, streak=1),
            Entry("U3", done=5, streak=0),
            Entry("U4", done=1, streak=0),
        ]
    )


def _board(**overrides) -> dict:
    kwargs = {
        "title": "Glute board",
        "period_label": PERIOD_LABELS["week"],
        "rows": _rows(),
        "asker_row": None,
        "shareable": False,
    }
    kwargs.update(overrides)
    return board(**kwargs)


def _actions(message: dict) -> list[ActionsBlock]:
    return [b for b in message["blocks"] if isinstance(b, ActionsBlock)]


def test_row_line_with_medal_mention_plural_and_streak() -> None:
    assert (
        row_line(Ranked(1, "U1", 12, 4)) == ":first_place_medal: 1. <@U1> — 12 breaks · :fire: 4-day streak"
    )


def test_row_line_singular_break_and_no_streak_part_when_zero() -> None:
    assert row_line(Ranked(7, "U7", 1, 0)) == "7. <@U7> — 1 break"


def test_row_line_second_and_third_medals_and_a_one_day_streak() -> None:
    assert row_line(Ranked(2, "U2", 3, 1)) == ":second_place_medal: 2. <@U2> — 3 breaks · :fire: 1-day streak"
    assert row_line(Ranked(3, "U3", 2, 0)) == ":third_place_medal: 3. <@U3> — 2 breaks"


def test_board_renders_every_row_with_mentions_and_medals_in_rank_order() -> None:
    rendered = _rendered(_board())
    for user in ("<@U1>", "<@U2>", "<@U3>", "<@U4>"):
        assert user in rendered
    assert (
        rendered.index("<@U1>") < rendered.index("<@U2>") < rendered.index("<@U3>") < rendered.index("<@U4>")
    )
    assert ":first_place_medal: 1. <@U1> — 12 breaks · :fire: 4-day streak" in rendered
    assert ":second_place_medal: 2. <@U2> — 5 breaks · :fire: 1-day streak" in rendered
    assert ":second_place_medal: 2. <@U3> — 5 breaks" in rendered
    assert ":third_place_medal:" not in rendered  # rank 3 is skipped after the tie
    assert "4. <@U4> — 1 break" in rendered
    assert "1 breaks" not in rendered


def test_board_names_the_title_and_period() -> None:
    message = _board(title="Glute board", period_label=PERIOD_LABELS["month"])
    rendered = _rendered(message)
    assert "Glute board" in rendered
    assert "Breaks done this month" in rendered
    assert "Glute board" in message["text"]


def test_board_shows_the_tie_rule_in_a_context_block() -> None:
    contexts = [b for b in _board()["blocks"] if isinstance(b, ContextBlock)]
    assert any(TIE_RULE in json.dumps(c.to_dict()) for c in contexts)


def test_empty_board_invites_people_to_start() -> None:
    message = _board(rows=[])
    rendered = _rendered(message)
    assert "No breaks done yet this week. Be the first: `/glutes on`." in rendered
    assert "No breaks done yet" in message["text"]
    assert TIE_RULE in rendered


def test_no_share_button_unless_shareable() -> None:
    assert _actions(_board(shareable=False)) == []
    assert ACTION_SHARE_BOARD not in _rendered(_board(shareable=False))


def test_share_button_carries_the_share_value() -> None:
    message = _board(shareable=True, share_value="week:2026-W48")
    _rendered(message)
    (actions,) = _actions(message)
    (button,) = actions.elements
    assert button.action_id == ACTION_SHARE_BOARD
    assert button.text.text == "Share in channel"
    assert button.value == "week:2026-W48"


def test_asker_row_follows_a_divider() -> None:
    message = _board(asker_row=Ranked(14, "U9", 2, 0))
    blocks = message["blocks"]
    _dicts(blocks)
    you = next(
        i for i, b in enumerate(blocks) if isinstance(b, SectionBlock) and b.text.text.startswith("You:")
    )
    assert isinstance(blocks[you - 1], DividerBlock)
    assert blocks[you].text.text == "You: 14. <@U9> — 2 breaks"


def test_no_you_line_without_an_asker_row() -> None:
    assert "You:" not in _rendered(_board())


def test_a_huge_board_stays_inside_slack_limits() -> None:
    rows = rank(Entry(f"U{i:05d}", done=1000 - i, streak=i % 30) for i in range(400))
    message = _board(rows=rows, asker_row=rows[-1], shareable=True, share_value="x")
    dicts = _dicts(message["blocks"])
    assert all(len(d.get("text", {}).get("text", "")) <= 3000 for d in dicts)
    assert "more." in json.dumps(dicts)


def test_weekly_post_shows_the_top_ten_and_a_nudge_without_buttons() -> None:
    rows = rank(Entry(f"U{i:02d}", done=30 - i, streak=0) for i in range(12))
    message = weekly_post(week_label="Nov 23 – Nov 29", rows=rows)
    rendered = _rendered(message)
    assert "This week's glute board" in rendered
    assert "Nov 23 – Nov 29" in rendered
    for i in range(10):
        assert f"<@U{i:02d}>" in rendered
    assert "<@U10>" not in rendered and "<@U11>" not in rendered
    assert "`/glutes on`" in rendered
    assert TIE_RULE in rendered
    assert _actions(message) == []
    assert "<@U00>" in message["text"]


def test_weekly_post_with_nobody_on_it() -> None:
    message = weekly_post(week_label="Nov 23 – Nov 29", rows=[])
    rendered = _rendered(message)
    assert "Nobody logged a break this week" in rendered
    assert "`/glutes on`" in rendered
