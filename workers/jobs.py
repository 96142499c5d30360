"""RQ jobs. They take ids, build the workspace's client, call one flow, and are safe to run twice."""

from __future__ import annotations

from slack_sdk import WebClient

from slackapp.deps import Deps
from slackapp.flows import home, posts
from slackapp.slack.tokens import workspace_client
from workers import delivery, runtime


def _client(deps: Deps, team_id: str) -> WebClient | None:
    return workspace_client(deps.settings, deps.redis, team_id)


def send_breaks(team_id: str, user_ids: list[str]) -> dict[str, int]:
    """Deliver the breaks due for these people; returns counts by outcome (kept as the job's result)."""
    return dict(delivery.deliver(runtime.current(), team_id, user_ids))


def send_retest_invites(team_id: str, user_ids: list[str]) -> int:
    """Invite people whose last self-test is 14 days old to retake it."""
    deps = runtime.current()
    return posts.send_retest_invites(deps, _client(deps, team_id), team_id, user_ids)


def run_task(team_id: str, task: str) -> str:
    """A timed workspace post (weekly board, challenge standings) or an uninstalled workspace's purge."""
    deps = runtime.current()
    return posts.run_task(deps, _client(deps, team_id), team_id, task)


def refresh_home(team_id: str, user_id: str) -> None:
    """Republish a person's App Home after something on it changed."""
    deps = runtime.current()
    client = _client(deps, team_id)
    if client is not None:
        home.publish_home(deps, client, team_id=team_id, user_id=user_id)
