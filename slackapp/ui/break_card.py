"""The break card DM and the message that replaces it once the person answers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    HeaderBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)

from slackapp.domain.exercises import Exercise, seated_alternative
from slackapp.flows.results import CARD_KINDS, CardKind
from slackapp.ids import (
    ACTION_BREAK_DONE,
    ACTION_BREAK_SKIP,
    ACTION_BREAK_SNOOZE,
    BLOCK_BREAK_ACTIONS,
    COMMAND,
)
from slackapp.ui.wording import NOT_MEDICAL_ADVICE, STOP_IF_IT_HURTS

# The Snooze button promises this many minutes; whoever handles the click must snooze by the same amount.
SNOOZE_MINUTES = 15

OUTCOME_KINDS = CARD_KINDS

# Picked by today's count so the same click always renders the same words.
_CHEERS = (
    "Your glutes are awake.",
    "Nice one, back's grateful.",
    "That's the way.",
    "Good move, literally.",
)


@dataclass(frozen=True)
class CardOutcome:
    """What happened to a break card, with the numbers the replacement message shows."""

    kind: CardKind
    exercise: Exercise
    today_done: int = 0
    streak: int = 0
    next_break_label: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in OUTCOME_KINDS:
            raise ValueError(f"unknown card outcome kind: {self.kind!r}")


def _plural(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count == 1 else plural}"


def _title(exercise: Exercise) -> str:
    return f"{exercise.emoji} {exercise.name}"


def one_line(text: str) -> str:
    """A multi-line how-to as one line (for a mention under another move)."""
    return " ".join(line.strip() for line in text.splitlines() if line.strip())


def variant_lines(exercise: Exercise) -> list[str]:
    """The gentler ways to do a move: its easier version (floor moves) and its seated stand-in."""
    lines = []
    if exercise.easier:
        lines.append(f":feather: *Easier:* {exercise.easier}")
    seated = seated_alternative(exercise)
    if seated is not None:
        lines.append(f":chair: *In a chair today?* Do the *{seated.name}* instead: {one_line(seated.how)}")
    return lines


def card(exercise: Exercise, break_id: str) -> dict[str, Any]:
    """Return chat.postMessage kwargs (text, blocks) for a break card whose buttons all carry break_id."""
    blocks: list[Block] = [
        HeaderBlock(text=PlainTextObject(text=f"Break time: {_title(exercise)}", emoji=True)),
        SectionBlock(text=MarkdownTextObject(text=exercise.how)),
        SectionBlock(
            text=MarkdownTextObject(text=f":repeat: *{exercise.dose}*\n:point_right: {exercise.cue}"),
        ),
        ContextBlock(elements=[MarkdownTextObject(text=f":raised_hand: {STOP_IF_IT_HURTS}")]),
    ]
    if exercise.needs_floor:
        blocks.append(
            ContextBlock(
                elements=[MarkdownTextObject(text=":information_source: Needs a bit of floor space.")]
            )
        )
    if variants := variant_lines(exercise):
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=line) for line in variants]))
    blocks.append(
        ActionsBlock(
            block_id=BLOCK_BREAK_ACTIONS,
            elements=[
                ButtonElement(
                    text=PlainTextObject(text="Done", emoji=True),
                    action_id=ACTION_BREAK_DONE,
                    value=break_id,
                    style="primary",
                ),
                ButtonElement(
                    text=PlainTextObject(text=f"Snooze {SNOOZE_MINUTES} min", emoji=True),
                    action_id=ACTION_BREAK_SNOOZE,
                    value=break_id,
                ),
                ButtonElement(
                    text=PlainTextObject(text="Skip", emoji=True),
                    action_id=ACTION_BREAK_SKIP,
                    value=break_id,
                ),
            ],
        )
    )
    blocks.append(ContextBlock(elements=[MarkdownTextObject(text=NOT_MEDICAL_ADVICE)]))
    return {"text": f"{exercise.emoji} Break time: {exercise.name}", "blocks": blocks}


def _next(label: str | None) -> str:
    return f" Next break at {label}." if label else ""


def _outcome_line(outcome: CardOutcome) -> str:
    label = outcome.next_break_label
    match outcome.kind:
        case "done":
            cheer = _CHEERS[outcome.today_done % len(_CHEERS)]
            return (
                f":white_check_mark: Done — {_plural(outcome.today_done, 'break', 'breaks')} today, "
                f"streak {_plural(outcome.streak, 'day', 'days')}. {cheer}{_next(label)}"
            )
        case "snoozed":
            when = f"at {label}" if label else f"in {SNOOZE_MINUTES} minutes"
            return f":zzz: Snoozed. I'll nudge you again {when}."
        case "skipped":
            return f":fast_forward: Skipped, no worries.{_next(label)}"
        case "already_done":
            return ":white_check_mark: You already marked this one done; it counts once."
        case "already_skipped":
            return ":fast_forward: You already skipped this one; nothing more to count."
        case "expired":
            return f":hourglass: This card is from an earlier day, so nothing changed.{_next(label)}"
        case "opted_out":
            return (
                f":no_bell: Breaks are off, so nothing was counted. Type `{COMMAND} on` to start them again."
            )
    raise ValueError(f"unknown card outcome kind: {outcome.kind!r}")


def after(outcome: CardOutcome) -> dict[str, Any]:
    """Return chat.update / respond kwargs (text, blocks) replacing a card: title and outcome, no buttons."""
    line = _outcome_line(outcome)
    blocks: list[Block] = [
        SectionBlock(text=MarkdownTextObject(text=f"*{_title(outcome.exercise)}*")),
        SectionBlock(text=MarkdownTextObject(text=line)),
    ]
    return {"text": f"{_title(outcome.exercise)}: {line}", "blocks": blocks}
