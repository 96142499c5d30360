"""Who may change workspace settings and challenges, and saving those settings."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

import redis
from slack_sdk import WebClient

from slackapp.config import Settings
from slackapp.errors import UserError
from slackapp.slack import lookups
from slackapp.store import workspace_config
from slackapp.store.workspace_config import WorkspaceConfig


class NotAdmin(UserError):
    """An admin-only action by someone who is not one."""


def is_admin(
    r: redis.Redis, client: WebClient, settings: Settings, *, team_id: str, user_id: str, now: datetime
) -> bool:
    """Slack workspace admins and owners (users.info), plus the app admins an admin named."""
    if user_id in workspace_config.get(r, settings, team_id=team_id).app_admins:
        return True
    # Admin rights are checked against a profile at most 10 minutes old, so a demotion bites quickly.
    profile = lookups.profile(r, client, team_id=team_id, user_id=user_id, now=now, max_age_seconds=600)
    return bool(profile and profile.is_admin and not profile.deleted)


def require_admin(
    r: redis.Redis,
    client: WebClient,
    settings: Settings,
    *,
    team_id: str,
    user_id: str,
    now: datetime,
    refusal: str,
) -> None:
    """Raise NotAdmin (shown to the person as `refusal`) unless they are an admin."""
    if not is_admin(r, client, settings, team_id=team_id, user_id=user_id, now=now):
        raise NotAdmin(refusal)


def save_settings(
    r: redis.Redis, settings: Settings, *, team_id: str, clean: dict[str, Any]
) -> WorkspaceConfig:
    """Store validated admin-modal values over the current settings."""
    current = workspace_config.get(r, settings, team_id=team_id)
    updated = replace(
        current,
        start_minute=clean["start_minute"],
        end_minute=clean["end_minute"],
        days=frozenset(clean["days"]),
        interval=timedelta(minutes=clean["interval_minutes"]),
        board_channel=clean.get("board_channel") or None,
        post_weekday=clean["post_weekday"],
        post_minute=clean["post_minute"],
        tz=clean["tz"],
        app_admins=tuple(clean.get("app_admins") or ()),
        care_text=clean.get("care_text") or "",
        daily_team_break=bool(clean.get("daily_team_break")),
    )
    workspace_config.save(r, team_id=team_id, config=updated)
    return updated
