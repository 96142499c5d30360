from __future__ import annotations

from slackapp.store import selftests

NOW = 1_800_000_000_000


def _add(r, retest_at_ms, taken_on="2026-11-25", **kw):
    selftests.add(
        r, team_id="T1", user_id="U1", record={"taken_on": taken_on}, retest_at_ms=retest_at_ms, **kw
    )


def test_a_due_invitation_is_dropped_once_however_many_try(store, together):
    _add(store, NOW)
    dropped = together(
        8, lambda r, i: selftests.drop_retest_if_before(r, team_id="T1", user_id="U1", before_ms=NOW)
    )
    assert dropped.count(True) == 1
    assert selftests.retest_due_ms(store, team_id="T1", user_id="U1") is None


def test_a_newer_invitation_is_not_dropped(store):
    _add(store, NOW)
    _add(store, NOW + 14 * 86_400_000)  # a test retaken meanwhile sets a later invitation
    assert not selftests.drop_retest_if_before(store, team_id="T1", user_id="U1", before_ms=NOW)
    assert selftests.retest_due_ms(store, team_id="T1", user_id="U1") == NOW + 14 * 86_400_000


def test_results_keep_the_newest_hundred_and_can_join_a_pipeline(store):
    pipe = store.pipeline(transaction=True)
    for n in range(selftests.MAX_KEPT + 5):
        _add(store, NOW, taken_on=str(n), pipeline=pipe)
    assert selftests.last_record(store, team_id="T1", user_id="U1") is None
    pipe.execute()
    records = selftests.all_records(store, team_id="T1", user_id="U1")
    assert len(records) == selftests.MAX_KEPT and records[0] == {"taken_on": "5"}
    assert selftests.last_record(store, team_id="T1", user_id="U1") == {
        "taken_on": str(selftests.MAX_KEPT + 4)
    }
