"""`/glutes <subcommand>`: ack at once, then run the use case and answer ephemerally."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from slackapp import errors, ids, lookups
from slackapp.deps import Deps
from slackapp.domain import schedule, timespec
from slackapp.domain.errors import InputError
from slackapp.flows import breaks
from slackapp.ui import replies, wording

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
    view = breaks.set_hours(
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
    view = breaks.set_interval(
        deps.redis, deps.settings, team_id=call.team_id, user_id=call.user_id, now=call.now, minutes=int(text)
    )
    return replies.interval_set(view, call.now)


SUBCOMMANDS: dict[str, Callable[[Invocation], Reply]] = {
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
    call = Invocation(deps, client, command["team_id"], command["user_id"], args.strip(), deps.clock())
    respond(response_type="ephemeral", **SUBCOMMANDS.get(name.lower(), handle_help)(call))


def register(app: App) -> None:
    app.command(ids.COMMAND)(errors.answers_errors(handle_glutes))
