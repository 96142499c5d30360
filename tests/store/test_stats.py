from __future__ import annotations

from datetime import date

from slackapp.store import cards, people, stats


def _done(r, user_id, day, break_id):
    cards.save(
        r,
        team_id="T1",
        user_id=user_id,
        break_id=break_id,
        exercise="bridge",
        local_date=day.isoformat(),
        channel="D1",
        ts="1.1",
    )
    cards.record_outcome(
        r, team_id="T1", user_id=user_id, break_id=break_id, outcome="done", local_date=day.isoformat()
    )


def test_done_breaks_are_tallied_by_local_date(store):
    _done(store, "U1", date(2026, 11, 24), "a")
    _done(store, "U1", date(2026, 11, 25), "b")
    _done(store, "U1", date(2026, 11, 25), "c")
    assert stats.done_by_day(store, team_id="T1", user_id="U1") == {
        date(2026, 11, 24): 1,
        date(2026, 11, 25): 2,
    }
    assert stats.done_on(store, team_id="T1", user_id="U1", day=date(2026, 11, 25)) == 2
    assert stats.skipped_on(store, team_id="T1", user_id="U1", day=date(2026, 11, 25)) == 0


def test_streak_inputs_read_a_whole_board_of_people_at_once(store):
    _done(store, "U1", date(2026, 11, 25), "a")
    people.save_rhythm(
        store,
        team_id="T1",
        user_id="U1",
        start_minute=None,
        end_minute=None,
        days=frozenset({0, 1}),
        interval_s=None,
    )
    found = stats.streak_inputs(store, team_id="T1", user_ids=["U1", "U2"])
    day = date(2026, 11, 25)
    assert found["U1"] == stats.StreakInput(frozenset({0, 1}), [day], [day])
    assert found["U2"] == stats.StreakInput(None, [])  # the workspace's days apply
    assert stats.streak_inputs(store, team_id="T1", user_ids=[]) == {}
