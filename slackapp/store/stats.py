"""Per-person tallies by local date: breaks done and skipped."""

from __future__ import annotations

from datetime import date

import redis

from slackapp.store import keys


def done_by_day(r: redis.Redis, *, team_id: str, user_id: str) -> dict[date, int]:
    """Every local date with at least one Done, and how many."""
    raw = r.hgetall(keys.done_days(team_id, user_id))
    return {date.fromisoformat(day): int(count) for day, count in raw.items() if int(count) > 0}


def done_on(r: redis.Redis, *, team_id: str, user_id: str, day: date) -> int:
    return int(r.hget(keys.done_days(team_id, user_id), day.isoformat()) or 0)


def skipped_on(r: redis.Redis, *, team_id: str, user_id: str, day: date) -> int:
    return int(r.hget(keys.skipped_days(team_id, user_id), day.isoformat()) or 0)
