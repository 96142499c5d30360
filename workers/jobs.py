"""RQ jobs. They take ids, look everything else up, and are safe to run twice."""

from __future__ import annotations

from slackapp.slack.publish import publish_home
from workers import delivery, posts, runtime


def send_breaks(team_id: str, user_ids: list[str]) -> dict[str, int]:
    """Deliver the breaks due for these people; returns counts by outcome (kept as the job's result)."""
    return dict(delivery.deliver(runtime.current(), team_id, user_ids))


def send_retest_invites(team_id: str, user_ids: list[str]) -> int:
    """Invite people whose last self-test is 14 days old to retake it."""
    return posts.send_retest_invites(runtime.current(), team_id, user_ids)


def run_task(team_id: str, task: str) -> str:
    """A timed workspace post (weekly board, challenge standings)."""
    return posts.run_task(runtime.current(), team_id, task)


def refresh_home(team_id: str, user_id: str) -> None:
    """Republish a person's App Home after something on it changed."""
    deps = runtime.current()
    client = posts.client_for(deps, team_id)
    if client is not None:
        publish_home(deps, client, team_id=team_id, user_id=user_id)
