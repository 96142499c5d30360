"""People's own data: everything glutes stores about a person, to hand over (export) or delete (forget)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import redis

from slackapp.store import keys


# Keys that belong to one person outright.
def _own_keys(team_id: str, user_id: str) -> list[str]:
    return [
        keys.user(team_id, user_id),
        keys.profile(team_id, user_id),
        keys.dnd(team_id, user_id),
        keys.done_days(team_id, user_id),
        keys.skipped_days(team_id, user_id),
        keys.selftests(team_id, user_id),
        keys.user_challenges(team_id, user_id),
    ]


def _own_patterns(team_id: str, user_id: str) -> list[str]:
    return [keys.card(team_id, user_id, "*"), keys.sending(team_id, user_id, "*")]


def _shared_sets(team_id: str) -> list[str]:
    """Workspace-wide sets and sorted sets in which a person appears as a member."""
    return [
        keys.opted_in(team_id),
        keys.home_seen(team_id),
        keys.hidden(team_id),
        keys.due(team_id),
        keys.retests(team_id),
    ]


def _shared_patterns(team_id: str) -> list[str]:
    return [keys.board(team_id, "*"), keys.challenge(team_id, "*")]


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


def _scan(r: redis.Redis, pattern: str) -> list[str]:
    return sorted(r.scan_iter(match=pattern, count=1000))


def export(r: redis.Redis, *, team_id: str, user_id: str, now: datetime) -> dict[str, Any]:
    """Everything stored about the person, keyed by what it is (for a JSON file)."""
    prefix = f"{keys.team(team_id)}:"
    own = {key.removeprefix(prefix): _read(r, key) for key in _own_keys(team_id, user_id) if r.exists(key)}
    for pattern in _own_patterns(team_id, user_id):
        own.update({key.removeprefix(prefix): _read(r, key) for key in _scan(r, pattern)})
    memberships: dict[str, Any] = {}
    for key in _shared_sets(team_id) + [k for p in _shared_patterns(team_id) for k in _scan(r, p)]:
        kind = r.type(key)
        if kind == "set" and r.sismember(key, user_id):
            memberships[key.removeprefix(prefix)] = True
        elif kind == "zset" and (score := r.zscore(key, user_id)) is not None:
            memberships[key.removeprefix(prefix)] = score
    return {
        "workspace": team_id,
        "user": user_id,
        "exported_at": now.isoformat(),
        "records": own,
        "memberships": memberships,
    }


def forget(r: redis.Redis, *, team_id: str, user_id: str) -> int:
    """Delete everything stored about the person in the workspace; returns how many keys were touched."""
    touched = 0
    doomed = [k for k in _own_keys(team_id, user_id) if r.exists(k)]
    for pattern in _own_patterns(team_id, user_id):
        doomed += _scan(r, pattern)
    if doomed:
        touched += r.delete(*doomed)
    for key in _shared_sets(team_id) + [k for p in _shared_patterns(team_id) for k in _scan(r, p)]:
        kind = r.type(key)
        if kind == "set":
            touched += r.srem(key, user_id)
        elif kind == "zset":
            touched += r.zrem(key, user_id)
        elif kind == "hash" and r.hget(key, "started_by") == user_id:
            touched += r.hset(key, "started_by", "")
    settings_key = keys.settings(team_id)
    admins = (r.hget(settings_key, "app_admins") or "").split(",")
    if user_id in admins:
        r.hset(settings_key, "app_admins", ",".join(a for a in admins if a and a != user_id))
        touched += 1
    return touched
