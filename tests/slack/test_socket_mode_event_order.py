"""Presence events over Socket Mode are ordered as over HTTP: Bolt hands the envelope's payload to the
listeners as `body`, and its `event_time` (whole seconds) orders events that carry no `event_ts`."""

from __future__ import annotations

import json

from slack_bolt.request import BoltRequest

from slackapp import ids
from slackapp.devkit import slack_requests
from slackapp.store import keys, profiles
from slackapp.web.bolt import build_bolt
from tests.conftest import eventually


def _over_socket_mode(app, user: dict, event_time: int, event_id: str) -> None:
    event = {"type": ids.EVENT_USER_HUDDLE_CHANGED, "user": user}  # no event_ts: only the envelope's time
    payload = json.loads(slack_requests.event_body(event, event_id=event_id))
    payload["event_time"] = event_time
    answer = app.dispatch(BoltRequest(mode="socket_mode", body=payload, headers={}))
    assert answer.status == 200


def _huddle(store) -> dict[str, str]:
    return store.hgetall(keys.huddle("T1", "U1"))


def test_an_older_huddle_join_after_a_newer_leave_over_socket_mode_is_ignored(
    alice, standin, store, deps, clock
):
    alice.reply_to("on")
    app = build_bolt(deps)
    now = int(clock().timestamp())
    left = standin.set_huddle("U1", False)
    _over_socket_mode(app, left, now, "EvSM2")
    assert eventually(lambda: _huddle(store).get("in")) == "0"
    joined = standin.set_huddle("U1", True)
    _over_socket_mode(app, joined, now - 5, "EvSM1")  # happened before the leave, delivered after it
    eventually(lambda: _huddle(store).get("in") == "1", timeout=0.5)
    assert _huddle(store)["in"] == "0"
    assert profiles.get_huddles(store, team_id="T1", user_ids=["U1"]) == {}
