"""What the scheduler hands out each tick: which workspaces have work due, and claiming it.

Claims are leases (see store.due): two schedulers never hand out the same member, and one that dies
between claiming and enqueueing loses nothing.
"""

from __future__ import annotations

import redis

from slackapp.store import batches, due, tasks

# How long the people-scheduled total the scheduler publishes each tick stays readable by /metrics.
SCHEDULED_TOTAL_TTL_S = 120


def due_workspaces(r: redis.Redis, *, now_ms: int) -> dict[str, tuple[bool, bool]]:
    """Every known workspace -> (a break is due, a retest invitation or timed task is due).

    The same round trip counts everyone scheduled, published for /metrics (whose cost then does not
    grow with the number of workspaces)."""
    found, scheduled = due.probe_and_count(r, teams=due.teams(r), now_ms=now_ms)
    due.publish_scheduled_count(r, scheduled, ttl_s=SCHEDULED_TOTAL_TTL_S)
    return found


def claim_breaks(r: redis.Redis, *, team_id: str, now_ms: int, lease_ms: int, limit: int) -> list[str]:
    """The people whose break is due by now_ms (at most `limit`), leased to this caller."""
    return due.claim(r, team_id=team_id, now_ms=now_ms, lease_ms=lease_ms, limit=limit)


def claim_retest_invites(
    r: redis.Redis, *, team_id: str, now_ms: int, lease_ms: int, limit: int
) -> list[str]:
    """The people due an invitation to retake the self-test, leased to this caller."""
    return due.claim_retests(r, team_id=team_id, now_ms=now_ms, lease_ms=lease_ms, limit=limit)


def claim_tasks(r: redis.Redis, *, team_id: str, now_ms: int, lease_ms: int, limit: int) -> list[str]:
    """The timed workspace tasks (weekly board, standings, purge) due by now_ms, leased to this caller."""
    return due.claim_tasks(r, team_id=team_id, now_ms=now_ms, lease_ms=lease_ms, limit=limit)


def hand_over(r: redis.Redis, work: list[tuple[str, list[str]]]) -> list[tuple[str, str]]:
    """Keep each (workspace, people) batch for its job; returns (workspace, batch id) for the job's data.

    Jobs carry the batch id, not the people (see store.batches); anyone forgotten meanwhile is left out.
    """
    return list(zip((team_id for team_id, _ in work), batches.put_many(r, work), strict=True))


def batch_members(r: redis.Redis, *, team_id: str, batch: str | list[str]) -> list[str]:
    """The people a job is for: its batch's members (a job queued before batches carried them itself)."""
    if isinstance(batch, list):
        return batch
    return batches.members(r, team_id=team_id, batch_id=batch)


def batch_done(r: redis.Redis, *, team_id: str, batch: str | list[str]) -> None:
    if isinstance(batch, str):
        batches.done(r, team_id=team_id, batch_id=batch)


def is_housekeeping(task: str) -> bool:
    """A timed task that sends nothing (the daily retention sweep)."""
    return task == tasks.RETENTION
