from __future__ import annotations

from datetime import date

from slackapp.store import boards, cards, stats

DAY = date(2026, 11, 25)
BOARDS = boards.board_keys("T1", DAY)


def _save(r, break_id="b1", **kw):
    cards.save(
        r,
        team_id="T1",
        user_id="U1",
        break_id=break_id,
        exercise="bridge",
        local_date=DAY.isoformat(),
        channel="D1",
        ts="1.1",
        **kw,
    )


def _record(r, outcome, break_id="b1"):
    return cards.record_outcome(
        r,
        team_id="T1",
        user_id="U1",
        break_id=break_id,
        outcome=outcome,
        local_date=DAY.isoformat(),
        score_keys=BOARDS,
    )


def test_a_done_clicked_many_times_at_once_counts_once_everywhere(store, together):
    _save(store)
    answers = together(8, lambda r, i: _record(r, "done"))
    assert answers.count("ok") == 1
    assert set(answers) - {"ok"} == {"already:done"}
    assert stats.done_on(store, team_id="T1", user_id="U1", day=DAY) == 1
    for period in boards.period_keys(DAY):
        assert boards.score_of(store, team_id="T1", period_key=period, user_id="U1") == 1


def test_the_first_outcome_stands_and_only_a_done_scores(store):
    _save(store)
    assert _record(store, "skipped") == "ok"
    assert _record(store, "done") == "already:skipped"
    assert stats.skipped_on(store, team_id="T1", user_id="U1", day=DAY) == 1
    assert stats.done_on(store, team_id="T1", user_id="U1", day=DAY) == 0
    assert boards.scores(store, team_id="T1", period_key="all") == []
    assert cards.get(store, team_id="T1", user_id="U1", break_id="b1").outcome == "skipped"


def test_an_unknown_card_records_nothing(store):
    assert _record(store, "done", break_id="nope") == "missing"
    assert stats.done_by_day(store, team_id="T1", user_id="U1") == {}


def test_a_saved_card_reads_back_and_can_join_a_pipeline(store):
    pipe = store.pipeline(transaction=True)
    _save(store, pipeline=pipe)
    assert cards.get(store, team_id="T1", user_id="U1", break_id="b1") is None
    pipe.execute()
    card = cards.get(store, team_id="T1", user_id="U1", break_id="b1")
    assert card == cards.Card("b1", "bridge", DAY.isoformat(), "D1", "1.1", None)


def test_each_saved_card_is_tallied_on_its_day(store):
    assert stats.sent_days(store, team_id="T1", user_id="U1") == set()
    _save(store, "b1")
    _save(store, "b2")
    assert stats.sent_days(store, team_id="T1", user_id="U1") == {DAY}
    [found] = stats.streak_inputs(store, team_id="T1", user_ids=["U1"]).values()
    assert found.sent_days == [DAY]
