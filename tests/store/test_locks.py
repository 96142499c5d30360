from __future__ import annotations

import time

from slackapp.store import locks


def test_one_worker_at_a_time_may_send_a_break(store, together):
    taken = together(
        8, lambda r, i: locks.take_send_lock(r, team_id="T1", user_id="U1", break_id="b1", ttl_seconds=30)
    )
    assert taken.count(True) == 1
    assert locks.take_send_lock(store, team_id="T1", user_id="U1", break_id="b2", ttl_seconds=30)
    locks.release_send_lock(store, team_id="T1", user_id="U1", break_id="b1")
    assert locks.take_send_lock(store, team_id="T1", user_id="U1", break_id="b1", ttl_seconds=30)


def test_one_worker_at_a_time_may_run_a_timed_task(store, together):
    taken = together(
        8, lambda r, i: locks.take_task_lock(r, team_id="T1", task="weekly-board", ttl_seconds=30)
    )
    assert taken.count(True) == 1
    assert locks.take_task_lock(store, team_id="T2", task="weekly-board", ttl_seconds=30)
    locks.release_task_lock(store, team_id="T1", task="weekly-board")
    assert locks.take_task_lock(store, team_id="T1", task="weekly-board", ttl_seconds=30)


def test_a_lock_left_by_a_dead_worker_runs_out_by_itself(store):
    # A fraction of a second still holds for Redis' one-second minimum, then lets go.
    assert locks.take_send_lock(store, team_id="T1", user_id="U1", break_id="b1", ttl_seconds=0.2)
    assert not locks.take_send_lock(store, team_id="T1", user_id="U1", break_id="b1", ttl_seconds=0.2)
    time.sleep(1.1)
    assert locks.take_send_lock(store, team_id="T1", user_id="U1", break_id="b1", ttl_seconds=0.2)
