"""The person's language: the `/glutes language` replies and the Home tab's language picker.

Language names are each language's own (domain.languages.NAMES), never translated, so anyone can find
theirs whatever language the surface is in.
"""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import (
    MarkdownTextObject,
    Option,
    PlainTextObject,
    SectionBlock,
    StaticSelectElement,
)

from slackapp.domain import languages
from slackapp.domain.text import LANGUAGE_CHOICE
from slackapp.ids import COMMAND
from slackapp.ui.i18n import _, format_list, localized, negotiate

# The Home tab's language select (ids.py is shared with other work in flight, so it lives here).
ACTION_LANGUAGE_CHOICE = "language_choice"


def _name(locale: str | None) -> str:
    return languages.NAMES[negotiate(locale)]


def _choices() -> str:
    choice = _(LANGUAGE_CHOICE)
    return format_list(
        [choice.format(code=f"`{code}`", name=name) for code, name in languages.NAMES.items()], style="or"
    )


@localized
def current(*, chosen: str, effective: str) -> dict[str, Any]:
    """`/glutes language` alone: the language now, where it comes from, and the choices."""
    if chosen:
        where = _("You chose it. `{command} language auto` follows your Slack language again.").format(
            command=COMMAND
        )
    else:
        where = _("It follows your Slack language.")
    return {
        "text": _(
            "I speak {language} to you. {where}\nChange it with `{command} language <code>`: {choices}."
        ).format(language=_name(effective), where=where, command=COMMAND, choices=_choices())
    }


@localized
def chosen(code: str) -> dict[str, Any]:
    """The reply after a change, in the new language (`code`, or the Slack one after `auto`)."""
    return {
        "text": _(
            ":speech_balloon: From now on I speak {language} to you. `{command} language` shows the choices."
        ).format(language=_name(code), command=COMMAND)
    }


@localized
def picker_block(chosen: str) -> SectionBlock:
    """The Home tab's "Language" row: a select of the languages, plus "Slack's language" (auto)."""
    # Translators: Home language menu option (at most 75 characters): follow Slack's language.
    auto = Option(value=languages.AUTO, text=PlainTextObject(text=_("Same as Slack"), emoji=True))
    options = [auto] + [
        Option(value=code, text=PlainTextObject(text=name, emoji=True))
        for code, name in languages.NAMES.items()
    ]
    initial = next((o for o in options if o.value == chosen), auto)
    return SectionBlock(
        text=MarkdownTextObject(text=_("*Language*\nThe language glutes speaks to you in.")),
        accessory=StaticSelectElement(
            action_id=ACTION_LANGUAGE_CHOICE, options=options, initial_option=initial
        ),
    )
