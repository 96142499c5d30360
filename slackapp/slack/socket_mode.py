"""Socket Mode: the same Bolt app over a WebSocket Slack opens, for a laptop with no public URL."""

from __future__ import annotations

import logging

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler

logger = logging.getLogger("glutes.socket_mode")


def build_handler(app: App, app_token: str) -> SocketModeHandler:
    """A handler for the app-level token (xapp-…) serving `app`'s listeners."""
    return SocketModeHandler(app, app_token, web_client=app.client)


def run(app: App, app_token: str) -> None:
    """Connect and serve until the process is stopped."""
    logger.info("connecting to Slack over Socket Mode")
    build_handler(app, app_token).start()
