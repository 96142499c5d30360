"""Every Lua script in the store, run by several clients at once, keeps the promise it exists for.

COVERAGE names, for each script, the test that races it; a script added to the store without a line here
fails test_every_lua_script_in_the_store_has_a_racing_test. The store tests also run on Redis 7 in CI.
"""

from __future__ import annotations

import importlib
import pkgutil
import threading
from datetime import date, timedelta
from pathlib import Path

import pytest

import slackapp.store
from slackapp.store import (
    batches,
    cards,
    due,
    insights,
    keys,
    locks,
    people,
    personal_data,
    profiles,
    rate_limits,
    retention,
    selftests,
    stats,
    step_runs,
    tombstones,
)
from slackapp.store.scripts import LuaScript

NOW = 1_800_000_000_000
DAY = date(2026, 11, 25)
NEXT = NOW + 50 * 60_000
HERE = "test_scripts_under_concurrency.py"

# "module._SCRIPT" -> (file in tests/store/, the test racing it), or ("read-only", why) for a script that
# writes nothing (so no caller can lose another's write).
COVERAGE = {
    "batches._PUT": (HERE, "test_forget_me_racing_a_writer_leaves_nothing_of_the_person"),
    "cards._FEEDBACK": (HERE, "test_feedback_tapped_at_once_keeps_the_first_answer_only"),
    "cards._RECORD": ("test_cards.py", "test_a_done_clicked_many_times_at_once_counts_once_everywhere"),
    "cards._SAVE": (HERE, "test_cards_saved_at_once_are_all_kept_and_the_day_counts_one_sent"),
    "cards._SAVE_SENT": (HERE, "test_a_card_saved_by_duplicate_jobs_moves_the_schedule_once"),
    "challenges._CREATE": (
        "test_challenges.py",
        "test_of_challenges_started_in_one_channel_at_once_exactly_one_runs",
    ),
    "challenges._FINISH": (
        "test_challenges.py",
        "test_a_challenge_finished_by_many_at_once_finishes_once_and_frees_its_channel",
    ),
    "challenges._TEAM_BREAK": (
        "test_challenges.py",
        "test_a_team_break_counts_once_per_person_however_often_they_click",
    ),
    "due._CLAIM": ("test_due.py", "test_concurrent_schedulers_never_hand_out_the_same_person_twice"),
    "insights._MARK_STARTED": (HERE, "test_a_start_is_counted_once_however_many_ons_arrive_at_once"),
    "insights._SAVE_CHART": (HERE, "test_charts_saved_at_once_keep_one_and_hand_back_every_other_file_once"),
    "insights._UNION_COUNT": ("read-only", "SUNION of the challenges' member sets"),
    "locks._CLAIM_SEND": (HERE, "test_duplicate_jobs_claiming_one_send_get_one_ok_and_distinct_slots"),
    "locks._TAKE_SEND_LOCK": ("test_locks.py", "test_one_worker_at_a_time_may_send_a_break"),
    "people._ADVANCE": ("test_people.py", "test_of_concurrent_advances_from_the_same_break_exactly_one_wins"),
    "people._HOLD": (HERE, "test_of_concurrent_holds_from_the_same_break_exactly_one_wins"),
    "people._MARK_OUT": (HERE, "test_forget_me_racing_a_writer_leaves_nothing_of_the_person"),
    "people._RELEASE": (HERE, "test_a_held_card_released_by_many_events_at_once_comes_forward_once"),
    "people._RESCHEDULE": ("test_people.py", "test_nothing_revives_an_opt_out"),
    "person_state._READ": ("read-only", "the reads person_state names: GET, HGETALL, SMEMBERS, SISMEMBER"),
    "personal_data._CLAIM_EXPORT": (HERE, "test_one_export_is_granted_to_many_requests_at_once"),
    "profiles._SAVE_DND": (HERE, "test_presence_writes_racing_keep_the_newest_whatever_the_order"),
    "profiles._SAVE_HUDDLE": (HERE, "test_presence_writes_racing_keep_the_newest_whatever_the_order"),
    "profiles._SAVE_PROFILE": (HERE, "test_presence_writes_racing_keep_the_newest_whatever_the_order"),
    "profiles._SAVE_SLACK_LOCALE": (HERE, "test_forget_me_racing_a_writer_leaves_nothing_of_the_person"),
    "rate_limits._HIT": (HERE, "test_a_window_counts_every_hit_once_and_always_expires"),
    "rate_limits._HOLD": (HERE, "test_a_hold_racing_takes_and_shorter_holds_keeps_the_longest"),
    "rate_limits._TAKE": (HERE, "test_a_workspaces_lookups_taken_at_once_never_pass_its_share"),
    "retention._TOUCH": (HERE, "test_forget_me_racing_a_writer_leaves_nothing_of_the_person"),
    "selftests._DROP_IF_BEFORE": (
        "test_selftests.py",
        "test_a_due_invitation_is_dropped_once_however_many_try",
    ),
    "selftests._TRIM_BEFORE": (HERE, "test_trims_racing_new_results_drop_only_old_ones"),
    "step_runs._CLAIM_CARD": (HERE, "test_one_step_card_slot_is_given_to_many_steps_at_once"),
    "tombstones._GUARDED_HSET": (HERE, "test_forget_me_racing_a_writer_leaves_nothing_of_the_person"),
    "workspaces._PAUSED_REASON": (
        "test_workspaces.py",
        "test_a_pause_for_the_new_token_survives_readers_lifting_the_old_one",
    ),
    "workspaces._TAKE_TOKEN": (
        "test_workspaces.py",
        "test_the_send_bucket_never_grants_more_than_its_burst_at_once",
    ),
}


def _store_scripts() -> dict[str, LuaScript]:
    found = {}
    for module_info in pkgutil.iter_modules(slackapp.store.__path__):
        module = importlib.import_module(f"slackapp.store.{module_info.name}")
        for name, value in vars(module).items():
            if isinstance(value, LuaScript):
                found[f"{module_info.name}.{name}"] = value
    return found


def test_every_lua_script_in_the_store_has_a_racing_test():
    assert sorted(_store_scripts()) == sorted(COVERAGE), (
        "list each new script and its racing test in COVERAGE"
    )
    here = Path(__file__).resolve().parent
    for script, (path, test) in COVERAGE.items():
        if path == "read-only":
            continue  # test_read_only_scripts_write_nothing holds them to it
        assert f"def {test}(" in (here / path).read_text(), f"{script}: {path}::{test} is not a test"


def test_read_only_scripts_write_nothing():
    writes = ("SET", "DEL", "ADD", "REM", "INCR", "EXPIRE", "PUSH", "POP", "TRIM")
    for script, (path, _why) in COVERAGE.items():
        if path == "read-only":
            calls = _store_scripts()[script].script.upper().split("REDIS.CALL(")[1:]
            commands = [call.split(",")[0].strip("'\" )") for call in calls]
            assert not [c for c in commands if any(w in c for w in writes)], script


# --- exactly once ---------------------------------------------------------------------------------------


def _opt_in(r, user_id="U1", due_ms=NOW):
    people.opt_in(r, team_id="T1", user_id=user_id, next_due_ms=due_ms)


def _save_sent(r, break_id="b1", user_id="U1"):
    return cards.save_sent(
        r,
        team_id="T1",
        user_id=user_id,
        break_id=break_id,
        exercise="bridge",
        local_date=DAY.isoformat(),
        channel="D1",
        ts="1.1",
        expected_due_ms=NOW,
        next_due_ms=NEXT,
        now_ms=NOW,
    )


def test_a_card_saved_by_duplicate_jobs_moves_the_schedule_once(store, together):
    _opt_in(store)
    # A card two weeks ago: the weekly picture has something to show, so this week's first card claims it.
    cards.save(
        store,
        team_id="T1",
        user_id="U1",
        break_id="b0",
        exercise="bridge",
        local_date=(DAY - timedelta(days=14)).isoformat(),
        channel="D1",
        ts="0.1",
    )
    saved = together(8, lambda r, i: _save_sent(r))
    assert [s.moved for s in saved].count(True) == 1
    assert [s.digest_due for s in saved].count(True) == 1  # one weekly picture, not eight
    assert people.get(store, team_id="T1", user_id="U1").next_due_ms == NEXT
    assert personal_data.records(store, team_id="T1", user_id="U1")["days:U1"] == {
        (DAY - timedelta(days=14)).isoformat(): {"card_sent": True, "done": 0},
        DAY.isoformat(): {"card_sent": True, "done": 0},
    }


def test_cards_saved_at_once_are_all_kept_and_the_day_counts_one_sent(store, together):
    def save(r, i):
        cards.save(
            r,
            team_id="T1",
            user_id="U1",
            break_id=f"b{i}",
            exercise="bridge",
            local_date=DAY.isoformat(),
            channel="D1",
            ts=f"1.{i}",
        )

    together(8, save)
    records = personal_data.records(store, team_id="T1", user_id="U1")
    assert {name for name in records if name.startswith("card:")} == {f"card:U1:b{i}" for i in range(8)}
    assert records["days:U1"] == {DAY.isoformat(): {"card_sent": True, "done": 0}}
    # Every card is in the person's index, so forget-me finds all eight.
    assert store.zcard(keys.breaks_of("T1", "U1")) == 8
    assert stats.done_on(store, team_id="T1", user_id="U1", day=DAY) == 0


def test_duplicate_jobs_claiming_one_send_get_one_ok_and_distinct_slots(store, together):
    def claim(r, i, user_id="U1"):
        return locks.claim_send(
            r,
            team_id="T1",
            user_id=user_id,
            break_id="b1",
            expected_due_ms=NOW,
            ttl_seconds=60,
            rate_per_second=0.01,  # a trickle: no slot refills during the test
            burst=5,
        )

    _opt_in(store)
    claims = together(8, claim)
    assert [c.status for c in claims].count("ok") == 1
    assert {c.status for c in claims} == {"ok", "in_flight"}

    # Sixteen people at once share the workspace's pacing: five go now, the rest wait, each its own slot.
    for n in range(16):
        _opt_in(store, f"U{n:02d}")
    store.delete(keys.send_bucket("T1"))
    waits = [c.wait_ms for c in together(16, lambda r, i: claim(r, i, f"U{i:02d}"))]
    assert waits.count(0) == 5
    later = sorted(w for w in waits if w)
    assert len(set(later)) == len(later) == 11  # no slot handed out twice


def test_of_concurrent_holds_from_the_same_break_exactly_one_wins(store, together):
    _opt_in(store)
    wins = together(
        8,
        lambda r, i: people.hold(
            r, team_id="T1", user_id="U1", expected_ms=NOW, next_due_ms=NOW + 1 + i, reason="huddle"
        ),
    )
    assert wins.count(True) == 1
    assert people.get(store, team_id="T1", user_id="U1").next_due_ms == NOW + 1 + wins.index(True)


def test_a_held_card_released_by_many_events_at_once_comes_forward_once(store, together):
    _opt_in(store)
    assert people.hold(store, team_id="T1", user_id="U1", expected_ms=NOW, next_due_ms=NEXT, reason="dnd")
    released = together(
        8,
        lambda r, i: people.release_held(
            r, team_id="T1", user_id="U1", now_ms=NOW + 1000, reasons=frozenset({"dnd"})
        ),
    )
    assert released.count(True) == 1
    assert people.get(store, team_id="T1", user_id="U1").next_due_ms == NOW + 1000
    # Still one entry in the due index: one card, handed out once.
    assert due.claim(store, team_id="T1", now_ms=NOW + 1000, lease_ms=60_000, limit=10) == ["U1"]
    assert due.claim(store, team_id="T1", now_ms=NOW + 1000, lease_ms=60_000, limit=10) == []


def test_a_start_is_counted_once_however_many_ons_arrive_at_once(store, together):
    _opt_in(store)
    started = together(8, lambda r, i: insights.mark_started(r, team_id="T1", user_id="U1", day=DAY))
    assert started.count(True) == 1
    assert store.hget(keys.insights_day("T1", DAY.isoformat()), "started") == "1"


def test_one_export_is_granted_to_many_requests_at_once(store, together):
    now_s = NOW // 1000
    granted = together(
        8, lambda r, i: personal_data.claim_export(r, team_id="T1", user_id="U1", now_s=now_s, every_s=3600)
    )
    assert granted.count(True) == 1
    assert not personal_data.claim_export(store, team_id="T1", user_id="U1", now_s=now_s + 3599, every_s=3600)


def test_one_step_card_slot_is_given_to_many_steps_at_once(store, together):
    taken = together(
        8, lambda r, i: step_runs.claim_card(r, team_id="T1", user_id="U1", now_ms=NOW + i, gap_s=600)
    )
    assert taken.count(True) == 1


def test_a_window_counts_every_hit_once_and_always_expires(store, together):
    counts = together(
        16, lambda r, i: rate_limits.hit(r, kind="admin-login", subject="203.0.113.9", window_s=60)
    )
    assert sorted(counts) == list(range(1, 17))  # no hit lost, none counted twice
    assert rate_limits.count(store, kind="admin-login", subject="203.0.113.9") == 16
    # Whichever hit came first set the window: the counter can never be left without an end.
    assert 0 < store.ttl(keys.throttle("admin-login", "203.0.113.9")) <= 60


def test_a_workspaces_lookups_taken_at_once_never_pass_its_share(store, together):
    taken = together(16, lambda r, i: rate_limits.take_locale_lookup(r, team_id="T1", per_minute=5))
    assert taken.count(True) == 5
    assert 0 < store.ttl(keys.locale_lookups("T1")) <= 60  # whichever took first started a minute that ends


def test_a_hold_racing_takes_and_shorter_holds_keeps_the_longest(store, together):
    def race(r, i):
        if i % 2:  # Slack's Retry-After of 30 s, and pauses of 5 s after failures
            return rate_limits.hold_locale_lookups(r, team_id="T1", seconds=30 if i == 1 else 5)
        return rate_limits.take_locale_lookup(r, team_id="T1", per_minute=50)

    together(8, race)
    assert 5 < store.ttl(keys.locale_lookups("T1")) <= 30  # no shorter hold cut the longest one down
    assert not rate_limits.take_locale_lookup(store, team_id="T1", per_minute=50)


# --- no lost update ---------------------------------------------------------------------------------------


def test_trims_racing_new_results_drop_only_old_ones(store, together):
    for n in range(20):
        selftests.add(
            store, team_id="T1", user_id="U1", record={"taken_on": f"2020-01-{n + 1:02d}"}, retest_at_ms=NOW
        )

    def race(r, i):
        if i % 2:
            selftests.trim(r, team_id="T1", user_id="U1", today=DAY)
        else:
            selftests.add(
                r, team_id="T1", user_id="U1", record={"taken_on": f"2026-11-{i + 1:02d}"}, retest_at_ms=NOW
            )

    together(8, race)
    kept = sorted(record["taken_on"] for record in selftests.all_records(store, team_id="T1", user_id="U1"))
    assert kept == [f"2026-11-{i + 1:02d}" for i in range(0, 8, 2)]


def test_charts_saved_at_once_keep_one_and_hand_back_every_other_file_once(store, together):
    mondays = [date(2026, 9, 7) + timedelta(weeks=i) for i in range(8)]
    handed_back = together(
        8,
        lambda r, i: insights.save_chart(r, team_id="T1", user_id="U1", monday=mondays[i], file_id=f"F{i}"),
    )
    kept = insights.chart_files(insights.digest_state(store, team_id="T1", user_id="U1"))
    returned = [file_id for files in handed_back for file_id in files]
    assert len(kept) == 1
    # Each file ends up either kept or handed back to delete from Slack, exactly once: none leaks.
    assert sorted(returned + kept) == sorted(f"F{i}" for i in range(8))


def test_dnd_windows_saved_at_once_are_all_kept(store, together):
    now_s = NOW // 1000  # DND windows are epoch seconds, as dnd.teamInfo gives them
    together(
        8,
        lambda r, i: profiles.save_dnd(
            r,
            team_id="T1",
            windows={f"U{i}": (True, now_s + i, now_s + 60 + i)},
            at_us=now_s * 1_000_000,
            now_s=now_s,
        ),
    )
    found = profiles.get_dnd(store, team_id="T1", user_ids=[f"U{i}" for i in range(8)])
    assert found == {f"U{i}": (True, now_s + i, now_s + 60 + i) for i in range(8)}


# Each presence write in a race: (write the i-th version, as of at_us; read back which version is stored).
NOW_S = NOW // 1000
PRESENCE_WRITES = {
    "profile": (
        lambda r, i, at_us: profiles.save_if_opted_in(
            r,
            team_id="T1",
            user_id="U1",
            profile=profiles.from_slack_user({"profile": {"status_text": f"v{i}"}}, fetched_at=NOW_S),
            as_of_us=at_us,
        ),
        lambda r: profiles.get(r, team_id="T1", user_id="U1").status_text,
    ),
    "huddle": (
        lambda r, i, at_us: profiles.save_huddle(
            r, team_id="T1", user_id="U1", in_huddle=True, at_us=at_us, now_s=NOW_S, expires_s=NOW_S + 60 + i
        ),
        lambda r: f"v{profiles.get_huddles(r, team_id='T1', user_ids=['U1'])['U1'] - NOW_S - 60}",
    ),
    "dnd": (
        lambda r, i, at_us: profiles.save_dnd(
            r, team_id="T1", windows={"U1": (True, NOW_S, NOW_S + i)}, at_us=at_us, now_s=NOW_S
        )["U1"],
        lambda r: f"v{profiles.get_dnd(r, team_id='T1', user_ids=['U1'])['U1'][2] - NOW_S}",
    ),
}


@pytest.mark.parametrize("kind", PRESENCE_WRITES)
def test_presence_writes_racing_keep_the_newest_whatever_the_order(store, together, kind):
    """Eight events about one person applied at once, each with its own Slack time (microseconds apart,
    in no relation to which thread runs first): the newest one is what stays, every round."""
    write, stored = PRESENCE_WRITES[kind]
    _opt_in(store)
    base_us = NOW_S * 1_000_000 - 60_000_000
    for round_ in range(12):
        store.delete(keys.profile("T1", "U1"), keys.huddle("T1", "U1"), keys.dnd("T1", "U1"))
        order = [(round_ * 5 + i * 3) % 8 for i in range(8)]  # thread i writes version order[i]
        answers = together(8, lambda r, i, order=order: write(r, order[i], base_us + order[i]))
        newest = order.index(7)
        assert answers[newest] is profiles.Written.APPLIED, (kind, round_)
        assert stored(store) == "v7", (kind, round_, answers)


def test_feedback_tapped_at_once_keeps_the_first_answer_only(store, together):
    _opt_in(store)
    _save_sent(store)
    answers = ("too_easy", "just_right", "too_hard")
    kept = together(
        9,
        lambda r, i: cards.record_feedback(
            r, team_id="T1", user_id="U1", break_id="b1", answer=answers[i % 3]
        ),
    )
    assert sorted(kept) == [0] * 8 + [1]
    winner = answers[kept.index(1) % 3]
    assert store.hget(keys.card("T1", "U1", "b1"), "feedback") == winner
    assert cards.record_feedback(store, team_id="T1", user_id="U1", break_id="gone", answer="too_hard") == -1


# --- forget-me racing work in flight -------------------------------------------------------------------


def _forget(r, user_id):
    # The order flows.privacy.forget uses: the tombstone first, then the delete.
    tombstones.mark(r, team_id="T1", user_id=user_id, now_ms=NOW)
    personal_data.delete(r, team_id="T1", user_id=user_id)


WRITERS = {
    "card": lambda r, u, i: cards.save(
        r,
        team_id="T1",
        user_id=u,
        break_id=f"b{i}",
        exercise="bridge",
        local_date=DAY.isoformat(),
        channel="D1",
        ts="1.1",
    ),
    "sent card": lambda r, u, i: _save_sent(r, f"b{i}", u),
    "send lock": lambda r, u, i: locks.claim_send(
        r,
        team_id="T1",
        user_id=u,
        break_id=f"b{i}",
        expected_due_ms=NOW,
        ttl_seconds=60,
        rate_per_second=100,
        burst=100,
    ),
    "batch": lambda r, u, i: batches.put(r, team_id="T1", user_ids=[u, "UOTHER"]),
    "guarded hash": lambda r, u, i: tombstones.guarded_hset(
        r, team_id="T1", user_id=u, key=keys.user("T1", u), mapping={"paused": "x"}
    ),
    "dnd": lambda r, u, i: profiles.save_dnd(
        r,
        team_id="T1",
        windows={u: (True, 1, 2), "UOTHER": (True, 1, 2)},
        at_us=NOW * 1000 + i,
        now_s=NOW // 1000,
    ),
    "profile": lambda r, u, i: profiles.save_if_opted_in(
        r, team_id="T1", user_id=u, profile=profiles.from_slack_user({}, NOW // 1000), as_of_us=NOW * 1000 + i
    ),
    # A first-contact locale lookup asked before forget-me and answered after it (flows.language).
    "first-contact locale": lambda r, u, i: profiles.save_slack_locale(
        r, team_id="T1", user_id=u, locale="de-DE", asked_ms=NOW - 1
    ),
    "huddle": lambda r, u, i: profiles.save_huddle(
        r, team_id="T1", user_id=u, in_huddle=bool(i % 2), at_us=NOW * 1000 + i, now_s=NOW // 1000
    ),
    "chart": lambda r, u, i: insights.save_chart(r, team_id="T1", user_id=u, monday=DAY, file_id=f"F{i}"),
    "opt-out": lambda r, u, i: people.opt_out(r, team_id="T1", user_id=u),
    # Activity noted before forget-me and written late (a web process's batch, store.retention).
    "activity": lambda r, u, i: retention.touch_many(r, {"T1": {u: NOW - 1, "UOTHER": NOW - 1}}),
}


@pytest.mark.parametrize("writer", WRITERS)
def test_forget_me_racing_a_writer_leaves_nothing_of_the_person(store, together, writer):
    write = WRITERS[writer]
    for round_ in range(3):
        user_id = f"U{round_}"
        _opt_in(store, user_id)
        forgotten = threading.Event()

        def race(r, i, user_id=user_id, forgotten=forgotten):
            # One forget-me among seven workers writing until it is over, and once more after it (a job
            # that read the person before forget-me and writes late): writes land before, during and after.
            if i == 0:
                _forget(r, user_id)
                forgotten.set()
                return []
            answers, n = [], 0
            while not forgotten.is_set():
                answers.append(write(r, user_id, i * 1000 + n))
                n += 1
            return [*answers, write(r, user_id, i * 1000 + n)]

        answers = together(8, race)
        assert personal_data.records(store, team_id="T1", user_id=user_id) == {}, writer
        assert personal_data.memberships(store, team_id="T1", user_id=user_id) == {}, writer
        if writer == "batch":
            for batch_id in (batch_id for written in answers for batch_id in written):
                assert user_id not in batches.members(store, team_id="T1", batch_id=batch_id)
                assert "UOTHER" in batches.members(store, team_id="T1", batch_id=batch_id)  # nobody else lost


def test_the_weeks_first_card_claims_a_picture_only_with_something_to_show(store):
    # A new person's first cards: no card or Done in the four weeks a picture shows, so no picture job.
    _opt_in(store)
    assert _save_sent(store).digest_due is False
    # With a card three weeks back, the week's first card claims the picture; the next one does not.
    cards.save(
        store,
        team_id="T1",
        user_id="U1",
        break_id="b0",
        exercise="bridge",
        local_date=(DAY - timedelta(days=21)).isoformat(),
        channel="D1",
        ts="0.1",
    )
    people.reschedule(store, team_id="T1", user_id="U1", next_due_ms=NOW)
    assert _save_sent(store, break_id="b2").digest_due is True
    people.reschedule(store, team_id="T1", user_id="U1", next_due_ms=NOW)
    assert _save_sent(store, break_id="b3").digest_due is False
