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
    return probe_and_count(r, teams=teams, now_ms=now_ms)[0]


def probe_and_count(
    r: redis.Redis, *, teams: list[str], now_ms: int
) -> tuple[dict[str, tuple[bool, bool]], int]:
    """probe(), plus how many people are in the due indexes of all those workspaces, in the same trip."""
    pipe = r.pipeline(transaction=False)
    for team_id in teams:
        for key in (keys.due(team_id), keys.retests(team_id), keys.jobs_due(team_id)):
            pipe.zrangebyscore(key, "-inf", now_ms, start=0, num=1)
        pipe.zcard(keys.due(team_id))
    answers = pipe.execute()
    found = {
        team_id: (bool(answers[4 * i]), bool(answers[4 * i + 1] or answers[4 * i + 2]))
        for i, team_id in enumerate(teams)
    }
    return found, sum(int(answers[4 * i + 3]) for i in range(len(teams)))


def publish_scheduled_count(r: redis.Redis, total: int, *, ttl_s: int) -> None:
    """Keep the total for /metrics, which then reads one key whatever the number of workspaces; it
    expires after ttl_s, so a stopped scheduler shows as a missing gauge rather than a frozen one."""
    r.set(keys.people_scheduled_total(), total, ex=ttl_s)


def published_scheduled_count(r: redis.Redis) -> int | None:
    """The total the scheduler last published, or None when none is fresh."""
    value = r.get(keys.people_scheduled_total())
    return int(value) if value is not None else None


def scheduled_count(r: redis.Redis) -> int:
    """People with a next break in the due index, across every workspace (a metrics gauge)."""
    pipe = r.pipeline(transaction=False)
    for team_id in teams(r):
        pipe.zcard(keys.due(team_id))
    return sum(int(n) for n in pipe.execute())


def teams(r: redis.Redis) -> list[str]:
    """Workspaces that have (or had) people opted in."""
    return sorted(r.smembers(keys.TEAMS))
