"""Short locks: one worker sends one break, one worker runs one timed workspace task."""

from __future__ import annotations

from dataclasses import dataclass

import redis

from slackapp.store import keys
from slackapp.store.scripts import INDEX_UNTIL, RESERVE_SLOT, LuaScript

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


# Everything a worker checks and takes before posting one break card, in one step (one round trip): the
# tombstone, the send lock, the person's state read again (an opt-out, snooze, pause or a duplicate job's
# send may have happened since the batch was read), and a slot from the workspace's send pacing.
# KEYS: lock, tombstone, breaks index, user hash, due zset, send bucket.
# ARGV: lease seconds, break id, expected next-due ms, user id, send rate per second, burst.
# Returns {status, ms to wait for the slot, last exercise, moves, boards asked, recent moves, level, pending
# offer}; status is "ok", "in_flight"
# (held, or forgotten), "stale" (not opted in or no longer due then) or "paused" (dropped from the index).
_CLAIM_SEND = LuaScript(
    INDEX_UNTIL
    + RESERVE_SLOT
    + """
if redis.call('EXISTS', KEYS[2]) == 1 or redis.call('EXISTS', KEYS[1]) == 1 then return {'in_flight'} end
local p = redis.call('HMGET', KEYS[4], 'opted_in', 'next_due', 'paused', 'last_exercise', 'moves',
                     'boards_asked', 'recent', 'level', 'offer')
if p[1] ~= '1' or p[2] ~= ARGV[3] then return {'stale'} end
if p[3] and p[3] ~= '' then
  redis.call('ZREM', KEYS[5], ARGV[4])
  return {'paused'}
end
redis.call('SET', KEYS[1], 1, 'EX', ARGV[1])
index_until(KEYS[3], ARGV[2], ARGV[1])
local wait = reserve_slot(KEYS[6], ARGV[5], ARGV[6])
return {'ok', wait, p[4] or '', p[5] or '', p[6] or '', p[7] or '', p[8] or '', p[9] or ''}
"""
)


@dataclass(frozen=True)
class SendClaim:
    """The answer of claim_send: whether to send, and what the send needs from the person's record."""

    status: str  # ok, in_flight, stale, paused
    wait_ms: int = 0  # wait this long before posting (the reserved pacing slot)
    last_exercise: str | None = None
    moves: str | None = None
    boards_asked: bool = True
    recent: tuple[str, ...] = ()  # the last moves sent, newest first
    level: int = 1
    offer: int | None = None  # a step-up offer waiting for the person's yes


def claim_send(
    r: redis.Redis,
    *,
    team_id: str,
    user_id: str,
    break_id: str,
    expected_due_ms: int,
    ttl_seconds: float,
    rate_per_second: float,
    burst: int,
) -> SendClaim:
    """Take the send lock of a break still due at expected_due_ms, and a pacing slot, in one step.

    The lock is only taken when the answer is "ok"; a paused person is dropped from the due index.
    """
    claim_keys = [
        keys.sending(team_id, user_id, break_id),
        keys.forgotten(team_id, user_id),
        keys.breaks_of(team_id, user_id),
        keys.user(team_id, user_id),
        keys.due(team_id),
        keys.send_bucket(team_id),
    ]
    args = [max(1, round(ttl_seconds)), break_id, expected_due_ms, user_id, rate_per_second, burst]
    answer = _CLAIM_SEND(r, keys=claim_keys, args=args)
    if answer[0] != "ok":
        return SendClaim(str(answer[0]))
    status, wait, last, moves, asked, recent, level, offer = answer
    return SendClaim(
        status,
        int(wait),
        last or None,
        moves or None,
        asked == "1",
        recent=tuple(k for k in recent.split(",") if k) or ((last,) if last else ()),
        level=int(level or 1),
        offer=int(offer) if offer else None,
    )


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
