"""Insights' storage: the workspace's aggregate day counters, a person's Done hours and weekly picture.

The day counters are written by store.cards' Done script in the same step as the Done (and by
mark_started below); they hold numbers only. Reading a pulse costs one round trip for all its weeks.
"""

from __future__ import annotations

from datetime import date, timedelta

import redis
from redis.client import Pipeline

from slackapp.domain import insights as rules
from slackapp.store import keys
from slackapp.store.scripts import LuaScript

# Aggregate counters are kept 13 months (a year's comparison), then expire on their own.
COUNTER_TTL_SECONDS = 400 * 24 * 3600
# A person's own insight keys (Done hours, digest state) live ~13 months from their last write, like the
# rest of their records; forget-me deletes them at once.
PERSONAL_TTL_SECONDS = 400 * 24 * 3600
# The members count (users.list) is looked up at most once a day per workspace.
MEMBERS_TTL_SECONDS = 24 * 3600

earlier_days_of_week = rules.earlier_days_of_week
week_start = rules.week_start

# The first time a person turns breaks on, remember the week they started (on their own hash) and count
# one start on that day's counters. KEYS: user hash, day counters. ARGV: week's Monday, counters' TTL.
_MARK_STARTED = LuaScript("""
if redis.call('HSETNX', KEYS[1], 'started', ARGV[1]) == 0 then return 0 end
redis.call('HINCRBY', KEYS[2], 'started', 1)
if redis.call('TTL', KEYS[2]) == -1 then redis.call('EXPIRE', KEYS[2], ARGV[2]) end
return 1
""")


def mark_started(r: redis.Redis, *, team_id: str, user_id: str, day: date) -> bool:
    """Count the person's start once (their first `on`, on their local `day`); False when already counted."""
    monday = rules.week_start(day).isoformat()
    found = _MARK_STARTED(
        r,
        keys=[keys.user(team_id, user_id), keys.insights_day(team_id, day.isoformat())],
        args=[monday, COUNTER_TTL_SECONDS],
    )
    return bool(found)


def _sum_week(monday: date, days: list[dict[str, str]]) -> rules.WeekCounts:
    done = person_days = active = started = 0
    active_from: dict[str, int] = {}
    for fields in days:
        done += int(fields.get("done", 0))
        person_days += int(fields.get("active", 0))
        active += int(fields.get("week_active", 0))
        started += int(fields.get("started", 0))
        for name, value in fields.items():
            if name.startswith("from:"):
                cohort = name.removeprefix("from:")
                active_from[cohort] = active_from.get(cohort, 0) + int(value)
    return rules.WeekCounts(monday, done, person_days, active, started, active_from)


def weeks(r: redis.Redis, *, team_id: str, mondays: list[date]) -> list[rules.WeekCounts]:
    """The counters of each week (its seven days summed), in one pipelined round trip: 7 keys a week,
    however many people the workspace has."""
    pipe = r.pipeline(transaction=False)
    for monday in mondays:
        for n in range(7):
            pipe.hgetall(keys.insights_day(team_id, (monday + timedelta(days=n)).isoformat()))
    replies = pipe.execute()
    return [_sum_week(monday, replies[7 * i : 7 * i + 7]) for i, monday in enumerate(mondays)]


# How many people are in any of the given sets, computed in Redis so only the count leaves it.
_UNION_COUNT = LuaScript("""
if #KEYS == 0 then return 0 end
return #redis.call('SUNION', unpack(KEYS))
""")


def challenge_people(r: redis.Redis, *, team_id: str, challenge_ids: list[str]) -> int:
    """How many people are in any of the challenges (a person in two counts once)."""
    set_keys = [keys.challenge_members(team_id, c) for c in challenge_ids]
    return int(_UNION_COUNT(r, keys=set_keys, args=[]))


def members(r: redis.Redis, *, team_id: str, now_s: int) -> int | None:
    """The workspace's member count as looked up in the last day (None when older or never)."""
    value = r.hget(keys.workspace_charts(team_id), "members") or ""
    count, _, at = value.partition(":")
    if not count or not at or now_s - int(at) > MEMBERS_TTL_SECONDS:
        return None
    return int(count)


def save_members(r: redis.Redis, *, team_id: str, count: int, now_s: int) -> None:
    pipe = r.pipeline(transaction=True)
    pipe.hset(keys.workspace_charts(team_id), "members", f"{count}:{now_s}")
    pipe.expire(keys.workspace_charts(team_id), COUNTER_TTL_SECONDS)
    pipe.execute()


# --- a person's Done hours and weekly picture ------------------------------------------------------


def done_hours(r: redis.Redis, *, team_id: str, user_id: str) -> dict[int, int]:
    return {int(h): int(c) for h, c in r.hgetall(keys.done_hours(team_id, user_id)).items()}


def queue_done_hours(pipe: Pipeline, *, team_id: str, user_id: str) -> None:
    pipe.hgetall(keys.done_hours(team_id, user_id))


def hours_from(raw: dict[str, str]) -> dict[int, int]:
    return {int(h): int(c) for h, c in raw.items()}


def digest_state(r: redis.Redis, *, team_id: str, user_id: str) -> dict[str, str]:
    """The person's digest hash: "off" ("1" when turned off), "week" (last sent), "file:<monday>" ids."""
    return dict(r.hgetall(keys.digest(team_id, user_id)))


def set_digest_off(r: redis.Redis, *, team_id: str, user_id: str, off: bool) -> None:
    key = keys.digest(team_id, user_id)
    pipe = r.pipeline(transaction=True)
    if off:
        pipe.hset(key, "off", "1")
    else:
        pipe.hdel(key, "off")
    pipe.expire(key, PERSONAL_TTL_SECONDS)
    pipe.execute()


# Remember the chart file of a week, unless the person ran forget-me meanwhile; answers the other weeks'
# file ids (to delete from Slack) and drops them. KEYS: tombstone, digest hash. ARGV: monday, file id, ttl.
_SAVE_CHART = LuaScript("""
if redis.call('EXISTS', KEYS[1]) == 1 then return {} end
local old = {}
local fields = redis.call('HGETALL', KEYS[2])
for i = 1, #fields, 2 do
  local name = fields[i]
  if string.sub(name, 1, 5) == 'file:' and name ~= 'file:' .. ARGV[1] then
    table.insert(old, fields[i + 1])
    redis.call('HDEL', KEYS[2], name)
  end
end
redis.call('HSET', KEYS[2], 'file:' .. ARGV[1], ARGV[2])
redis.call('EXPIRE', KEYS[2], ARGV[3])
return old
""")


def save_chart(r: redis.Redis, *, team_id: str, user_id: str, monday: date, file_id: str) -> list[str]:
    """Keep the week's chart file id; returns the earlier weeks' file ids, now forgotten (to delete)."""
    found = _SAVE_CHART(
        r,
        keys=[keys.forgotten(team_id, user_id), keys.digest(team_id, user_id)],
        args=[monday.isoformat(), file_id, PERSONAL_TTL_SECONDS],
    )
    return [str(f) for f in found]


def chart_file(state: dict[str, str], monday: date) -> str | None:
    return state.get(f"file:{monday.isoformat()}") or None


def chart_files(state: dict[str, str]) -> list[str]:
    return [value for name, value in sorted(state.items()) if name.startswith("file:")]


def _chart_field(monday: date, locale: str | None) -> str:
    # One chart per week and language: its title and alt text are in the words of the admin who reads it.
    return f"file:{monday.isoformat()}:{locale or '-'}"


def workspace_chart(r: redis.Redis, *, team_id: str, monday: date, locale: str | None) -> str | None:
    return r.hget(keys.workspace_charts(team_id), _chart_field(monday, locale))


def save_workspace_chart(
    r: redis.Redis, *, team_id: str, monday: date, locale: str | None, file_id: str
) -> list[str]:
    """Keep the pulse chart of a week in a language; returns the earlier weeks' file ids (in any language),
    now forgotten (to delete)."""
    key = keys.workspace_charts(team_id)
    this_week = f"file:{monday.isoformat()}"
    older = [
        (name, value)
        for name, value in r.hgetall(key).items()
        if name.startswith("file:") and name != this_week and not name.startswith(this_week + ":")
    ]
    pipe = r.pipeline(transaction=True)
    if older:
        pipe.hdel(key, *[name for name, _ in older])
    pipe.hset(key, _chart_field(monday, locale), file_id)
    pipe.expire(key, COUNTER_TTL_SECONDS)
    pipe.execute()
    return [value for _, value in older]
