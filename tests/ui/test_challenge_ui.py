"""Tests for the channel challenge messages."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

from slack_sdk.models.blocks import ActionsBlock, Block, ButtonElement

from slackapp.domain.challenge import ChallengeSpec, plan
from slackapp.domain.ranking import TIE_RULE, Entry, rank
from slackapp.ids import ACTION_CHALLENGE_JOIN, ACTION_TEAM_BREAK_JOIN
from slackapp.ui.challenge import (
    announcement,
    joined_reply,
    short_date,
    standings,
    team_break,
    team_break_count_line,
)
from slackapp.ui.wording import NOT_MEDICAL_ADVICE

NOV_25 = date(2026, 11, 25)
CH = plan(
    ChallengeSpec(14, "Spring Glute Reset"),
    challenge_id="chal-42",
    channel_id="C1",
    started_by="U0",
    today=NOV_25,
)


def _dicts(blocks: list[Block]) -> list[dict]:
    """Validate every block the way the Slack SDK does before sending, and return the JSON form."""
    assert 0 < len(blocks) <= 50
    for block in blocks:
        block.validate_json()
    return [block.to_dict() for block in blocks]


def _rendered(message: dict) -> str:
    return json.dumps(_dicts(message["blocks"]), ensure_ascii=False)


def _buttons(message: dict) -> list[ButtonElement]:
    return [e for b in message["blocks"] if isinstance(b, ActionsBlock) for e in b.elements]


def test_short_date() -> None:
    assert short_date(date(2026, 12, 8)) == "Dec 8"


def test_announcement_names_title_dates_starter_and_rules() -> None:
    message = announcement(CH)
    rendered = _rendered(message)
    assert "Spring Glute Reset" in rendered
    assert "Nov 25 – Dec 8" in rendered
    assert "<@U0>" in rendered
    assert "14-day" in rendered
    assert "counts one point" in rendered
    assert "every day" in rendered
    assert "top three" in rendered
    assert "turns on your break reminders" in rendered
    assert NOT_MEDICAL_ADVICE in rendered
    assert "Spring Glute Reset" in message["text"] and "Nov 25 – Dec 8" in message["text"]


def test_announcement_join_button_carries_the_challenge_id() -> None:
    (button,) = _buttons(announcement(CH))
    assert button.action_id == ACTION_CHALLENGE_JOIN
    assert button.value == "chal-42"
    assert button.style == "primary"
    assert "Join" in button.text.text


def test_announcement_uses_a_given_date_label() -> None:
    rendered = _rendered(announcement(CH, date_label=lambda d: d.isoformat()))
    assert "2026-11-25 – 2026-12-08" in rendered


def test_one_day_announcement_shows_one_date() -> None:
    one_day = plan(ChallengeSpec(1, "Quick"), challenge_id="c", channel_id="C", started_by="U", today=NOV_25)
    rendered = _rendered(announcement(one_day))
    assert "Nov 25" in rendered
    assert " – " not in rendered
    assert "1-day" in rendered


def test_ampersand_in_a_title_is_escaped_in_mrkdwn() -> None:
    message = announcement(replace(CH, title="Sit & Lift"))
    rendered = _rendered(message)
    assert "*Sit &amp; Lift*" in rendered
    assert "Sit &amp; Lift" in message["text"]


def test_joined_reply_when_reminders_were_turned_on() -> None:
    text = joined_reply(CH, turned_on=True, already=False)
    assert "You're in" in text and "Spring Glute Reset" in text
    assert "Dec 8" in text
    assert "turned your break reminders on" in text


def test_joined_reply_when_reminders_were_already_on() -> None:
    text = joined_reply(CH, turned_on=False, already=False)
    assert "You're in" in text
    assert "turned" not in text


def test_joined_reply_when_already_in() -> None:
    text = joined_reply(CH, turned_on=False, already=True)
    assert "already in" in text
    assert "You're in" not in text


def _board_rows():
    return rank(
        [
            Entry("UA", 20, 3),
            Entry("UB", 15, 2),
            Entry("UC", 9, 4),
            Entry("UD", 9, 1),
            Entry("UE", 4, 0),
        ]
    )


def test_daily_standings_show_the_day_rows_and_channel_total() -> None:
    message = standings(CH, _board_rows(), today=date(2026, 11, 27), channel_total=57)
    rendered = _rendered(message)
    assert "Day 3 of 14" in rendered
    for user in ("<@UA>", "<@UB>", "<@UC>", "<@UD>", "<@UE>"):
        assert user in rendered
    assert "57 breaks" in rendered
    assert TIE_RULE in rendered
    assert "Day 3 of 14" in message["text"]
    (button,) = _buttons(message)
    assert button.action_id == ACTION_CHALLENGE_JOIN and button.value == "chal-42"


def test_daily_standings_list_at_most_ten() -> None:
    rows = rank(Entry(f"U{i:02d}", 50 - i, 0) for i in range(15))
    rendered = _rendered(standings(CH, rows, today=NOV_25, channel_total=600))
    assert "<@U09>" in rendered
    assert "<@U10>" not in rendered


def test_daily_standings_with_no_points_yet() -> None:
    rendered = _rendered(standings(CH, [], today=NOV_25, channel_total=1))
    assert "Day 1 of 14" in rendered
    assert "No points yet" in rendered
    assert "1 break so far" in rendered


def test_final_standings_name_the_podium_with_ties_and_the_total() -> None:
    message = standings(CH, _board_rows(), today=date(2026, 12, 9), channel_total=57, final=True)
    rendered = _rendered(message)
    assert "final results" in rendered
    for user in ("<@UA>", "<@UB>", "<@UC>", "<@UD>"):
        assert user in rendered
        assert user in message["text"]
    assert "<@UE>" not in rendered  # fourth rank is not on the podium
    assert ":first_place_medal: 1. <@UA>" in rendered
    assert ":third_place_medal: 3. <@UC>" in rendered and ":third_place_medal: 3. <@UD>" in rendered
    assert "*57 breaks*" in rendered
    assert "14 days" in rendered
    assert "Thanks" in rendered
    assert _buttons(message) == []


def test_final_standings_when_nobody_moved() -> None:
    message = standings(CH, [], today=date(2026, 12, 9), channel_total=0, final=True)
    rendered = _rendered(message)
    assert "Nobody logged a break" in rendered
    assert "0 breaks" in rendered
    assert "Thanks" in rendered


def test_team_break_has_the_move_an_i_did_it_and_an_it_hurts_button() -> None:
    message = team_break(CH, exercise_name="Glute bridges", how="Lie on your back and lift your hips.")
    rendered = _rendered(message)
    assert "Team break now!" in rendered
    assert "*Glute bridges*" in rendered
    assert "Lie on your back and lift your hips." in rendered
    assert "Spring Glute Reset" in rendered
    assert NOT_MEDICAL_ADVICE in rendered
    (button, hurts) = _buttons(message)
    assert button.action_id == ACTION_TEAM_BREAK_JOIN
    assert button.text.text == "I did it"
    assert button.value == "chal-42"
    assert hurts.action_id == "team_break_hurts" and hurts.text.text == ":raised_hand: It hurts"
    assert "Glute bridges" in message["text"]


def test_team_break_count_line_counts_people() -> None:
    assert "Be the first" in team_break_count_line(0)
    assert "1 person has" in team_break_count_line(1)
    assert "7 people have" in team_break_count_line(7)


def test_team_break_carries_the_dose_the_squeeze_cue_and_the_stop_line() -> None:
    from slackapp.domain.exercises import LIBRARY
    from slackapp.ui.wording import STOP_IF_IT_HURTS

    for move in LIBRARY:
        message = team_break(CH, exercise_name=move.name, how=move.how, dose=move.dose, cue=move.cue)
        rendered = _rendered(message)
        assert move.dose in rendered and move.cue in rendered
        assert STOP_IF_IT_HURTS in rendered
    # Without a dose or cue (an older caller) the stop line still shows.
    assert STOP_IF_IT_HURTS in _rendered(team_break(CH, exercise_name="Squats", how="Sit back."))


def test_a_team_break_gives_the_seated_version_with_its_dose_and_cue() -> None:
    from slackapp.domain.exercises import by_key, seated_alternative

    move = by_key("squats")
    seated = seated_alternative(move)
    message = team_break(CH, exercise_name=move.name, how=move.how, seated=seated)
    text = json.dumps([b.to_dict() for b in message["blocks"]], ensure_ascii=False)
    for part in (f"Seated version: {seated.name}", seated.dose, seated.cue, seated.how.splitlines()[0]):
        assert part in text
    assert "standing or seated" in text
