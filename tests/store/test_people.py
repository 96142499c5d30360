from __future__ import annotations

from slackapp.store import due, people

NOW = 1_800_000_000_000


def test_of_concurrent_advances_from_the_same_break_exactly_one_wins(store, together):
    people.opt_in(store, team_id="T1", user_id="U1", next_due_ms=NOW)
    wins = together(
        8,
        lambda r, i: people.advance(r, team_id="T1", user_id="U1", expected_ms=NOW, next_due_ms=NOW + 1 + i),
    )
    assert wins.count(True) == 1
    winner = wins.index(True)
    assert people.get(store, team_id="T1", user_id="U1").next_due_ms == NOW + 1 + winner
    # The due index agrees: the person comes due at the winner's time, not before.
    assert due.claim(store, team_id="T1", now_ms=NOW + winner, lease_ms=1, limit=10) == []
    assert due.claim(store, team_id="T1", now_ms=NOW + 1 + winner, lease_ms=1, limit=10) == ["U1"]


def test_advance_ends_a_snooze_in_the_same_step(store):
    people.opt_in(store, team_id="T1", user_id="U1", next_due_ms=NOW)
    people.reschedule(store, team_id="T1", user_id="U1", next_due_ms=NOW + 600_000, snoozed=True)
    assert people.get(store, team_id="T1", user_id="U1").snoozed_until_ms == NOW + 600_000
    assert people.advance(store, team_id="T1", user_id="U1", expected_ms=NOW + 600_000, next_due_ms=NOW + 1)
    person = people.get(store, team_id="T1", user_id="U1")
    assert person.next_due_ms == NOW + 1 and person.snoozed_until_ms is None


def test_a_failed_advance_leaves_the_snooze_alone(store):
    people.opt_in(store, team_id="T1", user_id="U1", next_due_ms=NOW)
    people.reschedule(store, team_id="T1", user_id="U1", next_due_ms=NOW + 600_000, snoozed=True)
    assert not people.advance(store, team_id="T1", user_id="U1", expected_ms=NOW, next_due_ms=NOW + 1)
    assert people.get(store, team_id="T1", user_id="U1").snoozed_until_ms == NOW + 600_000


def test_nothing_revives_an_opt_out(store, together):
    people.opt_in(store, team_id="T1", user_id="U1", next_due_ms=NOW)

    def race(r, i):
        if i == 0:
            people.opt_out(r, team_id="T1", user_id="U1")
        elif i % 2:
            people.reschedule(r, team_id="T1", user_id="U1", next_due_ms=NOW + i, snoozed=True)
        else:
            people.advance(r, team_id="T1", user_id="U1", expected_ms=NOW, next_due_ms=NOW + i)

    together(8, race)
    assert not people.get(store, team_id="T1", user_id="U1").opted_in
    assert due.claim(store, team_id="T1", now_ms=NOW * 2, lease_ms=1, limit=10) == []
    assert not people.reschedule(store, team_id="T1", user_id="U1", next_due_ms=NOW)
    assert not people.advance(store, team_id="T1", user_id="U1", expected_ms=NOW, next_due_ms=NOW + 1)


def test_opt_in_and_out_join_a_callers_pipeline(store):
    pipe = store.pipeline(transaction=True)
    people.opt_in(store, team_id="T1", user_id="U1", next_due_ms=NOW, pipeline=pipe)
    people.opt_in(store, team_id="T1", user_id="U2", next_due_ms=NOW, pipeline=pipe)
    people.opt_out(store, team_id="T1", user_id="U2", pipeline=pipe)
    people.set_last_exercise(store, team_id="T1", user_id="U1", exercise_key="bridge", pipeline=pipe)
    assert people.opted_in_ids(store, team_id="T1") == set()  # nothing until the caller executes
    pipe.execute()
    assert people.opted_in_ids(store, team_id="T1") == {"U1"}
    assert people.get(store, team_id="T1", user_id="U1").last_exercise == "bridge"
    assert due.teams(store) == ["T1"]


def test_rhythm_is_saved_and_read_back(store):
    people.save_rhythm(
        store,
        team_id="T1",
        user_id="U1",
        start_minute=480,
        end_minute=960,
        days=frozenset({0, 2}),
        interval_s=1800,
    )
    person = people.get(store, team_id="T1", user_id="U1")
    assert (person.start_minute, person.end_minute, person.days, person.interval_s) == (
        480,
        960,
        frozenset({0, 2}),
        1800,
    )
    assert people.parse_days("") is None and people.parse_days("4,0") == frozenset({0, 4})


def test_drop_from_due_keeps_the_person_opted_in(store):
    people.opt_in(store, team_id="T1", user_id="U1", next_due_ms=NOW)
    people.drop_from_due(store, team_id="T1", user_id="U1")
    assert due.claim(store, team_id="T1", now_ms=NOW, lease_ms=1, limit=10) == []
    assert people.opted_in_count(store, team_id="T1") == 1
