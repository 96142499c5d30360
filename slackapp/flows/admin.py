"""Who may change workspace settings and challenges, and saving those settings."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime, timedelta

import redis
from slack_sdk import WebClient

from slackapp.config import Settings
from slackapp.domain.text import N_
from slackapp.domain.workspace_settings import WorkspaceSettings
from slackapp.errors import UserError
from slackapp.flows import language
from slackapp.slack import lookups
from slackapp.slack.client import answering_within, slack_was_busy
from slackapp.store import profiles, rate_limits, workspace_config
from slackapp.store.workspace_config import WorkspaceConfig

logger = logging.getLogger("glutes")

# Admin rights are checked against a profile at most this old, so a demotion bites quickly.
ADMIN_PROFILE_MAX_AGE_SECONDS = 600
# Less time than this for users.info (late in an ack window) is not worth asking: it would rarely answer.
SHORTEST_LOOKUP_SECONDS = 0.15
UNCONFIRMED = N_(
    ":hourglass: Slack didn't confirm your admin rights in time, so nothing changed. "
    "Please try again in a minute."
)


class NotAdmin(UserError):
    """An admin-only action by someone who is not one."""


class AdminUnconfirmed(UserError):
    """Slack was slow, failing or asking to slow down when asked whether the person is an admin. Nobody is
    let through on a guess, and nobody is told they are not an admin when that is not known."""


def is_admin(
    r: redis.Redis,
    client: WebClient,
    settings: Settings,
    *,
    team_id: str,
    user_id: str,
    now: datetime,
    within_seconds: float | None = None,
) -> bool:
    """Slack workspace admins and owners (users.info), plus the app admins an admin named.

    `within_seconds`: the check answers a request Slack is waiting on (an ack, a modal's trigger), so
    users.info gets that long to connect and as long to answer, with no retry
    (slack.client.answering_within); a slow, failing or rate-limiting Slack raises AdminUnconfirmed."""
    if user_id in workspace_config.get(r, settings, team_id=team_id).app_admins:
        return True
    asking, cached = client, None
    if within_seconds is not None:
        cached = profiles.get(r, team_id=team_id, user_id=user_id)
        if not (cached and int(now.timestamp()) - cached.fetched_at < ADMIN_PROFILE_MAX_AGE_SECONDS):
            if within_seconds < SHORTEST_LOOKUP_SECONDS:  # too little of the ack window left to ask at all
                raise AdminUnconfirmed(UNCONFIRMED)
            if rate_limits.locale_lookups_held(r, team_id=team_id):  # Slack asked to wait, or was failing
                raise AdminUnconfirmed(UNCONFIRMED)
        asking = answering_within(client, within_seconds)
    try:
        profile = lookups.profile(
            r,
            asking,
            team_id=team_id,
            user_id=user_id,
            now=now,
            max_age_seconds=ADMIN_PROFILE_MAX_AGE_SECONDS,
            cached=cached,
        )
    except Exception as error:
        if within_seconds is None or not slack_was_busy(error):
            raise  # a dead token (account_inactive, invalid_auth) is the workspace's problem, not a delay
        # users.info is what the first-contact language lookups ask too: they wait as well. Not after a
        # timeout: that may be the short time this request had left, not Slack's slowness.
        if not isinstance(error, TimeoutError):
            language.pause_lookups_after(r, team_id=team_id, error=error)
        logger.info("admin check unconfirmed team=%s error=%s", team_id, type(error).__name__)
        raise AdminUnconfirmed(UNCONFIRMED) from error
    return _admin(profile)


def _admin(profile: profiles.Profile | None) -> bool:
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
