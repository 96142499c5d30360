"""The due index: one sorted set per workspace of user id -> next due time, claimed atomically."""

from __future__ import annotations

import redis

from slackapp.store import keys

# Claim up to ARGV[3] members due at or before ARGV[1] and push each to ARGV[2] (a lease): a scheduler
# that dies before enqueueing leaves them to be claimed again once the lease runs out, and two
# schedulers never claim the same member. KEYS: due zset. Returns the claimed user ids.
_CLAIM = """
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
for _, member in ipairs(due) do
  redis.call('ZADD', KEYS[1], ARGV[2], member)
end
return due
"""


def claim(r: redis.Redis, *, team_id: str, now_ms: int, lease_ms: int, limit: int) -> list[str]:
    """Atomically take the people whose break is due by now_ms (at most `limit`), leasing them."""
    return claim_from(r, key=keys.due(team_id), now_ms=now_ms, lease_ms=lease_ms, limit=limit)


def claim_from(r: redis.Redis, *, key: str, now_ms: int, lease_ms: int, limit: int) -> list[str]:
    """The same atomic claim on any due-time sorted set (retest invitations, workspace posts)."""
    script = r.register_script(_CLAIM)
    return list(script(keys=[key], args=[now_ms, now_ms + lease_ms, limit]))


def teams(r: redis.Redis) -> list[str]:
    """Workspaces that have (or had) people opted in."""
    return sorted(r.smembers(keys.TEAMS))
