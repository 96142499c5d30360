"""Who may change workspace settings and challenges, and saving those settings."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import redis
from slack_sdk import WebClient

from slackapp.config import Settings
from slackapp.domain.workspace_settings import WorkspaceSettings
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


def current_settings(r: redis.Redis, settings: Settings, *, team_id: str) -> WorkspaceSettings:
    """The workspace settings an admin can change, as they stand now."""
    config = workspace_config.get(r, settings, team_id=team_id)
    return WorkspaceSettings(
        start_minute=config.start_minute,
        end_minute=config.end_minute,
        days=config.days,
        interval_minutes=max(1, int(config.interval.total_seconds() // 60)),
        board_channel=config.board_channel,
        post_weekday=config.post_weekday,
        post_minute=config.post_minute,
        tz=config.tz,
        app_admins=config.app_admins,
        care_text=config.care_text,
        daily_team_break=config.daily_team_break,
        language=config.language,
    )


def save_settings(
    r: redis.Redis, settings: Settings, *, team_id: str, new: WorkspaceSettings
) -> WorkspaceConfig:
    """Store checked admin-modal settings over the current ones."""
    current = workspace_config.get(r, settings, team_id=team_id)
    updated = replace(
        current,
        start_minute=new.start_minute,
        end_minute=new.end_minute,
        days=frozenset(new.days),
        interval=timedelta(minutes=new.interval_minutes),
        board_channel=new.board_channel or None,
        post_weekday=new.post_weekday,
        post_minute=new.post_minute,
        tz=new.tz,
        app_admins=tuple(new.app_admins),
        care_text=new.care_text,
        daily_team_break=new.daily_team_break,
        language=new.language,
    )
    workspace_config.save(r, team_id=team_id, config=updated)
    return updated
