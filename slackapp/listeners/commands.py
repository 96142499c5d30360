"""`/glutes <subcommand>`: answer ephemerally, in the ack when the work is Redis only, else after it.

SUBCOMMANDS maps each word to its handler and says which are admin-only, which change the App Home and
which reply in the ack; `run` and `handle_glutes` are the places those marks are acted on.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from slack_bolt import App, Respond
from slack_sdk import WebClient

from slackapp import errors, ids
from slackapp.deps import Deps
from slackapp.domain import ranking, rhythm, timespec
from slackapp.domain.errors import InputError
from slackapp.flows import admin, breaks, channel_posts, insights, language, moves, privacy, progress
from slackapp.flows import boards as board_flows
from slackapp.flows import challenges as challenge_flows
from slackapp.flows import home as home_flows
from slackapp.flows import pause as pause_flows
from slackapp.listeners.middleware import AckOnce, AdminCheck
from slackapp.ui import admin as admin_ui
from slackapp.ui import challenge as challenge_ui
from slackapp.ui import faq, messages, replies, when, wording
from slackapp.ui import insights as insights_ui
from slackapp.ui import language as language_ui
from slackapp.ui import leaderboard as leaderboard_ui
from slackapp.ui import pause as pause_ui
from slackapp.ui import preferences as preferences_ui
from slackapp.ui import privacy as privacy_ui
from slackapp.ui import progress as progress_ui
from slackapp.ui import selftest as selftest_ui
from slackapp.ui.i18n import _, current

Reply = dict[str, Any]


@dataclass(frozen=True)
class Invocation:
    """One `/glutes` call: who, where, the words after the subcommand, and now."""

    deps: Deps
    client: WebClient
    team_id: str
    user_id: str
    args: str
    now: datetime
    is_admin: Callable[[], bool]
    channel_id: str = ""
    trigger_id: str = ""


@dataclass(frozen=True)
class Subcommand:
    """A handler, and the marks acted on: admins only, whether its effects show on the Home, and whether
    its reply rides on the ack (Redis only, milliseconds: no Slack call, so well inside Slack's 3 s)."""

    handle: Callable[[Invocation], Reply | None]
    admin_only: bool = False
    changes_home: bool = False
    replies_in_ack: bool = False


def run(subcommand: Subcommand, call: Invocation) -> Reply | None:
    """Run one (sub)subcommand; an admin-only one refuses anyone else with the usual polite text."""
    if subcommand.admin_only and not call.is_admin():
        raise admin.NotAdmin(admin_ui.refusal_text())
    return subcommand.handle(call)


def handle_help(call: Invocation) -> Reply:
    return {"text": wording.help_text()}


def handle_on(call: Invocation) -> Reply:
    deps = call.deps
    already, view = breaks.turn_on(
        deps.redis,
        deps.settings,
        team_id=call.team_id,
        user_id=call.user_id,
        now=call.now,
        client=call.client,
        refresh_profile=True,
    )
    welcome = not already and breaks.first_welcome(deps.redis, team_id=call.team_id, user_id=call.user_id)
    if welcome:
        hours = view.rhythm.hours
        call.client.chat_postMessage(
            channel=call.user_id,
            text=wording.welcome_text(),
            blocks=wording.welcome_blocks(
                interval_label=when.rhythm_label(view.rhythm),
                hours_label=when.hours_label(hours.start_minute, hours.end_minute),
                days_label=when.days_label(hours.days),
                next_break_label=None
                if view.paused
                else when.time_label(view.next_break or call.now, view.rhythm.tz, call.now),
                choices=preferences_ui.choice_blocks(
                    moves=moves.moves_of(deps.redis, team_id=call.team_id, user_id=call.user_id),
                    shown=board_flows.on_boards(deps.redis, team_id=call.team_id, user_id=call.user_id),
                ),
            ),
        )
    return replies.turned_on(view, already=already, now=call.now, welcomed=welcome)


def handle_off(call: Invocation) -> Reply:
    return replies.turned_off(
        was_on=breaks.turn_off(call.deps.redis, team_id=call.team_id, user_id=call.user_id)
    )


def handle_status(call: Invocation) -> Reply:
    deps = call.deps
    view = breaks.overview(
        deps.redis, deps.settings, team_id=call.team_id, user_id=call.user_id, now=call.now
    )
    # The language read with the view; when that is none, the request's (a first contact asks Slack).
    return replies.status(view, call.now, locale=view.locale or None)


def handle_snooze(call: Invocation) -> Reply:
    if not call.args:
        raise InputError(messages.SNOOZE_USAGE)
    duration = None if call.args.lower() in ("today", "rest of today") else timespec.parse_duration(call.args)
    deps = call.deps
    view = breaks.snooze(
        deps.redis, deps.settings, team_id=call.team_id, user_id=call.user_id, now=call.now, duration=duration
    )
    return replies.snoozed(view, call.now)


def handle_resume(call: Invocation) -> Reply:
    deps = call.deps
    was_paused, paused_view = pause_flows.resume(
        deps.redis, deps.settings, team_id=call.team_id, user_id=call.user_id, now=call.now
    )
    if was_paused:
        return {"text": pause_ui.resumed_text(paused_view, call.now)}
    was_snoozed, view = breaks.resume(
        deps.redis, deps.settings, team_id=call.team_id, user_id=call.user_id, now=call.now
    )
    return replies.resumed(view, was_snoozed=was_snoozed, now=call.now)


def handle_hours(call: Invocation) -> Reply:
    hours_text, _, days_text = call.args.partition(" ")
    if not hours_text:
        raise InputError(messages.HOURS_USAGE)
    start, end = timespec.parse_hours(hours_text)
    days = timespec.parse_days(days_text) if days_text.strip() else None
    deps = call.deps
    view = breaks.set_rhythm(
        deps.redis,
        deps.settings,
        team_id=call.team_id,
        user_id=call.user_id,
        now=call.now,
        start_minute=start,
        end_minute=end,
        days=days,
    )
    return replies.hours_set(view, call.now)


def handle_every(call: Invocation) -> Reply:
    deps = call.deps
    if rhythm.is_marks_text(call.args):
        marks = rhythm.parse_marks(call.args)
        view = breaks.set_rhythm(
            deps.redis, deps.settings, team_id=call.team_id, user_id=call.user_id, now=call.now, marks=marks
        )
        return replies.interval_set(view, call.now)
    minutes = rhythm.parse_interval_minutes(call.args, example=messages.EVERY_EXAMPLE)
    view = breaks.set_rhythm(
        deps.redis,
        deps.settings,
        team_id=call.team_id,
        user_id=call.user_id,
        now=call.now,
        interval_minutes=minutes,
    )
    return replies.interval_set(view, call.now)


def handle_faq(call: Invocation) -> Reply:
    return {"text": faq.faq_text(), "blocks": faq.faq_blocks()}


def handle_test(call: Invocation) -> Reply | None:
    call.client.views_open(trigger_id=call.trigger_id, view=selftest_ui.modal())
    return None


def handle_leaderboard(call: Invocation) -> Reply:
    period = (call.args or "week").lower()
    if period not in board_flows.PERIOD_LABELS:
        raise InputError(messages.LEADERBOARD_USAGE)
    deps = call.deps
    board = board_flows.leaderboard(
        deps.redis, deps.settings, team_id=call.team_id, period=period, now=call.now
    )
    rows, asker_row = ranking.top_with_asker(board.rows, call.user_id)
    return leaderboard_ui.board(
        title=messages.LEADERBOARD_TITLE,
        period_label=board.label,
        rows=rows,
        asker_row=asker_row,
        shareable=True,
        share_value=period,
    )


def handle_hide(call: Invocation) -> Reply:
    board_flows.hide(call.deps.redis, team_id=call.team_id, user_id=call.user_id)
    return preferences_ui.boards_chosen(False)


def handle_unhide(call: Invocation) -> Reply:
    board_flows.unhide(call.deps.redis, team_id=call.team_id, user_id=call.user_id)
    return preferences_ui.boards_chosen(True)


def handle_moves(call: Invocation) -> Reply:
    r = call.deps.redis
    if not call.args:
        return preferences_ui.moves_current(moves.moves_of(r, team_id=call.team_id, user_id=call.user_id))
    chosen = moves.set_moves(r, team_id=call.team_id, user_id=call.user_id, text=call.args)
    return preferences_ui.moves_set(chosen)


def handle_level(call: Invocation) -> Reply:
    """`/glutes level` shows the level; `level up` / `level down` is the person's own choice."""
    r, settings = call.deps.redis, call.deps.settings
    word = call.args.strip().lower()
    if word:
        level, locale = progress.step(
            r, settings, team_id=call.team_id, user_id=call.user_id, word=word, now=call.now
        )
        return progress_ui.level_changed(level, locale=locale or None)
    view = breaks.overview(r, settings, team_id=call.team_id, user_id=call.user_id, now=call.now)
    return progress_ui.level_reply(view.level, locale=view.locale or None)


def handle_admin(call: Invocation) -> Reply | None:
    current = admin.current_settings(call.deps.redis, call.deps.settings, team_id=call.team_id)
    call.client.views_open(trigger_id=call.trigger_id, view=admin_ui.settings_modal(current))
    return None


# --- /glutes challenge ... --------------------------------------------------------------------------


def handle_challenge(call: Invocation) -> Reply | None:
    action, _, rest = call.args.partition(" ")
    if not action:
        return handle_challenge_menu(call)
    subcommand = CHALLENGE_SUBCOMMANDS.get(action.lower())
    if subcommand is None:
        return messages.challenge_help()
    return run(subcommand, replace(call, args=rest))


def handle_challenge_menu(call: Invocation) -> Reply | None:
    """A bare `/glutes challenge`: admins get the start modal, everyone else the help (also anyone Slack
    did not confirm as an admin in time: the help names the command that starts one)."""
    try:
        allowed = call.is_admin()
    except admin.AdminUnconfirmed:
        allowed = False
    if not allowed:
        return messages.challenge_help()
    call.client.views_open(trigger_id=call.trigger_id, view=challenge_ui.start_modal(call.channel_id))
    return None


def handle_challenge_status(call: Invocation) -> Reply:
    deps = call.deps
    found = challenge_flows.in_channel(deps.redis, team_id=call.team_id, channel_id=call.channel_id)
    current = challenge_flows.standings(
        deps.redis, deps.settings, team_id=call.team_id, challenge=found, now=call.now
    )
    return challenge_ui.standings(found, current.rows, today=current.today, channel_total=current.total)


def handle_challenge_start(call: Invocation) -> Reply:
    deps, client, channel_id = call.deps, call.client, call.channel_id
    started = channel_posts.start_challenge(
        deps,
        client,
        team_id=call.team_id,
        channel_id=channel_id,
        user_id=call.user_id,
        args=call.args,
        now=deps.clock(),
    )
    return messages.challenge_started(started)


def handle_challenge_teambreak(call: Invocation) -> Reply:
    channel_posts.team_break(call.deps, call.client, team_id=call.team_id, channel_id=call.channel_id)
    return messages.team_break_posted()


def handle_challenge_stop(call: Invocation) -> Reply:
    found = channel_posts.stop_challenge(
        call.deps, call.client, team_id=call.team_id, channel_id=call.channel_id, now=call.now
    )
    return messages.challenge_stopped(found)


def handle_export(call: Invocation) -> Reply:
    if not privacy.may_export(call.deps.redis, team_id=call.team_id, user_id=call.user_id, now=call.now):
        return privacy_ui.export_too_soon()
    data = privacy.export(call.deps.redis, team_id=call.team_id, user_id=call.user_id, now=call.now)
    dm = call.client.conversations_open(users=call.user_id)["channel"]["id"]
    call.client.files_upload_v2(
        channel=dm,
        content=json.dumps(data, indent=2, sort_keys=True, default=str),
        filename=f"glutes-export-{call.user_id}.json",
        title=_("Your glutes data"),
        initial_comment=_(privacy_ui.EXPORT_COMMENT),
    )
    return privacy_ui.export_started()


def handle_digest(call: Invocation) -> Reply:
    """`/glutes digest on|off`: the weekly picture DM (on by default)."""
    on = insights.set_digest(call.deps.redis, team_id=call.team_id, user_id=call.user_id, text=call.args)
    return insights_ui.digest_set(on)


def handle_pulse(call: Invocation) -> Reply:
    """`/glutes pulse` (admins): the anonymous workspace pulse; `/glutes pulse csv` sends its weekly CSV."""
    deps, locale = (
        call.deps,
        language.person_locale(call.deps.redis, team_id=call.team_id, user_id=call.user_id),
    )
    found = insights.pulse(deps, call.client, team_id=call.team_id, now=call.now)
    if call.args.lower() == "csv":
        insights.send_pulse_csv(call.client, user_id=call.user_id, found=found, locale=locale)
        return insights_ui.pulse_csv_sent()
    file_id = insights.pulse_chart(deps, call.client, team_id=call.team_id, found=found, locale=locale)
    return {"text": insights_ui.pulse_text(), "blocks": insights_ui.pulse_blocks(found, file_id)}


def handle_forget_me(call: Invocation) -> Reply:
    return privacy_ui.forget_confirmation()


def handle_language(call: Invocation) -> Reply:
    """`/glutes language` shows the current one and the choices; `/glutes language es` (or `auto`) sets it."""
    r, team_id, user_id = call.deps.redis, call.team_id, call.user_id
    if not call.args:
        # The request's language (i18n.current: a first contact asks Slack), which the reply speaks too.
        return language_ui.current(
            chosen=language.chosen(r, team_id=team_id, user_id=user_id), effective=current().locale
        )
    language.choose(r, team_id=team_id, user_id=user_id, text=call.args)
    # The confirmation is already in the new language (after `auto`, the Slack one): nothing was rendered
    # before the choice, so the request's language is read now.
    return language_ui.chosen(current().locale)


CHALLENGE_SUBCOMMANDS: dict[str, Subcommand] = {
    "status": Subcommand(handle_challenge_status),
    "start": Subcommand(handle_challenge_start, admin_only=True),
    "stop": Subcommand(handle_challenge_stop, admin_only=True),
    "teambreak": Subcommand(handle_challenge_teambreak, admin_only=True),
}

# replies_in_ack: the handler reads and writes Redis only (no Slack call), so its reply can be the ack.
SUBCOMMANDS: dict[str, Subcommand] = {
    "on": Subcommand(handle_on, changes_home=True),
    "start": Subcommand(handle_on, changes_home=True),
    "off": Subcommand(handle_off, changes_home=True, replies_in_ack=True),
    "stop": Subcommand(handle_off, changes_home=True, replies_in_ack=True),
    "status": Subcommand(handle_status, replies_in_ack=True),
    "snooze": Subcommand(handle_snooze, changes_home=True, replies_in_ack=True),
    "resume": Subcommand(handle_resume, changes_home=True, replies_in_ack=True),
    "hours": Subcommand(handle_hours, changes_home=True, replies_in_ack=True),
    "every": Subcommand(handle_every, changes_home=True, replies_in_ack=True),
    "help": Subcommand(handle_help, replies_in_ack=True),
    "faq": Subcommand(handle_faq, replies_in_ack=True),
    "test": Subcommand(handle_test),
    "selftest": Subcommand(handle_test),
    "leaderboard": Subcommand(handle_leaderboard),
    "board": Subcommand(handle_leaderboard),
    "hide": Subcommand(handle_hide, changes_home=True, replies_in_ack=True),
    "unhide": Subcommand(handle_unhide, changes_home=True, replies_in_ack=True),
    "moves": Subcommand(handle_moves, changes_home=True, replies_in_ack=True),
    "level": Subcommand(handle_level, changes_home=True, replies_in_ack=True),
    "admin": Subcommand(handle_admin, admin_only=True),
    "settings": Subcommand(handle_admin, admin_only=True),
    "challenge": Subcommand(handle_challenge),
    "export": Subcommand(handle_export),
    "forget-me": Subcommand(handle_forget_me),
    "digest": Subcommand(handle_digest, replies_in_ack=True),
    "pulse": Subcommand(handle_pulse, admin_only=True),
    "language": Subcommand(handle_language, changes_home=True, replies_in_ack=True),
}

# The obvious local words for the commonest subcommands (the English ones always work too).
LOCAL_WORDS: dict[str, str] = {
    # German
    "an": "on",
    "ein": "on",
    "aus": "off",
    "hilfe": "help",
    "sprache": "language",
    # Spanish
    "activar": "on",
    "desactivar": "off",
    "ayuda": "help",
    "estado": "status",
    "idioma": "language",
    # French
    "activer": "on",
    "désactiver": "off",
    "desactiver": "off",
    "aide": "help",
    "langue": "language",
    # Brazilian Portuguese
    "ativar": "on",
    "desativar": "off",
    "ajuda": "help",
    # Japanese
    "オン": "on",
    "オフ": "off",
    "ヘルプ": "help",
    "言語": "language",
}


def subcommand_named(word: str) -> Subcommand:
    """The subcommand an English or local word names; anything else gets the help."""
    word = word.lower()
    return SUBCOMMANDS.get(word) or SUBCOMMANDS.get(LOCAL_WORDS.get(word, ""), SUBCOMMANDS["help"])


def _reply_in_ack(subcommand: Subcommand, call: Invocation, ack: AckOnce, respond: Respond) -> None:
    """Run a Redis-only subcommand and make its reply (or its error) the ack's body: shown as soon as
    Slack has the ack, with no response_url post after. Past the ack window the reply is posted instead."""
    try:
        reply = run(subcommand, call) or {}
    except Exception as error:
        reply = {"text": errors.friendly_message(error, call.deps)}
    if not ack.send(response_type="ephemeral", **reply):
        respond(response_type="ephemeral", **reply)


def handle_glutes(
    ack_once: AckOnce,
    body: dict[str, Any],
    command: dict[str, Any],
    respond: Respond,
    client: WebClient,
    deps: Deps,
    team_id: str,
    user_id: str,
    is_admin: AdminCheck,
) -> None:
    name, _, args = (command.get("text") or "").strip().partition(" ")
    call = Invocation(
        deps,
        client,
        team_id,
        user_id,
        args.strip(),
        deps.clock(),
        is_admin,
        channel_id=command.get("channel_id", ""),
        trigger_id=command.get("trigger_id", ""),
    )
    subcommand = subcommand_named(name)
    if subcommand.replies_in_ack:
        _reply_in_ack(subcommand, call, ack_once, respond)
    else:
        ack_once.send()
        reply = run(subcommand, call)
        if reply is not None:
            respond(response_type="ephemeral", **reply)
    if subcommand.changes_home:
        home_flows.request_home_refresh(deps, team_id=team_id, user_id=user_id)


def register(app: App) -> None:
    app.command(ids.COMMAND)(errors.answers_errors(handle_glutes))
