from __future__ import annotations

from datetime import date

from slackapp.store import boards, cards

DAY = date(2026, 11, 25)


def _points(r, **done):
    """Each person clicks Done on `count` cards."""
    for user_id, count in done.items():
        for n in range(count):
            cards.save(
                r,
                team_id="T1",
                user_id=user_id,
                break_id=f"b{n}",
                exercise="bridge",
                local_date=DAY.isoformat(),
                channel="D1",
                ts="1.1",
            )
            cards.record_outcome(
                r,
                team_id="T1",
                user_id=user_id,
                break_id=f"b{n}",
                outcome="done",
                local_date=DAY.isoformat(),
                score_keys=boards.board_keys("T1", DAY),
            )


def test_a_done_counts_toward_its_week_its_month_and_all_time():
    assert boards.period_keys(DAY) == ("week:2026-W48", "month:2026-11", "all")


def test_scores_rank_most_first_and_ahead_of_counts_strictly_more(store):
    _points(store, U1=3, U2=1, U3=3, U4=5)
    assert boards.scores(store, team_id="T1", period_key="all")[0] == ("U4", 5)
    assert boards.score_of(store, team_id="T1", period_key="all", user_id="U1") == 3
    assert boards.score_of(store, team_id="T1", period_key="all", user_id="UNONE") == 0
    assert sorted(boards.ahead_of(store, team_id="T1", period_key="all", done=3)) == ["U4"]
    assert sorted(boards.ahead_of(store, team_id="T1", period_key="all", done=1)) == ["U1", "U3", "U4"]


def test_hiding_is_remembered_and_reversible(store):
    assert boards.hide(store, team_id="T1", user_id="U1")
    assert not boards.hide(store, team_id="T1", user_id="U1")
    assert boards.hidden(store, team_id="T1") == {"U1"}
    assert boards.unhide(store, team_id="T1", user_id="U1")
    assert not boards.unhide(store, team_id="T1", user_id="U1")
    assert boards.hidden(store, team_id="T1") == set()


def test_week_and_month_boards_expire_after_their_period_and_the_all_time_board_stays(store):
    _points(store, U1=2, U2=1)
    week, month, everything = boards.board_keys("T1", DAY)  # Wednesday 25 November 2026
    # Monday 30 November starts the next week, 1 December the next month: they go two days after that.
    day_s = 24 * 3600
    assert 7 * day_s - 5 <= store.ttl(week) <= 7 * day_s
    assert 8 * day_s - 5 <= store.ttl(month) <= 8 * day_s
    assert store.ttl(everything) == -1
    # Until then the current period's boards are exact.
    for key in (week, month, everything):
        assert boards.scores(store, team_id="T1", period_key=key.split(":board:")[1]) == [
            ("U1", 2),
            ("U2", 1),
        ]


def test_board_periods_end_where_the_calendar_says():
    assert boards.period_end("week:2026-W53") == date(2027, 1, 4)
    assert boards.period_end("month:2026-12") == date(2027, 1, 1)
    assert boards.period_end("all") is None
    assert boards.ttl_seconds("T1", "glutes:T1:challenge:c1:scores", DAY) == 0
