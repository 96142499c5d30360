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
from slackapp.ui.i18n import N_, _, localized

EXPORT_COMMENT = N_("Here is everything glutes stores about you, as JSON.")


@localized
def export_started() -> dict[str, Any]:
    return {"text": _(":package: I'm sending you a file with everything glutes stores about you, in a DM.")}


@localized
def export_too_soon() -> dict[str, Any]:
    """The answer to a second `/glutes export` within a minute (the first one's file is on its way)."""
    return {
        "text": _(
            ":hourglass_flowing_sand: Your export is already on its way to your DMs. "
            "You can ask for another one in a minute with `{command} export`."
        ).format(command=COMMAND)
    }


@localized
def forget_confirmation() -> dict[str, Any]:
    """The ephemeral question `/glutes forget-me` asks before deleting anything."""
    text = _(
        "*Delete everything glutes stores about you?*\n"
        "Your schedule, break history, streaks, self-test results, leaderboard points and challenge entries "
        "go for good, and your breaks stop. This can't be undone."
    )
    return {
        "text": _("Delete everything glutes stores about you?"),
        "blocks": [
            SectionBlock(text=MarkdownTextObject(text=text)),
            ActionsBlock(
                elements=[
                    ButtonElement(
                        text=PlainTextObject(text=_("Delete my data")),
                        action_id=ACTION_FORGET_CONFIRM,
                        value="forget",
                        style="danger",
                        confirm=ConfirmObject(
                            title=_("Delete your data?"),
                            text=_("Everything glutes stores about you will be deleted."),
                            confirm=_("Delete"),
                            deny=_("Keep it"),
                        ),
                    ),
                    ButtonElement(
                        text=PlainTextObject(text=_("Keep it")), action_id=ACTION_FORGET_CANCEL, value="keep"
                    ),
                ]
            ),
        ],
    }


@localized
def forgotten() -> dict[str, Any]:
    return {
        "text": _(
            ":wastebasket: Done. "
            "Everything glutes stored about you is deleted and your breaks are off. "
            "`{command} on` starts fresh any time."
        ).format(command=COMMAND)
    }


@localized
def kept() -> dict[str, Any]:
    return {"text": _("Nothing was deleted.")}
