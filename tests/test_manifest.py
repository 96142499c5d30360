"""manifest.yml declares exactly the slash commands and events the code registers; manifest-steps.yml is the
same app plus the Workflow Builder steps; both are valid against Slack's manifest schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import yaml
from referencing import Registry, Resource

from slackapp import ids
from slackapp.listeners import register_listeners

ROOT = Path(__file__).resolve().parent.parent


class RecordingApp:
    """Stands in for a Bolt App and records what register_listeners asks for."""

    def __init__(self) -> None:
        self.commands: set[str] = set()
        self.events: set[str] = set()
        self.actions: set[str] = set()
        self.functions: set[str] = set()

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

    def function(self, callback_id: str, **options: Any) -> Any:
        return self._record(self.functions, callback_id)


def load_manifest(name: str = "manifest.yml") -> dict[str, Any]:
    return yaml.safe_load((ROOT / name).read_text())


SCHEMA_DIR = ROOT / "tests" / "manifest_schema"
# The main schema names its two versions by these URLs; the copies sit next to it.
SCHEMA_URL = "https://raw.githubusercontent.com/slackapi/manifest-schema/v0.5.0/schemas/"


def schema_validator() -> jsonschema.Draft7Validator:
    def local(name: str) -> Resource:
        return Resource.from_contents(json.loads((SCHEMA_DIR / name).read_text()))

    registry = Registry().with_resources(
        (SCHEMA_URL + name, local(name))
        for name in ("manifest.schema.1.0.0.json", "manifest.schema.2.0.0.json")
    )
    schema = json.loads((SCHEMA_DIR / "manifest.schema.json").read_text())
    return jsonschema.Draft7Validator(schema, registry=registry)


def test_both_manifests_are_valid_against_slacks_schema():
    validator = schema_validator()
    for name in ("manifest.yml", "manifest-steps.yml"):
        problems = [
            f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(load_manifest(name))
        ]
        assert problems == [], name
    no_outputs, misspelt = load_manifest("manifest-steps.yml"), load_manifest("manifest-steps.yml")
    del no_outputs["functions"][ids.FUNCTION_TEAM_BREAK]["output_parameters"]
    misspelt["settings"]["function_runtme"] = "remote"
    for broken in (no_outputs, misspelt):
        assert list(validator.iter_errors(broken)), "the schema checks the steps and the settings"


def test_the_public_manifest_has_no_steps_and_stays_distributable():
    public = load_manifest()
    assert "functions" not in public
    assert "function_runtime" not in public["settings"]
    assert public["settings"]["org_deploy_enabled"] is False
    assert ids.EVENT_FUNCTION_EXECUTED not in public["settings"]["event_subscriptions"]["bot_events"]


def test_the_steps_manifest_is_the_public_app_plus_the_steps():
    steps, public = load_manifest("manifest-steps.yml"), load_manifest()
    assert steps["settings"]["org_deploy_enabled"] is True
    assert steps["settings"]["function_runtime"] == "remote"
    assert ids.EVENT_FUNCTION_EXECUTED in steps["settings"]["event_subscriptions"]["bot_events"]
    del steps["functions"], steps["settings"]["function_runtime"]
    steps["settings"]["org_deploy_enabled"] = False
    steps["settings"]["event_subscriptions"]["bot_events"].remove(ids.EVENT_FUNCTION_EXECUTED)
    assert steps == public


def test_the_steps_manifest_declares_exactly_the_steps_the_code_runs():
    app = RecordingApp()
    register_listeners(app)  # type: ignore[arg-type]
    functions = load_manifest("manifest-steps.yml")["functions"]
    assert set(functions) == app.functions == set(ids.FUNCTIONS)
    inputs = {name: set(f["input_parameters"]) for name, f in functions.items()}
    outputs = {name: set(f["output_parameters"]) for name, f in functions.items()}
    assert inputs == {
        ids.FUNCTION_TEAM_BREAK: {ids.STEP_IN_CHANNEL, ids.STEP_IN_MOVES, ids.STEP_IN_RUN_BY},
        ids.FUNCTION_BREAK_CARD: {ids.STEP_IN_PERSON},
        ids.FUNCTION_CHALLENGE: {
            ids.STEP_IN_CHANNEL,
            ids.STEP_IN_DAYS,
            ids.STEP_IN_TITLE,
            ids.STEP_IN_RUN_BY,
        },
    }
    assert outputs == {
        ids.FUNCTION_TEAM_BREAK: {ids.STEP_OUT_LINK},
        ids.FUNCTION_BREAK_CARD: {ids.STEP_OUT_SENT, ids.STEP_OUT_REASON, ids.STEP_OUT_REASON_TEXT},
        ids.FUNCTION_CHALLENGE: {ids.STEP_OUT_TITLE, ids.STEP_OUT_ENDS_ON},
    }
    # The admin-only steps take the person running the workflow as a user_context: Slack fills it from who
    # acted, and a workflow's builder cannot type an admin's name into it.
    for step in (ids.FUNCTION_TEAM_BREAK, ids.FUNCTION_CHALLENGE):
        assert functions[step]["input_parameters"][ids.STEP_IN_RUN_BY]["type"] == "slack#/types/user_context"


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
