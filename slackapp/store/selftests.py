"""Self-test results per person (newest last) and the due times of retest invitations."""

from __future__ import annotations

import json
from datetime import date, timedelta

import redis
from redis.client import Pipeline

from slackapp.store import keys
from slackapp.store.connection import one_step
from slackapp.store.scripts import LuaScript

MAX_KEPT = 100  # a cap on top of the 12 months (a result every two weeks is 26 a year)
# Results are kept for a year from the day they were taken: trimmed by date on every add and read, and
# the whole list expires a year (and a day) after the last result, so nothing outlives it.
KEEP_DAYS = 365
LIST_TTL_SECONDS = (KEEP_DAYS + 1) * 24 * 3600

# Drop results taken before a date from the head of the list (results are added in date order). Reads
# only each record's ISO date. KEYS: list. ARGV: first date kept (YYYY-MM-DD). Returns how many went.
_TRIM_BEFORE = LuaScript("""
local dropped = 0
while true do
  local head = redis.call('LINDEX', KEYS[1], 0)
  if not head then break end
  local ok, record = pcall(cjson.decode, head)
  local taken = ok and type(record) == 'table' and record['taken_on'] or ''
  if type(taken) ~= 'string' or taken >= ARGV[1] then break end
  redis.call('LPOP', KEYS[1])
  dropped = dropped + 1
end
return dropped
""")


def _date_of(record: dict[str, str]) -> date | None:
    try:
        return date.fromisoformat(record.get("taken_on", ""))
    except ValueError:
        return None


def _first_kept(today: date) -> str:
    return (today - timedelta(days=KEEP_DAYS)).isoformat()


def trim(
    r: redis.Redis, *, team_id: str, user_id: str, today: date, pipeline: Pipeline | None = None
) -> None:
    """Forget results taken more than 12 months before `today`."""
    _TRIM_BEFORE(
        pipeline if pipeline is not None else r,
        keys=[keys.selftests(team_id, user_id)],
        args=[_first_kept(today)],
    )


def add(
    r: redis.Redis,
    *,
    team_id: str,
    user_id: str,
    record: dict[str, str],
    retest_at_ms: int,
    pipeline: Pipeline | None = None,
) -> None:
    """Keep a result and schedule the invitation to retake the test."""
    key = keys.selftests(team_id, user_id)
    with one_step(r, pipeline) as pipe:
        pipe.rpush(key, json.dumps(record, sort_keys=True))
        pipe.ltrim(key, -MAX_KEPT, -1)
        if taken_on := _date_of(record):
            trim(r, team_id=team_id, user_id=user_id, today=taken_on, pipeline=pipe)
        pipe.expire(key, LIST_TTL_SECONDS)
        pipe.zadd(keys.retests(team_id), {user_id: retest_at_ms})
        pipe.sadd(keys.TEAMS, team_id)


def all_records(
    r: redis.Redis, *, team_id: str, user_id: str, today: date | None = None
) -> list[dict[str, str]]:
    """The person's results, oldest first; with `today`, those older than 12 months are trimmed first."""
    if today is not None:
        trim(r, team_id=team_id, user_id=user_id, today=today)
    return [json.loads(raw) for raw in r.lrange(keys.selftests(team_id, user_id), 0, -1)]


def last_record(
    r: redis.Redis, *, team_id: str, user_id: str, today: date | None = None
) -> dict[str, str] | None:
    """The newest result; with `today`, results older than 12 months are trimmed first."""
    if today is not None:
        trim(r, team_id=team_id, user_id=user_id, today=today)
    raw = r.lindex(keys.selftests(team_id, user_id), -1)
    return json.loads(raw) if raw else None


def retest_due_ms(r: redis.Redis, *, team_id: str, user_id: str) -> int | None:
    score = r.zscore(keys.retests(team_id), user_id)
    return int(score) if score is not None else None


# Drop the invitation only if it is the one that came due, not a newer one set by a later test.
_DROP_IF_BEFORE = LuaScript("""
local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
if score and tonumber(score) <= tonumber(ARGV[2]) then return redis.call('ZREM', KEYS[1], ARGV[1]) end
return 0
""")


def drop_retest_if_before(r: redis.Redis, *, team_id: str, user_id: str, before_ms: int) -> bool:
    """Remove the person's retest invitation if it is due before `before_ms`."""
    return bool(_DROP_IF_BEFORE(r, keys=[keys.retests(team_id)], args=[user_id, before_ms]))


def postpone_retest(r: redis.Redis, *, team_id: str, user_id: str, until_ms: int) -> None:
    """Move the person's retest invitation to until_ms (while their cards are paused)."""
    r.zadd(keys.retests(team_id), {user_id: until_ms})
