"""Buttons: the break card's Done / Snooze / Skip, the App Home's, challenges' and the privacy prompts'."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from slackapp import errors, ids
from slackapp.deps import Deps
from slackapp.flows import (
    admin,
    breaks,
    channel_posts,
    insights,
    language,
    moves,
    privacy,
    progress,
    workspace_moves,
)
from slackapp.flows import boards as board_flows
from slackapp.flows import challenges as challenge_flows
from slackapp.flows import home as home_flows
from slackapp.flows import pause as pause_flows
from slackapp.listeners import middleware
from slackapp.ui import admin as admin_ui
from slackapp.ui import break_card, messages, replies, when
from slackapp.ui import challenge as challenge_ui
from slackapp.ui import home as home_ui
from slackapp.ui import insights as insights_ui
from slackapp.ui import language as language_ui
from slackapp.ui import pause as pause_ui
from slackapp.ui import preferences as preferences_ui
from slackapp.ui import privacy as privacy_ui
from slackapp.ui import progress as progress_ui
from slackapp.ui import selftest as selftest_ui
from slackapp.ui import workspace_moves as workspace_moves_ui
from slackapp.ui.i18n import _, using

FEEDBACK_BY_ACTION = {
    ids.ACTION_FEEDBACK_TOO_EASY: "too_easy",
    ids.ACTION_FEEDBACK_JUST_RIGHT: "just_right",
    ids.ACTION_FEEDBACK_TOO_HARD: "too_hard",
}

OUTCOME_BY_ACTION = {
    ids.ACTION_BREAK_DONE: "done",
    ids.ACTION_BREAK_SNOOZE: "snoozed",
    ids.ACTION_BREAK_SKIP: "skipped",
}


def handle_card_button(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    respond: Respond,
    client: WebClient,
    deps: Deps,
    team_id: str,
    user_id: str,
) -> None:
    ack()
    now = deps.clock()
    result = breaks.answer_card(
        deps.redis,
        deps.settings,
        team_id=team_id,
        user_id=user_id,
        break_id=str(action.get("value") or "")[:64],
        outcome=OUTCOME_BY_ACTION[action["action_id"]],
        now=now,
    )
    if result is None:
        respond(text=_(messages.MISSING_CARD), response_type="ephemeral", replace_original=False)
        return
    with using(result.locale):  # the person's language, read with the card (no lookup of its own)
        label = when.time_label(result.next_break, result.tz, now) if result.next_break else None
        updated = break_card.after(
            result, label, ask_feedback=True, break_id=str(action.get("value") or "")[:64]
        )
    container = body.get("container") or {}
    client.chat_update(channel=container["channel_id"], ts=container["message_ts"], **updated)
    home_flows.request_home_refresh(deps, team_id=team_id, user_id=user_id, uses_home=result.uses_home)


def handle_level_offer(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    respond: Respond,
    client: WebClient,
    deps: Deps,
    team_id: str,
    user_id: str,
) -> None:
    """A card's "Try level N" / "Stay here": the card is drawn again at the level chosen, offer gone."""
    ack()
    answer = progress.answer_offer(
        deps.redis,
        deps.settings,
        team_id=team_id,
        user_id=user_id,
        break_id=str(action.get("value") or "")[:64],
        accept=action["action_id"] == ids.ACTION_LEVEL_ACCEPT,
        now=deps.clock(),
    )
    if answer is None:
        respond(text=_(messages.MISSING_CARD), response_type="ephemeral", replace_original=False)
        return
    locale = language.person_locale(deps.redis, team_id=team_id, user_id=user_id)
    container = body.get("container") or {}
    redrawn = break_card.card(answer.exercise, answer.break_id, level=answer.level, locale=locale)
    client.chat_update(channel=container["channel_id"], ts=container["message_ts"], **redrawn)
    respond(
        response_type="ephemeral", replace_original=False, **progress_ui.offer_answered(answer, locale=locale)
    )
    home_flows.request_home_refresh(deps, team_id=team_id, user_id=user_id)


def handle_card_hurts(
    ack: Ack,
    body: dict[str, Any],
    client: WebClient,
    deps: Deps,
    team_id: str,
    user_id: str,
) -> None:
    """ "It hurts" on a break card: the pain path, then the card becomes the pause notice (no Done left)."""
    ack()
    pause_flows.pause_for_pain(deps.redis, deps.settings, team_id=team_id, user_id=user_id, now=deps.clock())
    container = body.get("container") or {}
    client.chat_update(
        channel=container["channel_id"], ts=container["message_ts"], **pause_ui.hurts_message("card")
    )
    home_flows.request_home_refresh(deps, team_id=team_id, user_id=user_id)


def handle_card_feedback(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    respond: Respond,
    client: WebClient,
    deps: Deps,
    team_id: str,
    user_id: str,
) -> None:
    """The optional Too easy / Just right / Too hard after Done: kept once; the answer is a private line."""
    ack()
    answer = progress.feedback_on_card(
        deps.redis,
        deps.settings,
        team_id=team_id,
        user_id=user_id,
        break_id=str(action.get("value") or "")[:64],
        answer=FEEDBACK_BY_ACTION[action["action_id"]],
        now=deps.clock(),
    )
    if answer is None:
        respond(text=_(messages.MISSING_CARD), response_type="ephemeral", replace_original=False)
        return
    line = progress_ui.feedback_answered(answer, locale=answer.locale)
    settled = progress_ui.feedback_settled(body.get("message") or {}, line["text"])
    if settled is not None:  # the card drops its three buttons and shows the answer instead
        container = body.get("container") or {}
        client.chat_update(channel=container["channel_id"], ts=container["message_ts"], **settled)
    else:
        respond(response_type="ephemeral", replace_original=False, **line)
    home_flows.request_home_refresh(deps, team_id=team_id, user_id=user_id)


def handle_open_workspace_move(
    ack: Ack,
    body: dict[str, Any],
    respond: Respond,
    client: WebClient,
    deps: Deps,
    team_id: str,
    user_id: str,
) -> None:
    """The admin Home's "Add a workspace move" (admins only: see register)."""
    ack()
    locale = language.person_locale(deps.redis, team_id=team_id, user_id=user_id)
    client.views_open(trigger_id=body["trigger_id"], view=workspace_moves_ui.modal(locale=locale))


def handle_manage_workspace_move(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    respond: Respond,
    client: WebClient,
    deps: Deps,
    team_id: str,
    user_id: str,
) -> None:
    """Pause, resume or remove a workspace move from the admin Home (admins only: see register)."""
    ack()
    workspace_moves.manage(deps.redis, team_id=team_id, value=_picked(action))
    home_flows.publish_home(deps, client, team_id=team_id, user_id=user_id)


def handle_report_move(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    respond: Respond,
    deps: Deps,
    team_id: str,
    user_id: str,
) -> None:
    """Anyone: report a workspace move on a card as unclear or unsafe."""
    ack()
    workspace_moves.report(deps.redis, team_id=team_id, value=_picked(action))
    locale = language.person_locale(deps.redis, team_id=team_id, user_id=user_id)
    respond(response_type="ephemeral", replace_original=False, **workspace_moves_ui.reported(locale=locale))


def handle_team_break_hurts(ack: Ack, respond: Respond, deps: Deps, team_id: str, user_id: str) -> None:
    """ "It hurts" under a team break: the same pain path, answered only to whoever tapped it."""
    ack()
    pause_flows.pause_for_pain(deps.redis, deps.settings, team_id=team_id, user_id=user_id, now=deps.clock())
    respond(response_type="ephemeral", replace_original=False, **pause_ui.hurts_message("teambreak"))
    home_flows.request_home_refresh(deps, team_id=team_id, user_id=user_id)


def handle_open_selftest(ack: Ack, body: dict[str, Any], respond: Respond, client: WebClient) -> None:
    ack()
    client.views_open(trigger_id=body["trigger_id"], view=selftest_ui.modal())


def handle_turn_on(
    ack: Ack,
    body: dict[str, Any],
    respond: Respond,
    client: WebClient,
    deps: Deps,
    team_id: str,
    user_id: str,
) -> None:
    """The self-test result's "turn breaks on" button."""
    ack()
    now = deps.clock()
    _, view = breaks.turn_on(
        deps.redis, deps.settings, team_id=team_id, user_id=user_id, now=now, client=client
    )
    if (body.get("view") or {}).get("id"):
        client.views_update(
            view_id=body["view"]["id"],
            view=selftest_ui.breaks_on_view(replies.turned_on(view, already=False, now=now)["text"]),
        )
    home_flows.request_home_refresh(deps, team_id=team_id, user_id=user_id)


def handle_resume_breaks(
    ack: Ack,
    body: dict[str, Any],
    respond: Respond,
    client: WebClient,
    deps: Deps,
    team_id: str,
    user_id: str,
) -> None:
    """Resume breaks after a pause: on the self-test result, the App Home or the check-in DM."""
    ack()
    now = deps.clock()
    _, view = pause_flows.resume(deps.redis, deps.settings, team_id=team_id, user_id=user_id, now=now)
    text = pause_ui.resumed_text(view, now)
    surface = body.get("view") or {}
    if surface.get("type") == "home":
        home_flows.publish_home(deps, client, team_id=team_id, user_id=user_id)
        return
    if surface.get("id"):
        client.views_update(view_id=surface["id"], view=pause_ui.resumed_view(text))
    else:
        respond(replace_original=True, **pause_ui.resumed_message(text))
    home_flows.request_home_refresh(deps, team_id=team_id, user_id=user_id)


def handle_home_toggle(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    respond: Respond,
    client: WebClient,
    deps: Deps,
    team_id: str,
    user_id: str,
) -> None:
    ack()
    now = deps.clock()
    if action.get("value") == "on":
        breaks.turn_on(deps.redis, deps.settings, team_id=team_id, user_id=user_id, now=now, client=client)
    else:
        breaks.turn_off(deps.redis, team_id=team_id, user_id=user_id)
    home_flows.publish_home(deps, client, team_id=team_id, user_id=user_id)


def handle_home_edit(
    ack: Ack,
    body: dict[str, Any],
    respond: Respond,
    client: WebClient,
    deps: Deps,
    team_id: str,
    user_id: str,
) -> None:
    ack()
    rhythm = breaks.overview(
        deps.redis, deps.settings, team_id=team_id, user_id=user_id, now=deps.clock()
    ).rhythm
    view = home_ui.prefs_modal(
        start_minute=rhythm.hours.start_minute,
        end_minute=rhythm.hours.end_minute,
        days=rhythm.hours.days,
        interval_minutes=int(rhythm.interval.total_seconds() // 60),
        marks=rhythm.marks,
    )
    client.views_open(trigger_id=body["trigger_id"], view=view)


def handle_open_admin(
    ack: Ack, body: dict[str, Any], respond: Respond, client: WebClient, deps: Deps, team_id: str
) -> None:
    """The App Home's "Workspace settings" button (admins only: see register)."""
    ack()
    current = admin.current_settings(deps.redis, deps.settings, team_id=team_id)
    client.views_open(trigger_id=body["trigger_id"], view=admin_ui.settings_modal(current))


def handle_share_board(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    respond: Respond,
    client: WebClient,
    deps: Deps,
    team_id: str,
) -> None:
    ack()
    period = action.get("value") if action.get("value") in board_flows.PERIOD_LABELS else "week"
    channel = (body.get("channel") or {}).get("id") or (body.get("container") or {}).get("channel_id")
    shared = channel_posts.share_board(deps, client, team_id=team_id, channel_id=str(channel), period=period)
    text = messages.shared_in_channel() if shared else messages.shared_moments_ago()
    respond(text=text, response_type="ephemeral", replace_original=False)


def handle_challenge_join(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    respond: Respond,
    client: WebClient,
    deps: Deps,
    team_id: str,
    user_id: str,
) -> None:
    ack()
    now = deps.clock()
    joined = challenge_flows.join(
        deps.redis,
        deps.settings,
        team_id=team_id,
        challenge_id=str(action.get("value"))[:64],
        user_id=user_id,
        now=now,
        client=client,
    )
    text = challenge_ui.joined_reply(
        joined.challenge, turned_on=joined.turned_on, already=joined.already, paused=joined.paused
    )
    respond(text=text, response_type="ephemeral", replace_original=False)
    home_flows.request_home_refresh(deps, team_id=team_id, user_id=user_id)


def handle_team_break_join(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    respond: Respond,
    deps: Deps,
    team_id: str,
    user_id: str,
) -> None:
    ack()
    counted, total = challenge_flows.count_team_break(
        deps.redis,
        deps.settings,
        team_id=team_id,
        challenge_id=str(action.get("value"))[:64],
        post_ts=str((body.get("container") or {}).get("message_ts") or ""),
        user_id=user_id,
        now=deps.clock(),
    )
    respond(
        text=messages.team_break_counted(counted=counted, total=total),
        response_type="ephemeral",
        replace_original=False,
    )
    home_flows.request_home_refresh(deps, team_id=team_id, user_id=user_id)


def _picked(action: dict[str, Any]) -> str:
    """A select's chosen value, or a button's value."""
    option = action.get("selected_option") or {}
    return str(option.get("value") or action.get("value") or "")[:32]


def _answer_choice(
    body: dict[str, Any],
    respond: Respond,
    client: WebClient,
    deps: Deps,
    team_id: str,
    user_id: str,
    reply: dict,
) -> None:
    """On the Home tab the view itself shows the new choice; in a DM an ephemeral line confirms it."""
    if (body.get("container") or {}).get("type") == "view":
        home_flows.publish_home(deps, client, team_id=team_id, user_id=user_id)
        return
    respond(response_type="ephemeral", replace_original=False, **reply)
    home_flows.request_home_refresh(deps, team_id=team_id, user_id=user_id)


def handle_moves_choice(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    respond: Respond,
    client: WebClient,
    deps: Deps,
    team_id: str,
    user_id: str,
) -> None:
    """The "Your moves" select in the welcome DM and on the Home tab."""
    ack()
    chosen = moves.set_moves(deps.redis, team_id=team_id, user_id=user_id, text=_picked(action))
    _answer_choice(body, respond, client, deps, team_id, user_id, preferences_ui.moves_set(chosen))


def handle_boards_choice(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    respond: Respond,
    client: WebClient,
    deps: Deps,
    team_id: str,
    user_id: str,
) -> None:
    """ "Show me on team boards" (or hide me) in the welcome DM, the one-time notice and the Home tab."""
    ack()
    show = _picked(action) == "show"
    board_flows.choose(deps.redis, team_id=team_id, user_id=user_id, show=show)
    _answer_choice(body, respond, client, deps, team_id, user_id, preferences_ui.boards_chosen(show))


def handle_language_choice(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    respond: Respond,
    client: WebClient,
    deps: Deps,
    team_id: str,
    user_id: str,
) -> None:
    """The Home tab's language select: Home is published again, in the language just picked."""
    ack()
    language.choose(deps.redis, team_id=team_id, user_id=user_id, text=_picked(action))
    home_flows.publish_home(deps, client, team_id=team_id, user_id=user_id)


def handle_digest_off(ack: Ack, respond: Respond, deps: Deps, team_id: str, user_id: str) -> None:
    """The weekly picture DM's one-tap off."""
    ack()
    insights.set_digest(deps.redis, team_id=team_id, user_id=user_id, text="off")
    respond(response_type="ephemeral", replace_original=False, **insights_ui.digest_set(False))


def handle_forget_confirm(
    ack: Ack,
    body: dict[str, Any],
    respond: Respond,
    client: WebClient,
    deps: Deps,
    team_id: str,
    user_id: str,
) -> None:
    ack()
    privacy.forget(deps, team_id=team_id, user_id=user_id, client=client)
    respond(replace_original=True, **privacy_ui.forgotten())


def handle_forget_cancel(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
    ack()
    respond(replace_original=True, **privacy_ui.kept())


def register(app: App) -> None:
    for action_id in OUTCOME_BY_ACTION:
        app.action(action_id)(errors.answers_errors(handle_card_button))
    for action_id in (ids.ACTION_LEVEL_ACCEPT, ids.ACTION_LEVEL_STAY):
        app.action(action_id)(errors.answers_errors(handle_level_offer))
    for action_id in FEEDBACK_BY_ACTION:
        app.action(action_id)(errors.answers_errors(handle_card_feedback))
    app.action(ids.ACTION_BREAK_HURTS)(errors.answers_errors(handle_card_hurts))
    app.action(ids.ACTION_TEAM_BREAK_HURTS)(errors.answers_errors(handle_team_break_hurts))
    app.action(ids.ACTION_OPEN_SELFTEST)(errors.answers_errors(handle_open_selftest))
    app.action(ids.ACTION_TURN_ON)(errors.answers_errors(handle_turn_on))
    app.action(ids.ACTION_HOME_TOGGLE)(errors.answers_errors(handle_home_toggle))
    app.action(ids.ACTION_RESUME_BREAKS)(errors.answers_errors(handle_resume_breaks))
    app.action(ids.ACTION_HOME_EDIT)(errors.answers_errors(handle_home_edit))
    app.action(ids.ACTION_OPEN_ADMIN, middleware=[middleware.admin_only(middleware.refuse_in_dm)])(
        errors.answers_errors(handle_open_admin)
    )
    admins_only = [middleware.admin_only(middleware.refuse_in_dm)]
    app.action(ids.ACTION_OPEN_WORKSPACE_MOVE, middleware=admins_only)(
        errors.answers_errors(handle_open_workspace_move)
    )
    app.action(ids.ACTION_MANAGE_WORKSPACE_MOVE, middleware=admins_only)(
        errors.answers_errors(handle_manage_workspace_move)
    )
    app.action(ids.ACTION_REPORT_MOVE)(errors.answers_errors(handle_report_move))
    app.action(ids.ACTION_SHARE_BOARD)(errors.answers_errors(handle_share_board))
    app.action(ids.ACTION_CHALLENGE_JOIN)(errors.answers_errors(handle_challenge_join))
    app.action(ids.ACTION_TEAM_BREAK_JOIN)(errors.answers_errors(handle_team_break_join))
    app.action(ids.ACTION_MOVES_CHOICE)(errors.answers_errors(handle_moves_choice))
    app.action(ids.ACTION_BOARDS_CHOICE)(errors.answers_errors(handle_boards_choice))
    app.action(ids.ACTION_FORGET_CONFIRM)(errors.answers_errors(handle_forget_confirm))
    app.action(ids.ACTION_DIGEST_OFF)(errors.answers_errors(handle_digest_off))
    app.action(language_ui.ACTION_LANGUAGE_CHOICE)(errors.answers_errors(handle_language_choice))
    app.action(ids.ACTION_FORGET_CANCEL)(errors.answers_errors(handle_forget_cancel))
