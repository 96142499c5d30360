"""Short locks: one worker sends one break, one worker runs one timed workspace task."""

from __future__ import annotations

import redis

from slackapp.store import keys
from slackapp.store.scripts import LuaScript

# Take the lock unless someone holds it or the person ran forget-me (then the send stops here).
# KEYS: lock, tombstone. ARGV: ttl seconds.
_TAKE_SEND_LOCK = LuaScript("""
if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
if redis.call('SET', KEYS[1], 1, 'NX', 'EX', ARGV[1]) then return 1 end
return 0
""")


def take_send_lock(r: redis.Redis, *, team_id: str, user_id: str, break_id: str, ttl_seconds: float) -> bool:
    """True if this caller may send the break now; False while another holds it or after forget-me."""
    lock_keys = [keys.sending(team_id, user_id, break_id), keys.forgotten(team_id, user_id)]
    return bool(_TAKE_SEND_LOCK(r, keys=lock_keys, args=[max(1, round(ttl_seconds))]))


def release_send_lock(r: redis.Redis, *, team_id: str, user_id: str, break_id: str) -> None:
    r.delete(keys.sending(team_id, user_id, break_id))


def take_task_lock(r: redis.Redis, *, team_id: str, task: str, ttl_seconds: int) -> bool:
    """True if this caller may run the timed task now; False while another runs it."""
    return bool(r.set(keys.task_lock(team_id, task), 1, nx=True, ex=ttl_seconds))


def release_task_lock(r: redis.Redis, *, team_id: str, task: str) -> None:
    r.delete(keys.task_lock(team_id, task))
