"""Build requests the way Slack sends them: form bodies and v0 HMAC-SHA256 signatures."""

from __future__ import annotations

import json
import time
from typing import Any
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier


def signed_headers(secret: str, body: str, timestamp: float | None = None) -> dict[str, str]:
    """Headers for `body` signed as Slack does: v0=hex(HMAC-SHA256(secret, f"v0:{ts}:{body}"))."""
    ts = str(int(time.time() if timestamp is None else timestamp))
    signature = SignatureVerifier(secret).generate_signature(timestamp=ts, body=body)
    return {
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": signature,
        "Content-Type": "application/x-www-form-urlencoded",
    }


def command_body(
    text: str, *, user_id: str = "U1", team_id: str = "T1", channel_id: str = "C1", response_url: str = ""
) -> str:
    """The form body of a `/glutes <text>` slash command."""
    return urlencode(
        {
            "token": "legacy-unused",
            "team_id": team_id,
            "team_domain": "example",
            "channel_id": channel_id,
            "channel_name": "general",
            "user_id": user_id,
            "user_name": user_id.lower(),
            "command": "/glutes",
            "text": text,
            "api_app_id": "A1",
            "response_url": response_url,
            "trigger_id": "1337.42.abcd",
        }
    )


def block_action_body(
    action_id: str,
    value: str,
    *,
    user_id: str = "U1",
    team_id: str = "T1",
    channel_id: str = "D1",
    message_ts: str = "1700000001.000100",
    response_url: str = "",
    block_id: str = "",
    select: bool = False,
) -> str:
    """The form body of a button click (or, with `select`, a static select's pick) on a message
    (`payload=` JSON, as Slack sends it)."""
    payload: dict[str, Any] = {
        "type": "block_actions",
        "team": {"id": team_id, "domain": "example"},
        "user": {"id": user_id, "team_id": team_id},
        "api_app_id": "A1",
        "token": "legacy-unused",
        "container": {"type": "message", "message_ts": message_ts, "channel_id": channel_id},
        "trigger_id": "1337.42.abcd",
        "channel": {"id": channel_id},
        "message": {"ts": message_ts, "type": "message"},
        "response_url": response_url,
        "actions": [_action(action_id, value, block_id=block_id, select=select)],
    }
    return urlencode({"payload": json.dumps(payload)})


def _action(action_id: str, value: str, *, block_id: str, select: bool) -> dict[str, Any]:
    """One entry of a block_actions payload's `actions`: a button's value or a static select's option."""
    action: dict[str, Any] = {"action_id": action_id, "block_id": block_id, "action_ts": str(time.time())}
    if select:
        action.update(
            type="static_select",
            selected_option={"value": value, "text": {"type": "plain_text", "text": value}},
        )
    else:
        action.update(type="button", value=value)
    return action


def event_body(event: dict[str, Any], *, team_id: str = "T1", event_id: str = "Ev1") -> str:
    """The JSON body of an Events API callback."""
    return json.dumps(
        {
            "token": "legacy-unused",
            "team_id": team_id,
            "api_app_id": "A1",
            "type": "event_callback",
            "event_id": event_id,
            "event_time": int(time.time()),
            "event": event,
        }
    )


def view_submission_body(
    callback_id: str,
    state_values: dict[str, Any],
    *,
    user_id: str = "U1",
    team_id: str = "T1",
    view_id: str = "V1",
    private_metadata: str = "",
) -> str:
    """The form body of a modal's submission (`payload=` JSON, as Slack sends it)."""
    payload = {
        "type": "view_submission",
        "team": {"id": team_id, "domain": "example"},
        "user": {"id": user_id, "team_id": team_id},
        "api_app_id": "A1",
        "token": "legacy-unused",
        "trigger_id": "1337.42.abcd",
        "view": {
            "id": view_id,
            "team_id": team_id,
            "type": "modal",
            "callback_id": callback_id,
            "private_metadata": private_metadata,
            "state": {"values": state_values},
        },
        "response_urls": [],
    }
    return urlencode({"payload": json.dumps(payload)})


def home_button_body(
    action_id: str, value: str, *, user_id: str = "U1", team_id: str = "T1", select: bool = False
) -> str:
    """A button click (or, with `select`, a static select's pick) on the App Home tab (no channel, no
    response_url)."""
    payload = {
        "type": "block_actions",
        "team": {"id": team_id, "domain": "example"},
        "user": {"id": user_id, "team_id": team_id},
        "api_app_id": "A1",
        "token": "legacy-unused",
        "container": {"type": "view", "view_id": "VHOME"},
        "trigger_id": "1337.42.abcd",
        "view": {"id": "VHOME", "type": "home", "team_id": team_id},
        "actions": [_action(action_id, value, block_id="b", select=select)],
    }
    return urlencode({"payload": json.dumps(payload)})


def function_executed_body(
    callback_id: str,
    inputs: dict[str, Any],
    *,
    team_id: str = "T1",
    execution_id: str = "Fx0000000001",
    event_id: str | None = None,
    bot_access_token: str = "xwfp-workflow-run-token",
) -> str:
    """The JSON body of the function_executed event Slack sends when a workflow reaches the app's step
    `callback_id` (its short-lived `bot_access_token` is the one the step's Web API calls use)."""
    event = {
        "type": "function_executed",
        "function": {"id": f"Fn{callback_id.upper()[:10]}", "callback_id": callback_id, "type": "app"},
        "inputs": inputs,
        "function_execution_id": execution_id,
        "workflow_execution_id": "Wx" + execution_id[2:],
        "event_ts": f"{time.time():.6f}",
        "bot_access_token": bot_access_token,
    }
    return event_body(event, team_id=team_id, event_id=event_id or f"Ev{execution_id}")
