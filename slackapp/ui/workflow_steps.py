"""What the Workflow Builder steps say back to Slack: the sentence for each `reason` a card was not sent,
and the messages a step fails with when no flow error names the problem."""

from __future__ import annotations

from slackapp.domain import workflow_steps as rules
from slackapp.ui.i18n import N_, _, localized

# One sentence per reason (domain.workflow_steps.REASONS), for the step's `reason_text` output.
REASON_TEXT = {
    rules.BREAKS_OFF: N_("Their glutes breaks are off."),
    rules.PAUSED: N_("Their breaks are paused until they choose to resume them."),
    rules.SNOOZED: N_("They snoozed their breaks."),
    rules.DO_NOT_DISTURB: N_("They are in Do Not Disturb."),
    rules.IN_A_HUDDLE: N_("They are in a huddle."),
    rules.BUSY: N_("Their Slack status shows a meeting, a call or time off."),
    rules.OUTSIDE_WORK_HOURS: N_("It is outside their work hours."),
    rules.CARD_ON_ITS_WAY: N_("Their next break card is being sent right now."),
    rules.SENT_RECENTLY: N_("A workflow sent them a break card less than 15 minutes ago."),
}

TOO_SLOW = N_("glutes took too long to finish this step. Please run the workflow again in a moment.")


@localized
def reason_text(reason: str) -> str:
    """The sentence for a card not sent ("" when it was sent)."""
    return _(REASON_TEXT[reason]) if reason in REASON_TEXT else ""


@localized
def too_slow_text() -> str:
    """The fail message when a step could not finish in time (Redis or Slack hanging)."""
    return _(TOO_SLOW)
