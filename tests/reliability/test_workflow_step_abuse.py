"""Workflow Builder steps (issue 30) attacked against the real web process: a redelivery storm of one run,
inputs of every wrong shape, and runs Slack would never send (no run token, another team's channel)."""

from __future__ import annotations

import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest

from slackapp import ids
from slackapp.domain.challenge import MAX_TITLE_LENGTH
from slackapp.store import challenges
from slackapp.store.connection import redis_from_url
from tests.conftest import SIGNING_SECRET
from tests.reliability.conftest import wait_until
from tests.reliability.test_workflow_steps import command, team_posts

pytestmark = pytest.mark.reliability

BOSS = {"id": "UBOSS", "secret": "s3cr3t"}


def test_a_redelivery_storm_posts_once_and_ends_once(web, standin, private_redis, figures):
    """100 deliveries of one run at once (Slack retrying while glutes is slow): one post, one completion."""
    events = web.url("/slack/events")
    standin.add_user("UBOSS", tz="UTC", is_admin=True)
    assert command(web, "challenge start 7 Storm Squats", user_id="UBOSS", channel_id="CSTORM") == 200
    store = redis_from_url(private_redis.url)
    assert wait_until(lambda: challenges.in_channel(store, team_id="T1", channel_id="CSTORM"), timeout=10)
    inputs = {ids.STEP_IN_CHANNEL: "CSTORM", ids.STEP_IN_RUN_BY: BOSS}
    run = "FxSTORM0001"

    def deliver(i: int) -> int:
        status, _ = standin.send_function_executed(
            events, SIGNING_SECRET, ids.FUNCTION_TEAM_BREAK, inputs, execution_id=run, event_id=f"EvS{i}"
        )
        return status

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=16) as pool:
        statuses = Counter(pool.map(deliver, range(100)))
    end = standin.wait_for_step_end(run, timeout=20)
    took = time.monotonic() - started
    time.sleep(1.5)  # room for a second post or completion to show up
    assert statuses == Counter({200: 100})
    assert end.method == "functions.completeSuccess"
    assert len(standin.step_ends(run)) == 1
    assert len(team_posts(standin, "CSTORM")) == 1
    figures(
        fault="workflow step: one run delivered 100 times at once",
        cases=100,
        lost=0,
        duplicates=len(team_posts(standin, "CSTORM")) - 1 + len(standin.step_ends(run)) - 1,
        recovery_s=round(took, 2),
        note="one team break posted, one completeSuccess",
    )


def test_step_inputs_of_every_wrong_shape_end_the_run_with_a_sentence(web, standin, private_redis, figures):
    """Missing, extra and wrongly typed inputs, huge strings, another team's ids: every run is acked and
    ended by exactly one completeError with a sentence (never the generic error, never a post)."""
    events = web.url("/slack/events")
    standin.add_user("UBOSS", tz="UTC", is_admin=True)
    huge = "C" + "A" * 200_000
    cases = [
        (ids.FUNCTION_TEAM_BREAK, {}),
        (ids.FUNCTION_TEAM_BREAK, {ids.STEP_IN_CHANNEL: ["CSTORM"], ids.STEP_IN_RUN_BY: BOSS}),
        (ids.FUNCTION_TEAM_BREAK, {ids.STEP_IN_CHANNEL: huge, ids.STEP_IN_RUN_BY: BOSS}),
        (ids.FUNCTION_TEAM_BREAK, {ids.STEP_IN_CHANNEL: "C1:*", ids.STEP_IN_RUN_BY: BOSS}),
        (ids.FUNCTION_TEAM_BREAK, {ids.STEP_IN_CHANNEL: "CNOCHAL", ids.STEP_IN_RUN_BY: "UBOSS"}),
        (ids.FUNCTION_TEAM_BREAK, {ids.STEP_IN_CHANNEL: "CNOCHAL", ids.STEP_IN_RUN_BY: {"id": ["UBOSS"]}}),
        (
            ids.FUNCTION_TEAM_BREAK,
            {ids.STEP_IN_CHANNEL: "CNOCHAL", ids.STEP_IN_RUN_BY: BOSS, ids.STEP_IN_MOVES: "<x|y>" * 9000},
        ),
        (ids.FUNCTION_BREAK_CARD, {ids.STEP_IN_PERSON: None, "extra": 1}),
        (ids.FUNCTION_BREAK_CARD, {ids.STEP_IN_PERSON: {"id": "U1"}}),
        (ids.FUNCTION_BREAK_CARD, {ids.STEP_IN_PERSON: "U" + "1" * 100_000}),
        (
            ids.FUNCTION_CHALLENGE,
            {ids.STEP_IN_CHANNEL: "CNEW", ids.STEP_IN_DAYS: "abc", ids.STEP_IN_RUN_BY: BOSS},
        ),
        (
            ids.FUNCTION_CHALLENGE,
            {ids.STEP_IN_CHANNEL: "CNEW", ids.STEP_IN_DAYS: -3, ids.STEP_IN_RUN_BY: BOSS},
        ),
        (
            ids.FUNCTION_CHALLENGE,
            {ids.STEP_IN_CHANNEL: "CNEW", ids.STEP_IN_DAYS: 1e308, ids.STEP_IN_RUN_BY: BOSS},
        ),
        (
            ids.FUNCTION_CHALLENGE,
            {ids.STEP_IN_CHANNEL: "CNEW", ids.STEP_IN_DAYS: [7], ids.STEP_IN_RUN_BY: BOSS},
        ),
    ]
    posts_before = len(standin.calls_to("chat.postMessage"))
    runs = []
    for callback_id, inputs in cases:
        status, run = standin.send_function_executed(events, SIGNING_SECRET, callback_id, inputs)
        assert status == 200, (callback_id, str(inputs)[:80])
        runs.append((run, callback_id, inputs))
    ends = {}
    for run, callback_id, inputs in runs:
        end = standin.wait_for_step_end(run, timeout=20)
        ends[run] = end
        assert len(standin.step_ends(run)) == 1
        assert end.method == "functions.completeError", (callback_id, str(inputs)[:80], end.args)
        assert "Something went wrong" not in end.args["error"], (callback_id, str(inputs)[:80], end.args)
        assert len(end.args["error"]) < 400, end.args["error"][:100]
    assert len(standin.calls_to("chat.postMessage")) == posts_before
    store = redis_from_url(private_redis.url)
    assert not [k for k in store.keys("*") if "AAAA" in k or "1111111111" in k]
    assert challenges.in_channel(store, team_id="T1", channel_id="CNEW") is None
    # A 100,000-character title is cut to a title's length; the challenge starts.
    long_title = {ids.STEP_IN_CHANNEL: "CLONG", ids.STEP_IN_DAYS: 7.0, ids.STEP_IN_TITLE: "x" * 100_000}
    status, run = standin.send_function_executed(
        events, SIGNING_SECRET, ids.FUNCTION_CHALLENGE, {**long_title, ids.STEP_IN_RUN_BY: BOSS}
    )
    started = standin.wait_for_step_end(run, timeout=20)
    assert (status, started.method) == (200, "functions.completeSuccess")
    assert len(started.args["outputs"][ids.STEP_OUT_TITLE]) <= MAX_TITLE_LENGTH
    figures(
        fault="workflow steps: missing, extra, wrongly typed and huge inputs",
        cases=len(cases) + 1,
        lost=0,
        duplicates=0,
        recovery_s=0,
        note="each bad run ended by one completeError with a sentence, nothing posted, no key made; "
        "a 100,000-character title cut to its length",
    )
