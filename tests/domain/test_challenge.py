"""Tests for reading `/glutes challenge start`, challenge dates and the podium."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from slackapp.domain.challenge import (
    DEFAULT_TITLE,
    MAX_DAYS,
    Challenge,
    ChallengeSpec,
    day_number,
    has_ended,
    is_running,
    length_days,
    parse_start,
    plan,
    podium,
)
from slackapp.domain.errors import InputError
from slackapp.domain.ranking import Entry, rank

NOV_25 = date(2026, 11, 25)
EXAMPLE = "/glutes challenge start 14 Spring Glute Reset"


def _challenge(days: int = 14, today: date = NOV_25) -> Challenge:
    return plan(
        ChallengeSpec(days, "Spring Glute Reset"),
        challenge_id="ch1",
        channel_id="C1",
        started_by="U1",
        today=today,
    )


# --- parse_start --------------------------------------------------------------------------------------------


def test_parse_days_and_title() -> None:
    assert parse_start("14 Spring Glute Reset") == ChallengeSpec(days=14, title="Spring Glute Reset")


def test_parse_days_alone_gets_the_default_title() -> None:
    assert parse_start("7") == ChallengeSpec(days=7, title=DEFAULT_TITLE)
    assert parse_start("  7   ") == ChallengeSpec(days=7, title=DEFAULT_TITLE)


def test_parse_accepts_the_range_ends() -> None:
    assert parse_start("1 Quick one").days == 1
    assert parse_start(f"{MAX_DAYS}").days == 90


def test_parse_squeezes_whitespace_in_the_title() -> None:
    assert parse_start("10   Sit \t less ").title == "Sit less"


def test_parse_strips_angle_brackets_so_the_title_cannot_mention_or_link() -> None:
    title = parse_start("5 <!channel> Reset & go <@U123>").title
    assert "<" not in title and ">" not in title
    assert "&" in title
    assert title.startswith("!channel Reset & go")


def test_parse_trims_long_titles_to_80_characters() -> None:
    title = parse_start("5 " + "Glutes " * 40).title
    assert len(title) <= 80
    assert title.startswith("Glutes Glutes")
    assert not title.endswith(" ")


def test_parse_title_of_only_brackets_falls_back_to_the_default() -> None:
    assert parse_start("5 <> <<>>").title == DEFAULT_TITLE


@pytest.mark.parametrize("args", ["", "   ", "abc", "fourteen days", "-3", "+5", "1.5", "14d Reset", "٣"])
def test_parse_refuses_missing_or_non_number_days_with_an_example(args: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_start(args)
    assert EXAMPLE in caught.value.message


@pytest.mark.parametrize("args", ["0", "91", "365 Year of glutes", "99999999999999999999"])
def test_parse_refuses_days_out_of_range(args: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_start(args)
    assert "1 to 90 days" in caught.value.message
    assert EXAMPLE in caught.value.message


# --- plan and dates -----------------------------------------------------------------------------------------


def test_plan_starts_today_and_ends_after_the_given_days() -> None:
    ch = _challenge(14)
    assert ch == Challenge(
        challenge_id="ch1",
        channel_id="C1",
        title="Spring Glute Reset",
        started_by="U1",
        starts_on=NOV_25,
        ends_on=date(2026, 12, 8),
    )
    assert length_days(ch) == 14


def test_one_day_challenge_ends_the_day_it_starts() -> None:
    ch = _challenge(1)
    assert ch.ends_on == NOV_25
    assert length_days(ch) == 1


def test_plan_refuses_days_out_of_range() -> None:
    with pytest.raises(ValueError):
        _challenge(0)


def test_a_challenge_cannot_end_before_it_starts() -> None:
    with pytest.raises(ValueError):
        Challenge("c", "C", "t", "U", starts_on=NOV_25, ends_on=date(2026, 11, 24))


@pytest.mark.parametrize(
    ("today", "running", "ended"),
    [
        (date(2026, 11, 24), False, False),
        (NOV_25, True, False),
        (date(2026, 12, 1), True, False),
        (date(2026, 12, 8), True, False),
        (date(2026, 12, 9), False, True),
    ],
)
def test_running_and_ended_by_date(today: date, running: bool, ended: bool) -> None:
    ch = _challenge(14)
    assert is_running(ch, today) is running
    assert has_ended(ch, today) is ended


def test_a_stopped_challenge_has_ended_and_is_not_running() -> None:
    ch = replace(_challenge(14), stopped=True)
    assert is_running(ch, date(2026, 11, 27)) is False
    assert has_ended(ch, date(2026, 11, 27)) is True


@pytest.mark.parametrize(
    ("today", "number"),
    [
        (NOV_25, 1),
        (date(2026, 11, 27), 3),
        (date(2026, 12, 8), 14),
        (date(2026, 12, 20), 14),
        (date(2026, 11, 1), 1),
    ],
)
def test_day_number_is_one_based_and_held_within_the_challenge(today: date, number: int) -> None:
    assert day_number(_challenge(14), today) == number


# --- podium -------------------------------------------------------------------------------------------------


def test_podium_is_the_top_three_ranks() -> None:
    rows = rank([Entry("UA", 9, 0), Entry("UB", 7, 0), Entry("UC", 5, 0), Entry("UD", 2, 0)])
    assert [r.user_id for r in podium(rows)] == ["UA", "UB", "UC"]


def test_podium_includes_everyone_tied_for_third() -> None:
    rows = rank(
        [Entry("UA", 9, 0), Entry("UB", 7, 0), Entry("UC", 5, 1), Entry("UD", 5, 0), Entry("UE", 1, 0)]
    )
    assert [(r.rank, r.user_id) for r in podium(rows)] == [(1, "UA"), (2, "UB"), (3, "UC"), (3, "UD")]


def test_podium_skips_the_rank_after_a_tie_for_second() -> None:
    # 1, 2, 2, 4: the fourth person is not on the podium even though only three ranks were used.
    rows = rank([Entry("UA", 9, 0), Entry("UB", 7, 0), Entry("UC", 7, 0), Entry("UD", 5, 0)])
    assert [r.user_id for r in podium(rows)] == ["UA", "UB", "UC"]


def test_podium_of_an_empty_board_is_empty() -> None:
    assert podium([]) == []


def test_the_title_keeps_no_invisible_or_direction_changing_characters() -> None:
    assert parse_start("7 Spring\u202e Reset\u200f").title == "Spring Reset"
    assert parse_start("7 \u200b\u200e\u2066").title == DEFAULT_TITLE  # nothing visible: the default
    assert (
        parse_start("7 Team \U0001f469\u200d\U0001f4bb").title == "Team \U0001f469\u200d\U0001f4bb"
    )  # emoji join
    assert parse_start("7 a\u200db").title == "a\u200db"
    assert parse_start("7 \u200d").title == DEFAULT_TITLE
