"""Workflow Builder steps' rules: reading a step's inputs, and the fixed reasons a card was not sent.

A step's inputs come from whatever a workflow author wired into them, so each is checked here before it
reaches a flow (ids become parts of Redis keys). The `reason` output is one of a few fixed words a workflow
can branch on; ui/workflow_steps.py gives each its sentence.
"""

from __future__ import annotations

from typing import Any

from slackapp.domain import slack_ids
from slackapp.domain.errors import InputError
from slackapp.domain.exercises import MovePreference
from slackapp.domain.models import HoldReason
from slackapp.domain.text import N_

# Why "Send a break card" sent nothing (its `reason` output; empty when it sent one).
BREAKS_OFF = "breaks_off"  # breaks are off, or the person left the workspace
PAUSED = "paused"  # paused after a pain answer, until they resume
SNOOZED = "snoozed"  # they snoozed their breaks
DO_NOT_DISTURB = "do_not_disturb"
IN_A_HUDDLE = "in_a_huddle"
BUSY = "busy"  # their Slack status shows a meeting, a call or time off
OUTSIDE_WORK_HOURS = "outside_work_hours"
CARD_ON_ITS_WAY = "card_on_its_way"  # their scheduled card is being sent this moment
SENT_RECENTLY = "sent_recently"  # a step sent them a card less than STEP_CARD_GAP_SECONDS ago

REASONS = (
    BREAKS_OFF,
    PAUSED,
    SNOOZED,
    DO_NOT_DISTURB,
    IN_A_HUDDLE,
    BUSY,
    OUTSIDE_WORK_HOURS,
    CARD_ON_ITS_WAY,
    SENT_RECENTLY,
)

# Any workflow may run the step, and a workflow can run on every message in a channel: at most one card
# from steps per person in this time, so nobody gets a stream of cards from someone else's workflow.
STEP_CARD_GAP_SECONDS = 15 * 60

# The hold decision every break send uses (domain.schedule.plan_delivery's Hold.reason) -> the step's
# reason. A new hold reason is one line here; one not listed reads as BUSY.
HOLD_TO_REASON = {
    HoldReason.DND: DO_NOT_DISTURB,
    HoldReason.HUDDLE: IN_A_HUDDLE,
    HoldReason.STATUS: BUSY,
    HoldReason.OUTSIDE_HOURS: OUTSIDE_WORK_HOURS,
}

# The outcomes of flows.delivery.send_now other than a hold, -> the step's reason.
_OUTCOME_TO_REASON = {
    "off": BREAKS_OFF,
    "stale": CARD_ON_ITS_WAY,
    "in_flight": CARD_ON_ITS_WAY,
    "paused": PAUSED,
    "snoozed": SNOOZED,
}

STEP_MOVES: tuple[MovePreference, ...] = ("standing", "seated")


def card_reason(outcome: str) -> str:
    """The step's `reason` for a send_now outcome: "" when the card was sent."""
    if outcome == "sent":
        return ""
    if outcome.startswith("held:"):
        return HOLD_TO_REASON.get(outcome.removeprefix("held:"), BUSY)
    if outcome.startswith("opted_out:"):
        return BREAKS_OFF
    return _OUTCOME_TO_REASON.get(outcome, CARD_ON_ITS_WAY)


def channel_input(value: Any) -> str:
    """A channel id from a step's input; InputError unless it is one."""
    if not slack_ids.is_slack_id(value) or not str(value).startswith(("C", "G")):
        raise InputError(N_("This step needs a channel: pick one in the step's settings."))
    return str(value)


def person_input(value: Any) -> str:
    """A person's id from a step's input; InputError unless it is one."""
    if not slack_ids.is_slack_id(value) or not str(value).startswith(("U", "W")):
        raise InputError(N_("This step needs a person: pick one in the step's settings."))
    return str(value)


def runner_input(value: Any) -> str:
    """The person running the workflow, from a `slack#/types/user_context` input ({"id": …, "secret": …}).
    Slack fills that type from who acted (a link trigger, a button); a workflow's builder cannot type it
    in, so an admin check on it cannot be talked round by naming an admin."""
    user_id = value.get("id") if isinstance(value, dict) else None
    if not slack_ids.is_slack_id(user_id) or not str(user_id).startswith(("U", "W")):
        raise InputError(
            N_(
                "This step needs to know who is running the workflow: start it from a link or a button, "
                "so Slack tells glutes who it is."
            )
        )
    return str(user_id)


def moves_input(value: Any) -> MovePreference:
    """A team break's moves: "standing" (also when left empty) or "seated"."""
    text = str(value or "").strip().lower()
    if not text:
        return "standing"
    for moves in STEP_MOVES:
        if text == moves:
            return moves
    raise InputError(N_("Moves can be `standing` or `seated`, not `{typed}`."), typed=text[:20])


def challenge_words(days: Any, title: Any) -> str:
    """A challenge step's days and title as the words after `/glutes challenge start` ("14 Spring Reset"),
    so the same rules as the command check them."""
    if isinstance(days, bool):
        days = ""
    if isinstance(days, float) and days.is_integer():
        days = int(days)
    shown = str(days if days is not None else "").strip()
    return f"{shown} {str(title or '').strip()}".strip()


def execution_id_ok(value: Any) -> bool:
    """Whether a function_execution_id looks like Slack's ("Fx" and letters and digits): it becomes part of
    a key."""
    text = str(value or "")
    return text.startswith("Fx") and slack_ids.is_slack_id(text[2:])
