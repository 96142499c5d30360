"""Workflow Builder step runs: the marker that makes each run (function_execution_id) happen once."""

from __future__ import annotations

import redis

from slackapp.store import keys

# Slack redelivers an event it thinks was missed within minutes; a day covers every retry.
STEP_RUN_TTL_SECONDS = 24 * 3600


def claim_run(r: redis.Redis, *, team_id: str, execution_id: str) -> bool:
    """True for the first delivery of a step run; False for a redelivery of one already handled."""
    return bool(r.set(keys.step_run(team_id, execution_id), 1, nx=True, ex=STEP_RUN_TTL_SECONDS))
