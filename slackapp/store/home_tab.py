"""Who uses the App Home: the people whose Home view is republished when their numbers change."""

from __future__ import annotations

import redis
from redis.client import Pipeline

from slackapp.store import keys


def mark_seen(r: redis.Redis, *, team_id: str, user_id: str, pipeline: Pipeline | None = None) -> None:
    """Remember that this person opened the Home tab."""
    (pipeline if pipeline is not None else r).sadd(keys.home_seen(team_id), user_id)


def has_seen(r: redis.Redis, *, team_id: str, user_id: str) -> bool:
    return bool(r.sismember(keys.home_seen(team_id), user_id))
