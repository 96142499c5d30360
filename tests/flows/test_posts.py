"""Timed workspace work as the run_task job calls it: due once, one runner, paused without a client."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from slackapp.domain.timestamps import to_ms
from slackapp.flows import posts
from slackapp.slack.client import web_client
from slackapp.store import boards, locks, people, tasks, workspace_config


def _weekly_board_due_now(deps, store, clock, channel: str = "CBOARD") -> None:
    config = workspace_config.get(store, deps.settings, team_id="T1")
    workspace_config.save(store, team_id="T1", config=replace(config, board_channel=channel))
    tasks.schedule(store, team_id="T1", task=tasks.WEEKLY_BOARD, due_ms=to_ms(clock()))


def test_the_weekly_board_is_posted_and_scheduled_again(deps, standin, store, clock):
    _weekly_board_due_now(deps, store, clock)
    for user_id in ("U1", "U2"):
        people.opt_in(store, team_id="T1", user_id=user_id, next_due_ms=to_ms(clock()))
        for key in boards.board_keys("T1", date(2026, 11, 25)):
            store.zadd(key, {user_id: 3})
    boards.show(store, team_id="T1", user_id="U1")  # U2 never said yes
    client = web_client(deps.settings, "xoxb-test-token")

    assert posts.run_task(deps, client, "T1", tasks.WEEKLY_BOARD) == "posted"

    [post] = standin.calls_to("chat.postMessage")
    assert post.args["channel"] == "CBOARD" and "<@U1>" in str(post.args["blocks"])
    assert "U2" not in str(post.args["blocks"])
    next_run = tasks.due_ms(store, team_id="T1", task=tasks.WEEKLY_BOARD)
    assert next_run is not None and next_run > to_ms(clock())


def test_a_task_another_worker_is_running_is_left_to_it(deps, standin, store, clock):
    _weekly_board_due_now(deps, store, clock)
    assert locks.take_task_lock(store, team_id="T1", task=tasks.WEEKLY_BOARD, ttl_seconds=60)
    client = web_client(deps.settings, "xoxb-test-token")

    assert posts.run_task(deps, client, "T1", tasks.WEEKLY_BOARD) == "running"
    assert standin.calls_to("chat.postMessage") == []


def test_a_task_not_yet_due_does_nothing(deps, standin, store, clock):
    _weekly_board_due_now(deps, store, clock)
    clock.advance(hours=-1)
    client = web_client(deps.settings, "xoxb-test-token")

    assert posts.run_task(deps, client, "T1", tasks.WEEKLY_BOARD) == "not_due"
    assert standin.calls_to("chat.postMessage") == []


def test_without_a_client_the_task_waits_an_hour(deps, standin, store, clock):
    _weekly_board_due_now(deps, store, clock)

    assert posts.run_task(deps, None, "T1", tasks.WEEKLY_BOARD) == "paused"
    assert tasks.due_ms(store, team_id="T1", task=tasks.WEEKLY_BOARD) == to_ms(clock()) + 3600 * 1000
    assert standin.calls_to("chat.postMessage") == []
