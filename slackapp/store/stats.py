"""Per-person tallies by local date: cards sent, breaks done and skipped.

Each is a string with a character per day (see scripts.COUNT_DAY): 366 bytes per person-year, where a
hash of 'YYYY-MM-DD' -> count took about ten times that. The hashes written before (`done_days`,
`sent_days`, `skipped_days`) are still read and added in, and removed by forget-me.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

import redis
from redis.client import Pipeline

from slackapp.store import keys, people

YEAR_DAYS = 366  # characters per year in a history string; day 366 is unused in a common year
_SET_DAY = re.compile(r"[^\x00]")


@dataclass(frozen=True)
class StreakInput:
    """What a person's current streak is computed from."""

    own_days: frozenset[int] | None  # personal work days; None = the workspace's
    done_days: list[date]  # local dates with at least one Done
    sent_days: list[date] = field(default_factory=list)  # local dates on which a card was sent


def decode_days(raw: str | None) -> dict[date, int]:
    """A history string as date -> the day's character (a count; see scripts.COUNT_DAY)."""
    if not raw or len(raw) < 4:
        return {}
    base = date(int(raw[:4]), 1, 1)
    found = {}
    for match in _SET_DAY.finditer(raw, 4):
        index = match.start() - 4
        year_start = base.replace(year=base.year + index // YEAR_DAYS)
        found[year_start + timedelta(days=index % YEAR_DAYS)] = ord(match.group())
    return found


def _counts(raw: dict[str, str]) -> dict[date, int]:
    """A tally hash of the earlier format (YYYY-MM-DD -> count), days with a count only."""
    return {date.fromisoformat(day): int(count) for day, count in raw.items() if int(count) > 0}


def _read_history(pipe: Pipeline, team_id: str, user_id: str) -> None:
    pipe.get(keys.days(team_id, user_id))
    pipe.hgetall(keys.done_days(team_id, user_id))
    pipe.hgetall(keys.sent_days(team_id, user_id))


def _history(
    days: str | None, done: dict[str, str], sent: dict[str, str]
) -> tuple[dict[date, int], set[date]]:
    """(Dones by day, days a card was sent) from the history string and the earlier hashes."""
    marks = decode_days(days)
    done_by = {day: mark - 1 for day, mark in marks.items() if mark > 1}
    for day, count in _counts(done).items():
        done_by[day] = done_by.get(day, 0) + count
    return done_by, set(marks) | set(_counts(sent))


def history(r: redis.Redis, *, team_id: str, user_id: str) -> tuple[dict[date, int], set[date]]:
    """Dones by local date and the dates a card was sent, in one round trip."""
    pipe = r.pipeline(transaction=False)
    _read_history(pipe, team_id, user_id)
    return _history(*pipe.execute())


def queue_history(pipe: Pipeline, *, team_id: str, user_id: str) -> None:
    """Queue history()'s reads on a caller's pipeline; history_from() reads their three replies."""
    _read_history(pipe, team_id, user_id)


def history_from(
    days: str | None, done: dict[str, str], sent: dict[str, str]
) -> tuple[dict[date, int], set[date]]:
    return _history(days, done, sent)


def history_reads(*, team_id: str, user_id: str) -> list[tuple[str, str]]:
    """The keys history_from() reads and how (for a script reading them in one command), in its order."""
    return [
        (keys.days(team_id, user_id), "GET"),
        (keys.done_days(team_id, user_id), "HGETALL"),
        (keys.sent_days(team_id, user_id), "HGETALL"),
    ]


def skips_reads(*, team_id: str, user_id: str) -> list[tuple[str, str]]:
    """The keys skipped_from() reads and how (for a script reading them in one command), in its order."""
    return [(keys.skips(team_id, user_id), "GET"), (keys.skipped_days(team_id, user_id), "HGETALL")]


def queue_skips(pipe: Pipeline, *, team_id: str, user_id: str) -> None:
    """Queue the reads of every skipped day (two replies, for skipped_from): for a caller's pipeline that
    does not know the person's local date yet."""
    pipe.get(keys.skips(team_id, user_id))
    pipe.hgetall(keys.skipped_days(team_id, user_id))


def skipped_from(skips: str | None, earlier: dict[str, str], day: date) -> int:
    """Skips on `day`, from queue_skips' two replies (as skipped_on counts them)."""
    return decode_days(skips).get(day, 0) + int(earlier.get(day.isoformat()) or 0)


def done_by_day(r: redis.Redis, *, team_id: str, user_id: str) -> dict[date, int]:
    """Every local date with at least one Done, and how many."""
    return history(r, team_id=team_id, user_id=user_id)[0]


def sent_days(r: redis.Redis, *, team_id: str, user_id: str) -> set[date]:
    """Every local date on which at least one break card was sent to the person."""
    return history(r, team_id=team_id, user_id=user_id)[1]


def done_on(r: redis.Redis, *, team_id: str, user_id: str, day: date) -> int:
    return done_by_day(r, team_id=team_id, user_id=user_id).get(day, 0)


def skipped_on(r: redis.Redis, *, team_id: str, user_id: str, day: date) -> int:
    pipe = r.pipeline(transaction=False)
    pipe.get(keys.skips(team_id, user_id))
    pipe.hget(keys.skipped_days(team_id, user_id), day.isoformat())
    skips, earlier = pipe.execute()
    return decode_days(skips).get(day, 0) + int(earlier or 0)


def streak_inputs(r: redis.Redis, *, team_id: str, user_ids: list[str]) -> dict[str, StreakInput]:
    """Work days, Done and card dates of many people in one pipelined round trip (a whole board's streaks)."""
    pipe = r.pipeline(transaction=False)
    for user_id in user_ids:
        pipe.hget(keys.user(team_id, user_id), "days")
        _read_history(pipe, team_id, user_id)
    answers = pipe.execute()
    found = {}
    for index, user_id in enumerate(user_ids):
        own_days, *raw = answers[4 * index : 4 * index + 4]
        done_by, sent = _history(*raw)
        found[user_id] = StreakInput(people.parse_days(own_days), sorted(done_by), sorted(sent))
    return found
