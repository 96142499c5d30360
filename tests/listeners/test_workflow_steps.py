"""Workflow Builder steps through signed function_executed events: what each step posts, sends and ends
the run with (functions.completeSuccess / completeError, as the stand-in records them)."""

from __future__ import annotations

import itertools
import json
import time
from datetime import timedelta

import pytest

from slackapp import ids
from slackapp.config import Settings
from slackapp.deps import Deps
from slackapp.devkit import slack_requests
from slackapp.devkit.standin import Failure
from slackapp.domain import exercises
from slackapp.domain.timestamps import to_ms
from slackapp.processes.redis_server import free_port
from slackapp.store import challenges, keys, people, profiles
from slackapp.store.connection import redis_from_url
from slackapp.web.app import create_app
from tests.conftest import SIGNING_SECRET, SlackUser, eventually

WORKFLOW_TOKEN = "xwfp-workflow-run-token"
_runs = itertools.count(1)


def run_step(
    user: SlackUser, callback_id: str, inputs: dict, *, execution_id: str | None = None, event_id=None
):
    """Slack reaching the step in a workflow run by `user`: a signed function_executed (with the user_context
    Slack fills for the admin-only steps); returns the run id and the ack."""
    if callback_id != ids.FUNCTION_BREAK_CARD:
        inputs = {ids.STEP_IN_RUN_BY: {"id": user.user_id, "secret": "s3cr3t"}, **inputs}
    run = execution_id or f"Fx{next(_runs):08d}T"
    body = slack_requests.function_executed_body(
        callback_id, inputs, team_id=user.team_id, execution_id=run, event_id=event_id
    )
    return run, user.post(body, content_type="application/json")


def ended(standin, run: str, timeout: float = 10.0):
    """The call that ended the run: (method, args)."""
    call = standin.wait_for_step_end(run, timeout=timeout)
    return call.method, call.args


def team_posts(standin, channel: str):
    return [
        c
        for c in standin.calls_to("chat.postMessage")
        if c.ok and c.args.get("channel") == channel and ids.ACTION_TEAM_BREAK_JOIN in json.dumps(c.args)
    ]


@pytest.fixture
def boss(client, standin) -> SlackUser:
    standin.add_user("UBOSS", tz="UTC", is_admin=True)
    return SlackUser(client, standin, "UBOSS")


def test_team_break_step_is_the_commands_post_with_its_link(boss, standin, store):
    boss.reply_to("challenge start 7 Stand-up Squats", channel_id="CFUN")
    boss.reply_to("challenge teambreak", channel_id="CFUN")
    [by_command] = team_posts(standin, "CFUN")

    run, ack = run_step(boss, ids.FUNCTION_TEAM_BREAK, {ids.STEP_IN_CHANNEL: "CFUN"})
    assert ack.status_code == 200
    method, args = ended(standin, run)
    assert method == "functions.completeSuccess"
    by_step = team_posts(standin, "CFUN")[1]
    # The same post, through the same flow (the clock stands still, so even the move is the same one).
    assert (by_step.args["text"], by_step.args["blocks"]) == (
        by_command.args["text"],
        by_command.args["blocks"],
    )
    # Posted with the workspace's bot token, as the command's post: its buttons outlive the run. Only the
    # run's end goes out with the run's own short-lived token.
    assert by_step.token == by_command.token == "xoxb-test-token"
    assert standin.wait_for_step_end(run).token == WORKFLOW_TOKEN
    ts = by_step.answer["ts"]
    assert args["outputs"] == {
        ids.STEP_OUT_LINK: f"https://example.slack.com/archives/CFUN/p{ts.replace('.', '')}"
    }
    # Its I did it button counts like the command's.
    challenge = challenges.in_channel(store, team_id="T1", channel_id="CFUN")
    assert challenges.is_team_break_post(store, team_id="T1", challenge_id=challenge.challenge_id, post_ts=ts)


def test_team_break_step_seated_and_its_refusals(boss, standin):
    boss.reply_to("challenge start 7", channel_id="CFUN")
    run, _ = run_step(
        boss, ids.FUNCTION_TEAM_BREAK, {ids.STEP_IN_CHANNEL: "CFUN", ids.STEP_IN_MOVES: "Seated"}
    )
    assert ended(standin, run)[0] == "functions.completeSuccess"
    [post] = team_posts(standin, "CFUN")
    seated_names = {move.name for move in exercises.SEATED_LIBRARY}
    first = post.args["blocks"][1]["text"]["text"].split("\n")[0]
    assert first.strip("*") in seated_names and "Seated version" not in json.dumps(post.args["blocks"])
    assert "stop" in json.dumps(post.args["blocks"]).lower()  # the stop-if-it-hurts line

    for inputs, said in (
        ({ids.STEP_IN_CHANNEL: "CNONE"}, "No challenge is running in this channel"),
        ({ids.STEP_IN_CHANNEL: "not a channel"}, "This step needs a channel"),
        (
            {ids.STEP_IN_CHANNEL: "CFUN", ids.STEP_IN_MOVES: "handstand"},
            "Moves can be `standing` or `seated`",
        ),
    ):
        run, _ = run_step(boss, ids.FUNCTION_TEAM_BREAK, inputs)
        method, args = ended(standin, run)
        assert method == "functions.completeError" and said in args["error"], args
    assert len(team_posts(standin, "CFUN")) == 1


def test_team_break_step_is_for_admins_only_as_the_command_is(boss, alice, standin):
    boss.reply_to("challenge start 7", channel_id="CFUN")
    assert "admins" in alice.reply_to("challenge teambreak", channel_id="CFUN")["text"]
    run, _ = run_step(alice, ids.FUNCTION_TEAM_BREAK, {ids.STEP_IN_CHANNEL: "CFUN"})
    method, args = ended(standin, run)
    assert method == "functions.completeError"
    assert args["error"].startswith("Only workspace admins and app admins can change workspace settings.")
    assert team_posts(standin, "CFUN") == []


def test_break_card_step_sends_one_card_or_says_why_not(alice, standin, store, clock):
    alice.reply_to("on")
    before = people.get(store, team_id="T1", user_id="U1").next_due_ms
    clock.advance(minutes=20)  # the stand-up workflow runs 20 minutes into the 50
    run, _ = run_step(alice, ids.FUNCTION_BREAK_CARD, {ids.STEP_IN_PERSON: "U1"})
    method, args = ended(standin, run)
    assert (method, args["outputs"]) == ("functions.completeSuccess", {ids.STEP_OUT_SENT: True})
    [card] = [c for c in standin.calls_to("chat.postMessage") if ids.ACTION_BREAK_DONE in json.dumps(c.args)]
    assert card.args["channel"] == "U1"
    # The card stood in for their next break: the next one comes a full interval from now.
    after = people.get(store, team_id="T1", user_id="U1").next_due_ms
    assert (before, after) == (to_ms(clock() + timedelta(minutes=30)), to_ms(clock() + timedelta(minutes=50)))

    def why_not() -> dict:
        run, _ = run_step(alice, ids.FUNCTION_BREAK_CARD, {ids.STEP_IN_PERSON: "U1"})
        method, args = ended(standin, run)
        assert method == "functions.completeSuccess"
        return args["outputs"]

    assert why_not()[ids.STEP_OUT_REASON] == "sent_recently"  # one card from steps per 15 minutes
    clock.advance(minutes=15)
    now_s = clock().timestamp()
    standin.set_dnd("U1", start=now_s - 60, end=now_s + 3600)
    store.delete(keys.dnd("T1", "U1"))  # the DND window cached by the send
    assert why_not() == {
        ids.STEP_OUT_SENT: False,
        ids.STEP_OUT_REASON: "do_not_disturb",
        ids.STEP_OUT_REASON_TEXT: "They are in Do Not Disturb.",
    }
    standin.set_dnd("U1", start=now_s - 60, end=now_s + 3600, enabled=False)
    store.delete(keys.dnd("T1", "U1"))
    alice.event({"type": "user_huddle_changed", "user": standin.set_huddle("U1", True)}, event_id="EvHuddle")
    assert eventually(lambda: _in_a_huddle(store))  # an event's listener runs after its ack
    assert why_not() == {
        ids.STEP_OUT_SENT: False,
        ids.STEP_OUT_REASON: "in_a_huddle",
        ids.STEP_OUT_REASON_TEXT: "They are in a huddle.",
    }
    alice.event(
        {"type": "user_huddle_changed", "user": standin.set_huddle("U1", False)}, event_id="EvHuddle2"
    )
    standin.set_status("U1", text="In a meeting", emoji=":calendar:")
    alice.event({"type": "user_change", "user": standin.users["U1"]}, event_id="EvStatus")  # as Slack tells
    assert eventually(lambda: not _in_a_huddle(store) and _status(store) == "In a meeting")
    assert why_not()[ids.STEP_OUT_REASON] == "busy"
    alice.reply_to("snooze 30m")
    assert why_not()[ids.STEP_OUT_REASON] == "snoozed"
    alice.reply_to("off")
    assert why_not()[ids.STEP_OUT_REASON] == "breaks_off"
    cards = [c for c in standin.calls_to("chat.postMessage") if ids.ACTION_BREAK_DONE in json.dumps(c.args)]
    assert len(cards) == 1


def _in_a_huddle(store) -> bool:
    return "U1" in profiles.get_huddles(store, team_id="T1", user_ids=["U1"])


def _status(store) -> str:
    profile = profiles.get(store, team_id="T1", user_id="U1")
    return profile.status_text if profile else ""


def test_challenge_step_is_for_admins_only(boss, alice, standin, store):
    inputs = {ids.STEP_IN_CHANNEL: "CFUN", ids.STEP_IN_DAYS: 14, ids.STEP_IN_TITLE: "Glute Spring"}
    run, _ = run_step(alice, ids.FUNCTION_CHALLENGE, inputs)
    method, args = ended(standin, run)
    assert method == "functions.completeError"
    assert args["error"].startswith("Only workspace admins and app admins can change workspace settings.")
    assert challenges.in_channel(store, team_id="T1", channel_id="CFUN") is None
    # Naming an admin as a plain id (what a builder could type) is not the user_context Slack fills.
    run, _ = run_step(alice, ids.FUNCTION_CHALLENGE, {**inputs, ids.STEP_IN_RUN_BY: "UBOSS"})
    method, args = ended(standin, run)
    assert method == "functions.completeError" and "who is running the workflow" in args["error"]
    assert not standin.calls_to("chat.postMessage")

    run, _ = run_step(boss, ids.FUNCTION_CHALLENGE, inputs)
    method, args = ended(standin, run)
    assert method == "functions.completeSuccess"
    assert args["outputs"] == {ids.STEP_OUT_TITLE: "Glute Spring", ids.STEP_OUT_ENDS_ON: "2026-12-08"}
    started = challenges.in_channel(store, team_id="T1", channel_id="CFUN")
    assert (started.title, started.started_by) == ("Glute Spring", "UBOSS")
    assert [c.args["channel"] for c in standin.calls_to("chat.postMessage")] == ["CFUN"]  # the announcement

    # The command's rules, the command's words.
    for days, said in ((400, "A challenge can run 1 to 90 days, not 400."), (7, "is already running here")):
        run, _ = run_step(boss, ids.FUNCTION_CHALLENGE, {**inputs, ids.STEP_IN_DAYS: days})
        method, args = ended(standin, run)
        assert method == "functions.completeError" and said in args["error"]


def test_a_redelivered_run_posts_once_and_ends_once(boss, standin):
    boss.reply_to("challenge start 7", channel_id="CFUN")
    run, _ = run_step(boss, ids.FUNCTION_TEAM_BREAK, {ids.STEP_IN_CHANNEL: "CFUN"}, event_id="EvA")
    ended(standin, run)
    # Slack delivering the same run again: the same event (a retry) and the same run under a new event id.
    run_step(boss, ids.FUNCTION_TEAM_BREAK, {ids.STEP_IN_CHANNEL: "CFUN"}, execution_id=run, event_id="EvA")
    run_step(boss, ids.FUNCTION_TEAM_BREAK, {ids.STEP_IN_CHANNEL: "CFUN"}, execution_id=run, event_id="EvB")
    later, _ = run_step(boss, ids.FUNCTION_TEAM_BREAK, {ids.STEP_IN_CHANNEL: "CFUN"})
    ended(standin, later)  # a run after them has ended, so they had their chance
    assert [c.method for c in standin.step_ends(run)] == ["functions.completeSuccess"]
    assert len(team_posts(standin, "CFUN")) == 2  # the run's, and the later run's


def test_with_redis_unreachable_a_step_fails_with_a_clear_error(settings: Settings, standin, clock):
    dead = redis_from_url(f"redis://127.0.0.1:{free_port()}/0")
    deps = Deps(
        settings=settings, redis=dead, rq_redis=redis_from_url(dead_url(dead), decode=False), clock=clock
    )
    user = SlackUser(create_app(deps=deps).test_client(), standin, "U1")
    run, ack = run_step(user, ids.FUNCTION_TEAM_BREAK, {ids.STEP_IN_CHANNEL: "CFUN"})
    assert ack.status_code == 200  # acked at once, the step ends after
    method, args = ended(standin, run)
    assert method == "functions.completeError"
    assert (
        args["error"]
        == ":hourglass: glutes can't reach its database right now. Please try again in a moment."
    )
    assert not standin.calls_to("chat.postMessage")


def dead_url(client) -> str:
    kwargs = client.connection_pool.connection_kwargs
    return f"redis://{kwargs['host']}:{kwargs['port']}/0"


def test_a_step_still_going_at_the_deadline_fails_then_and_ends_once(boss, standin, monkeypatch):
    from slackapp.listeners import functions

    boss.reply_to("challenge start 7", channel_id="CFUN")
    monkeypatch.setattr(functions, "STEP_DEADLINE_SECONDS", 0.3)
    standin.fail("chat.postMessage", Failure(delay=1.0, times=1))  # Slack slow to take the post
    run, _ = run_step(boss, ids.FUNCTION_TEAM_BREAK, {ids.STEP_IN_CHANNEL: "CFUN"})
    method, args = ended(standin, run, timeout=0.9)
    assert method == "functions.completeError"
    assert (
        args["error"]
        == "glutes took too long to finish this step. Please run the workflow again in a moment."
    )
    time.sleep(1.2)  # the slow post is answered (as a failure) after the run has ended
    assert [c.method for c in standin.step_ends(run)] == ["functions.completeError"]


def test_steps_speak_the_workspaces_language(alice, standin, store, deps):
    from dataclasses import replace

    from slackapp.store import workspace_config

    config = workspace_config.get(store, deps.settings, team_id="T1")
    workspace_config.save(store, team_id="T1", config=replace(config, language="de"))
    run, _ = run_step(alice, ids.FUNCTION_BREAK_CARD, {ids.STEP_IN_PERSON: "U1"})
    assert ended(standin, run)[1]["outputs"] == {
        ids.STEP_OUT_SENT: False,
        ids.STEP_OUT_REASON: "breaks_off",  # the word a workflow branches on stays the same
        ids.STEP_OUT_REASON_TEXT: "Die glutes-Pausen dieser Person sind aus.",
    }
    run, _ = run_step(alice, ids.FUNCTION_TEAM_BREAK, {ids.STEP_IN_CHANNEL: "not a channel"})
    assert ended(standin, run)[1]["error"] == (
        "Dieser Schritt braucht einen Channel: Wähle einen in den Einstellungen des Schritts."
    )


def test_a_challenge_steps_title_loses_invisible_and_direction_changing_characters(boss, standin, store):
    """A workflow's title input could carry a right-to-left override (the title after it reads reversed in
    every post and board) or only zero-width characters (a title that shows as nothing)."""
    spoofed = "Glute \u202eteR gnirpS\u202c\u200b Week \u2066x\u2069\x07"
    run, _ = run_step(
        boss,
        ids.FUNCTION_CHALLENGE,
        {ids.STEP_IN_CHANNEL: "CFUN", ids.STEP_IN_DAYS: 7, ids.STEP_IN_TITLE: spoofed},
    )
    method, args = ended(standin, run)
    assert method == "functions.completeSuccess"
    assert args["outputs"][ids.STEP_OUT_TITLE] == "Glute teR gnirpS Week x"
    [announcement] = standin.calls_to("chat.postMessage")
    assert "\u202e" not in json.dumps(announcement.args, ensure_ascii=False)
    assert challenges.in_channel(store, team_id="T1", channel_id="CFUN").title == "Glute teR gnirpS Week x"

    run, _ = run_step(
        boss,
        ids.FUNCTION_CHALLENGE,
        {ids.STEP_IN_CHANNEL: "CTWO", ids.STEP_IN_DAYS: 7, ids.STEP_IN_TITLE: "\u200b\u2060\ufeff"},
    )
    assert ended(standin, run)[1]["outputs"][ids.STEP_OUT_TITLE] == "Glute Challenge"  # the default


def test_a_run_whose_completion_slack_refuses_is_failed_so_it_still_ends(boss, standin):
    boss.reply_to("challenge start 7", channel_id="CFUN")
    standin.fail("functions.completeSuccess", Failure(error="internal_error", times=1))
    run, _ = run_step(boss, ids.FUNCTION_TEAM_BREAK, {ids.STEP_IN_CHANNEL: "CFUN"})
    standin.wait_for("functions.completeError", where=lambda c: c.args.get("function_execution_id") == run)
    ends = standin.step_ends(run)
    assert [(c.method, c.ok) for c in ends] == [
        ("functions.completeSuccess", False),
        ("functions.completeError", True),
    ]
    assert "Slack is busy or having trouble" in ends[1].args["error"]  # Slack's error: not called ours
    assert len(team_posts(standin, "CFUN")) == 1  # the post stands; the run is not tried again


def test_a_workflow_run_again_and_again_sends_one_card_per_15_minutes(alice, standin, store, clock, deps):
    """Anyone's workflow may send the step (a trigger on every message in a channel): the person gets at
    most one card from steps per 15 minutes; a run that sent nothing (held) does not use up the slot."""
    from slackapp.flows import privacy

    alice.reply_to("on")
    clock.advance(minutes=20)

    def outputs() -> dict:
        run, _ = run_step(alice, ids.FUNCTION_BREAK_CARD, {ids.STEP_IN_PERSON: "U1"})
        method, args = ended(standin, run)
        assert method == "functions.completeSuccess"
        return args["outputs"]

    def cards() -> int:
        return len(
            [c for c in standin.calls_to("chat.postMessage") if ids.ACTION_BREAK_DONE in json.dumps(c.args)]
        )

    alice.reply_to("snooze 10m")
    assert outputs()[ids.STEP_OUT_REASON] == "snoozed"
    clock.advance(minutes=11)
    assert outputs() == {ids.STEP_OUT_SENT: True}  # the snoozed run took no slot
    for _ in range(3):
        clock.advance(minutes=4)
        assert outputs() == {
            ids.STEP_OUT_SENT: False,
            ids.STEP_OUT_REASON: "sent_recently",
            ids.STEP_OUT_REASON_TEXT: "A workflow sent them a break card less than 15 minutes ago.",
        }
    assert cards() == 1
    clock.advance(minutes=3)  # 15 minutes after the card
    assert outputs() == {ids.STEP_OUT_SENT: True}
    assert cards() == 2
    privacy.forget(deps, team_id="T1", user_id="U1")
    assert not store.exists(keys.step_card("T1", "U1"))


def test_a_forged_or_replayed_run_does_nothing(boss, standin, client):
    """A function_executed not signed with the app's secret (or signed long ago, a replay) is refused
    before any step runs: no post, no challenge, no complete or fail."""
    boss.reply_to("challenge start 7", channel_id="CFUN")
    inputs = {ids.STEP_IN_CHANNEL: "CFUN", ids.STEP_IN_RUN_BY: {"id": "UBOSS", "secret": "x"}}
    for run, secret, signed_at in (
        ("FxFORGED1", "not-the-apps-secret", time.time()),
        ("FxREPLAY1", SIGNING_SECRET, time.time() - 3600),
    ):
        body = slack_requests.function_executed_body(
            ids.FUNCTION_TEAM_BREAK, inputs, team_id="T1", execution_id=run
        )
        headers = slack_requests.signed_headers(secret, body, timestamp=signed_at)
        headers["Content-Type"] = "application/json"
        assert client.post("/slack/events", data=body, headers=headers).status_code == 401
    time.sleep(0.3)
    assert team_posts(standin, "CFUN") == []
    assert standin.step_ends("FxFORGED1") == standin.step_ends("FxREPLAY1") == []
