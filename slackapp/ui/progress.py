"""The words of progression: the level line on Home and `/glutes status`, and the answers to a step-up
offer, a Too easy / Just right / Too hard tap and `/glutes level`. Private to the person: no board or
channel post uses this module."""

from __future__ import annotations

from typing import Any

from slackapp.domain import levels
from slackapp.flows.results import FeedbackAnswer, LevelView, OfferAnswer
from slackapp.ids import BLOCK_CARD_FEEDBACK, COMMAND
from slackapp.ui.i18n import _, localized, nformat

Reply = dict[str, Any]


@localized
def level_line(view: LevelView) -> str:
    """ "Level 2 of 3 · 3 more days of practice to the next offer" (or why no offer comes)."""
    line = _(":signal_strength: Level {level} of {max_level}").format(
        level=view.level, max_level=levels.MAX_LEVEL
    )
    if view.offers_stopped:
        return line + _(
            " · no step-up offers after a pain answer; `{command} level up` when you feel ready"
        ).format(command=COMMAND)
    if view.days_to_offer is None:
        return line + _(" · the top level")
    if view.days_to_offer == 0:
        return line + _(" · your next card offers the next level")
    return line + _(" · {plural} of practice to the next offer").format(
        plural=nformat("{count} more day", "{count} more days", view.days_to_offer)
    )


@localized
def offer_answered(answer: OfferAnswer) -> Reply:
    match answer.kind:
        case "accepted":
            text = _(
                ":seedling: You are on level {level} now; this card and the next show its doses."
            ).format(level=answer.level)
        case "stayed":
            text = _(
                ":ok_hand: Staying at level {level}. An offer comes again after more steady days."
            ).format(level=answer.level)
        case _:
            text = _("That offer was already answered; you are at level {level}.").format(level=answer.level)
    return {"text": text}


@localized
def feedback_answered(answer: FeedbackAnswer) -> Reply:
    if answer.kind == "already":
        text = _("You already told me how that card felt; thanks.")
    elif answer.kind == "too_hard" and answer.stepped_down:
        text = _(":ok_hand: Thanks. Stepping down: your next cards are level {level}.").format(
            level=answer.level
        )
    elif answer.kind == "too_hard":
        text = _(
            ":ok_hand: Thanks. Level 1 is the gentlest; do only what feels comfortable, and stop if it hurts."
        )
    elif answer.kind == "too_easy" and answer.offer is not None:
        text = _(":seedling: Noted. Your next card offers level {level}.").format(level=answer.offer)
    else:
        text = _(":ok_hand: Thanks, noted.")
    return {"text": text}


def feedback_settled(message: dict[str, Any], answer_line: str) -> Reply | None:
    """The answered card (as Slack sent it back with the click) without its Too easy / Just right / Too hard
    row, the answer in its place; None when the click carried no message to redraw."""
    blocks = message.get("blocks") or []
    feedback = next((i for i, b in enumerate(blocks) if b.get("block_id") == BLOCK_CARD_FEEDBACK), None)
    if feedback is None:
        return None
    # The row and the "How did that feel?" line just above it give way to the answer.
    kept = blocks[: max(0, feedback - 1)] + blocks[feedback + 1 :]
    kept.append({"type": "context", "elements": [{"type": "mrkdwn", "text": answer_line}]})
    return {"text": message.get("text") or answer_line, "blocks": kept}


@localized
def level_reply(view: LevelView) -> Reply:
    """`/glutes level`: where the person stands and how to change it."""
    return {
        "text": level_line(view)
        + "\n"
        + _("`{command} level up` or `{command} level down` changes it yourself.").format(command=COMMAND)
    }


@localized
def level_changed(level: int) -> Reply:
    return {
        "text": _(":signal_strength: You are on level {level} now; your next card shows it.").format(
            level=level
        )
    }
