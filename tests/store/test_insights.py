"""The workspace's day counters, moved by the Done script itself: people counted once per day and per week
whatever the number of Dones or clicks, by the week they started; a person's Done hours expire."""

from __future__ import annotations

from datetime import date

from slackapp.store import cards, insights, keys
from tests.conftest import record_done


def a_done(store, user_id: str, day: date, *, hour: int = 10, clicks: int = 1) -> None:
    record_done(store, user_id, day, hour=hour, clicks=clicks)


def day_counts(store, day: date) -> dict[str, str]:
    return store.hgetall(keys.insights_day("T1", day.isoformat()))


def test_a_person_counts_once_a_day_and_once_a_week(store):
    tue, wed, next_mon = date(2026, 12, 1), date(2026, 12, 2), date(2026, 12, 7)
    a_done(store, "U1", tue, clicks=3)  # a triple click is one Done
    a_done(store, "U1", tue)
    a_done(store, "U1", wed)
    a_done(store, "U1", next_mon)
    assert day_counts(store, tue) == {"done": "2", "active": "1", "week_active": "1", "from:earlier": "1"}
    assert day_counts(store, wed) == {"done": "1", "active": "1"}  # already active that week
    assert day_counts(store, next_mon)["week_active"] == "1"  # a new week counts them again


def test_the_week_crossing_a_new_year_still_sees_its_earlier_days(store):
    a_done(store, "U1", date(2026, 12, 31))  # a Thursday; Monday 4 Jan starts the next week
    a_done(store, "U1", date(2027, 1, 2))  # Saturday of the same ISO week
    assert "week_active" not in day_counts(store, date(2027, 1, 2))


def test_cohorts_come_from_the_week_a_person_started(store):
    start = date(2026, 11, 18)  # a Wednesday: the week of Monday 16 Nov
    assert insights.mark_started(store, team_id="T1", user_id="U1", day=start) is True
    assert insights.mark_started(store, team_id="T1", user_id="U1", day=date(2026, 11, 25)) is False
    a_done(store, "U1", date(2026, 12, 1))
    assert day_counts(store, start)["started"] == "1"
    assert day_counts(store, date(2026, 12, 1))["from:2026-11-16"] == "1"
    [week] = insights.weeks(store, team_id="T1", mondays=[date(2026, 11, 30)])
    assert week.active == 1 and week.active_from == {"2026-11-16": 1}


def test_counters_hold_no_person_and_expire(store):
    a_done(store, "U1", date(2026, 12, 1), hour=9)
    day_key = keys.insights_day("T1", "2026-12-01")
    assert "U1" not in str(store.hgetall(day_key))
    assert 0 < store.ttl(day_key) <= insights.COUNTER_TTL_SECONDS
    hours_key = keys.done_hours("T1", "U1")
    assert insights.done_hours(store, team_id="T1", user_id="U1") == {9: 1}
    assert 0 < store.ttl(hours_key) <= insights.PERSONAL_TTL_SECONDS


def test_a_skip_moves_no_counter(store):
    break_id = "42"
    cards.save(
        store,
        team_id="T1",
        user_id="U1",
        break_id=break_id,
        exercise="bridge",
        local_date="2026-12-01",
        channel="D1",
        ts="1.1",
    )
    cards.record_outcome(
        store, team_id="T1", user_id="U1", break_id=break_id, outcome="skipped", local_date="2026-12-01"
    )
    assert day_counts(store, date(2026, 12, 1)) == {}
    assert store.exists(keys.done_hours("T1", "U1")) == 0
