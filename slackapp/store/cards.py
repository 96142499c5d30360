"""Break cards that were sent, and the one outcome (done, snoozed, skipped) each may get."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, TypeVar

import redis
from redis.client import Pipeline

from slackapp.domain.insights import CHART_WEEKS
from slackapp.store import boards, insights, keys, retention, tasks
from slackapp.store.scripts import COUNT_DAY, INDEX_UNTIL, MARK_AT, LuaScript, run_in_one_step

CARD_TTL_SECONDS = 8 * 24 * 3600
T = TypeVar("T")

# Set the card's outcome once. The day's tally and, for a Done, every board and challenge score, the
# person's Done-hour count and the workspace's aggregate day counters move in the same step, so a double
# click or a retried request counts once. A board of a past period is never read again, so each week and
# month board expires a little after its period ends.
# KEYS: card hash, tally string (or ""), user hash, the workspace's day counters (or ""), the person's
# Done hours (or ""), then sorted sets to add a point to. ARGV: outcome, year, day of the year, user id,
# how to count the tally day ("done" or "add"), local hour, the earlier days of the same week as
# "year:day,..." (or ""), the counters' TTL and the personal TTL (s), then for each sorted set its TTL in
# seconds, set by the period's first point (0: never expires).
# Returns "missing", the earlier outcome prefixed "already:", or "ok".
_RECORD = LuaScript(
    COUNT_DAY
    + MARK_AT
    + """
if redis.call('EXISTS', KEYS[1]) == 0 then return 'missing' end
local previous = redis.call('HGET', KEYS[1], 'outcome')
if previous then return 'already:' .. previous end
redis.call('HSET', KEYS[1], 'outcome', ARGV[1])
local year, doy = tonumber(ARGV[2]), tonumber(ARGV[3])
if KEYS[4] ~= '' then
  -- Aggregates only: whether this is the person's first Done of the day and of the week is read from
  -- their own history before it counts this one; the counters hold numbers, never the person.
  local history = redis.call('GET', KEYS[2])
  local first_today = mark_at(history, year, doy) <= 1
  local first_week = first_today
  for y, d in string.gmatch(ARGV[7], '(%d+):(%d+)') do
    if mark_at(history, tonumber(y), tonumber(d)) > 1 then first_week = false end
  end
  redis.call('HINCRBY', KEYS[4], 'done', 1)
  if first_today then redis.call('HINCRBY', KEYS[4], 'active', 1) end
  if first_week then
    redis.call('HINCRBY', KEYS[4], 'week_active', 1)
    local started = redis.call('HGET', KEYS[3], 'started') or 'earlier'
    redis.call('HINCRBY', KEYS[4], 'from:' .. started, 1)
  end
  if redis.call('TTL', KEYS[4]) == -1 then redis.call('EXPIRE', KEYS[4], ARGV[8]) end
end
if KEYS[5] ~= '' then
  redis.call('HINCRBY', KEYS[5], ARGV[6], 1)
  redis.call('EXPIRE', KEYS[5], ARGV[9])
end
if KEYS[2] ~= '' then count_day(KEYS[2], ARGV[2], ARGV[3], ARGV[5]) end
for i = 6, #KEYS do
  redis.call('ZINCRBY', KEYS[i], 1, ARGV[4])
  local ttl = tonumber(ARGV[4 + i])
  if ttl > 0 and redis.call('TTL', KEYS[i]) == -1 then redis.call('EXPIRE', KEYS[i], ttl) end
end
return 'ok'
"""
)


# Save a sent card, count it on its day and list it in the person's index of breaks, unless the person
# ran forget-me meanwhile. KEYS: tombstone, card hash, the person's history, the person's breaks index.
# ARGV: ttl, year, day of the year, break id, then the card's field/value pairs.
_SAVE = LuaScript(
    INDEX_UNTIL
    + COUNT_DAY
    + """
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[2], unpack(ARGV, 5))
redis.call('EXPIRE', KEYS[2], ARGV[1])
count_day(KEYS[3], ARGV[2], ARGV[3], 'sent')
index_until(KEYS[4], ARGV[4], ARGV[1])
return 1
"""
)


# After Slack accepted a card, in one step (one round trip): _SAVE's writes, the exercise sent (for the
# rotation) and the compare-and-set that moves the person's next break from the one just sent (only if
# nothing changed it meanwhile and they are still opted in; it ends any snooze). The week's first card also
# claims the person's weekly picture for that week unless they turned it off (so it is sent once, with no
# extra round trip on the cards' path). Nothing at all is written for someone who ran forget-me.
# KEYS: tombstone, card hash, the person's history, breaks index, user hash, due zset, digest hash,
# last-active, jobs due. ARGV: ttl, year, day of the year, break id, user id, exercise, expected ms, next
# ms, the week's Monday, the digest hash's TTL, now ms (the send: activity), the recent moves (newest
# first, comma-separated, for the variety rule), the first and last day (year, day of the year) of the
# four weeks the picture shows (no card in them: nothing claimed), then the card's field/value pairs.
# Returns {moved, claimed}: moved is 1 when the schedule moved, 0 when not, -1 after forget-me; claimed is
# 1 when the week's picture is now due (only for someone with a card or a Done in the four weeks it shows).
_SAVE_SENT = LuaScript(
    INDEX_UNTIL
    + COUNT_DAY
    + """
-- Whether the history string has a card or a Done on a day from (y1, d1) to (y2, d2): slots as count_day
-- lays them out (a non-leap year's 366th slot stays empty).
local function any_day_between(key, y1, d1, y2, d2)
  local s = redis.call('GET', key)
  if not s then return false end
  local base = tonumber(string.sub(s, 1, 4))
  local from = math.max(5, 4 + 366 * (tonumber(y1) - base) + tonumber(d1))
  local to = math.min(#s, 4 + 366 * (tonumber(y2) - base) + tonumber(d2))
  for i = from, to do
    if string.byte(s, i) > 0 then return true end
  end
  return false
end
if redis.call('EXISTS', KEYS[1]) == 1 then return {-1, 0} end
redis.call('HSET', KEYS[2], unpack(ARGV, 17))
redis.call('EXPIRE', KEYS[2], ARGV[1])
count_day(KEYS[3], ARGV[2], ARGV[3], 'sent')
index_until(KEYS[4], ARGV[4], ARGV[1])
-- A card sent is activity (store/retention.py): the last-active time, and the daily sweep booked.
redis.call('ZADD', KEYS[8], ARGV[11], ARGV[5])
redis.call('ZADD', KEYS[9], 'NX', tonumber(ARGV[11]) + """
    + str(retention.SWEEP_EVERY_MS)
    + """, '"""
    + tasks.RETENTION
    + """')
local claimed = 0
local digest = redis.call('HMGET', KEYS[7], 'off', 'week')
local shown = any_day_between(KEYS[3], ARGV[13], ARGV[14], ARGV[15], ARGV[16])
if digest[1] ~= '1' and digest[2] ~= ARGV[9] and shown then
  redis.call('HSET', KEYS[7], 'week', ARGV[9])
  redis.call('EXPIRE', KEYS[7], ARGV[10])
  claimed = 1
end
local p = redis.call('HMGET', KEYS[5], 'opted_in', 'next_due')
if p[1] == false and p[2] == false then return {0, claimed} end
redis.call('HSET', KEYS[5], 'last_exercise', ARGV[6], 'recent', ARGV[12])
if p[1] ~= '1' or p[2] ~= ARGV[7] then return {0, claimed} end
redis.call('HSET', KEYS[5], 'next_due', ARGV[8])
redis.call('HDEL', KEYS[5], 'snoozed_until', 'held')
redis.call('ZADD', KEYS[6], ARGV[8], ARGV[5])
return {1, claimed}
"""
)


@dataclass(frozen=True)
class Saved:
    moved: bool  # the schedule moved on (False: opted out, rescheduled, or forget-me)
    digest_due: bool  # this was the week's first card and the person's weekly picture is now due


def save_sent(
    r: redis.Redis,
    *,
    team_id: str,
    user_id: str,
    break_id: str,
    exercise: str,
    local_date: str,
    channel: str,
    ts: str,
    expected_due_ms: int,
    next_due_ms: int,
    now_ms: int,
    recent: tuple[str, ...] = (),
    level: int = 1,
) -> Saved:
    """save() the card Slack accepted, remember its exercise and advance the person's schedule from
    expected_due_ms to next_due_ms (people.advance's compare-and-set), all in one step; the week's first
    card also claims the week's picture (see _SAVE_SENT).

    The send counts as the person's activity at now_ms (store/retention.py).
    """
    monday = insights.week_start(date.fromisoformat(local_date))
    # The picture shows the four weeks before this one: someone with no card in them has none to get, and
    # no job is queued for them (a new person's every card would otherwise be "the week's first").
    picture_from = monday - timedelta(days=7 * CHART_WEEKS)
    moved, claimed = _SAVE_SENT(
        r,
        keys=[
            keys.forgotten(team_id, user_id),
            keys.card(team_id, user_id, break_id),
            keys.days(team_id, user_id),
            keys.breaks_of(team_id, user_id),
            keys.user(team_id, user_id),
            keys.due(team_id),
            keys.digest(team_id, user_id),
            keys.last_active(team_id),
            keys.jobs_due(team_id),
        ],
        args=[
            CARD_TTL_SECONDS,
            *day_of_year(local_date),
            break_id,
            user_id,
            exercise,
            expected_due_ms,
            next_due_ms,
            monday.isoformat(),
            insights.PERSONAL_TTL_SECONDS,
            now_ms,
            ",".join(recent or (exercise,)),
            *day_of_year(picture_from.isoformat()),
            *day_of_year((monday - timedelta(days=1)).isoformat()),
            "exercise",
            exercise,
            "level",
            level,
            "local_date",
            local_date,
            "channel",
            channel,
            "ts",
            ts,
        ],
    )
    return Saved(int(moved) == 1, int(claimed) == 1)


@dataclass(frozen=True)
class Card:
    break_id: str
    exercise: str
    local_date: str  # YYYY-MM-DD in the person's time zone when it was sent
    channel: str
    ts: str
    outcome: str | None
    level: int = 1  # the level the card was sent at
    feedback: str | None = None  # too_easy, just_right or too_hard, once


def save(
    r: redis.Redis,
    *,
    team_id: str,
    user_id: str,
    break_id: str,
    exercise: str,
    local_date: str,
    channel: str,
    ts: str,
    pipeline: Pipeline | None = None,
) -> None:
    """Remember a card Slack accepted, for its buttons, and count it on its day's "cards sent" tally.

    Nothing is written for someone who ran forget-me (the tombstone is checked in the same step).
    """
    _SAVE(
        pipeline if pipeline is not None else r,  # type: ignore[arg-type]
        keys=[
            keys.forgotten(team_id, user_id),
            keys.card(team_id, user_id, break_id),
            keys.days(team_id, user_id),
            keys.breaks_of(team_id, user_id),
        ],
        args=[
            CARD_TTL_SECONDS,
            *day_of_year(local_date),
            break_id,
            "exercise",
            exercise,
            "local_date",
            local_date,
            "channel",
            channel,
            "ts",
            ts,
        ],
    )


def get(r: redis.Redis, *, team_id: str, user_id: str, break_id: str) -> Card | None:
    return from_stored(break_id, r.hgetall(keys.card(team_id, user_id, break_id)))


def from_stored(break_id: str, data: dict[str, str]) -> Card | None:
    """The card a stored hash (HGETALL of keys.card) describes; None when there is none."""
    if not data:
        return None
    return Card(
        break_id=break_id,
        exercise=data.get("exercise", ""),
        local_date=data.get("local_date", ""),
        channel=data.get("channel", ""),
        ts=data.get("ts", ""),
        outcome=data.get("outcome") or None,
        level=int(data.get("level") or 1),
        feedback=data.get("feedback") or None,
    )


# Keep the first feedback on a card only. KEYS: card hash. ARGV: answer. Returns -1 when the card is
# gone, 0 when it already had an answer, 1 when this one was kept.
_FEEDBACK = LuaScript("""
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
return redis.call('HSETNX', KEYS[1], 'feedback', ARGV[1])
""")


def record_feedback(r: redis.Redis, *, team_id: str, user_id: str, break_id: str, answer: str) -> int:
    """Keep the card's Too easy / Just right / Too hard once: 1 kept, 0 answered before, -1 no such card."""
    return int(_FEEDBACK(r, keys=[keys.card(team_id, user_id, break_id)], args=[answer]))


def record_outcome(
    r: redis.Redis,
    *,
    team_id: str,
    user_id: str,
    break_id: str,
    outcome: str,
    local_date: str,
    score_keys: tuple[str, ...] = (),
    hour: int = 0,
) -> str:
    """Set the outcome if the card has none yet; returns "ok", "already:<outcome>" or "missing".

    For a Done, each sorted set in score_keys (boards, challenge scores) gains a point in the same step,
    and so do the person's Done hour (`hour`, local) and the workspace's aggregate day counters.
    """
    card_keys, args = _record_call(team_id, user_id, break_id, outcome, local_date, score_keys, hour)
    return str(_RECORD(r, keys=card_keys, args=args))


def record_outcome_then(
    r: redis.Redis,
    *,
    team_id: str,
    user_id: str,
    break_id: str,
    outcome: str,
    local_date: str,
    score_keys: tuple[str, ...] = (),
    hour: int = 0,
    then: Callable[[Pipeline], Callable[[Iterator[Any]], T]],
) -> tuple[str, T]:
    """record_outcome, and in the same round trip the reads `then` queues after it (they see the
    outcome): `then(pipe)` queues them and returns how to read their replies."""

    def fill(pipe: Pipeline) -> Callable[[Iterator[Any]], T]:
        card_keys, args = _record_call(team_id, user_id, break_id, outcome, local_date, score_keys, hour)
        _RECORD.queue(pipe, keys=card_keys, args=args)
        return then(pipe)

    replies, parse = run_in_one_step(r, fill, _RECORD)
    return str(replies[0]), parse(iter(replies[1:]))


def _record_call(
    team_id: str,
    user_id: str,
    break_id: str,
    outcome: str,
    local_date: str,
    score_keys: tuple[str, ...],
    hour: int = 0,
) -> tuple[list[str], list[Any]]:
    tally = {"done": keys.days(team_id, user_id), "skipped": keys.skips(team_id, user_id)}.get(outcome, "")
    done = outcome == "done"
    scored = score_keys if done else ()
    day = date.fromisoformat(local_date)
    card_keys = [
        keys.card(team_id, user_id, break_id),
        tally,
        keys.user(team_id, user_id),
        keys.insights_day(team_id, local_date) if done else "",
        keys.done_hours(team_id, user_id) if done else "",
        *scored,
    ]
    how = "done" if done else "add"
    earlier = ",".join(f"{d.year}:{d.timetuple().tm_yday}" for d in insights.earlier_days_of_week(day))
    expiries = [boards.ttl_seconds(team_id, key, day) for key in scored]
    return card_keys, [
        outcome,
        *day_of_year(local_date),
        user_id,
        how,
        hour,
        earlier,
        insights.COUNTER_TTL_SECONDS,
        insights.PERSONAL_TTL_SECONDS,
        *expiries,
    ]


def day_of_year(local_date: str) -> tuple[int, int]:
    """(year, day of the year from 1) of a YYYY-MM-DD date: its place in a history string."""
    day = date.fromisoformat(local_date)
    return day.year, day.timetuple().tm_yday
