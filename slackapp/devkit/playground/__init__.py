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
# Where the web process listens when it signs with the public demo secret: this machine only.
LOOPBACK_BIND = "127.0.0.1"


def public_secret(settings: Settings) -> bool:
    """The signing secret is the demo's and playground's, which anyone can read in this repository: a
    request signed with it proves nothing, so the web process then listens on loopback only, trusts no
    proxy's X-Forwarded-For, and takes /slack/events only from this machine."""
    return settings.slack_signing_secret == SIGNING_SECRET


def loopback_host(host: str) -> bool:
    """The Host header names this machine (`localhost:3000`, `127.0.0.1:3000`, `[::1]:3000`): a page from
    another site whose name was made to point here (DNS rebinding) sends its own name."""
    try:
        return urlsplit(f"//{host}").hostname in LOOPBACK
    except ValueError:
        return False


def same_origin(origin: str | None, host: str) -> bool:
    """The browser's Origin is this page's own (`http://<host>`); a missing or foreign one is not."""
    if not origin:
        return False
    try:
        parts = urlsplit(origin)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and parts.netloc.lower() == host.lower()


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
