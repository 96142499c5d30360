"""Modal submissions: the self-test, personal break rhythm, and workspace settings (admins only)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from slackapp import errors, ids
from slackapp.deps import Deps
from slackapp.domain import rhythm, text, timespec, workspace_settings
from slackapp.domain.errors import InputError
from slackapp.flows import admin, breaks, channel_posts, language, workspace_moves
from slackapp.flows import boards as board_flows
from slackapp.flows import home as home_flows
from slackapp.flows import selftest as selftest_flows
from slackapp.listeners import middleware
from slackapp.ui import admin as admin_ui
from slackapp.ui import challenge as challenge_ui
from slackapp.ui import home as home_ui
from slackapp.ui import selftest as selftest_ui
from slackapp.ui import workspace_moves as workspace_moves_ui


def _state(view: dict[str, Any]) -> dict[str, Any]:
    values = (view.get("state") or {}).get("values")
    return values if isinstance(values, dict) else {}


def _plain(error: InputError) -> str:
    # Modal errors are plain text, so the backticks the slash-command messages use would show literally.
    return errors.translated(error).replace("`", '"')


def handle_selftest(
    ack: Ack, body: dict[str, Any], view: dict[str, Any], deps: Deps, team_id: str, user_id: str
) -> None:
    both, left, right, safety = selftest_ui.parse_submission(_state(view))
    variant = selftest_ui.parse_variant(_state(view))
    problems = selftest_ui.field_errors(both, left, right, safety)
    if problems:
        ack(response_action="errors", errors=problems)
        return
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
        variant=variant,
    )
    result = selftest_ui.result_view(
        outcome.result,
        outcome.assessment,
        breaks_on=outcome.breaks_on,
        care_text=outcome.care_text or None,
        paused=outcome.paused,
    )
    ack(response_action="update", view=result)
    home_flows.request_home_refresh(deps, team_id=team_id, user_id=user_id)


def handle_prefs(
    ack: Ack, body: dict[str, Any], view: dict[str, Any], deps: Deps, team_id: str, user_id: str
) -> None:
    hours_text, picked_days, interval_text = home_ui.parse_prefs(_state(view))
    problems: dict[str, str] = {}
    try:
        start, end = timespec.parse_hours(hours_text)
    except InputError as error:
        problems[ids.BLOCK_PREFS_HOURS] = errors.translated(error)
    try:
        days = rhythm.check_work_days(picked_days)
    except InputError as error:
        problems[ids.BLOCK_PREFS_DAYS] = errors.translated(error)
    minutes, marks = None, None
    try:
        if rhythm.is_marks_text(interval_text):
            marks = rhythm.parse_marks(interval_text)
        else:
            minutes = rhythm.check_interval_minutes(text.ascii_number(interval_text) or 0)
    except InputError as error:
        problems[ids.BLOCK_PREFS_INTERVAL] = errors.translated(error)
    if problems:
        ack(response_action="errors", errors=problems)
        return
    try:
        breaks.set_rhythm(
            deps.redis,
            deps.settings,
            team_id=team_id,
            user_id=user_id,
            now=deps.clock(),
            start_minute=start,
            end_minute=end,
            days=days,
            interval_minutes=minutes,
            marks=marks,
        )
    except InputError as error:
        ack(response_action="errors", errors={ids.BLOCK_PREFS_HOURS: _plain(error)})
        return
    ack()
    home_flows.request_home_refresh(deps, team_id=team_id, user_id=user_id)


def handle_admin_settings(
    ack: Ack,
    body: dict[str, Any],
    view: dict[str, Any],
    client: WebClient,
    context: BoltContext,
    deps: Deps,
    team_id: str,
    user_id: str,
) -> None:
    """Admins only (see register): a submission can be crafted, so the check is on the server."""
    checked = workspace_settings.check(admin_ui.parse_settings(_state(view)))
    if isinstance(checked, workspace_settings.FieldErrors):
        ack(response_action="errors", errors=admin_ui.block_errors(checked))
        return
    before = admin.current_settings(deps.redis, deps.settings, team_id=team_id)
    channel = checked.board_channel
    if channel and channel != before.board_channel:
        # Posting a note both tells the channel and proves the app is a member before anything is saved.
        try:
            channel_posts.announce_board_channel(
                client,
                channel_id=channel,
                user_id=user_id,
                locale=checked.language or None,  # the workspace's language as this form sets it
                within_seconds=middleware.slack_seconds_before_ack(context, middleware.ADMIN_LOOKUP_SECONDS),
            )
        except Exception as error:  # not a member, or Slack busy: said on the field, nothing saved
            ack(
                response_action="errors",
                errors={ids.BLOCK_ADMIN_CHANNEL: errors.friendly_message(error, deps)},
            )
            return
    admin.save_settings(deps.redis, deps.settings, team_id=team_id, new=checked)
    board_flows.schedule_weekly_post(deps.redis, deps.settings, team_id=team_id, now=deps.clock())
    ack()
    home_flows.request_home_refresh(deps, team_id=team_id, user_id=user_id)


def handle_challenge_start(
    ack: Ack,
    body: dict[str, Any],
    view: dict[str, Any],
    client: WebClient,
    context: BoltContext,
    deps: Deps,
    team_id: str,
    user_id: str,
) -> None:
    """Admins only (see register). The announcement is tried before the ack, within what is left of its
    window; when Slack is busy it follows from a job."""
    channel_id = str(view.get("private_metadata") or "")[:32]
    try:
        channel_posts.start_challenge(
            deps,
            client,
            team_id=team_id,
            channel_id=channel_id,
            user_id=user_id,
            args=challenge_ui.parse_start_modal(_state(view)),
            now=deps.clock(),
            within_seconds=middleware.slack_seconds_before_ack(context, middleware.ADMIN_LOOKUP_SECONDS),
        )
    except InputError as error:
        ack(response_action="errors", errors={ids.BLOCK_CHALLENGE_DAYS: _plain(error)})
        return
    ack()


def handle_workspace_move(
    ack: Ack, view: dict[str, Any], client: WebClient, deps: Deps, team_id: str, user_id: str
) -> None:
    """Admins only (see register): a submission can be crafted, so the check is on the server."""
    added = workspace_moves.add(deps.redis, team_id=team_id, entered=workspace_moves_ui.parse(_state(view)))
    if isinstance(added, dict):
        locale = language.person_locale(deps.redis, team_id=team_id, user_id=user_id)
        ack(response_action="errors", errors=workspace_moves_ui.block_errors(added, locale=locale))
        return
    ack()
    home_flows.request_home_refresh(deps, team_id=team_id, user_id=user_id)


def register(app: App) -> None:
    app.view(ids.VIEW_SELFTEST)(errors.answers_view_errors(ids.BLOCK_SELFTEST_BOTH)(handle_selftest))
    app.view(ids.VIEW_PREFS)(errors.answers_view_errors(ids.BLOCK_PREFS_HOURS)(handle_prefs))
    app.view(
        ids.VIEW_ADMIN, middleware=[middleware.admin_only(middleware.refuse_in_modal(ids.BLOCK_ADMIN_HOURS))]
    )(errors.answers_view_errors(ids.BLOCK_ADMIN_HOURS)(handle_admin_settings))
    app.view(
        ids.VIEW_WORKSPACE_MOVE,
        middleware=[middleware.admin_only(middleware.refuse_in_modal(ids.BLOCK_WSMOVE_NAME))],
    )(errors.answers_view_errors(ids.BLOCK_WSMOVE_NAME)(handle_workspace_move))
    app.view(
        ids.VIEW_CHALLENGE_START,
        middleware=[middleware.admin_only(middleware.refuse_in_modal(ids.BLOCK_CHALLENGE_DAYS))],
    )(errors.answers_view_errors(ids.BLOCK_CHALLENGE_DAYS)(handle_challenge_start))
