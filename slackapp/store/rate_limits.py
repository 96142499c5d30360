"""How often one thing may happen: fixed-window counters at the web edge (failed admin logins and install
pages per client address) and short claims that keep an action from being repeated too soon (sharing a
board in a channel). Slack's own send pacing is the token bucket in store/workspaces.py."""

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


# --- claims on a repeated action ---------------------------------------------------------------------


def claim_share(r: redis.Redis, *, team_id: str, channel_id: str, board: str, ttl_seconds: int) -> bool:
    """True for the first share of `board` in the channel within ttl_seconds; False while one is recent."""
    return bool(r.set(keys.board_shared(team_id, channel_id, board), 1, nx=True, ex=ttl_seconds))


def release_share(r: redis.Redis, *, team_id: str, channel_id: str, board: str) -> None:
    """Give the claim back (the post could not be made), so the next click may try again."""
    r.delete(keys.board_shared(team_id, channel_id, board))
