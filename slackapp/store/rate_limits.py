"""How often one thing may happen: fixed-window counters at the web edge (failed admin logins and install
pages per client address), a workspace's share of users.info for first-contact locale lookups, and short
claims that keep an action from being repeated too soon (sharing a board in a channel). Slack's own send
pacing is the token bucket in store/workspaces.py."""

from __future__ import annotations

import redis

from slackapp.store import keys
from slackapp.store.scripts import LuaScript

# Count one more in the window and give the new count; the window starts with the first hit.
# KEYS: counter. ARGV: window seconds.
_HIT = LuaScript("""
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('EXPIRE', KEYS[1], tonumber(ARGV[1])) end
return n
""")


# --- fixed-window counters ---------------------------------------------------------------------------


def hit(r: redis.Redis, *, kind: str, subject: str, window_s: int) -> int:
    """Count one `kind` event for `subject` in the current window; returns the count so far."""
    return int(_HIT(r, keys=[keys.throttle(kind, subject)], args=[window_s]))


def count(r: redis.Redis, *, kind: str, subject: str) -> int:
    """How many `kind` events `subject` had in the current window (0 once it has passed)."""
    return int(r.get(keys.throttle(kind, subject)) or 0)


def retry_after(r: redis.Redis, *, kind: str, subject: str) -> int:
    """Seconds until the window of `subject` ends (at least 1)."""
    return max(1, int(r.ttl(keys.throttle(kind, subject))))


# --- a workspace's share of a Slack method ------------------------------------------------------------

# Take one lookup from the workspace's minute unless `limit` are taken (or Slack asked for a pause, which
# sets the count past any limit). KEYS: counter. ARGV: limit, window seconds. Returns 1 when taken.
_TAKE = LuaScript("""
local n = tonumber(redis.call('GET', KEYS[1]) or '0')
if n >= tonumber(ARGV[1]) then return 0 end
if redis.call('INCR', KEYS[1]) == 1 then redis.call('EXPIRE', KEYS[1], tonumber(ARGV[2])) end
return 1
""")

_HELD = 1_000_000_000  # the count a hold sets: past any minute's limit

# Hold the workspace's lookups for ARGV[1] seconds, unless a longer hold is already set. KEYS: counter.
_HOLD = LuaScript("""
local left = redis.call('TTL', KEYS[1])
if left >= tonumber(ARGV[1]) and tonumber(redis.call('GET', KEYS[1]) or '0') >= 1e9 then return 0 end
redis.call('SET', KEYS[1], '1000000000', 'EX', tonumber(ARGV[1]))
return 1
""")


def take_locale_lookup(r: redis.Redis, *, team_id: str, per_minute: int) -> bool:
    """True when the workspace may make one more first-contact locale lookup this minute; False once
    `per_minute` were made, or while Slack's Retry-After (hold_locale_lookups) lasts."""
    return bool(_TAKE(r, keys=[keys.locale_lookups(team_id)], args=[per_minute, 60]))


def hold_locale_lookups(r: redis.Redis, *, team_id: str, seconds: int) -> None:
    """No first-contact locale lookups in the workspace for `seconds` (a 429's Retry-After, or a pause
    after Slack failed to answer in time)."""
    _HOLD(r, keys=[keys.locale_lookups(team_id)], args=[max(1, seconds)])


def locale_lookups_held(r: redis.Redis, *, team_id: str) -> bool:
    """Whether hold_locale_lookups' pause is on in the workspace (the minute's count alone is not a pause)."""
    return int(r.get(keys.locale_lookups(team_id)) or 0) >= _HELD


# --- claims on a repeated action ---------------------------------------------------------------------


def claim_share(r: redis.Redis, *, team_id: str, channel_id: str, board: str, ttl_seconds: int) -> bool:
    """True for the first share of `board` in the channel within ttl_seconds; False while one is recent."""
    return bool(r.set(keys.board_shared(team_id, channel_id, board), 1, nx=True, ex=ttl_seconds))


def release_share(r: redis.Redis, *, team_id: str, channel_id: str, board: str) -> None:
    """Give the claim back (the post could not be made), so the next click may try again."""
    r.delete(keys.board_shared(team_id, channel_id, board))
