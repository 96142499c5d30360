"""Events: profile, status, huddle and DND changes keep the cache fresh and release held cards, each
applied in the order Slack says they happened (event_ts, else the envelope's event_time), not the order
they arrive; an uninstall or revoked token stops all sending."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from slackapp import ids
from slackapp.deps import Deps
from slackapp.domain import slack_ids, timestamps
from slackapp.flows import availability, home, workspace


def handle_user_change(event: dict[str, Any], body: dict[str, Any], context: BoltContext, deps: Deps) -> None:
    """user_change, user_status_changed and user_huddle_changed: the same user object."""
    user = event.get("user")
    if not isinstance(user, dict):
        return  # nothing to read: a user object is what these events carry
    team_id = context.team_id or user.get("team_id")
    if not (slack_ids.is_slack_id(team_id) and slack_ids.is_slack_id(user.get("id"))):
        return
    now = deps.clock()
    at_us = timestamps.event_time_us(event.get("event_ts"), body.get("event_time"), now)
    availability.person_changed(
        deps, team_id=team_id, event_type=str(event.get("type")), user=user, now=now, at_us=at_us
    )


def handle_dnd_updated(event: dict[str, Any], body: dict[str, Any], context: BoltContext, deps: Deps) -> None:
    team_id, user_id, status = context.team_id, event.get("user"), event.get("dnd_status")
    if not (slack_ids.is_slack_id(team_id) and slack_ids.is_slack_id(user_id) and isinstance(status, dict)):
        return
    now = deps.clock()
    at_us = timestamps.event_time_us(event.get("event_ts"), body.get("event_time"), now)
    availability.dnd_changed(deps, team_id=team_id, user_id=user_id, dnd_status=status, now=now, at_us=at_us)


def handle_workspace_gone(event: dict[str, Any], context: BoltContext, deps: Deps) -> None:
    """app_uninstalled, or tokens_revoked for the bot: stop everything for the workspace at once."""
    team_id = context.team_id
    if not team_id:
        return
    if event.get("type") == ids.EVENT_TOKENS_REVOKED and not (event.get("tokens") or {}).get("bot"):
        return  # only user tokens went, and glutes uses none
    workspace.leave(
        deps, team_id=team_id, enterprise_id=context.enterprise_id, reason=event.get("type", "uninstalled")
    )


def handle_app_home_opened(
    event: dict[str, Any], client: WebClient, context: BoltContext, deps: Deps
) -> None:
    if event.get("tab") not in (None, "home"):
        return
    team_id, user_id = context.team_id or "", event.get("user") or context.user_id or ""
    if not (slack_ids.is_slack_id(team_id) and slack_ids.is_slack_id(user_id)):
        return
    home.mark_seen(deps.redis, team_id=team_id, user_id=user_id)
    home.publish_home(deps, client, team_id=team_id, user_id=user_id)


def register(app: App) -> None:
    app.event(ids.EVENT_APP_HOME_OPENED)(handle_app_home_opened)
    app.event(ids.EVENT_USER_CHANGE)(handle_user_change)
    app.event(ids.EVENT_USER_STATUS_CHANGED)(handle_user_change)
    app.event(ids.EVENT_USER_HUDDLE_CHANGED)(handle_user_change)
    app.event(ids.EVENT_DND_UPDATED_USER)(handle_dnd_updated)
    app.event(ids.EVENT_APP_UNINSTALLED)(handle_workspace_gone)
    app.event(ids.EVENT_TOKENS_REVOKED)(handle_workspace_gone)
