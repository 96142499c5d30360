"""Per-person tallies by local date: breaks done and skipped."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import redis

from slackapp.store import keys, people


@dataclass(frozen=True)
class StreakInput:
    """What a person's current streak is computed from."""

    own_days: frozenset[int] | None  # personal work days; None = the workspace's
    done_days: list[date]  # local dates with at least one Done


def done_by_day(r: redis.Redis, *, team_id: str, user_id: str) -> dict[date, int]:
    """Every local date with at least one Done, and how many."""
    raw = r.hgetall(keys.done_days(team_id, user_id))
    return {date.fromisoformat(day): int(count) for day, count in raw.items() if int(count) > 0}


def done_on(r: redis.Redis, *, team_id: str, user_id: str, day: date) -> int:
    return int(r.hget(keys.done_days(team_id, user_id), day.isoformat()) or 0)


def skipped_on(r: redis.Redis, *, team_id: str, user_id: str, day: date) -> int:
    return int(r.hget(keys.skipped_days(team_id, user_id), day.isoformat()) or 0)


def streak_inputs(r: redis.Redis, *, team_id: str, user_ids: list[str]) -> dict[str, StreakInput]:
    """Work days and Done dates of many people in one pipelined round trip (a whole board's streaks)."""
    pipe = r.pipeline(transaction=False)
    for user_id in user_ids:
        pipe.hget(keys.user(team_id, user_id), "days")
        pipe.hgetall(keys.done_days(team_id, user_id))
    answers = pipe.execute()
    found = {}
    for index, user_id in enumerate(user_ids):
        own_days, tally = answers[2 * index], answers[2 * index + 1]
        done_days = [date.fromisoformat(day) for day, count in tally.items() if int(count) > 0]
        found[user_id] = StreakInput(people.parse_days(own_days), done_days)
    return found
