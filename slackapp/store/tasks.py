"""Timed workspace work (the weekly board post, daily challenge standings): task name -> due time."""

from __future__ import annotations

import redis
from redis.client import Pipeline

from slackapp.store import keys
from slackapp.store.connection import one_step

WEEKLY_BOARD = "weekly-board"
PURGE = "purge"  # delete an uninstalled workspace's data after the grace period
STANDINGS_PREFIX = "standings:"
CHECKIN_PREFIX = "checkin:"  # a gentle DM to one person whose cards are paused
RETENTION = "retention"  # forget people inactive for longer than store.retention.KEPT_AFTER_LAST_ACTIVITY


def standings_task(challenge_id: str) -> str:
    return f"{STANDINGS_PREFIX}{challenge_id}"


def checkin_task(user_id: str) -> str:
    return f"{CHECKIN_PREFIX}{user_id}"


def schedule(
    r: redis.Redis, *, team_id: str, task: str, due_ms: int, pipeline: Pipeline | None = None
) -> None:
    """Run the task at due_ms (replacing any earlier time set for it)."""
    with one_step(r, pipeline) as pipe:
        pipe.zadd(keys.jobs_due(team_id), {task: due_ms})
        pipe.sadd(keys.TEAMS, team_id)


def cancel(r: redis.Redis, *, team_id: str, task: str, pipeline: Pipeline | None = None) -> None:
    (pipeline if pipeline is not None else r).zrem(keys.jobs_due(team_id), task)


def due_ms(r: redis.Redis, *, team_id: str, task: str) -> int | None:
    score = r.zscore(keys.jobs_due(team_id), task)
    return int(score) if score is not None else None
