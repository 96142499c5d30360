"""The break card DM and the message that replaces it once the person answers."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    HeaderBlock,
    MarkdownTextObject,
    Option,
    OverflowMenuElement,
    PlainTextObject,
    SectionBlock,
)

from slackapp.domain import levels
from slackapp.domain.exercises import Exercise, seated_alternative
from slackapp.domain.workspace_moves import KEY_PREFIX as WORKSPACE_KEY_PREFIX
from slackapp.domain.workspace_moves import is_workspace_key
from slackapp.flows.results import CARD_KINDS, CardResult
from slackapp.ids import (
    ACTION_BREAK_DONE,
    ACTION_BREAK_HURTS,
    ACTION_BREAK_SKIP,
    ACTION_BREAK_SNOOZE,
    ACTION_FEEDBACK_JUST_RIGHT,
    ACTION_FEEDBACK_TOO_EASY,
    ACTION_FEEDBACK_TOO_HARD,
    ACTION_LEVEL_ACCEPT,
    ACTION_LEVEL_STAY,
    ACTION_REPORT_MOVE,
    BLOCK_BREAK_ACTIONS,
    BLOCK_CARD_FEEDBACK,
    BLOCK_LEVEL_OFFER,
    COMMAND,
)
from slackapp.ui.i18n import N_, _, localized, nformat
from slackapp.ui.wording import NOT_MEDICAL_ADVICE, STOP_IF_IT_HURTS

# The Snooze button promises this many minutes; whoever handles the click must snooze by the same amount.
SNOOZE_MINUTES = 15

OUTCOME_KINDS = CARD_KINDS

# The line on a card that was held for a meeting, huddle or DND and goes out right as it ends.
MEETING_OVER = N_(":wave: Meeting over — a minute for your glutes?")

# Picked by today's count so the same click always renders the same words.
_CHEERS = (
    N_("Your glutes are awake."),
    N_("Nice one, that's another break."),
    N_("That's the way."),
    N_("Good move, literally."),
)


def _title(exercise: Exercise) -> str:
    return f"{exercise.emoji} {_(exercise.name)}"


@localized
def one_line(text: str) -> str:
    """A multi-line how-to as one line (for a mention under another move)."""
    return " ".join(line.strip() for line in text.splitlines() if line.strip())


@localized
def variant_lines(exercise: Exercise) -> list[str]:
    """The gentler ways to do a move: its easier version (floor moves) and its seated stand-in."""
    lines = []
    if _(exercise.easier):
        lines.append(_(":feather: *Easier:* {easier}").format(easier=_(exercise.easier)))
    seated = seated_alternative(exercise)
    if seated is not None:
        lines.append(
            _(":chair: *In a chair today?* Do the *{name}* instead: {one_line}").format(
                name=_(seated.name), one_line=one_line(_(seated.how))
            )
        )
    return lines


def _level_line(dosed: levels.Dosed) -> str:
    line = _(":signal_strength: Level {level} of {max_level}").format(
        level=dosed.level, max_level=levels.MAX_LEVEL
    )
    if dosed.step_how:
        line += "\n" + _(":arrow_up: *This level:* {step}").format(step=_(dosed.step_how))
    return line


def _offer_blocks(level: int, offer: int, break_id: str) -> list[Block]:
    return [
        SectionBlock(
            text=MarkdownTextObject(
                text=_(
                    ":seedling: You have kept at level {level} steadily. Want to try level {next} from now "
                    "on? Same moves, a step further, always within what feels comfortable. Nothing "
                    "changes unless you say yes."
                ).format(level=level, next=offer)
            )
        ),
        ActionsBlock(
            block_id=BLOCK_LEVEL_OFFER,
            elements=[
                ButtonElement(
                    # Translators: a button (max 75 characters); {next} is a level number.
                    text=PlainTextObject(text=_("Try level {next}").format(next=offer), emoji=True),
                    action_id=ACTION_LEVEL_ACCEPT,
                    value=break_id,
                    style="primary",
                ),
                ButtonElement(
                    # Translators: a button (max 75 characters): keep the current level.
                    text=PlainTextObject(text=_("Stay here"), emoji=True),
                    action_id=ACTION_LEVEL_STAY,
                    value=break_id,
                ),
            ],
        ),
    ]


def _own_move_block(exercise: Exercise) -> SectionBlock:
    """A workspace's own move says so, and lets anyone report it as unclear or unsafe."""
    move_id = exercise.key.removeprefix(WORKSPACE_KEY_PREFIX)
    return SectionBlock(
        text=MarkdownTextObject(text=_(":office: Added by your workspace")),
        accessory=OverflowMenuElement(
            action_id=ACTION_REPORT_MOVE,
            options=[
                Option(value=f"unclear:{move_id}", text=PlainTextObject(text=_("Report as unclear"))),
                Option(value=f"unsafe:{move_id}", text=PlainTextObject(text=_("Report as unsafe"))),
            ],
        ),
    )


def hurts_button(action_id: str, value: str) -> ButtonElement:
    """The "It hurts" button on a break card and a team break: one tap pauses the cards."""
    return ButtonElement(
        # Translators: a break-card button (max 75 characters): the person says the move hurts.
        text=PlainTextObject(text=_(":raised_hand: It hurts"), emoji=True),
        action_id=action_id,
        value=value,
    )


@localized
def card(
    exercise: Exercise,
    break_id: str,
    level: int = 1,
    offer: int | None = None,
    *,
    after_hold: bool = False,
) -> dict[str, Any]:
    """Return chat.postMessage kwargs (text, blocks) for a break card at `level` whose buttons all carry
    break_id; with `offer`, the step-up offer (Try level N / Stay here) comes first.

    `after_hold`: the card was held for a meeting, huddle or DND and goes out as it ends; one line says so.
    """
    own = is_workspace_key(exercise.key)
    dosed = levels.at_level(exercise, 1 if own else level)
    blocks: list[Block] = [
        HeaderBlock(
            text=PlainTextObject(text=_("Break time: {title}").format(title=_title(exercise)), emoji=True)
        ),
        SectionBlock(text=MarkdownTextObject(text=_(exercise.how))),
        _own_move_block(exercise)
        if own
        else ContextBlock(elements=[MarkdownTextObject(text=_level_line(dosed))]),
        SectionBlock(
            text=MarkdownTextObject(
                text=_(":repeat: *{dose}*\n:point_right: {cue}").format(dose=_(dosed.dose), cue=_(dosed.cue))
            ),
        ),
        ContextBlock(
            elements=[
                MarkdownTextObject(
                    text=_(":raised_hand: {stop_if_it_hurts}").format(stop_if_it_hurts=_(STOP_IF_IT_HURTS))
                )
            ]
        ),
    ]
    if after_hold:
        blocks.insert(1, ContextBlock(elements=[MarkdownTextObject(text=_(MEETING_OVER))]))
    if exercise.needs_floor:
        blocks.append(
            ContextBlock(
                elements=[MarkdownTextObject(text=_(":information_source: Needs a bit of floor space."))]
            )
        )
    if variants := variant_lines(exercise):
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=line) for line in variants]))
    blocks.append(
        ActionsBlock(
            block_id=BLOCK_BREAK_ACTIONS,
            elements=[
                ButtonElement(
                    # Translators: a break-card button: at most 75 characters, ideally one word.
                    text=PlainTextObject(text=_("Done"), emoji=True),
                    action_id=ACTION_BREAK_DONE,
                    value=break_id,
                    style="primary",
                ),
                ButtonElement(
                    text=PlainTextObject(
                        # Translators: a break-card button (max 75 characters); {snooze_minutes} is a number.
                        text=_("Snooze {snooze_minutes} min").format(snooze_minutes=SNOOZE_MINUTES),
                        emoji=True,
                    ),
                    action_id=ACTION_BREAK_SNOOZE,
                    value=break_id,
                ),
                ButtonElement(
                    # Translators: a break-card button: at most 75 characters, ideally one word.
                    text=PlainTextObject(text=_("Skip"), emoji=True),
                    action_id=ACTION_BREAK_SKIP,
                    value=break_id,
                ),
                hurts_button(ACTION_BREAK_HURTS, break_id),
            ],
        )
    )
    blocks.append(ContextBlock(elements=[MarkdownTextObject(text=_(NOT_MEDICAL_ADVICE))]))
    if offer is not None and offer > dosed.level:
        blocks[1:1] = _offer_blocks(dosed.level, offer, break_id)
    return {
        "text": _("{emoji} Break time: {name}").format(emoji=exercise.emoji, name=_(exercise.name)),
        "blocks": blocks,
    }


def _next(label: str | None) -> str:
    return _(" Next break at {label}.").format(label=label) if label else ""


def _outcome_line(outcome: CardResult, label: str | None) -> str:
    match outcome.kind:
        case "done":
            cheer = _(_CHEERS[outcome.today_done % len(_CHEERS)])
            return _(":white_check_mark: Done — {plural} today, streak {plural2}. {cheer}{next}").format(
                plural=nformat("{count} break", "{count} breaks", outcome.today_done),
                plural2=nformat("{count} day", "{count} days", outcome.streak),
                cheer=cheer,
                next=_next(label),
            )
        case "snoozed":
            when = (
                _("at {label}").format(label=label)
                if label
                else _("in {snooze_minutes} minutes").format(snooze_minutes=SNOOZE_MINUTES)
            )
            return _(":zzz: Snoozed. I'll nudge you again {when}.").format(when=when)
        case "skipped":
            return _(":fast_forward: Skipped, no worries.{next}").format(next=_next(label))
        case "already_done":
            return _(":white_check_mark: You already marked this one done; it counts once.")
        case "already_skipped":
            return _(":fast_forward: You already skipped this one; nothing more to count.")
        case "expired":
            return _(":hourglass: This card is from an earlier day, so nothing changed.{next}").format(
                next=_next(label)
            )
        case "opted_out":
            return _(
                ":no_bell: Breaks are off, so nothing was counted. Type `{command} on` to start them again."
            ).format(command=COMMAND)
    raise ValueError(f"unknown card outcome kind: {outcome.kind!r}")


def _feedback_blocks(break_id: str) -> list[Block]:
    answers = (
        # Translators: three optional buttons after Done (max 75 characters each).
        (ACTION_FEEDBACK_TOO_EASY, N_("Too easy")),
        (ACTION_FEEDBACK_JUST_RIGHT, N_("Just right")),
        (ACTION_FEEDBACK_TOO_HARD, N_("Too hard")),
    )
    return [
        ContextBlock(elements=[MarkdownTextObject(text=_("How did that feel? One optional tap:"))]),
        ActionsBlock(
            block_id=BLOCK_CARD_FEEDBACK,
            elements=[
                ButtonElement(
                    text=PlainTextObject(text=_(label), emoji=True), action_id=action, value=break_id
                )
                for action, label in answers
            ],
        ),
    ]


@localized
def after(
    outcome: CardResult,
    next_break_label: str | None = None,
    *,
    ask_feedback: bool = False,
    break_id: str = "",
) -> dict[str, Any]:
    """Return chat.update / respond kwargs (text, blocks) replacing a card: title and outcome, no buttons
    but, with `ask_feedback` after a Done, the one optional Too easy / Just right / Too hard.
    `next_break_label` is the next break's time as the person reads it (ui/when.py), when there is one."""
    line = _outcome_line(outcome, next_break_label)
    blocks: list[Block] = [
        SectionBlock(text=MarkdownTextObject(text=f"*{_title(outcome.exercise)}*")),
        SectionBlock(text=MarkdownTextObject(text=line)),
    ]
    if ask_feedback and outcome.kind == "done":
        blocks += _feedback_blocks(break_id)
    return {"text": f"{_title(outcome.exercise)}: {line}", "blocks": blocks}
