"""Workspace moves: the admin's modal to add one, its field errors, the admin Home's list with reports,
and the answer to a report from a card."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import (
    Block,
    ButtonElement,
    InputBlock,
    MarkdownTextObject,
    Option,
    OverflowMenuElement,
    PlainTextInputElement,
    PlainTextObject,
    SectionBlock,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from slackapp.domain import workspace_moves as rules
from slackapp.domain.exercises import by_key
from slackapp.ids import (
    ACTION_MANAGE_WORKSPACE_MOVE,
    ACTION_OPEN_WORKSPACE_MOVE,
    ACTION_WSMOVE_INPUT,
    BLOCK_WSMOVE_CUE,
    BLOCK_WSMOVE_DOSE,
    BLOCK_WSMOVE_HOW,
    BLOCK_WSMOVE_NAME,
    BLOCK_WSMOVE_POSITION,
    BLOCK_WSMOVE_SEATED,
    VIEW_WORKSPACE_MOVE,
)
from slackapp.ui.i18n import _, localized, nformat
from slackapp.ui.wording import STOP_IF_IT_HURTS

BLOCK_BY_FIELD = {
    "name": BLOCK_WSMOVE_NAME,
    "how": BLOCK_WSMOVE_HOW,
    "dose": BLOCK_WSMOVE_DOSE,
    "cue": BLOCK_WSMOVE_CUE,
    "position": BLOCK_WSMOVE_POSITION,
    "seated_version": BLOCK_WSMOVE_SEATED,
}


def _text_input(
    block_id: str, label: str, limit: int, *, multiline: bool = False, hint: str = ""
) -> InputBlock:
    return InputBlock(
        block_id=block_id,
        label=PlainTextObject(text=label),
        element=PlainTextInputElement(action_id=ACTION_WSMOVE_INPUT, max_length=limit, multiline=multiline),
        hint=PlainTextObject(text=hint) if hint else None,
    )


def _option(value: str, text: str) -> Option:
    return Option(value=value, text=PlainTextObject(text=text[:75]))


@localized
def modal() -> View:
    """The admin's "Add a workspace move" modal (callback ids.VIEW_WORKSPACE_MOVE)."""
    seated = [_option(rules.NO_SEATED_VERSION, _("None"))] + [
        _option(key, _(move.name)) for key in rules.SEATED_VERSIONS if (move := by_key(key))
    ]
    blocks: list[Block] = [
        SectionBlock(
            text=MarkdownTextObject(
                text=_(
                    "Add a move to your workspace's rotation. Use your own plain words; every card adds "
                    "\u201c{stop}\u201d and \u201cAdded by your workspace\u201d, and anyone can report it "
                    "as unclear or unsafe."
                ).format(stop=_(STOP_IF_IT_HURTS))
            )
        ),
        _text_input(BLOCK_WSMOVE_NAME, _("Name"), rules.MAX_NAME),
        _text_input(BLOCK_WSMOVE_HOW, _("How to do it"), rules.MAX_HOW, multiline=True),
        _text_input(BLOCK_WSMOVE_DOSE, _("Dose (for example: 10 slow reps)"), rules.MAX_DOSE),
        _text_input(BLOCK_WSMOVE_CUE, _("Cue: which squeeze to focus on"), rules.MAX_CUE),
        InputBlock(
            block_id=BLOCK_WSMOVE_POSITION,
            label=PlainTextObject(text=_("Position")),
            element=StaticSelectElement(
                action_id=ACTION_WSMOVE_INPUT,
                options=[_option(p, _(rules.POSITION_LABELS[p])) for p in rules.POSITIONS],
            ),
        ),
        InputBlock(
            block_id=BLOCK_WSMOVE_SEATED,
            label=PlainTextObject(text=_("Seated version (for standing and floor moves)")),
            element=StaticSelectElement(action_id=ACTION_WSMOVE_INPUT, options=seated),
            optional=True,
        ),
    ]
    return View(
        type="modal",
        callback_id=VIEW_WORKSPACE_MOVE,
        title=PlainTextObject(text=_("Workspace move")),
        submit=PlainTextObject(text=_("Add")),
        close=PlainTextObject(text=_("Cancel")),
        blocks=blocks,
    )


def parse(state_values: dict[str, Any]) -> rules.MoveInput:
    """What the admin entered (missing fields read as empty: the checks name them)."""

    def field(block_id: str) -> dict[str, Any]:
        return (state_values.get(block_id) or {}).get(ACTION_WSMOVE_INPUT) or {}

    def text(block_id: str) -> str:
        return str(field(block_id).get("value") or "")

    def picked(block_id: str) -> str:
        return str((field(block_id).get("selected_option") or {}).get("value") or "")

    return rules.MoveInput(
        name=text(BLOCK_WSMOVE_NAME),
        how=text(BLOCK_WSMOVE_HOW),
        dose=text(BLOCK_WSMOVE_DOSE),
        cue=text(BLOCK_WSMOVE_CUE),
        position=picked(BLOCK_WSMOVE_POSITION),
        seated_version=picked(BLOCK_WSMOVE_SEATED),
    )


@localized
def block_errors(problems: dict[str, str]) -> dict[str, str]:
    return {BLOCK_BY_FIELD[name]: _(message) for name, message in problems.items()}


@localized
def admin_blocks(entries: tuple[tuple[rules.WorkspaceMove, int, int], ...]) -> list[Block]:
    """The admin Home's workspace moves: each with its state and reports, and a pause/resume/remove menu."""
    blocks: list[Block] = [
        SectionBlock(
            text=MarkdownTextObject(text=_("*Workspace moves*")),
            accessory=ButtonElement(
                text=PlainTextObject(text=_("Add a workspace move")),
                action_id=ACTION_OPEN_WORKSPACE_MOVE,
                value="add",
            ),
        )
    ]
    for move, unclear, unsafe in entries:
        state = _("paused") if move.paused else _(rules.POSITION_LABELS[move.position])
        line = f"*{move.name}* · {state}"
        if unclear or unsafe:
            line += "\n" + _(":warning: Reported: {unclear}, {unsafe}").format(
                unclear=nformat("{count} time unclear", "{count} times unclear", unclear),
                unsafe=nformat("{count} time unsafe", "{count} times unsafe", unsafe),
            )
        toggle = ("resume", _("Resume")) if move.paused else ("pause", _("Pause"))
        blocks.append(
            SectionBlock(
                text=MarkdownTextObject(text=line),
                accessory=OverflowMenuElement(
                    action_id=ACTION_MANAGE_WORKSPACE_MOVE,
                    options=[
                        _option(f"{toggle[0]}:{move.move_id}", toggle[1]),
                        _option(f"remove:{move.move_id}", _("Remove")),
                    ],
                ),
            )
        )
    return blocks


@localized
def reported() -> dict[str, Any]:
    return {"text": _(":pray: Thanks. Your workspace's admins will see the report; nobody sees who sent it.")}
