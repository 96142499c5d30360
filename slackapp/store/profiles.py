"""Cached facts about people from Slack (users.info, user_change) and their DND windows (dnd.teamInfo)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import redis
from redis.client import Pipeline

from slackapp.store import keys

DND_TTL_SECONDS = 300


@dataclass(frozen=True)
class Profile:
    tz: str
    status_text: str
    status_emoji: str
    status_expiration: int  # epoch seconds, 0 = never
    deleted: bool
    is_bot: bool
    is_admin: bool
    fetched_at: int  # epoch seconds


def from_slack_user(user: dict[str, Any], fetched_at: int) -> Profile:
    """A Profile from a users.info `user` object (or a user_change event's user)."""
    profile = user.get("profile") or {}
    return Profile(
        tz=user.get("tz") or "UTC",
        status_text=profile.get("status_text") or "",
        status_emoji=profile.get("status_emoji") or "",
        status_expiration=int(profile.get("status_expiration") or 0),
        deleted=bool(user.get("deleted")),
        is_bot=bool(user.get("is_bot")),
        is_admin=bool(user.get("is_admin") or user.get("is_owner")),
        fetched_at=fetched_at,
    )


def save(
    r: redis.Redis, *, team_id: str, user_id: str, profile: Profile, pipeline: Pipeline | None = None
) -> None:
    """Cache what Slack said about the person (one HSET; a pipeline batches many people)."""
    (pipeline if pipeline is not None else r).hset(
        keys.profile(team_id, user_id),
        mapping={
            "tz": profile.tz,
            "status_text": profile.status_text,
            "status_emoji": profile.status_emoji,
            "status_expiration": profile.status_expiration,
            "deleted": int(profile.deleted),
            "is_bot": int(profile.is_bot),
            "is_admin": int(profile.is_admin),
            "fetched_at": profile.fetched_at,
        },
    )


def get(r: redis.Redis, *, team_id: str, user_id: str) -> Profile | None:
    data = r.hgetall(keys.profile(team_id, user_id))
    if not data:
        return None
    return Profile(
        tz=data.get("tz") or "UTC",
        status_text=data.get("status_text", ""),
        status_emoji=data.get("status_emoji", ""),
        status_expiration=int(data.get("status_expiration") or 0),
        deleted=data.get("deleted") == "1",
        is_bot=data.get("is_bot") == "1",
        is_admin=data.get("is_admin") == "1",
        fetched_at=int(data.get("fetched_at") or 0),
    )


def save_dnd(r: redis.Redis, *, team_id: str, windows: dict[str, tuple[bool, int, int]]) -> None:
    """Cache DND windows briefly: user id -> (enabled, next start ts, next end ts)."""
    pipe = r.pipeline(transaction=False)
    for user_id, (enabled, start, end) in windows.items():
        key = keys.dnd(team_id, user_id)
        pipe.hset(key, mapping={"enabled": int(enabled), "start": start, "end": end})
        pipe.expire(key, DND_TTL_SECONDS)
    pipe.execute()


def get_dnd(r: redis.Redis, *, team_id: str, user_ids: list[str]) -> dict[str, tuple[bool, int, int]]:
    """Cached DND windows for those of user_ids that have one cached."""
    pipe = r.pipeline(transaction=False)
    for user_id in user_ids:
        pipe.hgetall(keys.dnd(team_id, user_id))
    found: dict[str, tuple[bool, int, int]] = {}
    for user_id, data in zip(user_ids, pipe.execute(), strict=True):
        if data:
            found[user_id] = (
                data.get("enabled") == "1",
                int(data.get("start") or 0),
                int(data.get("end") or 0),
            )
    return found
