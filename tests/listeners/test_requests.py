"""Every request to /slack/events is verified; garbage gets a 4xx, never a 500."""

from __future__ import annotations

import json
import time

from slack_bolt import BoltRequest

from slackapp.devkit import slack_requests
from slackapp.web.bolt import build_bolt
from tests.conftest import SIGNING_SECRET


def test_help_answers_with_usage(alice):
    reply = alice.reply_to("help")
    assert reply["response_type"] == "ephemeral"
    for word in ("on", "off", "status", "snooze", "resume", "hours", "every", "help"):
        assert f"/glutes {word}" in reply["text"]


def test_unknown_words_and_empty_text_show_usage(alice):
    assert "/glutes on" in alice.reply_to("")["text"]
    assert "/glutes on" in alice.reply_to("dance wildly")["text"]


def test_unsigned_request_is_refused_and_nothing_runs(client, standin):
    body = slack_requests.command_body("help", response_url=standin.response_url())
    response = client.post("/slack/events", data=body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 401
    time.sleep(0.2)
    assert standin.calls_to("response") == []


def test_wrong_signature_is_refused(client, standin):
    body = slack_requests.command_body("help", response_url=standin.response_url())
    headers = slack_requests.signed_headers("not-the-secret", body)
    assert client.post("/slack/events", data=body, headers=headers).status_code == 401
    time.sleep(0.2)
    assert standin.calls_to("response") == []


def test_stale_timestamp_is_refused(client, standin):
    body = slack_requests.command_body("help", response_url=standin.response_url())
    headers = slack_requests.signed_headers(SIGNING_SECRET, body, timestamp=time.time() - 6 * 60)
    assert client.post("/slack/events", data=body, headers=headers).status_code == 401
    time.sleep(0.2)
    assert standin.calls_to("response") == []


def test_broken_json_payload_is_a_client_error(alice):
    response = alice.post("payload=%7Bnot-json")
    assert response.status_code == 400


def test_broken_json_with_bad_signature_is_401(client):
    body = "payload=%7Bnot-json"
    headers = slack_requests.signed_headers("wrong", body)
    assert client.post("/slack/events", data=body, headers=headers).status_code == 401


def test_healthz_reflects_redis(client, deps, redis_server):
    assert client.get("/healthz").status_code == 200
    redis_server.stop()
    try:
        response = client.get("/healthz")
        assert response.status_code == 503
        assert response.get_json()["ok"] is False
    finally:
        redis_server.start()
    assert client.get("/healthz").status_code == 200


def test_a_request_handed_to_bolt_past_the_web_route_is_still_verified(deps, standin):
    """The web route checks the signature once and Bolt does not check it again; a request that reaches
    the Bolt app any other way is checked in the place of Bolt's own verification, and refused unsigned."""
    app = build_bolt(deps)
    body = slack_requests.command_body("help", response_url=standin.response_url())
    unsigned = {"Content-Type": "application/x-www-form-urlencoded"}
    forged = slack_requests.signed_headers("not-the-secret", body)
    garbled = dict(slack_requests.signed_headers(SIGNING_SECRET, body), **{"X-Slack-Request-Timestamp": "x"})
    for headers in (unsigned, forged, garbled):
        assert app.dispatch(BoltRequest(body=body, headers=headers)).status == 401

    signed = app.dispatch(BoltRequest(body=body, headers=slack_requests.signed_headers(SIGNING_SECRET, body)))
    assert signed.status == 200 and "/glutes on" in json.loads(signed.body)["text"]
    assert standin.calls_to("response") == []  # the refused ones ran nothing
