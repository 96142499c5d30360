"""Short locks: one worker sends one break, one worker runs one timed workspace task."""

from __future__ import annotations

import redis

from slackapp.store import keys
from slackapp.store.scripts import INDEX_UNTIL, LuaScript

# Take the lock unless someone holds it or the person ran forget-me (then the send stops here), and list
# the break in the person's index (so forget-me finds the lock). KEYS: lock, tombstone, breaks index.
# ARGV: ttl seconds, break id.
_TAKE_SEND_LOCK = LuaScript(
    INDEX_UNTIL
    + """
if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
if not redis.call('SET', KEYS[1], 1, 'NX', 'EX', ARGV[1]) then return 0 end
index_until(KEYS[3], ARGV[2], ARGV[1])
return 1
"""
)


def take_send_lock(r: redis.Redis, *, team_id: str, user_id: str, break_id: str, ttl_seconds: float) -> bool:
    """True if this caller may send the break now; False while another holds it or after forget-me."""
    lock_keys = [
        keys.sending(team_id, user_id, break_id),
        keys.forgotten(team_id, user_id),
        keys.breaks_of(team_id, user_id),
    ]
    return bool(_TAKE_SEND_LOCK(r, keys=lock_keys, args=[max(1, round(ttl_seconds)), break_id]))


def release_send_lock(r: redis.Redis, *, team_id: str, user_id: str, break_id: str) -> None:
    r.delete(keys.sending(team_id, user_id, break_id))


def send_in_flight(r: redis.Redis, *, team_id: str, user_id: str, break_id: str) -> bool:
    """Whether a worker holds (or held, until the lease ends) the send lock of this break."""
    return bool(r.exists(keys.sending(team_id, user_id, break_id)))


def take_task_lock(r: redis.Redis, *, team_id: str, task: str, ttl_seconds: int) -> bool:
    """True if this caller may run the timed task now; False while another runs it."""
    return bool(r.set(keys.task_lock(team_id, task), 1, nx=True, ex=ttl_seconds))


def release_task_lock(r: redis.Redis, *, team_id: str, task: str) -> None:
    r.delete(keys.task_lock(team_id, task))
