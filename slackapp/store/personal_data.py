"""Everything stored about one person in a workspace: their own keys and their places in shared ones.

Privacy export and forget-me read and delete through here, so a new per-person key is added in one
place (and `keys.py`).
"""

from __future__ import annotations

import json
from typing import Any

import redis
from redis.client import Pipeline

from slackapp.store import keys, tasks

SCAN_COUNT = 1000


def _own_keys(team_id: str, user_id: str) -> list[str]:
    """Keys that belong to one person outright."""
    return [
        keys.user(team_id, user_id),
        keys.profile(team_id, user_id),
        keys.dnd(team_id, user_id),
        keys.done_days(team_id, user_id),
        keys.skipped_days(team_id, user_id),
        keys.sent_days(team_id, user_id),
        keys.selftests(team_id, user_id),
        keys.user_challenges(team_id, user_id),
    ]


def _own_patterns(team_id: str, user_id: str) -> list[str]:
    team, user = keys.glob_literal(team_id), keys.glob_literal(user_id)
    return [keys.card(team, user, "*"), keys.sending(team, user, "*")]


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
    ]


def _shared_patterns(team_id: str) -> list[str]:
    team = keys.glob_literal(team_id)
    return [keys.board(team, "*"), keys.challenge(team, "*"), keys.work_batch(team, "*")]


def _scan(r: redis.Redis, pattern: str) -> list[str]:
    return sorted(r.scan_iter(match=pattern, count=SCAN_COUNT))


def _shared_keys(r: redis.Redis, team_id: str) -> list[str]:
    return _shared_sets(team_id) + [k for p in _shared_patterns(team_id) for k in _scan(r, p)]


def _read(r: redis.Redis, key: str) -> Any:
    kind = r.type(key)
    if kind == "hash":
        return r.hgetall(key)
    if kind == "list":
        return [json.loads(item) if item.startswith("{") else item for item in r.lrange(key, 0, -1)]
    if kind == "set":
        return sorted(r.smembers(key))
    if kind == "zset":
        return dict(r.zrange(key, 0, -1, withscores=True))
    return r.get(key) if kind == "string" else None


def _name(team_id: str, key: str) -> str:
    """A key without its `glutes:{team}:` prefix: what the record is, in an export."""
    return key.removeprefix(f"{keys.team(team_id)}:")


def records(r: redis.Redis, *, team_id: str, user_id: str) -> dict[str, Any]:
    """The person's own records, by name (e.g. "user:U1", "card:U1:<break>") -> contents."""
    found = {_name(team_id, key): _read(r, key) for key in _own_keys(team_id, user_id) if r.exists(key)}
    for pattern in _own_patterns(team_id, user_id):
        found.update({_name(team_id, key): _read(r, key) for key in _scan(r, pattern)})
    return found


def memberships(r: redis.Redis, *, team_id: str, user_id: str) -> dict[str, Any]:
    """Shared sets the person is in (name -> True) and sorted sets (name -> their score)."""
    found: dict[str, Any] = {}
    for key in _shared_keys(r, team_id):
        kind = r.type(key)
        if kind == "set" and r.sismember(key, user_id):
            found[_name(team_id, key)] = True
        elif kind == "zset" and (score := r.zscore(key, user_id)) is not None:
            found[_name(team_id, key)] = score
        elif kind == "hash" and r.hget(key, "started_by") == user_id:
            found[_name(team_id, key)] = "started by you"
    if user_id in (r.hget(keys.settings(team_id), "app_admins") or "").split(","):
        found[_name(team_id, keys.settings(team_id))] = "app admin"
    return found


def delete(r: redis.Redis, *, team_id: str, user_id: str) -> int:
    """Delete the person's records and take them out of every shared one; returns how many keys changed."""
    touched = 0
    doomed = [k for k in _own_keys(team_id, user_id) if r.exists(k)]
    for pattern in _own_patterns(team_id, user_id):
        doomed += _scan(r, pattern)
    if doomed:
        touched += r.delete(*doomed)
    touched += r.zrem(keys.jobs_due(team_id), tasks.checkin_task(user_id))
    for key in _shared_keys(r, team_id):
        kind = r.type(key)
        if kind == "set":
            touched += r.srem(key, user_id)
        elif kind == "zset":
            touched += r.zrem(key, user_id)
        elif kind == "hash" and r.hget(key, "started_by") == user_id:
            touched += r.hset(key, "started_by", "")
    return touched + _drop_app_admin(r, team_id, user_id)


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
