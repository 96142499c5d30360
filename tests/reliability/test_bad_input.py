"""Bad input: any command text, crafted payloads, forged signatures, non-admins, retried events.

Each class records how many cases were tried and how many changed stored data they should not have."""

from __future__ import annotations

import json
import string
import time
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from slackapp import ids
from slackapp.devkit import slack_requests
from slackapp.store import challenges, people, workspace_config
from tests.conftest import SIGNING_SECRET, SlackUser, eventually

pytestmark = pytest.mark.reliability


def snapshot(store) -> dict[str, object]:
    """Everything stored, minus caches and markers that legitimately change on any request."""
    # A signed request from a person of the workspace is activity, refused or not: `last-active` and the
    # daily retention sweep it books (store/retention.py) change on any such request.
    volatile = (":profile:", ":event:", ":dnd:", "rq:", ":last-active")
    state: dict[str, object] = {}
    for key in sorted(store.scan_iter(match="*")):
        if any(part in key for part in volatile):
            continue
        kind = store.type(key)
        if kind == "hash":
            state[key] = store.hgetall(key)
        elif kind == "set":
            state[key] = store.smembers(key)
        elif kind == "zset":
            members = store.zrange(key, 0, -1, withscores=True)
            kept = [(m, s) for m, s in members if not (key.endswith(":jobs-due") and m == "retention")]
            if kept or not members:
                state[key] = kept
        elif kind == "list":
            state[key] = store.lrange(key, 0, -1)
        else:
            state[key] = store.get(key)
    return state


WORDS = ["on", "off", "status", "snooze", "resume", "hours", "every", "help", "test", "leaderboard",
         "hide", "unhide", "faq", "challenge", "admin", "export", "forget-me", "start", "stop"]  # fmt: skip
TEXT = st.one_of(
    st.text(max_size=60),
    st.text(alphabet=string.printable + "\x00\x07\u202e\u200b😀ß", max_size=80),
    st.builds(lambda w, rest: f"{w} {rest}", st.sampled_from(WORDS), st.text(max_size=40)),
    st.just("x" * 10_000),
    st.just(""),
)


def test_any_command_text_gets_a_reply_and_never_an_error(alice, store, standin, figures):
    alice.reply_to("on")
    tried = []

    @settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck))
    @given(TEXT)
    def run(text):
        tried.append(text)
        if text.strip().lower().split(" ")[:1] in (["test"], ["admin"], ["export"], ["challenge"]):
            text = "status"  # these open modals or post files; their own tests cover them
        reply = alice.reply_to(text, timeout=10)
        assert reply.get("text"), text
        assert "Something went wrong" not in reply["text"], (text, reply["text"])

    run()
    figures(
        fault="Any /glutes text (hypothesis: unicode, control chars, 10 kB, empty)",
        cases=len(tried),
        lost=0,
        duplicates=0,
        recovery_s=0,
        note="every one got an ephemeral reply; no error reference shown",
    )


def crafted_bodies():
    def payload(data) -> str:
        return urlencode({"payload": json.dumps(data)})

    def action(action_id, value="1", **overrides):
        body = {
            "type": "block_actions",
            "team": {"id": "T1"},
            "user": {"id": "U2", "team_id": "T1"},
            "api_app_id": "A1",
            "container": {"type": "message", "message_ts": "1.2", "channel_id": "D2"},
            "channel": {"id": "D2"},
            "trigger_id": "1.2.3",
            "response_url": "",
            "actions": [{"type": "button", "action_id": action_id, "block_id": "b", "value": value}],
        }
        body.update(overrides)
        return payload(body)

    def view(callback_id, values=None, **extra):
        data = {
            "type": "view_submission",
            "team": {"id": "T1"},
            "user": {"id": "U2", "team_id": "T1"},
            "view": {
                "id": "V1",
                "callback_id": callback_id,
                "state": {"values": values} if values is not None else {},
            },
            **extra,
        }
        return payload(data)

    return {
        "broken JSON": "payload=%7Bnot-json",
        "payload is a list": payload([]),
        "payload is null": "payload=null",
        "empty body": "",
        "no actions": payload({"type": "block_actions", "team": {"id": "T1"}, "user": {"id": "U2"}}),
        "unknown action_id": action("launch_rockets"),
        "someone else's break id": action(ids.ACTION_BREAK_DONE, value="{break_id}"),
        "snooze someone else's break": action(ids.ACTION_BREAK_SNOOZE, value="{break_id}"),
        "huge button value": action(ids.ACTION_BREAK_DONE, value="9" * 5000),
        "another workspace's ids": action(
            ids.ACTION_BREAK_DONE,
            value="{break_id}",
            team={"id": "T999"},
            user={"id": "U1", "team_id": "T999"},
        ),  # fmt: skip
        "team break on an unknown challenge": action(ids.ACTION_TEAM_BREAK_JOIN, value="nope"),
        "join an unknown challenge": action(ids.ACTION_CHALLENGE_JOIN, value="../../etc"),
        "self-test without state": view(ids.VIEW_SELFTEST),
        "self-test with junk values": view(
            ids.VIEW_SELFTEST, {"x": {"y": {"selected_option": {"value": "z"}}}}
        ),
        "prefs without state": view(ids.VIEW_PREFS),
        "admin settings from a non-admin": view(ids.VIEW_ADMIN, {}),
        "challenge modal from a non-admin": view(ids.VIEW_CHALLENGE_START, {}, private_metadata="C1"),
        "huge private_metadata": view(ids.VIEW_CHALLENGE_START, {}, private_metadata="C" * 100_000),
        "unknown view": view("nope", {}),
        "event without event": json.dumps({"type": "event_callback", "team_id": "T1", "event_id": "EvX"}),
        "event is a string": json.dumps(
            {"type": "event_callback", "team_id": "T1", "event_id": "EvY", "event": "x"}
        ),
        "JSON body is a list": "[]",
        "forget-me as user *": action(
            ids.ACTION_FORGET_CONFIRM, value="yes", user={"id": "*", "team_id": "T1"}
        ),  # fmt: skip
        "a team id with a colon": action(
            ids.ACTION_BREAK_DONE,
            value="{break_id}",
            team={"id": "T1:U1"},
            user={"id": "U1", "team_id": "T1:U1"},
        ),  # fmt: skip
        "a user id with a glob": action(
            ids.ACTION_HOME_TOGGLE, value="on", user={"id": "U?", "team_id": "T1"}
        ),
        "a channel id with a colon": action(
            ids.ACTION_SHARE_BOARD, value="week", channel={"id": "C1:x"}
        ),  # fmt: skip
        "challenge modal for channel *": view(ids.VIEW_CHALLENGE_START, {}, private_metadata="*"),
        "a non-numeric break id": action(ids.ACTION_BREAK_DONE, value="*"),
    }


def test_crafted_payloads_get_a_4xx_or_a_harmless_2xx(alice, client, standin, store, deps, clock, figures):
    from tests.test_breaks import cards_to, deliver_due

    alice.reply_to("on")
    deliver_due(deps, clock, minutes=50)
    [card] = cards_to(standin, "U1")
    block = next(b for b in card.args["blocks"] if b.get("block_id") == ids.BLOCK_BREAK_ACTIONS)
    break_id = block["elements"][0]["value"]
    SlackUser(client, standin, "U2").reply_to("on")
    time.sleep(0.2)
    before = snapshot(store)
    mallory = SlackUser(client, standin, "U2")
    statuses = {}
    for name, body in crafted_bodies().items():
        body = body.replace("%7Bbreak_id%7D", break_id).replace("{break_id}", break_id)
        content_type = (
            "application/json" if body.startswith(("{", "[")) else "application/x-www-form-urlencoded"
        )
        response = mallory.post(body, content_type=content_type)
        statuses[name] = response.status_code
        assert response.status_code < 500, (name, response.status_code, response.data[:200])
    time.sleep(0.5)  # listeners finish after the ack
    assert snapshot(store) == before
    harmless = sum(s < 300 for s in statuses.values())
    refused = sum(400 <= s < 500 for s in statuses.values())
    figures(
        fault="Crafted /slack/events payloads (broken JSON, missing fields, others' ids, huge values)",
        cases=len(statuses),
        lost=0,
        duplicates=0,
        recovery_s=0,
        note=f"{harmless} harmless 2xx, {refused} 4xx, 0 5xx; no stored data changed",
    )


def test_forged_signatures_are_refused(client, alice, standin, store, figures):
    alice.reply_to("on")
    before = snapshot(store)
    body = slack_requests.command_body("off", user_id="U1", response_url=standin.response_url("forged"))
    now = time.time()
    good = slack_requests.signed_headers(SIGNING_SECRET, body, now)
    cases = {
        "missing": {"Content-Type": "application/x-www-form-urlencoded"},
        "wrong secret": slack_requests.signed_headers("not-the-secret", body, now),
        "stale (6 min)": slack_requests.signed_headers(SIGNING_SECRET, body, now - 360),
        "from the future (6 min)": slack_requests.signed_headers(SIGNING_SECRET, body, now + 360),
        "replayed with a new timestamp": {**good, "X-Slack-Request-Timestamp": str(int(now) + 1)},
        "tampered body": good,
        "no timestamp": {k: v for k, v in good.items() if k != "X-Slack-Request-Timestamp"},
    }
    for name, headers in cases.items():
        data = body.replace("off", "on") if name == "tampered body" else body
        assert client.post("/slack/events", data=data, headers=headers).status_code == 401, name
    time.sleep(0.3)
    assert snapshot(store) == before and not standin.calls_to("response")[1:]
    figures(
        fault="Forged signatures (missing, wrong, stale, future, replayed, tampered)",
        cases=len(cases),
        lost=0,
        duplicates=0,
        recovery_s=0,
        note="all 401; nothing changed",
    )


def test_admin_only_actions_refused_for_non_admins(alice, client, standin, store, deps, figures):
    standin.add_user("UBOSS", is_admin=True)
    SlackUser(client, standin, "UBOSS").reply_to("challenge start 7 Real", channel_id="C1")
    before = snapshot(store)
    attempts = {
        "admin modal": lambda: alice.reply_to("admin"),
        "settings submission": lambda: alice.submit(ids.VIEW_ADMIN, {}),
        "challenge start": lambda: alice.reply_to("challenge start 3 Mine", channel_id="C2"),
        "challenge stop": lambda: alice.reply_to("challenge stop", channel_id="C1"),
        "team break": lambda: alice.reply_to("challenge teambreak", channel_id="C1"),
        "challenge modal submission": lambda: alice.post(
            slack_requests.view_submission_body(
                ids.VIEW_CHALLENGE_START, {}, user_id="U1", private_metadata="C2"
            )
        ),
        "Home admin button": lambda: alice.home_click(ids.ACTION_OPEN_ADMIN, "admin"),
    }
    for attempt in attempts.values():
        attempt()
    time.sleep(0.3)
    assert snapshot(store) == before
    assert standin.calls_to("views.open") == []
    assert challenges.in_channel(store, team_id="T1", channel_id="C1") is not None
    assert workspace_config.get(store, deps.settings, team_id="T1").board_channel is None
    figures(
        fault="Admin-only actions by a non-admin (commands, buttons, modal submissions)",
        cases=len(attempts),
        lost=0,
        duplicates=0,
        recovery_s=0,
        note="all refused; nothing changed",
    )


def test_retried_events_apply_once(alice, standin, store, figures):
    alice.reply_to("on")
    user = dict(standin.users["U1"], deleted=True)
    retries = 4
    for attempt in range(retries):
        body = slack_requests.event_body({"type": "user_change", "user": user}, event_id="EvRetry")
        headers = slack_requests.signed_headers(SIGNING_SECRET, body)
        headers.update(
            {
                "Content-Type": "application/json",
                "X-Slack-Retry-Num": str(attempt),
                "X-Slack-Retry-Reason": "http_timeout",
            }
        )
        assert alice.client.post("/slack/events", data=body, headers=headers).status_code == 200
        if attempt == 0:
            assert eventually(lambda: not people.get(store, team_id="T1", user_id="U1").opted_in)
            alice.reply_to("on")  # they came back; a redelivery must not undo that
    time.sleep(0.3)
    assert people.get(store, team_id="T1", user_id="U1").opted_in
    figures(
        fault="Events API redeliveries (X-Slack-Retry-Num)",
        cases=retries,
        lost=0,
        duplicates=0,
        recovery_s=0,
        note="the same event_id is applied once",
    )
