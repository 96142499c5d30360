from __future__ import annotations

from slackapp.store import due, people, tasks, workspaces


def test_the_send_bucket_never_grants_more_than_its_burst_at_once(store, together):
    # A trickle of a rate, so no token refills during the test: only the burst can be granted.
    waits = together(
        16, lambda r, i: workspaces.take_send_token(r, team_id="T1", rate_per_second=0.01, burst=5)
    )
    assert waits.count(0) == 5
    assert all(wait > 0 for wait in waits if wait)


def test_each_workspace_has_its_own_bucket(store):
    assert workspaces.take_send_token(store, team_id="T1", rate_per_second=0.01, burst=1) == 0
    assert workspaces.take_send_token(store, team_id="T1", rate_per_second=0.01, burst=1) > 0
    assert workspaces.take_send_token(store, team_id="T2", rate_per_second=0.01, burst=1) == 0


def test_a_pause_holds_for_its_token_and_a_new_token_lifts_it(store):
    assert workspaces.paused_reason(store, team_id="T1", token_fingerprint="a") is None
    workspaces.pause(store, team_id="T1", reason="invalid_auth", token_fingerprint="a")
    assert workspaces.paused_reason(store, team_id="T1", token_fingerprint="a") == "invalid_auth"
    assert workspaces.paused_reason(store, team_id="T1", token_fingerprint="b") is None
    assert workspaces.paused_reason(store, team_id="T1", token_fingerprint="a") is None  # lifted for good
    workspaces.pause(store, team_id="T1", reason="", token_fingerprint="a")
    assert workspaces.paused_reason(store, team_id="T1", token_fingerprint="a") == "paused"
    workspaces.clear_pause(store, team_id="T1")
    assert workspaces.paused_reason(store, team_id="T1", token_fingerprint="a") is None


def test_a_pause_for_the_new_token_survives_readers_lifting_the_old_one(store, together):
    for _ in range(20):
        workspaces.pause(store, team_id="T1", reason="old", token_fingerprint="old")

        def race(r, i):
            if i == 0:
                workspaces.pause(r, team_id="T1", reason="new", token_fingerprint="new")
            else:
                workspaces.paused_reason(r, team_id="T1", token_fingerprint="new")

        together(4, race)
        assert workspaces.paused_reason(store, team_id="T1", token_fingerprint="new") == "new"


def test_an_event_is_first_seen_once(store, together):
    firsts = together(8, lambda r, i: workspaces.first_time_event(r, team_id="T1", event_id="Ev1"))
    assert firsts.count(True) == 1


def test_purge_deletes_the_workspace_and_nothing_else(store):
    for team_id in ("T1", "T2"):
        people.opt_in(store, team_id=team_id, user_id="U1", next_due_ms=1)
        tasks.schedule(store, team_id=team_id, task=tasks.PURGE, due_ms=1)
    assert workspaces.purge(store, team_id="T1") >= 3
    assert not people.get(store, team_id="T1", user_id="U1").opted_in
    assert people.get(store, team_id="T2", user_id="U1").opted_in
    assert due.teams(store) == ["T2"]
    assert workspaces.purge(store, team_id="T1") == 0
