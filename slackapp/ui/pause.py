"""Paused break cards (after a pain answer): what the result, the Home tab, the check-in DM and the
replies say, each with the way back (a Resume breaks button, or `/glutes resume`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from slackapp.flows.results import Overview
from slackapp.ids import ACTION_RESUME_BREAKS, COMMAND, VIEW_SELFTEST_RESULT
from slackapp.ui import when
from slackapp.ui.i18n import N_, _, localized
from slackapp.ui.wording import NOT_MEDICAL_ADVICE, PAIN_ADVICE, URGENT_SIGNS

RESUME_LABEL = N_("Resume breaks")

PAUSED_HEADING = N_(":pause_button: *Your break cards are paused*")


@localized
def resume_button(value: str) -> ButtonElement:
    """The Resume breaks button; `value` says where it was tapped (result, home, checkin)."""
    return ButtonElement(
        text=PlainTextObject(text=_(RESUME_LABEL), emoji=True),
        action_id=ACTION_RESUME_BREAKS,
        value=value,
        style="primary",
    )


def _section(text: str, accessory: ButtonElement | None = None) -> SectionBlock:
    return SectionBlock(text=MarkdownTextObject(text=text), accessory=accessory)


@localized
def result_blocks() -> list[Block]:
    """On a self-test result after a pain answer: cards are paused, nothing else changed, how to resume."""
    return [
        _section(
            _(
                "{paused_heading}\nBecause you mentioned pain, numbness or tingling, "
                "I've stopped sending exercise cards and won't invite you to retake the test for now. "
                "Your hours and settings stay as they are.\n"
                "{pain_advice} Then resume them here or with `{command} resume`."
            ).format(paused_heading=_(PAUSED_HEADING), pain_advice=_(PAIN_ADVICE), command=COMMAND)
        ),
        ActionsBlock(elements=[resume_button("result")]),
    ]


@localized
def home_status_blocks() -> list[Block]:
    """The Home tab's status while paused (only the person sees their own Home; its FAQ names the urgent
    signs)."""
    return [
        _section(
            _(
                ":pause_button: *Breaks are paused*\nNo exercise cards until you resume them, "
                "after your last self-test answer. "
                "Resume here or with `{command} resume` when you're ready."
            ).format(command=COMMAND),
            accessory=resume_button("home"),
        )
    ]


@localized
def checkin_dm() -> dict[str, Any]:
    """chat.postMessage kwargs for the gentle check-in a few work days after a pause."""
    blocks: list[Block] = [
        _section(
            _(
                ":wave: *Just checking in*\n"
                "Your glute break cards have been paused for a few days, since you mentioned pain. "
                "{pain_advice} Then you can start them again here. "
                "If not yet, there's no rush: they stay paused until you say so."
            ).format(pain_advice=_(PAIN_ADVICE))
        ),
        ActionsBlock(elements=[resume_button("checkin")]),
        _section(_(URGENT_SIGNS)),
        ContextBlock(elements=[MarkdownTextObject(text=_(NOT_MEDICAL_ADVICE))]),
    ]
    return {
        "text": _("Checking in: your glute break cards are paused. Resume them when you're ready."),
        "blocks": blocks,
    }


@localized
def hurts_message(where: str) -> dict[str, Any]:
    """What "It hurts" answers with (in place of the card, or to the tapper under a team break): the cards
    are paused, the pain advice, the urgent signs and the way back. `where` is the Resume button's value."""
    blocks: list[Block] = [
        _section(
            _(
                "{paused_heading}\nSorry it hurts. Stop the move now. "
                "I won't send exercise cards or retest invites until you resume them; "
                "your hours and settings stay as they are.\n"
                "{pain_advice} Then resume them here or with `{command} resume`."
            ).format(paused_heading=_(PAUSED_HEADING), pain_advice=_(PAIN_ADVICE), command=COMMAND)
        ),
        ActionsBlock(elements=[resume_button(where)]),
        _section(_(URGENT_SIGNS)),
        ContextBlock(elements=[MarkdownTextObject(text=_(NOT_MEDICAL_ADVICE))]),
    ]
    return {
        "text": _("Your break cards are paused because it hurts. Resume them when you're ready."),
        "blocks": blocks,
    }


@localized
def resumed_text(view: Overview, now: datetime) -> str:
    """What the person reads after resuming: the next card, or that breaks are off."""
    if not view.opted_in:
        return _(":arrow_forward: Pause lifted. Your breaks are off; `{command} on` starts them.").format(
            command=COMMAND
        )
    if view.next_break is None:
        return _(":arrow_forward: Breaks resumed. The next card comes in your work hours.")
    label = when.time_label(view.next_break, view.rhythm.tz, now)
    return _(":arrow_forward: Breaks resumed. Your next card comes at *{when}*.").format(when=label)


@localized
def resumed_view(text: str) -> View:
    """What the result modal turns into after its Resume breaks button."""
    return View(
        type="modal",
        callback_id=VIEW_SELFTEST_RESULT,
        # Translators: a Slack modal title: at most 24 characters.
        title=PlainTextObject(text=_("Breaks resumed")),
        close=PlainTextObject(text=_("Done")),
        blocks=[_section(text), ContextBlock(elements=[MarkdownTextObject(text=_(NOT_MEDICAL_ADVICE))])],
    )


@localized
def resumed_message(text: str) -> dict[str, Any]:
    """Replaces the check-in DM once its button is tapped (no button left to tap twice)."""
    return {"text": text, "blocks": [_section(text)]}
