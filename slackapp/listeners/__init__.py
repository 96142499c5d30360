"""Listener registration, one module per Slack surface."""

from __future__ import annotations

from slack_bolt import App

from slackapp.listeners import actions, commands, events, functions, views


def register_listeners(app: App) -> None:
    """Attach every listener the product has to `app`."""
    commands.register(app)
    actions.register(app)
    events.register(app)
    views.register(app)
    functions.register(app)
