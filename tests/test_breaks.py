"""Break reminders through the real path: signed /glutes on -> scheduler tick -> RQ job -> DM -> Done."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from slackapp import ids
from slackapp.devkit.standin import Failure
from slackapp.domain.timestamps import from_ms, to_ms
from slackapp.slack import lookups, tokens
from slackapp.store import people, profiles, stats, workspaces
from tests.conftest import eventually, run_jobs
from workers import scheduler


def cards_to(standin, user_id):
    """Break cards (messages with the Done/Snooze/Skip buttons) Slack accepted for user_id."""
    return [
        c
        for c in standin.calls_to("chat.postMessage")
        if c.ok
        and c.args.get("channel") == user_id
        and any(b.get("block_id") == ids.BLOCK_BREAK_ACTIONS for b in c.args.get("blocks") or [])
    ]


def next_due(store, user_id="U1"):
    return from_ms(people.get(store, team_id="T1", user_id=user_id).next_due_ms)


def deliver_due(deps, clock, **advance):
    if advance:
        clock.advance(**advance)
    handed = scheduler.tick(deps, clock())
    run_jobs(deps)
    return handed


def test_on_replies_with_next_break_and_sends_welcome(alice, standin, store):
    reply = alice.reply_to("on")
    assert reply["response_type"] == "ephemeral"
    assert "Breaks are on" in reply["text"] and "3:50 PM" in reply["text"]
    welcome = standin.wait_for("chat.postMessage", where=lambda c: c.args.get("channel") == "U1")[0]
    assert "Welcome" in welcome.args["text"]
    assert standin.calls_to("users.info")[0].args["user"] == "U1"
    assert next_due(store) == datetime(2026, 11, 25, 15, 50, tzinfo=UTC)


def test_card_arrives_when_due_and_done_counts_once(alice, standin, store, deps, clock):
    alice.reply_to("on")
    assert deliver_due(deps, clock, minutes=49) == 0
    assert cards_to(standin, "U1") == []

    assert deliver_due(deps, clock, minutes=1) == 1
    [card] = cards_to(standin, "U1")
    buttons = next(b for b in card.args["blocks"] if b.get("block_id") == ids.BLOCK_BREAK_ACTIONS)["elements"]
    assert [b["action_id"] for b in buttons] == [
        ids.ACTION_BREAK_DONE,
        ids.ACTION_BREAK_SNOOZE,
        ids.ACTION_BREAK_SKIP,
        ids.ACTION_BREAK_HURTS,
    ]
    break_id = buttons[0]["value"]
    assert next_due(store) == datetime(2026, 11, 25, 16, 40, tzinfo=UTC)

    for _ in range(3):
        assert alice.click(ids.ACTION_BREAK_DONE, break_id).status_code == 200
    updates = standin.wait_for("chat.update", 3)
    today = datetime(2026, 11, 25).date()
    assert stats.done_on(store, team_id="T1", user_id="U1", day=today) == 1
    assert "1 break today" in updates[0].args["text"]
    assert all("2 breaks" not in u.args["text"] for u in updates)
    assert all(
        not any(b.get("block_id") == ids.BLOCK_BREAK_ACTIONS for b in u.args["blocks"]) for u in updates
    )
    # Only the update that recorded the Done asks the one optional "how did that feel?".
    asks = [u for u in updates if any(b.get("block_id") == ids.BLOCK_CARD_FEEDBACK for b in u.args["blocks"])]
    assert len(asks) == 1 and "1 break today" in asks[0].args["text"]
    assert "1 break done" in alice.reply_to("status")["text"]


def test_off_stops_a_card_that_was_already_queued(alice, standin, deps, clock):
    alice.reply_to("on")
    clock.advance(minutes=50)
    assert scheduler.tick(deps, clock()) == 1  # the job is queued
    alice.reply_to("off")
    run_jobs(deps)
    assert cards_to(standin, "U1") == []
    assert deliver_due(deps, clock, hours=2) == 0


def test_two_schedulers_at_once_send_each_break_exactly_once(deps, standin, store, clock):
    deps.settings = replace(deps.settings, send_rate_per_second=5000, send_burst=5000)
    users = [f"U{i:04d}" for i in range(300)]
    for uid in users:
        standin.add_user(uid, tz="UTC")
        people.opt_in(store, team_id="T1", user_id=uid, next_due_ms=to_ms(clock()))
    handed = []
    start = threading.Barrier(2)

    def run_scheduler():
        start.wait()
        handed.append(scheduler.tick(deps, clock()))

    threads = [threading.Thread(target=run_scheduler) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(handed) == 300
    run_jobs(deps)
    sent = [c.args["channel"] for c in standin.calls_to("chat.postMessage")]
    assert sorted(sent) == users


def test_scheduler_that_dies_after_claiming_loses_nothing(deps, standin, store, clock):
    standin.add_user("U1", tz="UTC")
    people.opt_in(store, team_id="T1", user_id="U1", next_due_ms=to_ms(clock()))
    from slackapp.store import due

    assert due.claim(
        store, team_id="T1", now_ms=to_ms(clock()), lease_ms=scheduler.lease_ms_of(deps), limit=10
    ) == ["U1"]
    # ...and that scheduler died before enqueueing. Once the lease runs out another one picks it up.
    assert deliver_due(deps, clock, seconds=1) == 0
    assert deliver_due(deps, clock, minutes=5) == 1
    assert len(cards_to(standin, "U1")) == 1


def test_dnd_holds_the_break_until_it_ends(alice, standin, store, deps, clock):
    alice.reply_to("on")
    clock.advance(minutes=50)
    standin.set_dnd("U1", start=clock().timestamp() - 60, end=clock().timestamp() + 20 * 60)
    deliver_due(deps, clock)
    assert cards_to(standin, "U1") == []
    assert next_due(store) == clock() + timedelta(minutes=20)
    assert deliver_due(deps, clock, minutes=20) == 1
    assert len(cards_to(standin, "U1")) == 1
    assert len(standin.calls_to("dnd.teamInfo")) == 1  # the window was cached, not asked for again


def test_meeting_status_holds_the_break_and_tries_later(client, standin, store, deps, clock):
    standin.add_user("U1", tz="UTC", profile={"status_text": "In a meeting", "status_emoji": ":calendar:"})
    from tests.conftest import SlackUser

    SlackUser(client, standin).reply_to("on")
    deliver_due(deps, clock, minutes=50)
    assert cards_to(standin, "U1") == []
    assert next_due(store) == clock() + timedelta(minutes=10)
    # The meeting ends: Slack tells us through user_change, and the next try sends.
    user = dict(standin.users["U1"], profile={"status_text": "", "status_emoji": ""})
    assert SlackUser(client, standin).event({"type": "user_change", "user": user}).status_code == 200
    assert eventually(lambda: profiles.get(store, team_id="T1", user_id="U1").status_text == "")
    deliver_due(deps, clock, minutes=10)
    assert len(cards_to(standin, "U1")) == 1


def test_outside_work_hours_nothing_is_sent(alice, standin, store, deps, clock):
    clock.now = datetime(2026, 11, 27, 16, 30, tzinfo=UTC)  # a Friday afternoon
    alice.reply_to("on")
    assert next_due(store) == datetime(2026, 11, 30, 9, 50, tzinfo=UTC)  # Monday
    assert deliver_due(deps, clock, hours=24) == 0
    assert cards_to(standin, "U1") == []


def test_time_zone_from_slack_decides_work_hours(client, standin, store, clock):
    standin.add_user("U1", tz="America/Los_Angeles")  # 15:00 UTC is 07:00 there
    from tests.conftest import SlackUser

    reply = SlackUser(client, standin).reply_to("on")
    assert "9:50 AM" in reply["text"] and "America/Los_Angeles" in reply["text"]
    assert next_due(store) == datetime(2026, 11, 25, 17, 50, tzinfo=UTC)


def test_card_snooze_moves_the_next_break_15_minutes(alice, standin, store, deps, clock):
    alice.reply_to("on")
    deliver_due(deps, clock, minutes=50)
    [card] = cards_to(standin, "U1")
    alice.click(ids.ACTION_BREAK_SNOOZE, _break_id(card))
    standin.wait_for("chat.update")
    assert next_due(store) == clock() + timedelta(minutes=15)
    assert deliver_due(deps, clock, minutes=15) == 1


def _break_id(card):
    block = next(b for b in card.args["blocks"] if b.get("block_id") == ids.BLOCK_BREAK_ACTIONS)
    return block["elements"][0]["value"]


def test_skip_is_recorded_and_old_cards_change_nothing(alice, standin, store, deps, clock):
    alice.reply_to("on")
    deliver_due(deps, clock, minutes=50)
    [first] = cards_to(standin, "U1")
    alice.click(ids.ACTION_BREAK_SKIP, _break_id(first))
    standin.wait_for("chat.update")
    assert "1 skipped" in alice.reply_to("status")["text"]
    # A later card answered on the next day is too old to count.
    deliver_due(deps, clock, minutes=50)
    second = cards_to(standin, "U1")[-1]
    clock.advance(days=1)
    alice.click(ids.ACTION_BREAK_DONE, _break_id(second))
    update = standin.wait_for("chat.update", 2)[-1]
    assert "earlier day" in str(update.args).lower() or "expired" in str(update.args).lower()
    assert stats.done_by_day(store, team_id="T1", user_id="U1") == {}


def test_click_on_unknown_or_foreign_break_changes_nothing(alice, standin, store):
    alice.reply_to("on")
    alice.click(ids.ACTION_BREAK_DONE, "1234567890")
    reply = standin.wait_for("response", 2)[-1]
    assert "expired" in reply.args["text"]
    assert stats.done_by_day(store, team_id="T1", user_id="U1") == {}


def test_done_after_opting_out_is_not_counted(alice, standin, store, deps, clock):
    alice.reply_to("on")
    deliver_due(deps, clock, minutes=50)
    [card] = cards_to(standin, "U1")
    alice.reply_to("off")
    alice.click(ids.ACTION_BREAK_DONE, _break_id(card))
    update = standin.wait_for("chat.update")[-1]
    assert "/glutes on" in str(update.args)
    assert stats.done_by_day(store, team_id="T1", user_id="U1") == {}


def test_rate_limited_send_waits_and_delivers(alice, standin, deps, clock):
    alice.reply_to("on")
    standin.fail("chat.postMessage", Failure(status=429, retry_after=1, times=1))
    deliver_due(deps, clock, minutes=50)
    assert len(cards_to(standin, "U1")) == 1
    assert len(standin.calls_to("chat.postMessage")) >= 3  # welcome, the 429, the retry


def test_revoked_token_pauses_the_workspace(alice, standin, store, deps, clock):
    alice.reply_to("on")
    standin.fail("chat.postMessage", Failure(error="invalid_auth"))
    deliver_due(deps, clock, minutes=50)
    fingerprint = tokens.fingerprint(deps.settings.slack_bot_token)
    assert workspaces.paused_reason(store, team_id="T1", token_fingerprint=fingerprint) == "invalid_auth"
    standin.clear_failures()
    assert deliver_due(deps, clock, hours=1) == 0  # nothing more is sent for that workspace
    assert people.get(store, team_id="T1", user_id="U1").opted_in  # the person keeps their choice


def test_person_gone_from_slack_is_opted_out(alice, standin, store, deps, clock):
    alice.reply_to("on")
    standin.fail("chat.postMessage", Failure(error="cannot_dm_bot"))
    deliver_due(deps, clock, minutes=50)
    assert not people.get(store, team_id="T1", user_id="U1").opted_in


def test_uninstall_event_stops_all_sending(alice, standin, store, deps, clock):
    alice.reply_to("on")
    alice.event({"type": "app_uninstalled"})
    fingerprint = tokens.fingerprint(deps.settings.slack_bot_token)
    assert eventually(lambda: workspaces.paused_reason(store, team_id="T1", token_fingerprint=fingerprint))
    assert deliver_due(deps, clock, minutes=50) == 0
    assert cards_to(standin, "U1") == []


def test_sends_are_paced_per_workspace(deps, standin, store, clock):
    deps.settings = replace(deps.settings, send_rate_per_second=20, send_burst=5)
    for i in range(30):
        standin.add_user(f"U{i:03d}", tz="UTC")
        people.opt_in(store, team_id="T1", user_id=f"U{i:03d}", next_due_ms=to_ms(clock()))
    deliver_due(deps, clock)
    arrivals = sorted(c.at for c in standin.calls_to("chat.postMessage"))
    assert len(arrivals) == 30
    # However the bucket is drawn, no one-second window holds more than the rate plus the burst.
    for i, first in enumerate(arrivals):
        assert sum(1 for t in arrivals[i:] if t - first < 1.0) <= 20 + 5


def test_a_break_id_from_someone_elses_card_changes_nothing(alice, client, standin, store, deps, clock):
    from tests.conftest import SlackUser

    alice.reply_to("on")
    deliver_due(deps, clock, minutes=50)
    [card] = cards_to(standin, "U1")
    mallory = SlackUser(client, standin, "U2")
    mallory.reply_to("on")
    mallory.click(ids.ACTION_BREAK_DONE, _break_id(card))  # alice's break id, edited into mallory's click
    assert (
        "expired"
        in standin.wait_for("response", where=lambda c: "expired" in str(c.args.get("text")))[0].args["text"]
    )
    assert stats.done_by_day(store, team_id="T1", user_id="U1") == {}
    assert stats.done_by_day(store, team_id="T1", user_id="U2") == {}


def test_opting_out_while_the_batch_is_sending_stops_that_card(alice, standin, store, deps, clock):
    """The job reads people first, then looks up DND: an opt-out landing in between still wins."""
    alice.reply_to("on")
    clock.advance(minutes=50)
    scheduler.tick(deps, clock())
    original = lookups.dnd_windows

    def opt_out_meanwhile(*args, **kwargs):
        people.opt_out(store, team_id="T1", user_id="U1")
        return original(*args, **kwargs)

    lookups.dnd_windows = opt_out_meanwhile
    try:
        run_jobs(deps)
    finally:
        lookups.dnd_windows = original
    assert cards_to(standin, "U1") == []


def test_a_retried_event_is_applied_once(alice, standin, store):
    alice.reply_to("on")
    user = dict(standin.users["U1"], deleted=True)
    assert alice.event({"type": "user_change", "user": user}, event_id="EvSame").status_code == 200
    assert eventually(lambda: not people.get(store, team_id="T1", user_id="U1").opted_in)
    alice.reply_to("on")
    # Slack redelivers the same event id: it must not opt the person out again.
    assert alice.event({"type": "user_change", "user": user}, event_id="EvSame").status_code == 200
    import time

    time.sleep(0.3)
    assert people.get(store, team_id="T1", user_id="U1").opted_in


def test_done_republishes_the_home_of_someone_who_uses_it_and_no_one_else(alice, standin, deps, clock):
    alice.reply_to("on")
    deliver_due(deps, clock, minutes=50)
    [card] = cards_to(standin, "U1")
    alice.click(ids.ACTION_BREAK_DONE, _break_id(card))
    standin.wait_for("chat.update")
    run_jobs(deps)
    assert standin.calls_to("views.publish") == []  # Alice never opened her Home: nothing to republish

    alice.open_home()
    eventually(lambda: standin.calls_to("views.publish"))
    deliver_due(deps, clock, minutes=50)
    second = cards_to(standin, "U1")[-1]
    alice.click(ids.ACTION_BREAK_DONE, _break_id(second))
    standin.wait_for("chat.update", 2)

    def republished() -> bool:
        run_jobs(deps)  # the refresh job is queued just after the card's update
        return "2 breaks" in str(standin.calls_to("views.publish")[-1].args["view"])

    assert eventually(republished)
