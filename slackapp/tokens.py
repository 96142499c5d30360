"""Which bot token speaks for a workspace."""

from __future__ import annotations

import hashlib

from slackapp.config import Settings


def bot_token(settings: Settings, team_id: str) -> str | None:
    """The workspace's bot token. Single-workspace mode: SLACK_BOT_TOKEN for every team id."""
    return settings.slack_bot_token


def fingerprint(token: str | None) -> str:
    """A short, non-reversible id of a token, for remembering which token failed without storing it."""
    return hashlib.sha256((token or "").encode()).hexdigest()[:16]
