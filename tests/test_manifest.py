"""manifest.yml declares exactly the slash commands and events the code registers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from slackapp.listeners import register_listeners

ROOT = Path(__file__).resolve().parent.parent


class RecordingApp:
    """Stands in for a Bolt App and records what register_listeners asks for."""

    def __init__(self) -> None:
        self.commands: set[str] = set()
        self.events: set[str] = set()
        self.actions: set[str] = set()

    def _record(self, into: set[str], name: str) -> Any:
        into.add(name)
        return lambda handler: handler

    def command(self, name: str, **options: Any) -> Any:  # options: middleware=[...], as Bolt takes
        return self._record(self.commands, name)

    def event(self, name: str, **options: Any) -> Any:  # options: middleware=[...], as Bolt takes
        return self._record(self.events, name)

    def action(self, name: str, **options: Any) -> Any:  # options: middleware=[...], as Bolt takes
        return self._record(self.actions, name)

    def view(self, name: str, **options: Any) -> Any:  # options: middleware=[...], as Bolt takes
        return self._record(set(), name)


def load_manifest() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "manifest.yml").read_text())


def test_manifest_commands_and_events_match_the_code():
    app = RecordingApp()
    register_listeners(app)  # type: ignore[arg-type]
    manifest = load_manifest()
    declared_commands = {c["command"] for c in manifest["features"]["slash_commands"]}
    declared_events = set(manifest["settings"]["event_subscriptions"]["bot_events"])
    assert declared_commands == app.commands
    assert declared_events == app.events
    assert app.actions, "the break card buttons are registered"


def test_manifest_points_slack_at_the_bolt_endpoint():
    manifest = load_manifest()
    for url in (
        manifest["settings"]["event_subscriptions"]["request_url"],
        manifest["settings"]["interactivity"]["request_url"],
        *(c["url"] for c in manifest["features"]["slash_commands"]),
    ):
        assert url.endswith("/slack/events")
    assert manifest["features"]["app_home"]["messages_tab_enabled"] is True
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    assert {"commands", "chat:write", "users:read", "dnd:read"} <= scopes


def test_oauth_asks_for_exactly_the_manifest_scopes():
    from slackapp.slack.oauth import BOT_SCOPES

    assert set(load_manifest()["oauth_config"]["scopes"]["bot"]) == set(BOT_SCOPES)
