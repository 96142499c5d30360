"""The send_breaks job's work, callable in-process: the workspace's client, then the delivery flow."""

from __future__ import annotations

from collections import Counter

from slackapp.deps import Deps
from slackapp.flows import delivery
from slackapp.slack.tokens import workspace_client


def deliver(deps: Deps, team_id: str, user_ids: list[str]) -> Counter[str]:
    """Send the breaks due for user_ids in team_id; returns counts by outcome (sent, held:dnd, …)."""
    return delivery.deliver(deps, workspace_client(deps.settings, deps.redis, team_id), team_id, user_ids)
