"""store.person_state: what a status reply or an answered card shows, in one round trip, equal to the
separate reads it replaces."""

from __future__ import annotations

from datetime import date

from bench.instrument import tallied
from slackapp.config import Settings
from slackapp.store import cards, keys, people, person_state, profiles, stats, workspace_config
from tests.store.test_stats import _card

SETTINGS = Settings(slack_signing_secret="s")
DAY = date(2026, 11, 25)


def _seed(store):
    people.opt_in(store, team_id="T1", user_id="U1", next_due_ms=1_800_000_000_000)
    store.hset(keys.settings("T1"), mapping={"tz": "Europe/Berlin", "interval_s": 1800})
    profile = profiles.Profile("Asia/Tokyo", "", "", 0, False, False, False, 1, locale="ja-JP")
    profiles.save(store, team_id="T1", user_id="U1", profile=profile)
    _card(store, "U1", DAY, "a", "done")
    _card(store, "U1", DAY, "b", "skipped")
    _card(store, "U1", DAY, "c")
    store.hset(keys.skipped_days("T1", "U1"), DAY.isoformat(), 1)  # the earlier format still counts
    store.sadd(keys.user_challenges("T1", "U1"), "ch1")


def test_one_round_trip_reads_what_the_separate_reads_do(store):
    _seed(store)
    person_state.read(store, SETTINGS, team_id="T1", user_id="U9")  # a server that knows the read script
    with tallied() as tally:
        state = person_state.read(store, SETTINGS, team_id="T1", user_id="U1", break_id="c", challenges=True)
    assert tally.round_trips == 1
    assert state.person == people.get(store, team_id="T1", user_id="U1")
    assert state.config == workspace_config.get(store, SETTINGS, team_id="T1")
    assert state.profile == profiles.get(store, team_id="T1", user_id="U1")
    assert state.tz == "Asia/Tokyo" and state.locale == "ja-JP"
    assert state.done_by_day == stats.done_by_day(store, team_id="T1", user_id="U1") == {DAY: 1}
    assert state.sent_days == stats.sent_days(store, team_id="T1", user_id="U1")
    assert state.skipped_on(DAY) == stats.skipped_on(store, team_id="T1", user_id="U1", day=DAY) == 2
    assert state.skipped_on(date(2026, 11, 24)) == 0
    assert state.card == cards.get(store, team_id="T1", user_id="U1", break_id="c")
    assert state.challenge_ids == frozenset({"ch1"})


def test_a_chosen_language_wins_and_nobody_known_reads_as_blank(store):
    _seed(store)
    profiles.set_language(store, team_id="T1", user_id="U1", code="de")
    assert person_state.read(store, SETTINGS, team_id="T1", user_id="U1").locale == "de"
    nobody = person_state.read(store, SETTINGS, team_id="T1", user_id="U9", break_id="x", challenges=True)
    assert (nobody.person.opted_in, nobody.profile, nobody.locale, nobody.tz) == (False, None, "", "UTC")
    assert (nobody.card, nobody.challenge_ids, nobody.done_by_day) == (None, frozenset(), {})


def test_without_history_only_the_person_settings_and_profile_are_read(store):
    _seed(store)
    state = person_state.read(store, SETTINGS, team_id="T1", user_id="U1", history=False)
    assert state.person.opted_in and state.tz == "Asia/Tokyo"
    assert state.done_by_day == {} and state.skipped_on(DAY) == 0


def test_an_answer_and_the_reads_after_it_share_one_round_trip_even_after_a_script_flush(store):
    _seed(store)
    store.script_flush()  # a restarted Redis knows no script: loaded, then the whole step runs again
    with tallied() as tally:
        result, state = cards.record_outcome_then(
            store,
            team_id="T1",
            user_id="U1",
            break_id="c",
            outcome="done",
            local_date=DAY.isoformat(),
            then=lambda pipe: person_state.queue(pipe, SETTINGS, team_id="T1", user_id="U1"),
        )
    assert result == "ok" and state.done_by_day == {DAY: 2}  # the reads see the answer, counted once
    assert tally.round_trips == 3  # NOSCRIPT, SCRIPT LOAD, the step again
    with tallied() as tally:
        again, state = cards.record_outcome_then(
            store,
            team_id="T1",
            user_id="U1",
            break_id="c",
            outcome="done",
            local_date=DAY.isoformat(),
            then=lambda pipe: person_state.queue(pipe, SETTINGS, team_id="T1", user_id="U1"),
        )
    assert again == "already:done" and state.done_by_day == {DAY: 2}
    assert tally.round_trips == 1
