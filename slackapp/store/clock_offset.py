"""The playground's time control: how far its shared clock runs ahead (reset goes with the workspace)."""

from __future__ import annotations

import redis

from slackapp.store import keys


def get(r: redis.Redis, *, team_id: str) -> float:
    return float(r.get(keys.clock_offset(team_id)) or 0)


def add(r: redis.Redis, *, team_id: str, seconds: float) -> float:
    """Move the clock `seconds` further ahead; returns the new offset."""
    return float(r.incrbyfloat(keys.clock_offset(team_id), seconds))
