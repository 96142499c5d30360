"""Issue 23, point 11: every personal key has a time limit counted from the person's last activity (13
months, refreshed by each new one). After 14 months without activity a scan of the whole Redis finds
nothing of the person but the one-day, id-only tombstone; someone active keeps their history unchanged."""

from __future__ import annotations

from datetime import timedelta

from slackapp import ids
from slackapp.domain.timestamps import to_ms
from slackapp.store import keys, retention, selftests
from tests.conftest import SlackUser, run_jobs
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
