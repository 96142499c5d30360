"""The browser playground: `make run` with no Slack credentials serves a small Slack-like page at /.

It is mounted on the real web process (web/app.py) only when the launcher started it against the local
Slack stand-in with the playground's own fake credentials (see `enabled`); with real credentials it is
never there. The page acts as Slack: it sends the app signed slash commands, block_actions,
view_submission and app_home_opened requests through /slack/events, and shows what the app sent back
through the stand-in's recorded Web API calls. See server.py for the routes and blockkit.py for the
rendering.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from slackapp.config import Settings
from slackapp.devkit import demo

TEAM_ID = demo.TEAM_ID
SIGNING_SECRET = demo.SIGNING_SECRET
BOT_TOKEN = demo.BOT_TOKEN
LOOPBACK = ("127.0.0.1", "localhost", "::1")


def enabled(settings: Settings) -> bool:
    """True only for the playground's own set-up: the stand-in's URL given, the Web API on loopback, and
    the fake token and signing secret; real Slack credentials (or Slack's own API URL) turn it off."""
    return bool(
        settings.playground_standin_url
        and urlsplit(settings.slack_api_url).hostname in LOOPBACK
        and urlsplit(settings.playground_standin_url).hostname in LOOPBACK
        and settings.slack_bot_token == BOT_TOKEN
        and settings.slack_signing_secret == SIGNING_SECRET
        and not settings.slack_app_token
        and not settings.distribution_mode
    )
