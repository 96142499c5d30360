"""Workflow Builder steps against the real web process (gunicorn as in the Procfile): signed
function_executed events, each run ended by exactly one functions.completeSuccess or completeError, a
redelivery that posts nothing more, and Redis stopped under a step."""

from __future__ import annotations

import json
import time
import urllib.request

import pytest

from slackapp import ids
from slackapp.devkit import slack_requests
from slackapp.store import challenges, keys
from slackapp.store.connection import redis_from_url
from tests.conftest import SIGNING_SECRET
from tests.reliability.conftest import wait_until

pytestmark = pytest.mark.reliability


def command(web, text: str, *, user_id: str, channel_id: str) -> int:
    body = slack_requests.command_body(
        text, user_id=user_id, team_id="T1", channel_id=channel_id, response_url=web.response_url
    )
    request = urllib.request.Request(
        web.url("/slack/events"),
        data=body.encode(),
        headers=slack_requests.signed_headers(SIGNING_SECRET, body),
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        return answer.status


def team_posts(standin, channel: str) -> list:
    return [
        c
        for c in standin.calls_to("chat.postMessage")
        if c.ok and c.args.get("channel") == channel and ids.ACTION_TEAM_BREAK_JOIN in json.dumps(c.args)
    ]


def test_steps_against_the_real_web_process(web, standin, private_redis, figures):
    events = web.url("/slack/events")
    standin.add_user("UBOSS", tz="UTC", is_admin=True)
    assert command(web, "challenge start 7 Stand-up Squats", user_id="UBOSS", channel_id="CFUN") == 200
    assert command(web, "on", user_id="U1", channel_id="D1") == 200
    store = redis_from_url(private_redis.url)
    assert wait_until(lambda: challenges.in_channel(store, team_id="T1", channel_id="CFUN"), timeout=10)
    assert wait_until(lambda: store.sismember(keys.opted_in("T1"), "U1"), timeout=10)

    def step(callback_id: str, inputs: dict, **run: str):
        started = time.monotonic()
        status, run_id = standin.send_function_executed(events, SIGNING_SECRET, callback_id, inputs, **run)
        assert status == 200
        end = standin.wait_for_step_end(run_id, timeout=20)
        return run_id, end, time.monotonic() - started

    # Each step completes with its outputs.
    boss = {"id": "UBOSS", "secret": "s3cr3t"}  # the user_context Slack fills with who ran the workflow
    run, end, took = step(ids.FUNCTION_TEAM_BREAK, {ids.STEP_IN_CHANNEL: "CFUN", ids.STEP_IN_RUN_BY: boss})
    [post] = team_posts(standin, "CFUN")
    assert end.method == "functions.completeSuccess"
    assert end.args["outputs"][ids.STEP_OUT_LINK].endswith(
        "/archives/CFUN/p" + post.answer["ts"].replace(".", "")
    )
    _, card, _ = step(ids.FUNCTION_BREAK_CARD, {ids.STEP_IN_PERSON: "U1"})
    assert (card.method, card.args["outputs"]) == ("functions.completeSuccess", {ids.STEP_OUT_SENT: True})
    assert [c for c in standin.calls_to("chat.postMessage") if c.args.get("channel") == "U1"]

    # A redelivered run (same function_execution_id, new event id) ends once and posts once.
    standin.send_function_executed(events, SIGNING_SECRET, ids.FUNCTION_TEAM_BREAK, {}, execution_id=run)
    # A non-admin's challenge step fails with the admin message and posts nothing.
    posts_before = len(standin.calls_to("chat.postMessage"))
    challenge_inputs = {ids.STEP_IN_CHANNEL: "CNEW", ids.STEP_IN_DAYS: 14, ids.STEP_IN_RUN_BY: {"id": "U1"}}
    _, refused, _ = step(ids.FUNCTION_CHALLENGE, challenge_inputs)
    assert refused.method == "functions.completeError"
    assert refused.args["error"].startswith("Only workspace admins and app admins")
    assert len(standin.calls_to("chat.postMessage")) == posts_before
    assert challenges.in_channel(store, team_id="T1", channel_id="CNEW") is None
    assert len(standin.step_ends(run)) == 1 and len(team_posts(standin, "CFUN")) == 1

    # Redis stopped: the step is acked, then fails with a clear sentence instead of hanging.
    private_redis.stop()
    _, down, down_took = step(
        ids.FUNCTION_TEAM_BREAK, {ids.STEP_IN_CHANNEL: "CFUN", ids.STEP_IN_RUN_BY: boss}
    )
    assert down.method == "functions.completeError"
    assert "can't reach its database" in down.args["error"]
    assert len(team_posts(standin, "CFUN")) == 1
    figures(
        fault="workflow steps: redelivery, non-admin, Redis stopped",
        cases=5,
        lost=0,
        duplicates=0,
        recovery_s=round(down_took, 2),
        note=f"team break step ended in {took:.2f} s; with Redis stopped, failed in {down_took:.2f} s",
    )
