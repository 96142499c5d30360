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
from slackapp.ui.i18n import N_, _, localized

MOVES_WHAT: dict[MovePreference, str] = {
    "standing": N_("one-minute moves you can do standing by your desk"),
    "seated": N_("moves you can do sitting, from a chair or a wheelchair"),
    "floor": N_("desk moves, plus a floor move now and then (those need a bit of floor space)"),
}

BOARDS_WHERE = N_("the leaderboard, the weekly post and channel standings")


@localized
def moves_line(preference: str) -> str:
    chosen = preference_of(preference)
    # Translators: "*Standing*: moves you can do standing by your desk." (French: a space before ":").
    return _("*{label}*: {what}.").format(label=_(PREFERENCE_LABELS[chosen]), what=_(MOVES_WHAT[chosen]))


@localized
def moves_select(preference: str) -> StaticSelectElement:
    options = [Option(value=p, label=_(PREFERENCE_LABELS[p])) for p in PREFERENCES]
    initial = options[PREFERENCES.index(preference_of(preference))]
    return StaticSelectElement(action_id=ACTION_MOVES_CHOICE, options=options, initial_option=initial)


@localized
def moves_block(preference: str) -> SectionBlock:
    """ "Your moves", with a select to change them."""
    return SectionBlock(
        text=MarkdownTextObject(
            text=_("*Your moves*\n{moves_line}").format(moves_line=moves_line(preference))
        ),
        accessory=moves_select(preference),
    )


@localized
def boards_block(shown: bool) -> SectionBlock:
    """ "Team boards": whether the person is shown, and the one button that changes it."""
    if shown:
        text = _("*Team boards*\nYou're shown on {boards_where}.").format(boards_where=_(BOARDS_WHERE))
        button = ButtonElement(
            text=PlainTextObject(text=_("Hide me from team boards"), emoji=True),
            action_id=ACTION_BOARDS_CHOICE,
            value="hide",
        )
    else:
        text = _(
            "*Team boards*\nYou're not shown on {boards_where} unless you say yes. "
            "Your breaks count for you either way."
        ).format(boards_where=_(BOARDS_WHERE))
        button = ButtonElement(
            text=PlainTextObject(text=_("Show me on team boards"), emoji=True),
            action_id=ACTION_BOARDS_CHOICE,
            value="show",
        )
    return SectionBlock(text=MarkdownTextObject(text=text), accessory=button)


@localized
def choice_blocks(*, moves: str, shown: bool) -> list[Block]:
    """The two choices, for the welcome DM and the App Home."""
    return [moves_block(moves), boards_block(shown)]


@localized
def moves_set(preference: str) -> dict[str, Any]:
    """The reply after the person picks their moves."""
    return {
        "text": _(
            ":ok_hand: From your next card: {moves_line} `{command} moves standing|seated|floor` changes it."
        ).format(moves_line=moves_line(preference), command=COMMAND)
    }


@localized
def moves_current(preference: str) -> dict[str, Any]:
    """`/glutes moves` with nothing after it: what they get now, and the choices."""
    return {
        "text": _(
            "Your cards carry {moves_line}\nChange it with `{command} moves standing`, "
            "`{command} moves seated` or `{command} moves floor`."
        ).format(moves_line=moves_line(preference), command=COMMAND)
    }


@localized
def boards_chosen(shown: bool) -> dict[str, Any]:
    """The reply after the person says yes or no to team boards."""
    if shown:
        return {
            "text": _(
                ":eyes: You're on team boards now: {boards_where}. `{command} hide` takes you off."
            ).format(boards_where=_(BOARDS_WHERE), command=COMMAND)
        }
    return {
        "text": _(
            ":see_no_evil: You're off the public boards. Your breaks still count for you. "
            "`{command} unhide` puts you on them."
        ).format(command=COMMAND)
    }


@localized
def boards_notice() -> dict[str, Any]:
    """The one-time DM to people who opted in before team boards became opt-in."""
    text = _(
        ":lock: *Team boards are now opt-in.* You're no longer shown on {boards_where} unless you say yes. "
        "Your breaks still count for you, and nothing else changes."
    ).format(boards_where=_(BOARDS_WHERE))
    blocks: list[Block] = [
        SectionBlock(
            text=MarkdownTextObject(text=text),
            accessory=ButtonElement(
                text=PlainTextObject(text=_("Show me on team boards"), emoji=True),
                action_id=ACTION_BOARDS_CHOICE,
                value="show",
            ),
        ),
        ContextBlock(
            elements=[
                MarkdownTextObject(
                    text=_("`{command} unhide` does the same; `{command} hide` undoes it.").format(
                        command=COMMAND
                    )
                )
            ]
        ),
    ]
    return {"text": _("Team boards are now opt-in: you're not shown unless you say yes."), "blocks": blocks}
