"""A person's own choices: which moves their cards carry, and whether they are shown on team boards.

The same blocks sit in the welcome DM and on the App Home; the one-time notice about team boards for
people who opted in before boards became opt-in is here too.
"""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import (
    Block,
    ButtonElement,
    ContextBlock,
    MarkdownTextObject,
    Option,
    PlainTextObject,
    SectionBlock,
    StaticSelectElement,
)

from slackapp.domain.exercises import PREFERENCE_LABELS, PREFERENCES, MovePreference, preference_of
from slackapp.ids import ACTION_BOARDS_CHOICE, ACTION_MOVES_CHOICE, COMMAND

MOVES_WHAT: dict[MovePreference, str] = {
    "standing": "one-minute moves you can do standing by your desk",
    "seated": "moves you can do sitting, from a chair or a wheelchair",
    "floor": "desk moves, plus a floor move now and then (those need a bit of floor space)",
}

BOARDS_WHERE = "the leaderboard, the weekly post and channel standings"


def moves_line(preference: str) -> str:
    chosen = preference_of(preference)
    return f"*{PREFERENCE_LABELS[chosen]}*: {MOVES_WHAT[chosen]}."


def moves_select(preference: str) -> StaticSelectElement:
    options = [Option(value=p, label=PREFERENCE_LABELS[p]) for p in PREFERENCES]
    initial = options[PREFERENCES.index(preference_of(preference))]
    return StaticSelectElement(action_id=ACTION_MOVES_CHOICE, options=options, initial_option=initial)


def moves_block(preference: str) -> SectionBlock:
    """ "Your moves", with a select to change them."""
    return SectionBlock(
        text=MarkdownTextObject(text=f"*Your moves*\n{moves_line(preference)}"),
        accessory=moves_select(preference),
    )


def boards_block(shown: bool) -> SectionBlock:
    """ "Team boards": whether the person is shown, and the one button that changes it."""
    if shown:
        text = f"*Team boards*\nYou're shown on {BOARDS_WHERE}."
        button = ButtonElement(
            text=PlainTextObject(text="Hide me from team boards", emoji=True),
            action_id=ACTION_BOARDS_CHOICE,
            value="hide",
        )
    else:
        text = (
            f"*Team boards*\nYou're not shown on {BOARDS_WHERE} unless you say yes. "
            "Your breaks count for you either way."
        )
        button = ButtonElement(
            text=PlainTextObject(text="Show me on team boards", emoji=True),
            action_id=ACTION_BOARDS_CHOICE,
            value="show",
        )
    return SectionBlock(text=MarkdownTextObject(text=text), accessory=button)


def choice_blocks(*, moves: str, shown: bool) -> list[Block]:
    """The two choices, for the welcome DM and the App Home."""
    return [moves_block(moves), boards_block(shown)]


def moves_set(preference: str) -> dict[str, Any]:
    """The reply after the person picks their moves."""
    return {
        "text": f":ok_hand: From your next card: {moves_line(preference)} "
        f"`{COMMAND} moves standing|seated|floor` changes it."
    }


def moves_current(preference: str) -> dict[str, Any]:
    """`/glutes moves` with nothing after it: what they get now, and the choices."""
    return {
        "text": f"Your cards carry {moves_line(preference)}\n"
        f"Change it with `{COMMAND} moves standing`, `{COMMAND} moves seated` or `{COMMAND} moves floor`."
    }


def boards_chosen(shown: bool) -> dict[str, Any]:
    """The reply after the person says yes or no to team boards."""
    if shown:
        return {"text": f":eyes: You're on team boards now: {BOARDS_WHERE}. `{COMMAND} hide` takes you off."}
    return {
        "text": ":see_no_evil: You're off the public boards. Your breaks still count for you. "
        f"`{COMMAND} unhide` puts you on them."
    }


def boards_notice() -> dict[str, Any]:
    """The one-time DM to people who opted in before team boards became opt-in."""
    text = (
        ":lock: *Team boards are now opt-in.* You're no longer shown on "
        f"{BOARDS_WHERE} unless you say yes. Your breaks still count for you, and nothing else changes."
    )
    blocks: list[Block] = [
        SectionBlock(
            text=MarkdownTextObject(text=text),
            accessory=ButtonElement(
                text=PlainTextObject(text="Show me on team boards", emoji=True),
                action_id=ACTION_BOARDS_CHOICE,
                value="show",
            ),
        ),
        ContextBlock(
            elements=[
                MarkdownTextObject(text=f"`{COMMAND} unhide` does the same; `{COMMAND} hide` undoes it.")
            ]
        ),
    ]
    return {"text": "Team boards are now opt-in: you're not shown unless you say yes.", "blocks": blocks}
