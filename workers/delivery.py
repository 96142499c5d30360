"""The send_breaks job's work, callable in-process: the workspace's client, then the delivery flow."""

from __future__ import annotations

from collections import Counter

from slackapp.deps import Deps
from slackapp.flows import delivery, scheduling
from slackapp.slack.tokens import workspace_client


def deliver(deps: Deps, team_id: str, user_ids: list[str]) -> Counter[str]:
    """Send the breaks due for user_ids in team_id; returns counts by outcome (sent, held:dnd, …)."""
    return delivery.deliver(deps, workspace_client(deps.settings, deps.redis, team_id), team_id, user_ids)


def deliver_batch(deps: Deps, team_id: str, batch: str | list[str]) -> Counter[str]:
    """deliver() for the people of a batch (see flows.scheduling.hand_over), then drop the batch."""
    user_ids = scheduling.batch_members(deps.redis, team_id=team_id, batch=batch)
    counts = deliver(deps, team_id, user_ids) if user_ids else Counter[str]()
    scheduling.batch_done(deps.redis, team_id=team_id, batch=batch)
    return counts
