from __future__ import annotations

from slackapp.store import due, people, selftests, tasks

NOW = 1_800_000_000_000
LEASE = 60_000


def _opt_in(r, count, *, team_id="T1", due_ms=NOW - 1000):
    for n in range(count):
        people.opt_in(r, team_id=team_id, user_id=f"U{n:03d}", next_due_ms=due_ms)


def test_concurrent_schedulers_never_hand_out_the_same_person_twice(store, together):
    _opt_in(store, 100)
    people.opt_in(store, team_id="T1", user_id="ULATER", next_due_ms=NOW + 1000)

    def claim_all(r, _):
        claimed = []
        while batch := due.claim(r, team_id="T1", now_ms=NOW, lease_ms=LEASE, limit=7):
            claimed += batch
        return claimed

    claims = together(8, claim_all)
    everyone = [member for claimed in claims for member in claimed]
    assert len(everyone) == len(set(everyone)) == 100
    assert "ULATER" not in everyone


def test_a_claim_is_a_lease_that_runs_out(store):
    _opt_in(store, 1)
    assert due.claim(store, team_id="T1", now_ms=NOW, lease_ms=LEASE, limit=10) == ["U000"]
    assert due.claim(store, team_id="T1", now_ms=NOW + LEASE - 1, lease_ms=LEASE, limit=10) == []
    assert due.claim(store, team_id="T1", now_ms=NOW + LEASE, lease_ms=LEASE, limit=10) == ["U000"]


def test_retests_and_tasks_are_claimed_from_their_own_index(store):
    _opt_in(store, 1)
    selftests.add(store, team_id="T1", user_id="U9", record={"taken_on": "x"}, retest_at_ms=NOW - 1)
    tasks.schedule(store, team_id="T1", task=tasks.WEEKLY_BOARD, due_ms=NOW - 1)
    assert due.claim_retests(store, team_id="T1", now_ms=NOW, lease_ms=LEASE, limit=10) == ["U9"]
    assert due.claim_tasks(store, team_id="T1", now_ms=NOW, lease_ms=LEASE, limit=10) == [tasks.WEEKLY_BOARD]
    assert due.claim(store, team_id="T1", now_ms=NOW, lease_ms=LEASE, limit=10) == ["U000"]


def test_probe_says_which_workspaces_have_breaks_or_other_work_due(store):
    _opt_in(store, 1, team_id="TBREAK")
    _opt_in(store, 1, team_id="TLATER", due_ms=NOW + 1)
    tasks.schedule(store, team_id="TTASK", task=tasks.WEEKLY_BOARD, due_ms=NOW)
    selftests.add(store, team_id="TRETEST", user_id="U1", record={}, retest_at_ms=NOW)
    found = due.probe(store, teams=due.teams(store), now_ms=NOW)
    assert found == {
        "TBREAK": (True, False),
        "TLATER": (False, False),
        "TRETEST": (False, True),
        "TTASK": (False, True),
    }
    assert due.probe(store, teams=[], now_ms=NOW) == {}


def test_scheduled_count_counts_people_with_a_next_break_in_every_workspace(store):
    assert due.scheduled_count(store) == 0
    _opt_in(store, 3, team_id="TA")
    _opt_in(store, 2, team_id="TB")
    people.opt_out(store, team_id="TB", user_id="U000")
    assert due.scheduled_count(store) == 4
