"""The workspace's one send pacing: a token bucket in Redis shared by every chat.postMessage the app makes
for a workspace (break cards, notices and channel posts), on every worker and web process.

Workers wait for a slot; a listener never does (it has Slack's 3 s ack budget): it asks whether a slot is
free now and, when not, hands its post to a job (see flows/channel_posts).
"""

from __future__ import annotations

import time

from slackapp.deps import Deps
from slackapp.store import workspaces


def _take(deps: Deps, team_id: str) -> int:
    settings = deps.settings
    return workspaces.take_send_token(
        deps.redis, team_id=team_id, rate_per_second=settings.send_rate_per_second, burst=settings.send_burst
    )


def wait_for_send_slot(deps: Deps, team_id: str) -> None:
    """Block until the workspace's bucket grants a slot (workers only)."""
    while True:
        wait_ms = _take(deps, team_id)
        if wait_ms <= 0:
            return
        time.sleep(wait_ms / 1000)


def take_slot_now(deps: Deps, team_id: str) -> bool:
    """Take a slot if one is free this moment; False (nothing taken) when the caller would have to wait."""
    return _take(deps, team_id) <= 0


def wait_reserved(wait_ms: int) -> None:
    """Wait for a slot already reserved (store.locks.claim_send takes one with the send lock)."""
    if wait_ms > 0:
        time.sleep(wait_ms / 1000)
