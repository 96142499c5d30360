"""Socket Mode: the same Bolt app over a WebSocket Slack opens, for a laptop with no public URL."""

from __future__ import annotations

import logging

from slack_bolt.adapter.socket_mode import SocketModeHandler

from slackapp.deps import Deps
from slackapp.web.bolt import build_bolt

logger = logging.getLogger("glutes.socket_mode")


def build_handler(deps: Deps) -> SocketModeHandler:
    """A handler for the app-level token (xapp-…) with every listener the HTTP app has."""
    app = build_bolt(deps)
    return SocketModeHandler(app, deps.settings.slack_app_token, web_client=app.client)


def run(deps: Deps) -> None:
    """Connect and serve until the process is stopped."""
    logger.info("connecting to Slack over Socket Mode")
    build_handler(deps).start()
