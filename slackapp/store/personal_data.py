"""Everything stored about one person in a workspace: their own keys and their places in shared ones.

Privacy export and forget-me read and delete through here, so a new per-person key is added in one
place (and `keys.py`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any

import redis
from redis.client import Pipeline

from slackapp.store import boards, keys, stats, tasks
from slackapp.store.scripts import LuaScript

# Every place is found from the person's own records and indexes (never by scanning the keyspace), so an
# export or a forget-me costs the same few round trips however many other keys the Redis holds:
# - cards and send locks: the `breaks:<id>` index their scripts write in the same step (store.cards,
#   store.locks); work batches: the `batches:<id>` index (store.batches);
# - boards: the periods of the dates in the person's done tally, and "all" (store.boards);
# - challenges: the ones they joined (`user-challenges:<id>`) or started (`started-challenges:<id>`),
#   with each one's members, scores and team-break click sets.


def _fixed_keys(team_id: str, user_id: str) -> list[str]:
    """Keys that belong to one person outright and whose names are known from the id alone."""
    return [
        keys.user(team_id, user_id),
        keys.profile(team_id, user_id),
        keys.dnd(team_id, user_id),
        keys.huddle(team_id, user_id),
        keys.days(team_id, user_id),
        keys.skips(team_id, user_id),
        keys.done_days(team_id, user_id),
        keys.skipped_days(team_id, user_id),
        keys.sent_days(team_id, user_id),
        keys.selftests(team_id, user_id),
        keys.user_challenges(team_id, user_id),
        keys.started_challenges(team_id, user_id),
        keys.breaks_of(team_id, user_id),
        keys.batches_of(team_id, user_id),
        keys.exported(team_id, user_id),
        keys.language(team_id, user_id),
        keys.slack_locale(team_id, user_id),
        keys.done_hours(team_id, user_id),
        keys.digest(team_id, user_id),
        keys.step_card(team_id, user_id),
    ]


def _own_keys(r: redis.Redis, team_id: str, user_id: str) -> list[str]:
    """Keys that belong to one person outright: the fixed ones, and the cards and send locks of the breaks
    their index lists (an entry may outlive its keys for a while; keys that are gone are skipped)."""
    break_ids = r.zrange(keys.breaks_of(team_id, user_id), 0, -1)
    cards = [keys.card(team_id, user_id, b) for b in break_ids]
    locks = [keys.sending(team_id, user_id, b) for b in break_ids]
    return _fixed_keys(team_id, user_id) + cards + locks


def _shared_sets(team_id: str) -> list[str]:
    """Workspace-wide sets and sorted sets in which a person appears as a member."""
    return [
        keys.opted_in(team_id),
        keys.home_seen(team_id),
        keys.hidden(team_id),
        keys.shown(team_id),
        keys.due(team_id),
        keys.retests(team_id),
        keys.paused_people(team_id),
        keys.last_active(team_id),
    ]


def _dates(raw: list[str]) -> list[date]:
    found = []
    for text in raw:
        try:
            found.append(date.fromisoformat(text))
        except ValueError:  # not a tally the app wrote: it names no board period
            continue
    return found


def _shared_keys(r: redis.Redis, team_id: str, user_id: str) -> list[str]:
    """Shared keys that may hold the person: the workspace's sets, boards, their challenges and batches."""
    pipe = r.pipeline(transaction=False)
    pipe.hkeys(keys.done_days(team_id, user_id))
    pipe.get(keys.days(team_id, user_id))
    pipe.smembers(keys.user_challenges(team_id, user_id))
    pipe.smembers(keys.started_challenges(team_id, user_id))
    pipe.zrange(keys.batches_of(team_id, user_id), 0, -1)
    tally_days, history, joined, started, batch_ids = pipe.execute()
    done_days = [day for day, mark in stats.decode_days(history).items() if mark > 1]
    periods = boards.period_keys_around(_dates(tally_days) + done_days) | {"all"}
    challenge_ids = sorted(set(joined) | set(started))
    pipe = r.pipeline(transaction=False)
    for challenge_id in challenge_ids:
        pipe.smembers(keys.challenge_team_break_posts(team_id, challenge_id))
    posts = pipe.execute() if challenge_ids else []
    challenge_keys = []
    for challenge_id, post_ts in zip(challenge_ids, posts, strict=True):
        challenge_keys += [
            keys.challenge(team_id, challenge_id),
            keys.challenge_members(team_id, challenge_id),
            keys.challenge_scores(team_id, challenge_id),
        ]
        challenge_keys += [keys.challenge_team_breaks(team_id, challenge_id, ts) for ts in sorted(post_ts)]
    return (
        _shared_sets(team_id)
        + [keys.board(team_id, period) for period in sorted(periods)]
        + challenge_keys
        + [keys.work_batch(team_id, batch_id) for batch_id in sorted(batch_ids)]
    )


def _kinds(r: redis.Redis, names: list[str]) -> list[str]:
    """Each key's type ("none" when it does not exist), in one round trip."""
    pipe = r.pipeline(transaction=False)
    for name in names:
        pipe.type(name)
    return list(pipe.execute()) if names else []


def _list_items(items: list[str]) -> list[Any]:
    return [json.loads(item) if item.startswith("{") else item for item in items]


# How each kind of key is read into an export: the pipelined read, then what it becomes.
_READERS: dict[str, tuple[Callable[[Pipeline, str], Any], Callable[[Any], Any]]] = {
    "hash": (lambda pipe, key: pipe.hgetall(key), dict),
    "list": (lambda pipe, key: pipe.lrange(key, 0, -1), _list_items),
    "set": (lambda pipe, key: pipe.smembers(key), sorted),
    "zset": (lambda pipe, key: pipe.zrange(key, 0, -1, withscores=True), dict),
    "string": (lambda pipe, key: pipe.get(key), lambda value: value),
}


def _read_all(r: redis.Redis, names: list[str]) -> dict[str, Any]:
    """The contents of every key in `names` that exists, in two round trips."""
    present = [(name, kind) for name, kind in zip(names, _kinds(r, names), strict=True) if kind in _READERS]
    pipe = r.pipeline(transaction=False)
    for name, kind in present:
        _READERS[kind][0](pipe, name)
    values = pipe.execute() if present else []
    return {name: _READERS[kind][1](value) for (name, kind), value in zip(present, values, strict=True)}


def _name(team_id: str, key: str) -> str:
    """A key without its `glutes:{team}:` prefix: what the record is, in an export."""
    return key.removeprefix(f"{keys.team(team_id)}:")


def _readable(team_id: str, user_id: str, key: str, value: Any) -> Any:
    """A history string as dates (what a person can read); anything else as it is."""
    if key == keys.days(team_id, user_id):
        marks = stats.decode_days(value)
        return {day.isoformat(): {"card_sent": True, "done": mark - 1} for day, mark in sorted(marks.items())}
    if key == keys.skips(team_id, user_id):
        return {day.isoformat(): count for day, count in sorted(stats.decode_days(value).items())}
    return value


def records(r: redis.Redis, *, team_id: str, user_id: str) -> dict[str, Any]:
    """The person's own records, by name (e.g. "user:U1", "card:U1:<break>") -> contents."""
    found = _read_all(r, _own_keys(r, team_id, user_id))
    return {_name(team_id, key): _readable(team_id, user_id, key, value) for key, value in found.items()}


def memberships(r: redis.Redis, *, team_id: str, user_id: str) -> dict[str, Any]:
    """Shared sets the person is in (name -> True) and sorted sets (name -> their score)."""
    shared = _shared_keys(r, team_id, user_id)
    checked = [(key, kind) for key, kind in zip(shared, _kinds(r, shared), strict=True) if kind != "none"]
    pipe = r.pipeline(transaction=False)
    for key, kind in checked:
        if kind == "set":
            pipe.sismember(key, user_id)
        elif kind == "zset":
            pipe.zscore(key, user_id)
        elif kind == "hash":
            pipe.hget(key, "started_by")
        else:
            pipe.exists(key)  # keeps the answers in step; a string never holds a membership
    pipe.hget(keys.settings(team_id), "app_admins")
    *answers, admins = pipe.execute()
    found: dict[str, Any] = {}
    for (key, kind), answer in zip(checked, answers, strict=True):
        if kind == "set" and answer:
            found[_name(team_id, key)] = True
        elif kind == "zset" and answer is not None:
            found[_name(team_id, key)] = answer
        elif kind == "hash" and answer == user_id:
            found[_name(team_id, key)] = "started by you"
    if user_id in (admins or "").split(","):
        found[_name(team_id, keys.settings(team_id))] = "app admin"
    return found


def delete(r: redis.Redis, *, team_id: str, user_id: str) -> int:
    """Delete the person's records and take them out of every shared one; returns how many keys changed.

    The shared keys are found from the person's own records, so they are read before those go.
    """
    shared = _shared_keys(r, team_id, user_id)
    touched = int(r.delete(*_own_keys(r, team_id, user_id)))
    touched += r.zrem(keys.jobs_due(team_id), tasks.checkin_task(user_id))
    for key, kind in zip(shared, _kinds(r, shared), strict=True):
        if kind == "set":
            touched += r.srem(key, user_id)
        elif kind == "zset":
            touched += r.zrem(key, user_id)
        elif kind == "hash" and r.hget(key, "started_by") == user_id:
            touched += r.hset(key, "started_by", "")
    return touched + _drop_app_admin(r, team_id, user_id)


# One export per `every` seconds per person. The time is the app's clock (so tests can move it); the TTL
# only cleans up. KEYS: the person's export marker. ARGV: now (epoch s), every (s). Returns 1 or 0.
_CLAIM_EXPORT = LuaScript("""
local last = redis.call('GET', KEYS[1])
if last and tonumber(ARGV[1]) - tonumber(last) < tonumber(ARGV[2]) then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
return 1
""")


def claim_export(r: redis.Redis, *, team_id: str, user_id: str, now_s: int, every_s: int) -> bool:
    """True if the person may have an export now (none in the last `every_s` seconds); records this one."""
    return bool(_CLAIM_EXPORT(r, keys=[keys.exported(team_id, user_id)], args=[now_s, every_s]))


def _drop_app_admin(r: redis.Redis, team_id: str, user_id: str) -> int:
    """Take the person off the workspace's app admins; 1 if they were on it.

    WATCHed, so an admin saving the settings at the same moment is not overwritten with the old list.
    """
    settings_key = keys.settings(team_id)

    def drop(pipe: Pipeline) -> int:
        admins = (pipe.hget(settings_key, "app_admins") or "").split(",")
        if user_id not in admins:
            return 0
        pipe.multi()
        pipe.hset(settings_key, "app_admins", ",".join(a for a in admins if a and a != user_id))
        return 1

    return int(r.transaction(drop, settings_key, value_from_callable=True))
