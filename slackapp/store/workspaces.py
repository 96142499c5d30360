"""Workspace state: whether sending is paused (revoked token, uninstall), the shared send pacing, and
deleting a departed workspace's data."""

from __future__ import annotations

import redis

from slackapp.store import keys
from slackapp.store.scripts import LuaScript

PURGE_SCAN_COUNT = 1000
PURGE_DELETE_BATCH = 500

# Token bucket on Redis' own clock, so every worker on every host draws from the same bucket.
# KEYS: bucket hash. ARGV: rate per second, burst. Returns 0 when a token was taken, else ms to wait.
_TAKE_TOKEN = LuaScript("""
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local rate = tonumber(ARGV[1]) / 1000
local burst = tonumber(ARGV[2])
local tokens = tonumber(redis.call('HGET', KEYS[1], 'tokens') or burst)
local last = tonumber(redis.call('HGET', KEYS[1], 'ts') or now)
tokens = math.min(burst, tokens + (now - last) * rate)
local wait = 0
if tokens >= 1 then tokens = tokens - 1 else wait = math.ceil((1 - tokens) / rate) end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', now)
redis.call('PEXPIRE', KEYS[1], 60000)
return wait
""")


def take_send_token(r: redis.Redis, *, team_id: str, rate_per_second: float, burst: int) -> int:
    """Take one chat.postMessage slot for the workspace: 0 if granted, else milliseconds to wait first."""
    return int(_TAKE_TOKEN(r, keys=[keys.send_bucket(team_id)], args=[rate_per_second, burst]))


def pause(r: redis.Redis, *, team_id: str, reason: str, token_fingerprint: str) -> None:
    """Stop all sending for the workspace while its token is the one that failed."""
    r.hset(keys.paused(team_id), mapping={"reason": reason, "token": token_fingerprint})


# Read the pause and lift it when the token changed, in one step: a pause set meanwhile for the new
# token must not be deleted by a reader that saw the old one. KEYS: paused hash. ARGV: token fingerprint.
# Returns the reason ("" when none was given), or nil when not paused.
_PAUSED_REASON = LuaScript("""
if redis.call('EXISTS', KEYS[1]) == 0 then return nil end
if redis.call('HGET', KEYS[1], 'token') ~= ARGV[1] then
  redis.call('DEL', KEYS[1])
  return nil
end
return redis.call('HGET', KEYS[1], 'reason') or ''
""")


def paused_reason(r: redis.Redis, *, team_id: str, token_fingerprint: str) -> str | None:
    """Why sending is paused, or None. A different token (a re-install) lifts the pause."""
    reason = _PAUSED_REASON(r, keys=[keys.paused(team_id)], args=[token_fingerprint])
    if reason is None:
        return None
    return reason or "paused"


def first_time_event(r: redis.Redis, *, team_id: str, event_id: str) -> bool:
    """True once per Events API event id (Slack retries deliveries)."""
    return bool(r.set(keys.event_seen(team_id, event_id), 1, nx=True, ex=3600))


def clear_pause(r: redis.Redis, *, team_id: str) -> None:
    r.delete(keys.paused(team_id))


def purge(r: redis.Redis, *, team_id: str) -> int:
    """Delete every key of the workspace and drop it from the registry; returns how many keys went.

    The one SCAN left on a request-free path: it runs once per uninstall, in a background job after the
    grace period, and its work is the whole workspace anyway (export and forget-me never scan).
    """
    doomed = list(r.scan_iter(match=f"{keys.team(keys.glob_literal(team_id))}:*", count=PURGE_SCAN_COUNT))
    for start in range(0, len(doomed), PURGE_DELETE_BATCH):
        r.delete(*doomed[start : start + PURGE_DELETE_BATCH])
    r.srem(keys.TEAMS, team_id)
    return len(doomed)
