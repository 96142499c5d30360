"""Slack-facing steps shared by listeners and jobs: publishing the Home tab, asking for it to be redone."""

from __future__ import annotations

from slack_sdk import WebClient

from slackapp.deps import DEFAULT_QUEUE, Deps
from slackapp.flows import admin, home
from slackapp.ui.home import home_view


def publish_home(deps: Deps, client: WebClient, *, team_id: str, user_id: str) -> None:
    """Build and publish the person's Home tab (views.publish)."""
    now = deps.clock()
    is_admin = admin.is_admin(deps.redis, client, deps.settings, team_id=team_id, user_id=user_id, now=now)
    data = home.home_data(
        deps.redis, deps.settings, team_id=team_id, user_id=user_id, now=now, admin=is_admin
    )
    client.views_publish(user_id=user_id, view=home_view(data))


def request_home_refresh(deps: Deps, *, team_id: str, user_id: str) -> None:
    """Republish the person's Home tab in the background, if they use it."""
    if home.has_seen(deps.redis, team_id=team_id, user_id=user_id):
        deps.queue(DEFAULT_QUEUE).enqueue("workers.jobs.refresh_home", team_id, user_id, result_ttl=0)
