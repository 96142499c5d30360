"""`/glutes <subcommand>`: ack at once, then run the use case and answer ephemerally."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from slackapp import errors, ids
from slackapp.deps import Deps
from slackapp.domain import exercises, ranking, schedule, timespec
from slackapp.domain.challenge import Challenge
from slackapp.domain.errors import InputError
from slackapp.domain.timestamps import to_ms
from slackapp.flows import admin, breaks, privacy
from slackapp.flows import boards as board_flows
from slackapp.flows import challenges as challenge_flows
from slackapp.flows import home as home_flows
from slackapp.slack import lookups
from slackapp.store import boards, challenges, workspace_config
from slackapp.ui import admin as admin_ui
from slackapp.ui import challenge as challenge_ui
from slackapp.ui import faq, replies, wording
from slackapp.ui import leaderboard as leaderboard_ui
from slackapp.ui import privacy as privacy_ui
from slackapp.ui import selftest as selftest_ui

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
    channel_id: str = ""
    trigger_id: str = ""


def handle_help(call: Invocation) -> Reply:
    return {"text": wording.help_text()}


def handle_on(call: Invocation) -> Reply:
    deps = call.deps
    lookups.profile(
        deps.redis, call.client, team_id=call.team_id, user_id=call.user_id, now=call.now, refresh=True
    )
    already, view = breaks.turn_on(
        deps.redis, deps.settings, team_id=call.team_id, user_id=call.user_id, now=call.now
    )
    if not already:
        hours = view.rhythm.hours
        call.client.chat_postMessage(
            channel=call.user_id,
            text=wording.welcome_text(),
            blocks=wording.welcome_blocks(
                interval_label=timespec.format_duration(view.rhythm.interval),
                hours_label=timespec.format_hours(hours.start_minute, hours.end_minute),
                days_label=timespec.format_days(hours.days),
                next_break_label=schedule.local_time_label(
                    view.next_break or call.now, view.rhythm.tz, call.now
                ),
            ),
        )
    return replies.turned_on(view, already=already, now=call.now)


def handle_off(call: Invocation) -> Reply:
    return replies.turned_off(
        was_on=breaks.turn_off(call.deps.redis, team_id=call.team_id, user_id=call.user_id)
    )


def handle_status(call: Invocation) -> Reply:
    deps = call.deps
    view = breaks.overview(
        deps.redis, deps.settings, team_id=call.team_id, user_id=call.user_id, now=call.now
    )
    return replies.status(view, call.now)


def handle_snooze(call: Invocation) -> Reply:
    if not call.args:
        raise InputError(
            "Snooze for how long? Try `/glutes snooze 30m`, `/glutes snooze 2h` or `/glutes snooze today`."
        )
    duration = None if call.args.lower() in ("today", "rest of today") else timespec.parse_duration(call.args)
    deps = call.deps
    view = breaks.snooze(
        deps.redis, deps.settings, team_id=call.team_id, user_id=call.user_id, now=call.now, duration=duration
    )
    return replies.snoozed(view, call.now)


def handle_resume(call: Invocation) -> Reply:
    deps = call.deps
    was_snoozed, view = breaks.resume(
        deps.redis, deps.settings, team_id=call.team_id, user_id=call.user_id, now=call.now
    )
    return replies.resumed(view, was_snoozed=was_snoozed, now=call.now)


def handle_hours(call: Invocation) -> Reply:
    hours_text, _, days_text = call.args.partition(" ")
    if not hours_text:
        raise InputError(
            "Which hours? Try `/glutes hours 08:30-17:00` or `/glutes hours 09:00-17:00 mon,wed,fri`."
        )
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
    example = "Try `/glutes every 45` for a break every 45 minutes."
    text = call.args.lower().removesuffix("minutes").removesuffix("min").removesuffix("m").strip()
    if not text.isdigit():
        raise InputError(
            f"I need a number of minutes between {breaks.MIN_INTERVAL_MINUTES} and "
            f"{breaks.MAX_INTERVAL_MINUTES}. {example}"
        )
    deps = call.deps
    view = breaks.set_rhythm(
        deps.redis,
        deps.settings,
        team_id=call.team_id,
        user_id=call.user_id,
        now=call.now,
        interval_minutes=int(text),
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
        raise InputError(
            "Which board? Try `/glutes leaderboard`, `/glutes leaderboard month` "
            "or `/glutes leaderboard all`."
        )
    deps = call.deps
    board = board_flows.leaderboard(
        deps.redis, deps.settings, team_id=call.team_id, period=period, now=call.now
    )
    rows, asker_row = ranking.top_with_asker(board.rows, call.user_id)
    return leaderboard_ui.board(
        title="Glute leaderboard",
        period_label=board.label,
        rows=rows,
        asker_row=asker_row,
        shareable=True,
        share_value=period,
    )


def handle_hide(call: Invocation) -> Reply:
    boards.hide(call.deps.redis, team_id=call.team_id, user_id=call.user_id)
    return {
        "text": ":see_no_evil: You're off the public boards. Your breaks still count for you. "
        "`/glutes unhide` undoes it."
    }


def handle_unhide(call: Invocation) -> Reply:
    boards.unhide(call.deps.redis, team_id=call.team_id, user_id=call.user_id)
    return {"text": ":eyes: You're back on the public boards."}


def _require_admin(call: Invocation) -> None:
    deps = call.deps
    admin.require_admin(
        deps.redis,
        call.client,
        deps.settings,
        team_id=call.team_id,
        user_id=call.user_id,
        now=call.now,
        refusal=admin_ui.refusal_text(),
    )


def handle_admin(call: Invocation) -> Reply | None:
    _require_admin(call)
    config = workspace_config.get(call.deps.redis, call.deps.settings, team_id=call.team_id)
    call.client.views_open(trigger_id=call.trigger_id, view=admin_ui.settings_modal(admin_view_of(config)))
    return None


def handle_challenge(call: Invocation) -> Reply | None:
    action, _, rest = call.args.partition(" ")
    action = action.lower()
    deps, r = call.deps, call.deps.redis
    if action == "status":
        found = challenge_flows.in_channel(r, team_id=call.team_id, channel_id=call.channel_id)
        current = challenge_flows.standings(
            r, deps.settings, team_id=call.team_id, challenge=found, now=call.now
        )
        today = schedule.local_date(call.now, workspace_config.get(r, deps.settings, team_id=call.team_id).tz)
        return challenge_ui.standings(found, current.rows, today=today, channel_total=current.total)
    if action == "" and admin.is_admin(
        r, call.client, deps.settings, team_id=call.team_id, user_id=call.user_id, now=call.now
    ):
        call.client.views_open(trigger_id=call.trigger_id, view=challenge_ui.start_modal(call.channel_id))
        return None
    if action not in ("start", "stop", "teambreak"):
        return {"text": CHALLENGE_HELP}
    _require_admin(call)
    if action == "start":
        started = start_challenge(
            deps,
            call.client,
            team_id=call.team_id,
            channel_id=call.channel_id,
            user_id=call.user_id,
            args=rest,
        )
        return {
            "text": f":trophy: *{started.title}* is on. "
            "The announcement with a Join button is in this channel."
        }
    found = challenge_flows.in_channel(r, team_id=call.team_id, channel_id=call.channel_id)
    if action == "teambreak":
        move = exercises.pick_next(None, seed=to_ms(call.now))
        posted = call.client.chat_postMessage(
            channel=call.channel_id, **challenge_ui.team_break(found, exercise_name=move.name, how=move.how)
        )
        challenges.add_team_break_post(
            r, team_id=call.team_id, challenge_id=found.challenge_id, post_ts=posted["ts"]
        )
        return {"text": "Team break posted. Each person who clicks *I did it* gets a point."}
    final = challenge_flows.stop(r, deps.settings, team_id=call.team_id, challenge=found, now=call.now)
    if final is not None:
        today = schedule.local_date(call.now, workspace_config.get(r, deps.settings, team_id=call.team_id).tz)
        message = challenge_ui.standings(
            found, final.rows, today=today, channel_total=final.total, final=True
        )
        call.client.chat_postMessage(channel=call.channel_id, **message)
    return {"text": f"*{found.title}* is over. The final standings are in this channel."}


def start_challenge(
    deps: Deps, client: WebClient, *, team_id: str, channel_id: str, user_id: str, args: str
) -> Challenge:
    """Start a challenge (the caller checked admin rights) and announce it; undone if it can't be posted."""
    now = deps.clock()
    started = challenge_flows.start(
        deps.redis, deps.settings, team_id=team_id, channel_id=channel_id, user_id=user_id, args=args, now=now
    )
    try:
        client.chat_postMessage(channel=channel_id, **challenge_ui.announcement(started))
    except SlackApiError:
        challenge_flows.stop(deps.redis, deps.settings, team_id=team_id, challenge=started, now=now)
        raise
    return started


def handle_export(call: Invocation) -> Reply:
    data = privacy.export(call.deps.redis, team_id=call.team_id, user_id=call.user_id, now=call.now)
    dm = call.client.conversations_open(users=call.user_id)["channel"]["id"]
    call.client.files_upload_v2(
        channel=dm,
        content=json.dumps(data, indent=2, sort_keys=True, default=str),
        filename=f"glutes-export-{call.user_id}.json",
        title="Your glutes data",
        initial_comment=privacy_ui.EXPORT_COMMENT,
    )
    return privacy_ui.export_started()


def handle_forget_me(call: Invocation) -> Reply:
    return privacy_ui.forget_confirmation()


CHALLENGE_HELP = (
    "*Channel challenges* (admins start and stop them; anyone can join):\n"
    "• `/glutes challenge start 14 Spring Glute Reset`: a 14-day challenge in this channel\n"
    "• `/glutes challenge status`: standings so far\n"
    "• `/glutes challenge teambreak`: post an everyone-break-now with an *I did it* button\n"
    "• `/glutes challenge stop`: end it and post the final standings"
)


def admin_view_of(config: workspace_config.WorkspaceConfig) -> admin_ui.WorkspaceSettingsView:
    return admin_ui.WorkspaceSettingsView(
        start_minute=config.start_minute,
        end_minute=config.end_minute,
        days=config.days,
        interval_minutes=max(1, int(config.interval.total_seconds() // 60)),
        board_channel=config.board_channel,
        post_weekday=config.post_weekday,
        post_minute=config.post_minute,
        tz=config.tz,
        app_admins=config.app_admins,
        care_text=config.care_text,
        daily_team_break=config.daily_team_break,
    )


SUBCOMMANDS: dict[str, Callable[[Invocation], Reply | None]] = {
    "on": handle_on,
    "start": handle_on,
    "off": handle_off,
    "stop": handle_off,
    "status": handle_status,
    "snooze": handle_snooze,
    "resume": handle_resume,
    "hours": handle_hours,
    "every": handle_every,
    "help": handle_help,
    "faq": handle_faq,
    "test": handle_test,
    "selftest": handle_test,
    "leaderboard": handle_leaderboard,
    "board": handle_leaderboard,
    "hide": handle_hide,
    "unhide": handle_unhide,
    "admin": handle_admin,
    "settings": handle_admin,
    "challenge": handle_challenge,
    "export": handle_export,
    "forget-me": handle_forget_me,
}

# Subcommands whose effects show on the App Home.
CHANGES_HOME = {
    handle_on,
    handle_off,
    handle_snooze,
    handle_resume,
    handle_hours,
    handle_every,
    handle_hide,
    handle_unhide,
}


def handle_glutes(
    ack: Ack,
    body: dict[str, Any],
    command: dict[str, Any],
    respond: Respond,
    client: WebClient,
    context: BoltContext,
) -> None:
    ack()
    name, _, args = (command.get("text") or "").strip().partition(" ")
    deps: Deps = context["deps"]
    call = Invocation(
        deps,
        client,
        command["team_id"],
        command["user_id"],
        args.strip(),
        deps.clock(),
        channel_id=command.get("channel_id", ""),
        trigger_id=command.get("trigger_id", ""),
    )
    handler = SUBCOMMANDS.get(name.lower(), handle_help)
    reply = handler(call)
    if reply is not None:
        respond(response_type="ephemeral", **reply)
    if handler in CHANGES_HOME:
        home_flows.request_home_refresh(deps, team_id=call.team_id, user_id=call.user_id)


def register(app: App) -> None:
    app.command(ids.COMMAND)(errors.answers_errors(handle_glutes))
