"""RQ jobs. They take ids, build the workspace's client, call one flow, and are safe to run twice."""

from __future__ import annotations

from slack_sdk import WebClient

from slackapp.deps import Deps
from slackapp.flows import channel_posts, home, insights, posts, scheduling
from slackapp.slack.tokens import workspace_client
from workers import delivery, runtime


def _client(deps: Deps, team_id: str) -> WebClient | None:
    return workspace_client(deps.settings, deps.redis, team_id)


def send_breaks(team_id: str, batch: str | list[str]) -> dict[str, int]:
    """Deliver the breaks due for a batch of people; returns counts by outcome (kept as the job's result).

    `batch` is a batch id (flows.scheduling.hand_over); a list of people is a job queued by an older version.
    """
    return dict(delivery.deliver_batch(runtime.current(), team_id, batch))


def send_retest_invites(team_id: str, batch: str | list[str]) -> int:
    """Invite a batch of people whose last self-test is 14 days old to retake it."""
    deps = runtime.current()
    user_ids = scheduling.batch_members(deps.redis, team_id=team_id, batch=batch)
    sent = posts.send_retest_invites(deps, _client(deps, team_id), team_id, user_ids)
    scheduling.batch_done(deps.redis, team_id=team_id, batch=batch)
    return sent


def run_task(team_id: str, task: str) -> str:
    """A timed workspace post (weekly board, challenge standings) or an uninstalled workspace's purge."""
    deps = runtime.current()
    return posts.run_task(deps, _client(deps, team_id), team_id, task)


def refresh_home(team_id: str, batch: str | list[str]) -> None:
    """Republish the App Home of the people in a batch (one, from home.request_home_refresh)."""
    deps = runtime.current()
    home.refresh_batch(deps, _client(deps, team_id), team_id=team_id, batch=batch)


def post_to_channel(team_id: str, kind: str, channel_id: str, ref: str, moves: str = "") -> str:
    """A channel post a listener could not make at once (no pacing slot free, or Slack said 429)."""
    deps = runtime.current()
    post = channel_posts.ChannelPost(kind, channel_id, ref, moves)
    return channel_posts.post_queued(deps, _client(deps, team_id), team_id=team_id, post=post)


def send_digests(team_id: str, batch: str | list[str]) -> dict[str, int]:
    """Send the weekly picture to the people of a batch (each claimed it with their week's first card)."""
    deps = runtime.current()
    client = _client(deps, team_id)
    counts: dict[str, int] = {}
    for user_id in scheduling.batch_members(deps.redis, team_id=team_id, batch=batch):
        outcome = insights.send_digest(deps, client, team_id=team_id, user_id=user_id)
        counts[outcome] = counts.get(outcome, 0) + 1
    scheduling.batch_done(deps.redis, team_id=team_id, batch=batch)
    return counts
