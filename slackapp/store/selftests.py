"""Self-test results per person (newest last) and the due times of retest invitations."""

from __future__ import annotations

import json

import redis
from redis.client import Pipeline

from slackapp.store import keys
from slackapp.store.connection import one_step
from slackapp.store.scripts import LuaScript

MAX_KEPT = 100  # a result every two weeks for years; older ones fall off


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
        pipe.zadd(keys.retests(team_id), {user_id: retest_at_ms})
        pipe.sadd(keys.TEAMS, team_id)


def all_records(r: redis.Redis, *, team_id: str, user_id: str) -> list[dict[str, str]]:
    return [json.loads(raw) for raw in r.lrange(keys.selftests(team_id, user_id), 0, -1)]


def last_record(r: redis.Redis, *, team_id: str, user_id: str) -> dict[str, str] | None:
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
