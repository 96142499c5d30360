"""Modal submissions: the self-test, personal break rhythm, and workspace settings (admins only)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from slackapp import errors, ids
from slackapp.deps import Deps
from slackapp.domain import timespec
from slackapp.domain.errors import InputError
from slackapp.flows import admin, breaks
from slackapp.flows import boards as board_flows
from slackapp.flows import home as home_flows
from slackapp.flows import selftest as selftest_flows
from slackapp.listeners import commands
from slackapp.listeners.actions import team_id_of
from slackapp.store import workspace_config
from slackapp.ui import admin as admin_ui
from slackapp.ui import challenge as challenge_ui
from slackapp.ui import home as home_ui
from slackapp.ui import leaderboard as leaderboard_ui
from slackapp.ui import selftest as selftest_ui


def _state(view: dict[str, Any]) -> dict[str, Any]:
    values = (view.get("state") or {}).get("values")
    return values if isinstance(values, dict) else {}


def _team_and_user(body: dict[str, Any], context: BoltContext) -> tuple[str, str]:
    return team_id_of(body, context), body["user"]["id"]


def handle_selftest(ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext) -> None:
    both, left, right, safety = selftest_ui.parse_submission(_state(view))
    problems = selftest_ui.field_errors(both, left, right, safety)
    if problems:
        ack(response_action="errors", errors=problems)
        return
    deps: Deps = context["deps"]
    team_id, user_id = _team_and_user(body, context)
    outcome = selftest_flows.record(
        deps.redis,
        deps.settings,
        team_id=team_id,
        user_id=user_id,
        now=deps.clock(),
        both=both,
        left=left,
        right=right,
        safety_flag=bool(safety),
    )
    result = selftest_ui.result_view(
        outcome.result, outcome.assessment, breaks_on=outcome.breaks_on, care_text=outcome.care_text or None
    )
    ack(response_action="update", view=result)
    home_flows.request_home_refresh(deps, team_id=team_id, user_id=user_id)


def handle_prefs(ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext) -> None:
    hours_text, days, interval_text = home_ui.parse_prefs(_state(view))
    problems: dict[str, str] = {}
    try:
        start, end = timespec.parse_hours(hours_text)
    except InputError as error:
        problems[ids.BLOCK_PREFS_HOURS] = error.message
    if not days:
        problems[ids.BLOCK_PREFS_DAYS] = "Pick at least one work day."
    minutes = int(interval_text) if interval_text.isdigit() else 0
    if not breaks.MIN_INTERVAL_MINUTES <= minutes <= breaks.MAX_INTERVAL_MINUTES:
        problems[ids.BLOCK_PREFS_INTERVAL] = "Pick between 20 and 120 minutes."
    if problems:
        ack(response_action="errors", errors=problems)
        return
    deps: Deps = context["deps"]
    team_id, user_id = _team_and_user(body, context)
    now = deps.clock()
    try:
        breaks.set_rhythm(
            deps.redis,
            deps.settings,
            team_id=team_id,
            user_id=user_id,
            now=now,
            start_minute=start,
            end_minute=end,
            days=days,
            interval_minutes=minutes,
        )
    except InputError as error:
        ack(response_action="errors", errors={ids.BLOCK_PREFS_HOURS: error.message.replace("`", '"')})
        return
    ack()
    home_flows.request_home_refresh(deps, team_id=team_id, user_id=user_id)


def handle_admin_settings(
    ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    deps: Deps = context["deps"]
    team_id, user_id = _team_and_user(body, context)
    now = deps.clock()
    # The modal is only offered to admins, but a submission can be crafted: check again here.
    if not admin.is_admin(deps.redis, client, deps.settings, team_id=team_id, user_id=user_id, now=now):
        ack(response_action="errors", errors={ids.BLOCK_ADMIN_HOURS: admin_ui.refusal_text()})
        return
    clean, problems = admin_ui.validate_settings(admin_ui.parse_settings(_state(view)))
    if problems:
        ack(response_action="errors", errors=problems)
        return
    before = workspace_config.get(deps.redis, deps.settings, team_id=team_id)
    channel = clean.get("board_channel")
    if channel and channel != before.board_channel:
        # Posting a note both tells the channel and proves the app is a member before anything is saved.
        try:
            client.chat_postMessage(channel=channel, **leaderboard_ui.channel_chosen(user_id=user_id))
        except SlackApiError as error:
            ack(response_action="errors", errors={ids.BLOCK_ADMIN_CHANNEL: errors.friendly_message(error)})
            return
    admin.save_settings(deps.redis, deps.settings, team_id=team_id, clean=clean)
    board_flows.schedule_weekly_post(deps.redis, deps.settings, team_id=team_id, now=now)
    ack()
    home_flows.request_home_refresh(deps, team_id=team_id, user_id=user_id)


def handle_challenge_start(
    ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    deps: Deps = context["deps"]
    team_id, user_id = _team_and_user(body, context)
    if not admin.is_admin(
        deps.redis, client, deps.settings, team_id=team_id, user_id=user_id, now=deps.clock()
    ):
        ack(response_action="errors", errors={ids.BLOCK_CHALLENGE_DAYS: admin_ui.refusal_text()})
        return
    channel_id = str(view.get("private_metadata") or "")[:32]
    try:
        commands.start_challenge(
            deps,
            client,
            team_id=team_id,
            channel_id=channel_id,
            user_id=user_id,
            args=challenge_ui.parse_start_modal(_state(view)),
        )
    except InputError as error:
        ack(response_action="errors", errors={ids.BLOCK_CHALLENGE_DAYS: error.message.replace("`", '"')})
        return
    ack()


def register(app: App) -> None:
    app.view(ids.VIEW_SELFTEST)(errors.answers_view_errors(ids.BLOCK_SELFTEST_BOTH)(handle_selftest))
    app.view(ids.VIEW_PREFS)(errors.answers_view_errors(ids.BLOCK_PREFS_HOURS)(handle_prefs))
    app.view(ids.VIEW_ADMIN)(errors.answers_view_errors(ids.BLOCK_ADMIN_HOURS)(handle_admin_settings))
    app.view(ids.VIEW_CHALLENGE_START)(
        errors.answers_view_errors(ids.BLOCK_CHALLENGE_DAYS)(handle_challenge_start)
    )
