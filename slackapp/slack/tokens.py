"""Which bot token speaks for a workspace: SLACK_BOT_TOKEN, or the installation OAuth stored."""

from __future__ import annotations

import hashlib
import logging

import redis
from slack_sdk import WebClient
from slack_sdk.oauth.token_rotation import TokenRotator

from slackapp.config import Settings
from slackapp.slack.client import web_client
from slackapp.store import installations, workspaces
from slackapp.store.installations import RedisInstallationStore, TokenSeal

logger = logging.getLogger("glutes.tokens")

ROTATE_MINUTES_BEFORE_EXPIRY = 120


def installation_store(settings: Settings, r: redis.Redis) -> RedisInstallationStore:
    return RedisInstallationStore(r, seal=TokenSeal(settings.token_key))


def remember_enterprise(r: redis.Redis, *, team_id: str, enterprise_id: str | None) -> None:
    """Note a workspace's org, so jobs (which know only the team) can find an org-wide install."""
    if enterprise_id:
        installations.remember_enterprise(r, team_id=team_id, enterprise_id=enterprise_id)


def bot_token(settings: Settings, r: redis.Redis, team_id: str) -> str | None:
    """The workspace's bot token, rotated first when it is about to expire; None when not installed."""
    if settings.slack_bot_token:
        return settings.slack_bot_token
    if not settings.distribution_mode:
        return None
    store = installation_store(settings, r)
    enterprise_id = installations.enterprise_of(r, team_id=team_id)
    bot = store.find_bot(enterprise_id=enterprise_id, team_id=team_id)
    if bot is None and enterprise_id:
        bot = store.find_bot(enterprise_id=enterprise_id, team_id=None, is_enterprise_install=True)
    if bot is None:
        return None
    if bot.bot_refresh_token:
        rotator = TokenRotator(
            client_id=settings.slack_client_id or "",
            client_secret=settings.slack_client_secret or "",
            client=web_client(settings),
        )
        rotated = rotator.perform_bot_token_rotation(
            bot=bot, minutes_before_expiration=ROTATE_MINUTES_BEFORE_EXPIRY
        )
        if rotated is not None:
            store.save_bot(rotated)
            bot = rotated
    return bot.bot_token


def fingerprint(token: str | None) -> str:
    """A short, non-reversible id of a token, for remembering which token failed without storing it."""
    return hashlib.sha256((token or "").encode()).hexdigest()[:16]


def active_token(settings: Settings, r: redis.Redis, team_id: str) -> str | None:
    """The bot token to send with, or None while the workspace is not installed or its sending is paused."""
    token = bot_token(settings, r, team_id)
    if token is None or workspaces.paused_reason(r, team_id=team_id, token_fingerprint=fingerprint(token)):
        return None
    return token


def workspace_client(settings: Settings, r: redis.Redis, team_id: str) -> WebClient | None:
    """A client speaking for the workspace, or None while it is not installed or its sending is paused."""
    token = active_token(settings, r, team_id)
    return web_client(settings, token) if token else None
