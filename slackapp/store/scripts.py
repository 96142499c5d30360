"""Lua scripts, each defined once at import and run by SHA on whichever client (or pipeline) is at hand."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any, TypeVar

import redis
from redis.client import Pipeline
from redis.exceptions import NoScriptError

_DEFINED: list[LuaScript] = []  # every script this process defined, for run_in_one_step to load


class LuaScript:
    """One Lua script: hashed once, sent to a Redis server only when that server does not know it yet.

    Unlike `r.register_script(...)`, it is not bound to a client, so one module-level instance serves
    every client and thread (its state never changes after construction).
    """

    def __init__(self, source: str) -> None:
        _DEFINED.append(self)
        self.script = source  # the attribute name redis-py's pipeline reads to load a missing script
        self._sha = hashlib.sha1(source.encode()).hexdigest()

    @property
    def sha(self) -> str:
        return self._sha

    @sha.setter
    def sha(self, _loaded: str | bytes) -> None:
        """Ignore redis-py's pipeline storing the SHA the server computed: it is this same digest."""

    def __call__(self, r: redis.Redis, *, keys: list[str], args: list[Any]) -> Any:
        """Run the script on `r`; a pipeline queues it (and loads it at execute if the server lacks it)."""
        if isinstance(r, Pipeline):
            r.scripts.add(self)  # type: ignore[arg-type]  # duck-typed: .sha and .script
            return r.evalsha(self.sha, len(keys), *keys, *args)
        try:
            return r.evalsha(self.sha, len(keys), *keys, *args)
        except NoScriptError:  # first run on this server, or after SCRIPT FLUSH / a restart
            r.script_load(self.script)
            return r.evalsha(self.sha, len(keys), *keys, *args)

    def queue(self, pipe: Pipeline, *, keys: list[str], args: list[Any]) -> None:
        """Queue the script by SHA alone, for run_in_one_step: redis-py's own pipeline scripts cost a
        SCRIPT EXISTS round trip before every execute."""
        pipe.evalsha(self.sha, len(keys), *keys, *args)


T = TypeVar("T")


def run_in_one_step(
    r: redis.Redis, fill: Callable[[Pipeline], T], *scripts: LuaScript
) -> tuple[list[Any], T]:
    """Run what `fill` queues (scripts by LuaScript.queue, reads after them) in one round trip: (the
    replies, what `fill` returned). A server that does not know a script answers NOSCRIPT without running
    it; then the scripts are loaded and the whole pipeline runs again (so its reads must be repeatable)."""
    for attempt in range(2):
        pipe = r.pipeline(transaction=False)
        made = fill(pipe)
        replies = pipe.execute(raise_on_error=False)
        if attempt == 0 and any(isinstance(reply, NoScriptError) for reply in replies):
            # Every script defined, not only `scripts`: what `fill` queued may run others (a person_state
            # read after an answer), and a server that lost one lost them all. One round trip.
            loader = r.pipeline(transaction=False)
            for script in dict.fromkeys([*scripts, *_DEFINED]):
                loader.script_load(script.script)
            loader.execute()
            continue
        for reply in replies:
            if isinstance(reply, Exception):
                raise reply
        return replies, made
    raise AssertionError("unreachable")  # the second attempt always returns or raises


# A Lua function for scripts that write a person's expiring keys: remember `member` in the person's
# index (a sorted set, KEYS named by the caller) until `ttl` seconds from now, on Redis' own clock as
# EXPIRE is, dropping entries already past and keeping the index as long as its longest-lived entry.
# Export and forget-me read these indexes instead of scanning the keyspace (see store.personal_data).
INDEX_UNTIL = """
local function index_until(index, member, ttl)
  local now = tonumber(redis.call('TIME')[1])
  ttl = tonumber(ttl)
  redis.call('ZREMRANGEBYSCORE', index, '-inf', now)
  redis.call('ZADD', index, 'GT', now + ttl, member)
  if redis.call('TTL', index) < ttl then redis.call('EXPIRE', index, ttl) end
end
"""


# A Lua function for scripts that pace chat.postMessage (the workspace's token bucket, on Redis' own clock):
# reserve the next slot and return how many ms the caller must wait before using it (0: at once). Unlike
# store.workspaces' take_send_token it always takes a slot, letting the bucket go below zero, so a worker
# waits once and sends instead of asking again; the bucket's refill pays the debt back at `rate`, and
# take_send_token sees it (it grants nothing while the bucket is below one).
RESERVE_SLOT = """
local function reserve_slot(bucket, rate_per_s, burst)
  local t = redis.call('TIME')
  local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
  local rate = tonumber(rate_per_s) / 1000
  burst = tonumber(burst)
  local state = redis.call('HMGET', bucket, 'tokens', 'ts')
  local tokens = tonumber(state[1]) or burst
  local last = tonumber(state[2]) or now
  tokens = math.min(burst, tokens + (now - last) * rate) - 1
  local wait = 0
  if tokens < 0 then wait = math.ceil(-tokens / rate) end
  redis.call('HSET', bucket, 'tokens', tostring(tokens), 'ts', now)
  redis.call('PEXPIRE', bucket, 60000 + wait)
  return wait
end
"""


# A Lua function for scripts that count a day in a person's history string (keys.days, keys.skips): the
# year of the first entry as 4 digits, then 366 characters per year from then on, one per day of the year,
# each a count from 0 to 127 (so the string stays valid UTF-8 for the app's decoding client). A year's
# block is written whole when its first day is, so the string is allocated once per year, never grown
# a day at a time. ARGV-style arguments: year, day of the year (1-366), and how: "sent" (0 -> 1, else
# unchanged), "done" (a sent day counts 1, each Done adds 1) or "add" (one more).
COUNT_DAY = """
local function count_day(key, year, doy, how)
  year, doy = tonumber(year), tonumber(doy)
  local s = redis.call('GET', key)
  local base
  if not s then
    base, s = year, string.format('%04d', year)
  else
    base = tonumber(string.sub(s, 1, 4))
    if year < base then
      s = string.format('%04d', year) .. string.rep('\\0', 366 * (base - year)) .. string.sub(s, 5)
      base = year
    end
  end
  local need = 4 + 366 * (year - base + 1)
  if #s < need then s = s .. string.rep('\\0', need - #s) end
  local at = 4 + 366 * (year - base) + doy
  local c = string.byte(s, at)
  if how == 'sent' then
    if c > 0 then return end
    c = 1
  elseif how == 'done' then c = math.min(127, math.max(c, 1) + 1)
  else c = math.min(127, c + 1) end
  redis.call('SET', key, string.sub(s, 1, at - 1) .. string.char(c) .. string.sub(s, at + 1))
end
"""


# A Lua function reading one day's character from a history string (the layout COUNT_DAY writes): 0 when
# the string or that day is not there. Arguments: the string (or false), year, day of the year (1-366).
MARK_AT = """
local function mark_at(s, year, doy)
  if not s then return 0 end
  local base = tonumber(string.sub(s, 1, 4))
  if not base or year < base then return 0 end
  local at = 4 + 366 * (year - base) + doy
  if at > #s then return 0 end
  return string.byte(s, at)
end
"""
