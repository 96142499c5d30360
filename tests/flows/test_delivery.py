"""The send-a-break use case, called as a job calls it: deps, the workspace's client, ids."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import redis

from slackapp.domain.timestamps import from_ms, to_ms
from slackapp.flows import delivery
from slackapp.slack.client import web_client
from slackapp.store import cards, people


def _due_now(store, clock, *user_ids: str) -> None:
    for user_id in user_ids:
        people.opt_in(store, team_id="T1", user_id=user_id, next_due_ms=to_ms(clock()))


def test_a_due_break_is_sent_recorded_and_moved_on(deps, standin, store, clock):
    standin.add_user("U1", tz="UTC")
    _due_now(store, clock, "U1")
    client = web_client(deps.settings, "xoxb-test-token")

    assert delivery.deliver(deps, client, "T1", ["U1"]) == {"sent": 1}

    [dm] = standin.calls_to("chat.postMessage")
    assert dm.args["channel"] == "U1"
    break_id = str(to_ms(clock()))
    card = cards.get(store, team_id="T1", user_id="U1", break_id=break_id)
    assert card is not None and card.outcome is None and card.ts
    next_due = people.get(store, team_id="T1", user_id="U1").next_due_ms
    assert next_due is not None and from_ms(next_due) == clock() + timedelta(minutes=50)


def test_the_same_batch_twice_sends_once(deps, standin, store, clock):
    standin.add_user("U1", tz="UTC")
    _due_now(store, clock, "U1")
    client = web_client(deps.settings, "xoxb-test-token")

    delivery.deliver(deps, client, "T1", ["U1"])
    assert delivery.deliver(deps, client, "T1", ["U1"]) == {"stale": 1}
    assert len(standin.calls_to("chat.postMessage")) == 1


def test_without_a_client_nothing_is_sent_and_nothing_moves(deps, standin, store, clock):
    _due_now(store, clock, "U1", "U2")

    assert delivery.deliver(deps, None, "T1", ["U1", "U2"]) == {"workspace_paused": 2}
    assert standin.calls_to("chat.postMessage") == []
    assert people.get(store, team_id="T1", user_id="U1").next_due_ms == to_ms(clock())


def test_a_meeting_status_holds_the_break(deps, standin, store, clock):
    standin.add_user("U1", tz="UTC", profile={"status_text": "In a meeting", "status_emoji": ":calendar:"})
    _due_now(store, clock, "U1")
    client = web_client(deps.settings, "xoxb-test-token")

    [(outcome, count)] = delivery.deliver(deps, client, "T1", ["U1"]).items()
    assert outcome.startswith("held:") and count == 1
    assert standin.calls_to("chat.postMessage") == []
    assert people.get(store, team_id="T1", user_id="U1").next_due_ms > to_ms(clock())


def test_someone_who_opted_out_meanwhile_gets_nothing(deps, standin, store, clock):
    standin.add_user("U1", tz="UTC")
    _due_now(store, clock, "U1")
    people.opt_out(store, team_id="T1", user_id="U1")
    client = web_client(deps.settings, "xoxb-test-token")

    assert delivery.deliver(deps, client, "T1", ["U1"]) == {"stale": 1}
    assert standin.calls_to("chat.postMessage") == []


def _counting_client(store):
    """A client of the same Redis whose connections count what they send: a command or a whole pipeline
    is one round trip (only this client's, whatever else runs in the process)."""
    base = store.connection_pool.connection_class

    class Counting(base):
        trips = 0

        def send_packed_command(self, command, check_health=True):
            Counting.trips += 1
            return super().send_packed_command(command, check_health)

    kwargs = dict(store.connection_pool.connection_kwargs)
    return redis.Redis(connection_pool=redis.ConnectionPool(connection_class=Counting, **kwargs)), Counting


def test_a_sent_card_costs_two_round_trips_of_its_own(deps, standin, store, clock):
    # Per person: the claim (lock, fresh look at the person, pacing slot) and the record (card, tally,
    # exercise, next break). The batch's reads (people, profiles, DND, settings) are shared by the batch.
    users = [f"U{n}" for n in range(20)]
    for user_id in users:
        standin.add_user(user_id, tz="UTC")
    _due_now(store, clock, *users)
    client = web_client(deps.settings, "xoxb-test-token")
    # One send at a time, so no batch opens a connection the warm-up did not (a handshake is traffic too).
    deps.settings = replace(deps.settings, send_concurrency=1)
    deps.redis, counted = _counting_client(store)
    delivery.deliver(deps, client, "T1", users)  # caches the profiles, opens the connections

    def all_due_again():
        clock.advance(hours=1)
        for user_id in users:
            people.reschedule(store, team_id="T1", user_id=user_id, next_due_ms=to_ms(clock()))

    all_due_again()
    counted.trips = 0
    assert delivery.deliver(deps, client, "T1", users[:10]) == {"sent": 10}
    one_batch, counted.trips = counted.trips, 0
    all_due_again()
    assert delivery.deliver(deps, client, "T1", users) == {"sent": 20}
    twice_the_batch = counted.trips

    assert (twice_the_batch - one_batch) / 10 == 2  # per card
    # Per batch, whatever its size: the people, their cached profiles, huddles and DND windows, the
    # workspace's settings, its own moves and the first-break spread.
    assert 2 * one_batch - twice_the_batch <= 7


def test_a_thousand_people_starting_at_nine_get_first_breaks_spread_over_the_window(
    deps, standin, store, clock
):
    # Everyone's day starts at 09:00 UTC; their first break was due at 09:50 (one interval later), all in
    # the same second. At 10 sends a second the workspace needs 100 s for everyone, so each person's first
    # break is held to their own place in those 100 s, inside their work hours; then it goes out.
    from datetime import datetime

    from slackapp.domain import schedule
    from slackapp.flows.breaks import rhythm_for
    from slackapp.store import profiles, workspace_config

    clock.now = datetime(2026, 11, 25, 9, 50, tzinfo=clock.now.tzinfo)
    assert deps.settings.send_rate_per_second == 10.0 and deps.settings.work_start_minute == 9 * 60
    users = [f"U{n:05d}" for n in range(1000)]
    fresh = profiles.Profile("UTC", "", "", 0, False, False, False, int(clock().timestamp()))
    pipe = store.pipeline(transaction=False)
    for user_id in users:
        people.opt_in(store, team_id="T1", user_id=user_id, next_due_ms=to_ms(clock()), pipeline=pipe)
        profiles.save(store, team_id="T1", user_id=user_id, profile=fresh, pipeline=pipe)
    pipe.execute()
    client = web_client(deps.settings, "xoxb-test-token")

    counts = delivery.deliver(deps, client, "T1", users)

    first = {
        user_id: from_ms(people.get(store, team_id="T1", user_id=user_id).next_due_ms) for user_id in users
    }
    held = {user_id: due for user_id, due in first.items() if due < clock() + timedelta(minutes=2)}
    assert counts["held:outside_hours"] == len(held) and counts["sent"] == 1000 - len(held)
    assert len(standin.calls_to("chat.postMessage")) == counts["sent"] <= 30  # the first second's share
    offsets = sorted((due - clock()).total_seconds() for due in held.values())
    assert 0 < offsets[0] and offsets[-1] < 100  # within the 100 s the send rate needs
    assert len(set(offsets)) >= 95  # and across it, not bunched
    config = workspace_config.get(store, deps.settings, team_id="T1")
    for user_id, due in held.items():
        rhythm = rhythm_for(config, people.get(store, team_id="T1", user_id=user_id), "UTC")
        assert schedule.is_work_time(due, rhythm)

    # At each person's time their card goes out, and their next break is an interval later: the spread holds.
    for user_id, due in sorted(held.items(), key=lambda item: item[1])[::50]:
        clock.now = due
        assert delivery.deliver(deps, client, "T1", [user_id]) == {"sent": 1}
        assert from_ms(people.get(store, team_id="T1", user_id=user_id).next_due_ms) == due + timedelta(
            minutes=50
        )
