"""Timed workspace work (the weekly board post, daily challenge standings): task name -> due time."""

from __future__ import annotations

import redis

from slackapp.store import keys

WEEKLY_BOARD = "weekly-board"
PURGE = "purge"  # delete an uninstalled workspace's data after the grace period
STANDINGS_PREFIX = "standings:"


def standings_task(challenge_id: str) -> str:
    return f"{STANDINGS_PREFIX}{challenge_id}"


def schedule(r: redis.Redis, *, team_id: str, task: str, due_ms: int) -> None:
    pipe = r.pipeline(transaction=True)
    pipe.zadd(keys.jobs_due(team_id), {task: due_ms})
    pipe.sadd(keys.TEAMS, team_id)
    pipe.execute()


def cancel(r: redis.Redis, *, team_id: str, task: str) -> None:
    r.zrem(keys.jobs_due(team_id), task)


def due_ms(r: redis.Redis, *, team_id: str, task: str) -> int | None:
    score = r.zscore(keys.jobs_due(team_id), task)
    return int(score) if score is not None else None
