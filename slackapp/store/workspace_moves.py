"""The workspace's own moves (a hash of JSON records) and the reports people send about them (counts only:
who reported is never kept)."""

from __future__ import annotations

import json
import secrets
from dataclasses import asdict, replace

import redis

from slackapp.domain.workspace_moves import WorkspaceMove
from slackapp.store import keys


def new_id() -> str:
    return secrets.token_hex(4)


def all_moves(r: redis.Redis, *, team_id: str) -> list[WorkspaceMove]:
    """Every move the workspace added, paused ones too, oldest id order."""
    stored = r.hgetall(keys.workspace_moves(team_id))
    return [WorkspaceMove(**json.loads(value)) for _, value in sorted(stored.items())]


def get(r: redis.Redis, *, team_id: str, move_id: str) -> WorkspaceMove | None:
    value = r.hget(keys.workspace_moves(team_id), move_id)
    return WorkspaceMove(**json.loads(value)) if value else None


def count(r: redis.Redis, *, team_id: str) -> int:
    return int(r.hlen(keys.workspace_moves(team_id)))


def save(r: redis.Redis, *, team_id: str, move: WorkspaceMove) -> None:
    r.hset(keys.workspace_moves(team_id), move.move_id, json.dumps(asdict(move)))


def set_paused(r: redis.Redis, *, team_id: str, move_id: str, paused: bool) -> bool:
    """Pause or resume a move; False when there is no such move."""
    move = get(r, team_id=team_id, move_id=move_id)
    if move is None:
        return False
    save(r, team_id=team_id, move=replace(move, paused=paused))
    return True


def remove(r: redis.Redis, *, team_id: str, move_id: str) -> bool:
    """Delete a move and its reports; False when there was none."""
    pipe = r.pipeline()
    pipe.hdel(keys.workspace_moves(team_id), move_id)
    pipe.hdel(keys.move_reports(team_id), *(f"{move_id}:{reason}" for reason in ("unclear", "unsafe")))
    return bool(pipe.execute()[0])


def add_report(r: redis.Redis, *, team_id: str, move_id: str, reason: str) -> int:
    return int(r.hincrby(keys.move_reports(team_id), f"{move_id}:{reason}", 1))


def reports(r: redis.Redis, *, team_id: str) -> dict[tuple[str, str], int]:
    """(move id, reason) -> how many reports."""
    found = {}
    for field, value in r.hgetall(keys.move_reports(team_id)).items():
        move_id, _, reason = field.partition(":")
        found[(move_id, reason)] = int(value)
    return found
