"""Issue 23, point 11: every personal key has a time limit counted from the person's last activity (13
months, refreshed by each new one). After 14 months without activity a scan of the whole Redis finds
nothing of the person but the one-day, id-only tombstone; someone active keeps their history unchanged."""

from __future__ import annotations

import os
from datetime import timedelta

from slackapp import ids
from slackapp.domain.timestamps import to_ms
from slackapp.flows import privacy
from slackapp.store import keys, retention, selftests
from slackapp.store.connection import redis_from_url
from tests.conftest import SlackUser, eventually, run_jobs
from tests.privacy_scan import scan
from tests.test_pause_safety import cards_to, deliver
from workers import scheduler

MONTH = timedelta(days=30.5)


def _done_a_break(person: SlackUser, standin) -> None:
    [card] = cards_to(standin, person.user_id)[-1:]
    actions = next(b for b in card.args["blocks"] if b.get("block_id") == ids.BLOCK_BREAK_ACTIONS)
    before = len(standin.calls_to("chat.update"))
    person.click(ids.ACTION_BREAK_DONE, actions["elements"][0]["value"])
    standin.wait_for("chat.update", before + 1)


def test_fourteen_months_without_activity_leave_nothing_and_the_active_keep_their_history(
    alice, client, standin, store, deps, clock
):
    bob = SlackUser(client, standin, "U2")
    standin.add_user("U2", tz="UTC")
    for person in (alice, bob):
        person.reply_to("on")
        person.reply_to("moves seated")
    deliver(deps, clock, minutes=50)
    for person in (alice, bob):
        _done_a_break(person, standin)
    alice.reply_to("language es")
    alice.open_home()
    selftests.add(
        store, team_id="T1", user_id="U1", record={"taken_on": "2026-11-25"}, retest_at_ms=to_ms(clock())
    )
    alice.reply_to("off")  # and then nothing more from alice
    bob_days = store.get(keys.days("T1", "U2"))
    bob_all_time = store.zscore(keys.board("T1", "all"), "U2")
    assert bob_days and bob_all_time == 1

    clock.advance(days=13 * 30.5)
    bob.reply_to("status")  # bob is still around a year on
    clock.advance(days=31)  # fourteen months since alice's last activity: the daily sweep comes due
    scheduler.tick(deps, clock())
    run_jobs(deps)

    tombstone = keys.forgotten("T1", "U1")
    traces = scan(store, "U1").keys_with_traces()
    assert traces <= {tombstone}, sorted(traces)
    assert store.ttl(tombstone) <= 24 * 3600
    # bob's history is as it was (days since then only add to it), and his all-time entry stays.
    assert store.get(keys.days("T1", "U2")).startswith(bob_days.rstrip("0"))
    assert store.zscore(keys.board("T1", "all"), "U2") == bob_all_time
    assert store.zscore(keys.last_active("T1"), "U2") is not None


def test_activity_refreshes_the_limit_and_the_sweep_spares_anyone_under_it(alice, store, deps, clock):
    alice.reply_to("on")
    first = store.zscore(keys.last_active("T1"), "U1")
    clock.advance(days=200)
    alice.reply_to("status")
    assert store.zscore(keys.last_active("T1"), "U1") == first + 200 * 24 * 3600 * 1000
    clock.advance(days=retention.KEPT_AFTER_LAST_ACTIVITY.days - 1)
    assert retention.inactive(store, team_id="T1", now_ms=to_ms(clock())) == []
    clock.advance(days=2)
    assert retention.inactive(store, team_id="T1", now_ms=to_ms(clock())) == ["U1"]


# --- activity written in batches (store.retention.PendingActivity) ------------------------------------


def _touch_scripts_run(store) -> int:
    return int((store.info("commandstats").get("cmdstat_evalsha") or {}).get("calls", 0))


def test_a_web_process_writes_many_peoples_activity_in_one_round_trip(store, clock):
    pending = retention.PendingActivity(store, delay_s=60)  # no timer fires during the test
    now = to_ms(clock())
    before = _touch_scripts_run(store)
    for n in range(200):
        pending.add(team_id="T1", user_id=f"U{n}", now_ms=now + n)
    pending.add(team_id="T2", user_id="U1", now_ms=now)
    assert store.zcard(keys.last_active("T1")) == 0  # held until the flush
    pending.flush()
    assert store.zcard(keys.last_active("T1")) == 200
    assert store.zscore(keys.last_active("T1"), "U199") == now + 199
    assert store.zscore(keys.last_active("T2"), "U1") == now
    assert _touch_scripts_run(store) - before == 2  # one script per workspace, one round trip
    assert store.zscore(keys.jobs_due("T1"), "retention") is not None  # the sweep is booked


def test_held_activity_is_written_on_its_own_within_the_delay(store, clock):
    pending = retention.PendingActivity(store, delay_s=0.05)
    pending.add(team_id="T1", user_id="U1", now_ms=to_ms(clock()))
    assert eventually(lambda: store.zscore(keys.last_active("T1"), "U1")) == to_ms(clock())


def test_a_late_batch_never_moves_activity_back_nor_revives_a_forgotten_person(store, clock, deps):
    now = to_ms(clock())
    retention.touch(store, team_id="T1", user_id="U1", now_ms=now)
    retention.touch(store, team_id="T1", user_id="U1", now_ms=now - 1000)  # noted earlier, written later
    assert store.zscore(keys.last_active("T1"), "U1") == now
    pending = retention.PendingActivity(store, delay_s=60)
    pending.add(team_id="T1", user_id="U1", now_ms=now)  # a Done, then forget-me before the flush
    clock.advance(seconds=1)
    privacy.forget(deps, team_id="T1", user_id="U1")
    pending.flush()
    assert scan(store, "U1").keys_with_traces() <= {keys.forgotten("T1", "U1")}
    clock.advance(seconds=1)
    retention.touch(store, team_id="T1", user_id="U1", now_ms=to_ms(clock()))  # active again after it
    assert store.zscore(keys.last_active("T1"), "U1") == to_ms(clock())


def test_redis_down_at_the_flush_drops_the_batch_with_a_line_and_no_error(clock, caplog):
    caplog.set_level("INFO", logger="glutes")
    dead = redis_from_url("redis://127.0.0.1:1/0", decode=True)
    pending = retention.PendingActivity(dead, delay_s=60)
    pending.add(team_id="T1", user_id="U1", now_ms=to_ms(clock()))
    pending.flush()
    assert "activity of 1 people not recorded" in caplog.text


def test_a_request_counts_as_activity_once_the_batch_is_written(alice, deps, store, clock):
    deps.activity = retention.PendingActivity(store, delay_s=0.05)
    alice.reply_to("status")
    assert eventually(lambda: store.zscore(keys.last_active("T1"), "U1")) == to_ms(clock())


def test_someone_who_only_chose_a_language_where_nobody_has_breaks_on_is_swept_too(alice, store, deps, clock):
    alice.reply_to("language es")  # the workspace's only data: no breaks, no self-test, no challenge
    assert store.get(keys.language("T1", "U1")) == "es"
    clock.advance(days=retention.KEPT_AFTER_LAST_ACTIVITY.days + 2)
    scheduler.tick(deps, clock())
    run_jobs(deps)
    assert scan(store, "U1").keys_with_traces() <= {keys.forgotten("T1", "U1")}


def test_a_flood_of_distinct_people_is_written_in_bounded_batches_without_waiting_for_the_timer(store, clock):
    """Signed requests from thousands of distinct people within one flush period: the process holds at most
    1,000 of them (the request that reaches that writes the batch at once), and no one script, which blocks
    every other Redis client while it runs, carries more than 500 people."""
    pending = retention.PendingActivity(store, delay_s=60)  # the timer never fires during the test
    now = to_ms(clock())
    for n in range(5007):
        pending.add(team_id="T1", user_id=f"U{n:07d}", now_ms=now)
    assert store.zcard(keys.last_active("T1")) >= 5007 - 1000
    pending.flush()
    assert store.zcard(keys.last_active("T1")) == 5007

    before = _touch_scripts_run(store)
    people = {f"V{n:07d}": now for n in range(1001)}
    assert retention.touch_many(store, {"T1": people}) == 1001
    assert _touch_scripts_run(store) - before == 3


def test_with_batching_on_the_sweep_forgets_the_inactive_and_a_late_batch_brings_nothing_back(
    alice, client, standin, store, deps, clock
):
    """The fourteen months above with activity written in batches by two web processes: alice's last
    requests are still held by one when the sweep forgets her (that batch is written after, and must
    bring nothing back), while bob's were written by the other before the sweep (he is kept)."""
    first_process = retention.PendingActivity(store, delay_s=60)  # flushed only when the test says
    second_process = retention.PendingActivity(store, delay_s=60)
    bob = SlackUser(client, standin, "U2")
    standin.add_user("U2", tz="UTC")
    deps.activity = first_process
    for person in (alice, bob):
        person.reply_to("on")
        person.reply_to("moves seated")
    first_process.flush()
    deps.activity = second_process
    clock.advance(minutes=5)
    alice.reply_to("language es")
    alice.reply_to("off")  # alice's last activity, held by the second process
    assert store.zscore(keys.last_active("T1"), "U1") < to_ms(clock())

    clock.advance(days=13 * 30.5)
    deps.activity = first_process
    bob.reply_to("status")
    first_process.flush()  # bob's "status" is written a second later, long before the next sweep
    clock.advance(days=31)
    scheduler.tick(deps, clock())
    run_jobs(deps)
    second_process.flush()  # alice's requests from fourteen months ago, written only now

    assert scan(store, "U1").keys_with_traces() <= {keys.forgotten("T1", "U1")}
    assert store.zscore(keys.last_active("T1"), "U2") is not None
    assert store.hget(keys.user("T1", "U2"), "opted_in") == "1"


def test_a_process_forked_while_activity_is_held_writes_its_own_and_not_its_parents(store, clock):
    """A fork (a server that loads the app before forking its workers) copies the held batch and the lock
    but not the timer thread: the child must still write what it sees, within the delay, and leave what
    its parent held to the parent."""
    pending = retention.PendingActivity(store, delay_s=0.05)
    now = to_ms(clock())
    pending.add(team_id="T1", user_id="UPARENT", now_ms=now)  # held, the parent's timer running
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child
        code = 1
        try:
            pending.add(team_id="T1", user_id="UCHILD", now_ms=now + 1)
            code = 0 if eventually(lambda: store.zscore(keys.last_active("T1"), "UCHILD"), 2) else 2
        finally:
            os._exit(code)
    _, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert eventually(lambda: store.zscore(keys.last_active("T1"), "UPARENT")) == now


def test_the_last_write_interrupted_by_a_second_stop_signal_is_written_again(store, clock, monkeypatch):
    # gunicorn's gevent worker turns a second SIGQUIT into a SystemExit thrown into the main greenlet,
    # which at exit is writing the held batch (tests/reliability/test_activity_batches.py, 1 run in 6).
    pending = retention.PendingActivity(store, delay_s=60)
    pending.add(team_id="T1", user_id="U1", now_ms=to_ms(clock()))
    write = retention.touch_many
    interruptions = iter([SystemExit(0)])

    def stopped_once(r, activity):
        if (stop := next(interruptions, None)) is not None:
            raise stop
        return write(r, activity)

    monkeypatch.setattr(retention, "touch_many", stopped_once)
    pending.flush_at_exit()
    assert store.zscore(keys.last_active("T1"), "U1") == to_ms(clock())
