"""Tests for leaderboard ranking, board periods and the automatic post times."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from slackapp.domain.ranking import (
    TIE_RULE,
    Entry,
    Ranked,
    month_key,
    next_daily_post,
    next_weekly_post,
    period_start,
    rank,
    top_with_asker,
    week_key,
)

FRIDAY = 4
FOUR_PM = 16 * 60
BERLIN = "Europe/Berlin"


def _utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


# --- rank ---------------------------------------------------------------------------------------------------


def test_rank_shares_ranks_on_equal_done_and_skips_after_a_tie() -> None:
    rows = rank(
        [
            Entry("UD", done=1, streak=9),
            Entry("UB", done=3, streak=2),
            Entry("UA", done=5, streak=0),
            Entry("UC", done=3, streak=4),
        ]
    )
    assert [(r.rank, r.user_id) for r in rows] == [(1, "UA"), (2, "UC"), (2, "UB"), (4, "UD")]


def test_rank_keeps_the_numbers_on_each_row() -> None:
    assert rank([Entry("U1", done=7, streak=3)]) == [Ranked(rank=1, user_id="U1", done=7, streak=3)]


def test_rank_drops_people_with_no_done() -> None:
    rows = rank([Entry("U1", 2, 1), Entry("U0", 0, 5), Entry("U2", 1, 0)])
    assert [r.user_id for r in rows] == ["U1", "U2"]


def test_rank_of_nobody_is_empty() -> None:
    assert rank([]) == []
    assert rank([Entry("U0", 0, 0)]) == []


def test_streak_orders_ties_but_never_changes_the_rank() -> None:
    rows = rank([Entry("U1", 4, 0), Entry("U2", 4, 10), Entry("U3", 4, 5)])
    assert [r.user_id for r in rows] == ["U2", "U3", "U1"]
    assert [r.rank for r in rows] == [1, 1, 1]


def test_full_ties_list_by_user_id_whatever_the_input_order() -> None:
    entries = [Entry("UZ", 2, 1), Entry("UA", 2, 1), Entry("UM", 2, 1)]
    assert [r.user_id for r in rank(entries)] == ["UA", "UM", "UZ"]
    assert rank(entries) == rank(reversed(entries))


def test_tie_rule_is_one_sentence_about_ties_and_streaks() -> None:
    assert "Ties share a rank" in TIE_RULE
    assert "streak" in TIE_RULE
    assert TIE_RULE.endswith(".")


# --- top_with_asker -----------------------------------------------------------------------------------------


def _twelve() -> list[Ranked]:
    return rank(Entry(f"U{i:02d}", done=100 - i, streak=0) for i in range(12))


def test_top_with_asker_adds_the_asker_when_outside_the_top() -> None:
    shown, mine = top_with_asker(_twelve(), "U11")
    assert [r.user_id for r in shown] == [f"U{i:02d}" for i in range(10)]
    assert mine == Ranked(rank=12, user_id="U11", done=89, streak=0)


def test_top_with_asker_gives_none_when_the_asker_is_shown() -> None:
    shown, mine = top_with_asker(_twelve(), "U09")
    assert len(shown) == 10
    assert mine is None


def test_top_with_asker_gives_none_for_someone_unranked() -> None:
    assert top_with_asker(_twelve(), "UNOBODY")[1] is None


def test_top_with_asker_respects_a_smaller_top() -> None:
    shown, mine = top_with_asker(_twelve(), "U03", top=3)
    assert [r.user_id for r in shown] == ["U00", "U01", "U02"]
    assert mine is not None and mine.rank == 4


def test_top_with_asker_on_a_short_board() -> None:
    rows = rank([Entry("U1", 1, 0)])
    assert top_with_asker(rows, "U1") == (rows, None)


# --- period_start -------------------------------------------------------------------------------------------


def test_all_time_has_no_start() -> None:
    assert period_start("all", _utc(2026, 11, 25, 12), BERLIN) is None


def test_week_starts_on_the_local_monday() -> None:
    # Wednesday 2026-11-25.
    assert period_start("week", _utc(2026, 11, 25, 12), BERLIN) == date(2026, 11, 23)


def test_week_start_follows_a_far_east_zone_past_midnight() -> None:
    # Sunday 10:30 UTC is already Monday 00:30 in Kiritimati (UTC+14), so a new week has begun there.
    now = _utc(2026, 11, 29, 10, 30)
    assert period_start("week", now, "Pacific/Kiritimati") == date(2026, 11, 30)
    assert period_start("week", now, "UTC") == date(2026, 11, 23)


def test_month_start_follows_a_far_west_zone_before_midnight() -> None:
    # 1 Dec 05:00 UTC is still 30 Nov 18:00 in Pago Pago (UTC-11).
    now = _utc(2026, 12, 1, 5)
    assert period_start("month", now, "Pacific/Pago_Pago") == date(2026, 11, 1)
    assert period_start("month", now, "UTC") == date(2026, 12, 1)


def test_week_start_around_the_autumn_dst_change() -> None:
    # Berlin leaves summer time on Sunday 2026-10-25; afterwards it is UTC+1.
    assert period_start("week", _utc(2026, 10, 25, 22, 30), BERLIN) == date(2026, 10, 19)  # Sun 23:30
    assert period_start("week", _utc(2026, 10, 25, 23, 30), BERLIN) == date(2026, 10, 26)  # Mon 00:30


def test_period_start_refuses_naive_times_and_unknown_periods() -> None:
    with pytest.raises(ValueError):
        period_start("week", datetime(2026, 11, 25, 12), BERLIN)
    with pytest.raises(ValueError):
        period_start("year", _utc(2026, 11, 25), BERLIN)  # type: ignore[arg-type]


# --- keys ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "key"),
    [
        (date(2026, 11, 25), "2026-W48"),
        (date(2026, 11, 23), "2026-W48"),
        (date(2026, 11, 29), "2026-W48"),
        (date(2026, 11, 30), "2026-W49"),
        (date(2026, 1, 5), "2026-W02"),
        # 1 Jan 2027 is a Friday, so it belongs to the last ISO week of 2026.
        (date(2027, 1, 1), "2026-W53"),
    ],
)
def test_week_key(day: date, key: str) -> None:
    assert week_key(day) == key


def test_month_key() -> None:
    assert month_key(date(2026, 11, 30)) == "2026-11"
    assert month_key(date(2027, 1, 1)) == "2027-01"


# --- next_weekly_post ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        # Wednesday: this Friday 16:00 CET.
        (_utc(2026, 11, 25, 12), _utc(2026, 11, 27, 15)),
        # A second before the post.
        (_utc(2026, 11, 27, 14, 59, 59), _utc(2026, 11, 27, 15)),
        # Exactly at the post time: strictly after means next week.
        (_utc(2026, 11, 27, 15), _utc(2026, 12, 4, 15)),
        # Friday evening and Saturday: next week.
        (_utc(2026, 11, 27, 19), _utc(2026, 12, 4, 15)),
        (_utc(2026, 11, 28, 9), _utc(2026, 12, 4, 15)),
    ],
)
def test_next_weekly_post_friday_4pm_berlin(now: datetime, expected: datetime) -> None:
    got = next_weekly_post(now, BERLIN, FRIDAY, FOUR_PM)
    assert got == expected
    assert got.tzinfo == UTC


def test_next_weekly_post_across_autumn_dst() -> None:
    # Friday 2026-10-23 is summer time (16:00 = 14:00 UTC); the next Friday is winter time (15:00 UTC).
    assert next_weekly_post(_utc(2026, 10, 23, 10), BERLIN, FRIDAY, FOUR_PM) == _utc(2026, 10, 23, 14)
    assert next_weekly_post(_utc(2026, 10, 23, 14), BERLIN, FRIDAY, FOUR_PM) == _utc(2026, 10, 30, 15)


def test_next_weekly_post_across_spring_dst() -> None:
    # Berlin starts summer time on Sunday 2026-03-29.
    assert next_weekly_post(_utc(2026, 3, 27, 16), BERLIN, FRIDAY, FOUR_PM) == _utc(2026, 4, 3, 14)


def test_next_weekly_post_uses_the_local_weekday_in_a_far_zone() -> None:
    # Thursday 20:00 UTC is already Friday 10:00 in Kiritimati, so today's 16:00 there is still ahead.
    got = next_weekly_post(_utc(2026, 11, 26, 20), "Pacific/Kiritimati", FRIDAY, FOUR_PM)
    assert got == _utc(2026, 11, 27, 2)


def test_next_weekly_post_accepts_any_aware_now() -> None:
    now = _utc(2026, 11, 27, 15).astimezone(timezone(timedelta(hours=-5)))
    assert next_weekly_post(now, BERLIN, FRIDAY, FOUR_PM) == _utc(2026, 12, 4, 15)


@pytest.mark.parametrize(("weekday", "minute"), [(-1, 0), (7, 0), (4, -1), (4, 1440)])
def test_next_weekly_post_refuses_bad_arguments(weekday: int, minute: int) -> None:
    with pytest.raises(ValueError):
        next_weekly_post(_utc(2026, 11, 25), BERLIN, weekday, minute)


def test_next_weekly_post_refuses_a_naive_now() -> None:
    with pytest.raises(ValueError):
        next_weekly_post(datetime(2026, 11, 25), BERLIN, FRIDAY, FOUR_PM)


# --- next_daily_post ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (_utc(2026, 11, 25, 7, 59), _utc(2026, 11, 25, 8)),  # 08:59 local
        (_utc(2026, 11, 25, 8), _utc(2026, 11, 26, 8)),  # exactly 09:00 local
        (_utc(2026, 11, 25, 22), _utc(2026, 11, 26, 8)),  # 23:00 local
        (_utc(2026, 11, 25, 23, 30), _utc(2026, 11, 26, 8)),  # 00:30 local on the 26th
    ],
)
def test_next_daily_post_9am_berlin(now: datetime, expected: datetime) -> None:
    assert next_daily_post(now, BERLIN, 9 * 60) == expected


def test_next_daily_post_across_dst_keeps_the_local_time() -> None:
    # 09:00 on the Saturday before the spring change is 08:00 UTC, on the Sunday after it is 07:00 UTC.
    assert next_daily_post(_utc(2026, 3, 28, 9), BERLIN, 9 * 60) == _utc(2026, 3, 29, 7)


def test_next_daily_post_in_the_spring_gap_moves_forward() -> None:
    # 02:30 does not exist in Berlin on 2026-03-29; it lands at 03:30 summer time, which is 01:30 UTC.
    got = next_daily_post(_utc(2026, 3, 28, 23), BERLIN, 2 * 60 + 30)
    assert got == _utc(2026, 3, 29, 1, 30)


def test_next_daily_post_is_always_within_a_day_and_after_now() -> None:
    start = _utc(2026, 3, 27)
    for hour in range(0, 24 * 4, 5):
        now = start + timedelta(hours=hour)
        got = next_daily_post(now, BERLIN, 2 * 60 + 30)
        assert now < got <= now + timedelta(days=1)


def test_unknown_zone_falls_back_to_utc() -> None:
    assert next_daily_post(_utc(2026, 11, 25, 10), "Mars/Olympus", 12 * 60) == _utc(2026, 11, 25, 12)
