"""The due indexes: per workspace, sorted sets of member -> due time (epoch ms), claimed atomically.

Three kinds: people's next breaks (`due`), retest invitations (`retests`), timed workspace tasks
(`jobs_due`). The scheduler probes all three and claims from each the same way.
"""

from __future__ import annotations

import redis

from slackapp.store import keys
from slackapp.store.scripts import LuaScript

# Claim up to ARGV[3] members due at or before ARGV[1] and push each to ARGV[2] (a lease): a scheduler
# that dies before enqueueing leaves them to be claimed again once the lease runs out, and two
# schedulers never claim the same member. KEYS: due zset. Returns the claimed members.
_CLAIM = LuaScript("""
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
for _, member in ipairs(due) do
  redis.call('ZADD', KEYS[1], ARGV[2], member)
end
return due
""")


def _claim(r: redis.Redis, key: str, now_ms: int, lease_ms: int, limit: int) -> list[str]:
    return list(_CLAIM(r, keys=[key], args=[now_ms, now_ms + lease_ms, limit]))


def claim(r: redis.Redis, *, team_id: str, now_ms: int, lease_ms: int, limit: int) -> list[str]:
    """Atomically take the people whose break is due by now_ms (at most `limit`), leasing them."""
    return _claim(r, keys.due(team_id), now_ms, lease_ms, limit)


def claim_retests(r: redis.Redis, *, team_id: str, now_ms: int, lease_ms: int, limit: int) -> list[str]:
    """The same atomic claim on retest invitations: the people to invite to retake the self-test."""
    return _claim(r, keys.retests(team_id), now_ms, lease_ms, limit)


def claim_tasks(r: redis.Redis, *, team_id: str, now_ms: int, lease_ms: int, limit: int) -> list[str]:
    """The same atomic claim on timed workspace tasks (see store.tasks): the task names to run."""
    return _claim(r, keys.jobs_due(team_id), now_ms, lease_ms, limit)


def probe(r: redis.Redis, *, teams: list[str], now_ms: int) -> dict[str, tuple[bool, bool]]:
    """Per workspace: (a break is due, a retest or task is due). One pipelined round trip for all."""
    pipe = r.pipeline(transaction=False)
    for team_id in teams:
        for key in (keys.due(team_id), keys.retests(team_id), keys.jobs_due(team_id)):
            pipe.zrangebyscore(key, "-inf", now_ms, start=0, num=1)
    answers = pipe.execute()
    return {
        team_id: (bool(answers[3 * i]), bool(answers[3 * i + 1] or answers[3 * i + 2]))
        for i, team_id in enumerate(teams)
    }


def scheduled_count(r: redis.Redis) -> int:
    """People with a next break in the due index, across every workspace (a metrics gauge)."""
    pipe = r.pipeline(transaction=False)
    for team_id in teams(r):
        pipe.zcard(keys.due(team_id))
    return sum(int(n) for n in pipe.execute())


def teams(r: redis.Redis) -> list[str]:
    """Workspaces that have (or had) people opted in."""
    return sorted(r.smembers(keys.TEAMS))
