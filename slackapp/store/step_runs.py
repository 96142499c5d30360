"""Workflow Builder step runs: the marker that makes each run (function_execution_id) happen once."""

from __future__ import annotations

import redis

from slackapp.store import keys
from slackapp.store.scripts import LuaScript

# Slack redelivers an event it thinks was missed within minutes; a day covers every retry.
STEP_RUN_TTL_SECONDS = 24 * 3600


def claim_run(r: redis.Redis, *, team_id: str, execution_id: str) -> bool:
    """True for the first delivery of a step run; False for a redelivery of one already handled."""
    return bool(r.set(keys.step_run(team_id, execution_id), 1, nx=True, ex=STEP_RUN_TTL_SECONDS))


# Take the person's step-card slot unless a step sent them a card less than the gap ago (times from the
# app's clock). KEYS: the marker. ARGV: now (ms), gap (ms). Returns 1 when taken.
_CLAIM_CARD = LuaScript("""
local last = tonumber(redis.call('GET', KEYS[1]) or '')
if last and tonumber(ARGV[1]) - last < tonumber(ARGV[2]) then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1
""")


def claim_card(r: redis.Redis, *, team_id: str, user_id: str, now_ms: int, gap_s: int) -> bool:
    """True when a step may send the person a card now (and the slot is theirs for `gap_s`)."""
    found = _CLAIM_CARD(r, keys=[keys.step_card(team_id, user_id)], args=[now_ms, gap_s * 1000])
    return bool(found)


def release_card(r: redis.Redis, *, team_id: str, user_id: str) -> None:
    """Give the slot back: the step sent no card after all."""
    r.delete(keys.step_card(team_id, user_id))
