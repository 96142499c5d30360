"""Forget-me tombstones: a short-lived marker (the id and the moment of forgetting) that stops work already
in flight from writing.

A break send, a retest invitation or a Home refresh may have read the person before they ran forget-me
and write after it. Every such background write goes through a script that checks the tombstone in the
same step as it writes, so nothing about the person comes back once forget-me has deleted it.
"""

from __future__ import annotations

from typing import Any

import redis
from redis.client import Pipeline

from slackapp.store import keys
from slackapp.store.scripts import LuaScript

# Longer than anything in flight can take: a queued job waits at most its batch's hour (see
# store.batches), runs at most 10 minutes and retries within two more.
TOMBSTONE_TTL_SECONDS = 24 * 3600

# Write hash fields unless the person was forgotten (KEYS[1] exists) or, when KEYS[3] names a set, unless
# they are not in it. KEYS: tombstone, hash, set or "". ARGV: ttl seconds (0 = none), user id, field,
# value, field, value, … Returns 1 when written.
_GUARDED_HSET = LuaScript("""
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
if KEYS[3] ~= '' and redis.call('SISMEMBER', KEYS[3], ARGV[2]) == 0 then return 0 end
redis.call('HSET', KEYS[2], unpack(ARGV, 3))
if tonumber(ARGV[1]) > 0 then redis.call('EXPIRE', KEYS[2], ARGV[1]) end
return 1
""")


def mark(
    r: redis.Redis, *, team_id: str, user_id: str, now_ms: int, pipeline: Pipeline | None = None
) -> None:
    """Leave the tombstone: the person's id in the key and the moment of forgetting (so activity noted
    before it and written after it, store.retention's batches, is told apart from activity after it),
    nothing else, gone after a day."""
    (pipeline if pipeline is not None else r).set(
        keys.forgotten(team_id, user_id), now_ms, ex=TOMBSTONE_TTL_SECONDS
    )


def lift(r: redis.Redis, *, team_id: str, user_id: str) -> None:
    """The person came back (turned breaks on again): their new data may be kept."""
    r.delete(keys.forgotten(team_id, user_id))


def is_marked(r: redis.Redis, *, team_id: str, user_id: str) -> bool:
    return bool(r.exists(keys.forgotten(team_id, user_id)))


def guarded_hset(
    r: redis.Redis | Pipeline,
    *,
    team_id: str,
    user_id: str,
    key: str,
    mapping: dict[str, Any],
    ttl_seconds: int = 0,
    only_if_member_of: str = "",
) -> bool:
    """HSET (and EXPIRE) `key` unless the person was forgotten, in one step; False when nothing was written.

    `only_if_member_of` names a set the person must be in (e.g. the opted-in set), checked in that step too.
    On a pipeline the write is queued and the answer comes with its results.
    """
    pairs = [item for field, value in mapping.items() for item in (field, value)]
    done = _GUARDED_HSET(
        r,  # type: ignore[arg-type]
        keys=[keys.forgotten(team_id, user_id), key, only_if_member_of],
        args=[ttl_seconds, user_id, *pairs],
    )
    return bool(done) if not isinstance(r, Pipeline) else False
