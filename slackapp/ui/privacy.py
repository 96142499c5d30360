"""Messages for exporting and deleting a person's data."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    ButtonElement,
    ConfirmObject,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)

from slackapp.ids import ACTION_FORGET_CANCEL, ACTION_FORGET_CONFIRM, COMMAND

EXPORT_COMMENT = "Here is everything glutes stores about you, as JSON."


def export_started() -> dict[str, Any]:
    return {"text": ":package: I'm sending you a file with everything glutes stores about you, in a DM."}


def export_too_soon() -> dict[str, Any]:
    """The answer to a second `/glutes export` within a minute (the first one's file is on its way)."""
    return {
        "text": ":hourglass_flowing_sand: Your export is already on its way to your DMs. "
        f"You can ask for another one in a minute with `{COMMAND} export`."
    }


def forget_confirmation() -> dict[str, Any]:
    """The ephemeral question `/glutes forget-me` asks before deleting anything."""
    text = (
        "*Delete everything glutes stores about you?*\n"
        "Your schedule, break history, streaks, self-test results, leaderboard points and challenge entries "
        "go for good, and your breaks stop. This can't be undone."
    )
    return {
        "text": "Delete everything glutes stores about you?",
        "blocks": [
            SectionBlock(text=MarkdownTextObject(text=text)),
            ActionsBlock(
                elements=[
                    ButtonElement(
                        text=PlainTextObject(text="Delete my data"),
                        action_id=ACTION_FORGET_CONFIRM,
                        value="forget",
                        style="danger",
                        confirm=ConfirmObject(
                            title="Delete your data?",
                            text="Everything glutes stores about you will be deleted.",
                            confirm="Delete",
                            deny="Keep it",
                        ),
                    ),
                    ButtonElement(
                        text=PlainTextObject(text="Keep it"), action_id=ACTION_FORGET_CANCEL, value="keep"
                    ),
                ]
            ),
        ],
    }


def forgotten() -> dict[str, Any]:
    return {
        "text": ":wastebasket: Done. Everything glutes stored about you is deleted and your breaks are off. "
        f"`{COMMAND} on` starts fresh any time."
    }


def kept() -> dict[str, Any]:
    return {"text": "Nothing was deleted."}
