"""Leaderboards: one sorted set per period (week, month, all time) of breaks done, and who said yes or no
to being shown on them (nobody is shown without a yes)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

import redis

from slackapp.domain import ranking
from slackapp.store import keys


def period_keys(day: date) -> tuple[str, str, str]:
    """The board period keys a Done on `day` (workspace-local) counts toward: week, month, all time."""
    return f"week:{ranking.week_key(day)}", f"month:{ranking.month_key(day)}", "all"


# A Done is tallied on the person's local date but counted on the board of the workspace's: time zones
# span 26 hours, so the two dates are at most two days apart.
_ZONE_SPREAD = tuple(timedelta(days=n) for n in range(-2, 3))


def period_keys_around(person_days: Iterable[date]) -> set[str]:
    """Every board period a Done tallied on one of `person_days` (person-local dates) may have counted
    toward, so a person's board entries are found from their own tally, without a scan."""
    return {period for day in person_days for shift in _ZONE_SPREAD for period in period_keys(day + shift)}


# A week's or month's board is read only while its period is current (flows.boards.period_key, in the
# workspace's time zone), so it expires this long after the period ends: two days cover every time zone.
PERIOD_GRACE = timedelta(days=2)


def period_end(period_key: str) -> date | None:
    """The first day after a week or month period ("week:2026-W48", "month:2026-11"); None for "all"."""
    kind, _, label = period_key.partition(":")
    if kind == "week":
        year, week = label.split("-W")
        return date.fromisocalendar(int(year), int(week), 1) + timedelta(days=7)
    if kind == "month":
        year, month = (int(part) for part in label.split("-"))
        return date(year + month // 12, month % 12 + 1, 1)
    return None


def ttl_seconds(team_id: str, key: str, day: date) -> int:
    """How long a board key that gains a point for a Done on `day` may live: until PERIOD_GRACE after its
    period ends, counted from the start of `day` (so never shorter); 0 for the all-time board and for any
    key that is not a board (a challenge's scores). Relative, not a date: Redis' clock and the app's may
    differ (tests run on a fixed clock)."""
    prefix = keys.board(team_id, "")
    end = period_end(key.removeprefix(prefix)) if key.startswith(prefix) else None
    if end is None:
        return 0
    return max(1, (end + PERIOD_GRACE - day).days) * 24 * 3600


def board_keys(team_id: str, day: date) -> tuple[str, ...]:
    return tuple(keys.board(team_id, period) for period in period_keys(day))


def scores(r: redis.Redis, *, team_id: str, period_key: str) -> list[tuple[str, int]]:
    """(user id, breaks done) for everyone on the board, most first."""
    raw = r.zrevrange(keys.board(team_id, period_key), 0, -1, withscores=True)
    return [(user_id, int(score)) for user_id, score in raw]


def score_of(r: redis.Redis, *, team_id: str, period_key: str, user_id: str) -> int:
    return int(r.zscore(keys.board(team_id, period_key), user_id) or 0)


def ahead_of(r: redis.Redis, *, team_id: str, period_key: str, done: int) -> list[str]:
    """Everyone on the board with more than `done` breaks (people not shown and opted-out ones included)."""
    return list(r.zrangebyscore(keys.board(team_id, period_key), f"({done}", "+inf"))


def hide(r: redis.Redis, *, team_id: str, user_id: str) -> bool:
    """The person says no to team boards; False if they already had."""
    pipe = r.pipeline()
    pipe.sadd(keys.hidden(team_id), user_id)
    pipe.srem(keys.shown(team_id), user_id)
    added, _ = pipe.execute()
    return bool(added)


def show(r: redis.Redis, *, team_id: str, user_id: str) -> bool:
    """The person says yes to team boards; False if they already had."""
    pipe = r.pipeline()
    pipe.sadd(keys.shown(team_id), user_id)
    pipe.srem(keys.hidden(team_id), user_id)
    added, _ = pipe.execute()
    return bool(added)


def unhide(r: redis.Redis, *, team_id: str, user_id: str) -> bool:
    """`/glutes unhide` is the same yes as show."""
    return show(r, team_id=team_id, user_id=user_id)


def hidden(r: redis.Redis, *, team_id: str) -> set[str]:
    """People who said no to team boards."""
    return set(r.smembers(keys.hidden(team_id)))


def shown(r: redis.Redis, *, team_id: str) -> set[str]:
    """People who said yes to team boards."""
    return set(r.smembers(keys.shown(team_id)))


def is_shown(r: redis.Redis, *, team_id: str, user_id: str) -> bool:
    return bool(r.sismember(keys.shown(team_id), user_id))


def is_hidden(r: redis.Redis, *, team_id: str, user_id: str) -> bool:
    return bool(r.sismember(keys.hidden(team_id), user_id))
