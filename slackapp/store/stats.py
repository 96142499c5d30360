"""Per-person tallies by local date: breaks done and skipped."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import redis

from slackapp.store import keys, people


@dataclass(frozen=True)
class StreakInput:
    """What a person's current streak is computed from."""

    own_days: frozenset[int] | None  # personal work days; None = the workspace's
    done_days: list[date]  # local dates with at least one Done
    sent_days: list[date] = field(default_factory=list)  # local dates on which a card was sent


def done_by_day(r: redis.Redis, *, team_id: str, user_id: str) -> dict[date, int]:
    """Every local date with at least one Done, and how many."""
    raw = r.hgetall(keys.done_days(team_id, user_id))
    return {date.fromisoformat(day): int(count) for day, count in raw.items() if int(count) > 0}


def sent_days(r: redis.Redis, *, team_id: str, user_id: str) -> set[date]:
    """Every local date on which at least one break card was sent to the person."""
    raw = r.hgetall(keys.sent_days(team_id, user_id))
    return {date.fromisoformat(day) for day, count in raw.items() if int(count) > 0}


def done_on(r: redis.Redis, *, team_id: str, user_id: str, day: date) -> int:
    return int(r.hget(keys.done_days(team_id, user_id), day.isoformat()) or 0)


def skipped_on(r: redis.Redis, *, team_id: str, user_id: str, day: date) -> int:
    return int(r.hget(keys.skipped_days(team_id, user_id), day.isoformat()) or 0)


def streak_inputs(r: redis.Redis, *, team_id: str, user_ids: list[str]) -> dict[str, StreakInput]:
    """Work days, Done and card dates of many people in one pipelined round trip (a whole board's streaks)."""
    pipe = r.pipeline(transaction=False)
    for user_id in user_ids:
        pipe.hget(keys.user(team_id, user_id), "days")
        pipe.hgetall(keys.done_days(team_id, user_id))
        pipe.hgetall(keys.sent_days(team_id, user_id))
    answers = pipe.execute()
    found = {}
    for index, user_id in enumerate(user_ids):
        own_days, tally, sent = answers[3 * index : 3 * index + 3]
        done_days = [date.fromisoformat(day) for day, count in tally.items() if int(count) > 0]
        sent_on = [date.fromisoformat(day) for day, count in sent.items() if int(count) > 0]
        found[user_id] = StreakInput(people.parse_days(own_days), done_days, sent_on)
    return found
