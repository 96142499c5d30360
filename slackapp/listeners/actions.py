"""Buttons: Done / Snooze / Skip on a break card."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from slackapp import errors, ids
from slackapp.deps import Deps
from slackapp.domain import exercises, schedule
from slackapp.flows import breaks
from slackapp.ui import break_card

OUTCOME_BY_ACTION = {
    ids.ACTION_BREAK_DONE: "done",
    ids.ACTION_BREAK_SNOOZE: "snoozed",
    ids.ACTION_BREAK_SKIP: "skipped",
}

MISSING_CARD = "That break card has expired, so nothing changed. Your next card will have fresh buttons."


def handle_card_button(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    respond: Respond,
    client: WebClient,
    context: BoltContext,
) -> None:
    ack()
    deps: Deps = context["deps"]
    now = deps.clock()
    result = breaks.answer_card(
        deps.redis,
        deps.settings,
        team_id=context.team_id or body["team"]["id"],
        user_id=body["user"]["id"],
        break_id=str(action.get("value") or "")[:64],
        outcome=OUTCOME_BY_ACTION[action["action_id"]],
        now=now,
    )
    exercise = exercises.by_key(result.exercise_key)
    if result.kind == "missing" or exercise is None:
        respond(text=MISSING_CARD, response_type="ephemeral", replace_original=False)
        return
    label = schedule.local_time_label(result.next_break, result.tz, now) if result.next_break else None
    outcome = break_card.CardOutcome(result.kind, exercise, result.today_done, result.streak, label)  # type: ignore[arg-type]
    container = body.get("container") or {}
    client.chat_update(
        channel=container["channel_id"], ts=container["message_ts"], **break_card.after(outcome)
    )


def register(app: App) -> None:
    for action_id in OUTCOME_BY_ACTION:
        app.action(action_id)(errors.answers_errors(handle_card_button))
