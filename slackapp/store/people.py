"""People: opt-in state, personal settings and the next due break (hash + the team's due sorted set)."""

from __future__ import annotations

from dataclasses import dataclass

import redis
from redis.client import Pipeline

from slackapp.store import keys, tombstones
from slackapp.store.connection import one_step
from slackapp.store.scripts import LuaScript

# Move next_due from `expected` to `new` only if nothing changed it meanwhile and the person is still
# opted in; keeps the due index in step and ends any snooze (the break it postponed is past).
# KEYS: user hash, due zset. ARGV: user id, expected ms, new ms.
_ADVANCE = LuaScript("""
if redis.call('HGET', KEYS[1], 'opted_in') ~= '1' then return 0 end
if redis.call('HGET', KEYS[1], 'next_due') ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], 'next_due', ARGV[3])
redis.call('HDEL', KEYS[1], 'snoozed_until')
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
return 1
""")


@dataclass(frozen=True)
class Person:
    user_id: str
    opted_in: bool = False
    next_due_ms: int | None = None
    snoozed_until_ms: int | None = None
    start_minute: int | None = None  # personal work hours; None = workspace default
    end_minute: int | None = None
    days: frozenset[int] | None = None
    interval_s: int | None = None
    last_exercise: str | None = None
    paused: str | None = None  # why their cards are paused ("pain"); None = not paused
    paused_at_ms: int | None = None
    moves: str | None = None  # move preference (standing, seated, floor); None = the default
    boards_asked: bool = False  # was asked about team boards (welcome DM or the one-time notice)
    held: str | None = None  # why their due card is held (a HoldReason: dnd, huddle, status); None = not
    marks: tuple[int, ...] = ()  # clock-aligned breaks: minutes past the hour; () = every interval_s
    # Progression (domain.progression): level, the day it began, "too easy" answers at it, a pending
    # step-up offer, offers stopped after pain, and the last few moves sent (newest first).
    level: int = 1
    level_since: str | None = None
    too_easy: int = 0
    offer: int | None = None
    offers_stopped: bool = False
    recent: tuple[str, ...] = ()


def parse_marks(stored: str | None) -> tuple[int, ...]:
    """Clock-aligned minutes as stored ("25,55"); () when breaks come every interval."""
    return tuple(int(m) for m in stored.split(",")) if stored else ()


def _int(value: str | None) -> int | None:
    return int(value) if value not in (None, "") else None


def parse_days(stored: str | None) -> frozenset[int] | None:
    """Personal work days as stored ("0,1,2,3,4", Monday = 0); None when the workspace's apply."""
    return frozenset(int(d) for d in stored.split(",")) if stored else None


def get(r: redis.Redis, *, team_id: str, user_id: str) -> Person:
    """The stored person, or a blank (opted-out) one."""
    return _person(user_id, r.hgetall(keys.user(team_id, user_id)))


def get_many(r: redis.Redis, *, team_id: str, user_ids: list[str]) -> list[Person]:
    """get() for many people in one pipelined round trip (a send batch), in the order of user_ids."""
    pipe = r.pipeline(transaction=False)
    for user_id in user_ids:
        pipe.hgetall(keys.user(team_id, user_id))
    return [_person(u, data) for u, data in zip(user_ids, pipe.execute(), strict=True)]


def from_stored(user_id: str, data: dict[str, str]) -> Person:
    """The person a stored hash (HGETALL of keys.user) describes; a blank (opted-out) one when empty."""
    return _person(user_id, data)


def _person(user_id: str, data: dict[str, str]) -> Person:
    return Person(
        user_id=user_id,
        opted_in=data.get("opted_in") == "1",
        next_due_ms=_int(data.get("next_due")),
        snoozed_until_ms=_int(data.get("snoozed_until")),
        start_minute=_int(data.get("start_minute")),
        end_minute=_int(data.get("end_minute")),
        days=parse_days(data.get("days")),
        interval_s=_int(data.get("interval_s")),
        last_exercise=data.get("last_exercise") or None,
        paused=data.get("paused") or None,
        paused_at_ms=_int(data.get("paused_at")),
        moves=data.get("moves") or None,
        boards_asked=data.get("boards_asked") == "1",
        held=data.get("held") or None,
        marks=parse_marks(data.get("marks")),
        level=_int(data.get("level")) or 1,
        level_since=data.get("level_since") or None,
        too_easy=_int(data.get("too_easy")) or 0,
        offer=_int(data.get("offer")),
        offers_stopped=data.get("offers_stopped") == "1",
        recent=tuple(k for k in (data.get("recent") or "").split(",") if k),
    )


def opt_in(
    r: redis.Redis, *, team_id: str, user_id: str, next_due_ms: int, pipeline: Pipeline | None = None
) -> None:
    """Turn breaks on with the first one at next_due_ms."""
    with one_step(r, pipeline) as pipe:
        # Everyone who opts in from now on is asked about team boards when they do (the welcome DM), so
        # only people who opted in before boards became opt-in are owed the one-time notice.
        pipe.hset(
            keys.user(team_id, user_id),
            mapping={"opted_in": "1", "next_due": next_due_ms, "boards_asked": "1"},
        )
        pipe.hdel(keys.user(team_id, user_id), "snoozed_until", "held")
        pipe.sadd(keys.opted_in(team_id), user_id)
        pipe.zadd(keys.due(team_id), {user_id: next_due_ms})
        pipe.sadd(keys.TEAMS, team_id)


# Mark the person's hash opted out, but never create it: a late opt-out (a deactivated person found by a
# send in flight) must not bring back the hash forget-me deleted. KEYS: user hash.
_MARK_OUT = LuaScript("""
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'opted_in', '0')
redis.call('HDEL', KEYS[1], 'next_due', 'snoozed_until')
return 1
""")


def opt_out(r: redis.Redis, *, team_id: str, user_id: str, pipeline: Pipeline | None = None) -> None:
    """Turn breaks off at once: nothing due remains, so a break already queued is dropped. The huddle
    state goes too: Slack's huddle events are not kept while breaks are off, so a huddle left meanwhile
    would otherwise still hold their cards (for up to 3 hours) once breaks are on again."""
    with one_step(r, pipeline) as pipe:
        _MARK_OUT(pipe, keys=[keys.user(team_id, user_id)], args=[])
        pipe.srem(keys.opted_in(team_id), user_id)
        pipe.zrem(keys.due(team_id), user_id)
        pipe.delete(keys.huddle(team_id, user_id))


# Set the next break only while the person is opted in, so a late snooze cannot revive an opt-out.
# KEYS: user hash, due zset. ARGV: user id, next due ms, "1" to mark a snooze.
_RESCHEDULE = LuaScript("""
if redis.call('HGET', KEYS[1], 'opted_in') ~= '1' then return 0 end
redis.call('HSET', KEYS[1], 'next_due', ARGV[2])
redis.call('HDEL', KEYS[1], 'held')
if ARGV[3] == '1' then redis.call('HSET', KEYS[1], 'snoozed_until', ARGV[2])
else redis.call('HDEL', KEYS[1], 'snoozed_until') end
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
return 1
""")


def reschedule(
    r: redis.Redis, *, team_id: str, user_id: str, next_due_ms: int, snoozed: bool = False
) -> bool:
    """Set the next break (snooze, resume, new hours) if still opted in; marks or clears a snooze."""
    args = [user_id, next_due_ms, "1" if snoozed else "0"]
    return bool(_RESCHEDULE(r, keys=[keys.user(team_id, user_id), keys.due(team_id)], args=args))


def drop_from_due(r: redis.Redis, *, team_id: str, user_id: str, pipeline: Pipeline | None = None) -> None:
    """Take the person out of the due index (their hash keeps its next_due)."""
    (pipeline if pipeline is not None else r).zrem(keys.due(team_id), user_id)


def advance(r: redis.Redis, *, team_id: str, user_id: str, expected_ms: int, next_due_ms: int) -> bool:
    """Compare-and-set the next break, ending any snooze; False when the person opted out or was
    rescheduled meanwhile."""
    done = _ADVANCE(
        r, keys=[keys.user(team_id, user_id), keys.due(team_id)], args=[user_id, expected_ms, next_due_ms]
    )
    return bool(done)


# A hold: like _ADVANCE, and the hold's reason kept on the person's hash so that an event saying the hold
# ended (a huddle over, a status cleared, DND off) can bring the card forward; an empty reason clears it
# (a card held for outside hours is simply the next day's). KEYS: user hash, due zset. ARGV: user id,
# expected ms, new ms, reason.
_HOLD = LuaScript("""
if redis.call('HGET', KEYS[1], 'opted_in') ~= '1' then return 0 end
if redis.call('HGET', KEYS[1], 'next_due') ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], 'next_due', ARGV[3])
redis.call('HDEL', KEYS[1], 'snoozed_until')
if ARGV[4] == '' then redis.call('HDEL', KEYS[1], 'held')
else redis.call('HSET', KEYS[1], 'held', ARGV[4]) end
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
return 1
""")

# Bring a held card forward to now: only while the person is opted in, not paused, held for one of the
# given reasons, and the card is not due already. Outside the person's break window (ARGV[4] ~= '1') the
# hold just ends: the next card is the work day's ordinary first one. KEYS: user hash, due zset. ARGV:
# user id, now ms, reasons (space-separated), '1' when now is inside the person's break window.
_RELEASE = LuaScript("""
local p = redis.call('HMGET', KEYS[1], 'opted_in', 'held', 'next_due', 'paused')
if p[1] ~= '1' or not p[2] or p[4] then return 0 end
if not string.find(' ' .. ARGV[3] .. ' ', ' ' .. p[2] .. ' ', 1, true) then return 0 end
if ARGV[4] ~= '1' then redis.call('HDEL', KEYS[1], 'held') return 0 end
if p[3] and tonumber(p[3]) <= tonumber(ARGV[2]) then return 0 end
redis.call('HSET', KEYS[1], 'next_due', ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
return 1
""")


def hold(
    r: redis.Redis, *, team_id: str, user_id: str, expected_ms: int, next_due_ms: int, reason: str | None
) -> bool:
    """advance() to the hold's end, remembering why the card is held (None: nothing to release early)."""
    done = _HOLD(
        r,
        keys=[keys.user(team_id, user_id), keys.due(team_id)],
        args=[user_id, expected_ms, next_due_ms, reason or ""],
    )
    return bool(done)


def release_held(
    r: redis.Redis,
    *,
    team_id: str,
    user_id: str,
    now_ms: int,
    reasons: frozenset[str],
    in_window: bool = True,
) -> bool:
    """The person's hold for one of `reasons` ended: their held card is due now (the scheduler's next tick
    hands it out, through the workspace's pacing). Outside their break window (`in_window` False) the hold
    only ends, and nothing is brought forward. False when no card was brought forward."""
    done = _RELEASE(
        r,
        keys=[keys.user(team_id, user_id), keys.due(team_id)],
        args=[user_id, now_ms, " ".join(sorted(reasons)), "1" if in_window else "0"],
    )
    return bool(done)


def save_marks(r: redis.Redis, *, team_id: str, user_id: str, marks: tuple[int, ...]) -> None:
    """Clock-aligned breaks at these minutes past the hour; () goes back to every interval."""
    if marks:
        r.hset(keys.user(team_id, user_id), "marks", ",".join(str(m) for m in marks))
    else:
        r.hdel(keys.user(team_id, user_id), "marks")


def save_rhythm(
    r: redis.Redis,
    *,
    team_id: str,
    user_id: str,
    start_minute: int | None,
    end_minute: int | None,
    days: frozenset[int] | None,
    interval_s: int | None,
) -> None:
    """Personal hours, days and interval in one write; None leaves a field to the workspace default."""
    mapping: dict[str, str | int] = {}
    if start_minute is not None and end_minute is not None:
        mapping.update(start_minute=start_minute, end_minute=end_minute)
    if days:
        mapping["days"] = ",".join(str(d) for d in sorted(days))
    if interval_s:
        mapping["interval_s"] = interval_s
    if mapping:
        r.hset(keys.user(team_id, user_id), mapping=mapping)


def set_last_exercise(
    r: redis.Redis, *, team_id: str, user_id: str, exercise_key: str, pipeline: Pipeline | None = None
) -> None:
    """Remember the exercise last sent, so the next card rotates to another (not after forget-me)."""
    tombstones.guarded_hset(
        pipeline if pipeline is not None else r,
        team_id=team_id,
        user_id=user_id,
        key=keys.user(team_id, user_id),
        mapping={"last_exercise": exercise_key},
    )


def set_moves(r: redis.Redis, *, team_id: str, user_id: str, preference: str) -> None:
    """Which moves the person's cards carry (standing, seated or floor)."""
    r.hset(keys.user(team_id, user_id), "moves", preference)


def claim_boards_notice(r: redis.Redis, *, team_id: str, user_id: str) -> bool:
    """True once for a person never asked about team boards (they opted in before boards became opt-in);
    marks them asked, so the notice goes out at most once however many workers race."""
    return bool(r.hsetnx(keys.user(team_id, user_id), "boards_asked", "1"))


def claim_welcome(r: redis.Redis, *, team_id: str, user_id: str) -> bool:
    """True the first time a person is to get the welcome DM; False on every later `/glutes on`."""
    return bool(r.hsetnx(keys.user(team_id, user_id), "welcomed", "1"))


def opted_in_count(r: redis.Redis, *, team_id: str) -> int:
    return int(r.scard(keys.opted_in(team_id)))


def opted_in_ids(r: redis.Redis, *, team_id: str) -> set[str]:
    """Everyone in the workspace whose breaks are on."""
    return set(r.smembers(keys.opted_in(team_id)))


def pause(
    r: redis.Redis,
    *,
    team_id: str,
    user_id: str,
    reason: str,
    at_ms: int,
    pipeline: Pipeline | None = None,
) -> None:
    """Hold the person's break cards (their settings stay as they are): out of the due index, flagged on
    their hash. Delivery also refuses a paused person, so a late re-add sends nothing."""
    with one_step(r, pipeline) as pipe:
        pipe.hset(keys.user(team_id, user_id), mapping={"paused": reason, "paused_at": at_ms})
        pipe.sadd(keys.paused_people(team_id), user_id)
        pipe.zrem(keys.due(team_id), user_id)


def unpause(r: redis.Redis, *, team_id: str, user_id: str, pipeline: Pipeline | None = None) -> None:
    """Clear the pause flag (the caller puts the next break back on the schedule)."""
    with one_step(r, pipeline) as pipe:
        pipe.hdel(keys.user(team_id, user_id), "paused", "paused_at")
        pipe.srem(keys.paused_people(team_id), user_id)


def paused_count(r: redis.Redis, *, team_id: str) -> int:
    """How many people have their cards paused (no reasons: those stay on each person's own record)."""
    return int(r.scard(keys.paused_people(team_id)))
