from __future__ import annotations

from datetime import date, timedelta

from slackapp.store import cards, keys, people, stats


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


def _card(r, user_id, day, break_id, outcome=None, score_keys=()):
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
    if outcome:
        cards.record_outcome(
            r,
            team_id="T1",
            user_id=user_id,
            break_id=break_id,
            outcome=outcome,
            local_date=day.isoformat(),
            score_keys=score_keys,
        )


def test_a_year_of_history_is_exact_and_takes_a_few_hundred_bytes(store):
    # Every work day of 2026: 8 cards, 6 of them done, 1 skipped; a card on New Year's Eve 2025 answered
    # after the 2026 history began; a card-only day (nothing done) still counts as a day with a card.
    start, expected, sent = date(2026, 1, 1), {}, set()
    for offset in range(365):
        day = start + timedelta(days=offset)
        if day.weekday() >= 5:
            continue
        for n in range(8):
            _card(store, "U1", day, f"{day}-{n}", "done" if n < 6 else "skipped" if n == 6 else None)
        expected[day], sent = 6, sent | {day}
    _card(store, "U1", date(2026, 12, 31), "nye-2026")  # a Thursday: card only
    _card(store, "U1", date(2025, 12, 31), "nye-2025", "done")
    expected[date(2025, 12, 31)] = 1
    sent |= {date(2025, 12, 31), date(2026, 12, 31)}

    assert stats.done_by_day(store, team_id="T1", user_id="U1") == expected
    assert stats.sent_days(store, team_id="T1", user_id="U1") == sent
    assert stats.skipped_on(store, team_id="T1", user_id="U1", day=date(2026, 3, 2)) == 1
    assert stats.skipped_on(store, team_id="T1", user_id="U1", day=date(2026, 3, 7)) == 0
    # Two years' blocks of 366 characters and their key: two hashes of dates took about 7 KB a year.
    assert store.memory_usage(keys.days("T1", "U1")) <= 2 * 366 + 120


def test_history_written_before_the_day_strings_is_still_counted(store):
    day = date(2026, 11, 25)
    store.hset(keys.done_days("T1", "U1"), mapping={day.isoformat(): 2, "2026-11-24": 1})
    store.hset(keys.sent_days("T1", "U1"), mapping={day.isoformat(): 3, "2026-11-24": 1})
    store.hset(keys.skipped_days("T1", "U1"), day.isoformat(), 1)
    _card(store, "U1", day, "a", "done")
    _card(store, "U1", day, "b", "skipped")

    assert stats.done_by_day(store, team_id="T1", user_id="U1") == {day: 3, date(2026, 11, 24): 1}
    assert stats.sent_days(store, team_id="T1", user_id="U1") == {day, date(2026, 11, 24)}
    assert stats.skipped_on(store, team_id="T1", user_id="U1", day=day) == 2


def test_a_day_counts_at_most_126_dones_and_never_wraps(store):
    day = date(2026, 11, 25)
    for n in range(130):
        _card(store, "U1", day, f"b{n}", "done")
    assert stats.done_by_day(store, team_id="T1", user_id="U1") == {day: 126}
