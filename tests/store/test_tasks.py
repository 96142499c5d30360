from __future__ import annotations

from slackapp.store import due, tasks


def test_a_task_is_scheduled_moved_and_cancelled(store):
    tasks.schedule(store, team_id="T1", task=tasks.WEEKLY_BOARD, due_ms=100)
    tasks.schedule(store, team_id="T1", task=tasks.WEEKLY_BOARD, due_ms=200)
    assert tasks.due_ms(store, team_id="T1", task=tasks.WEEKLY_BOARD) == 200
    assert due.teams(store) == ["T1"]
    tasks.cancel(store, team_id="T1", task=tasks.WEEKLY_BOARD)
    assert tasks.due_ms(store, team_id="T1", task=tasks.WEEKLY_BOARD) is None


def test_scheduling_and_cancelling_join_a_callers_pipeline(store):
    tasks.schedule(store, team_id="T1", task=tasks.PURGE, due_ms=1)
    pipe = store.pipeline(transaction=True)
    tasks.cancel(store, team_id="T1", task=tasks.PURGE, pipeline=pipe)
    tasks.schedule(store, team_id="T1", task=tasks.standings_task("c1"), due_ms=5, pipeline=pipe)
    assert tasks.due_ms(store, team_id="T1", task=tasks.PURGE) == 1
    pipe.execute()
    assert tasks.due_ms(store, team_id="T1", task=tasks.PURGE) is None
    assert tasks.due_ms(store, team_id="T1", task="standings:c1") == 5
