"""The workspace settings modal: building it from current values, reading its state, showing field errors."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import (
    Block,
    CheckboxesElement,
    ContextBlock,
    ConversationFilter,
    ConversationSelectElement,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    PlainTextObject,
    StaticSelectElement,
    UserMultiSelectElement,
)
from slack_sdk.models.views import View

from slackapp.domain import languages, rhythm
from slackapp.domain.workspace_settings import (
    MAX_CARE_LENGTH,
    FieldErrors,
    WorkspaceSettings,
    WorkspaceSettingsInput,
)
from slackapp.ids import (
    ACTION_ADMIN_INPUT,
    BLOCK_ADMIN_ADMINS,
    BLOCK_ADMIN_CARE,
    BLOCK_ADMIN_CHANNEL,
    BLOCK_ADMIN_DAYS,
    BLOCK_ADMIN_HOURS,
    BLOCK_ADMIN_INTERVAL,
    BLOCK_ADMIN_POST_DAY,
    BLOCK_ADMIN_POST_TIME,
    BLOCK_ADMIN_TZ,
    VIEW_ADMIN,
)
from slackapp.ui.i18n import N_, _, error_text, localized, weekday_name

# ids.py has no id for these optional blocks yet, so they live here.
BLOCK_ADMIN_TEAM_BREAK = "admin_team_break"
BLOCK_ADMIN_LANGUAGE = "admin_language"

CARE_HINT = N_(
    "Your company's own help for pain or injury: the EAP, occupational health, HR or a physio benefit"
)
_TEAM_BREAK_VALUE = "on"


def _clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def _option(value: str, text: str) -> Option:
    return Option(value=value, text=PlainTextObject(text=text, emoji=True))


def _interval_options(current: int) -> list[Option]:
    # An allowed value off the grid (set some other way) still shows, rather than silently changing.
    return [_option(str(m), _("{m} minutes").format(m=m)) for m in rhythm.interval_choices(current)]


def _input(
    block_id: str, label: str, element: Any, *, hint: str | None = None, optional: bool = False
) -> InputBlock:
    return InputBlock(
        block_id=block_id,
        label=PlainTextObject(text=label, emoji=True),
        element=element,
        hint=PlainTextObject(text=hint, emoji=True) if hint else None,
        optional=optional,
    )


@localized
def settings_modal(current: WorkspaceSettings) -> View:
    """The workspace settings modal (callback ids.VIEW_ADMIN) filled in with the current values."""
    day_names = [weekday_name(d) for d in range(7)]  # Babel's names for the render's locale
    day_options = [_option(str(d), name) for d, name in enumerate(day_names)]
    interval_options = _interval_options(current.interval_minutes)
    interval_initial = next((o for o in interval_options if o.value == str(current.interval_minutes)), None)
    post_day_options = [_option(str(d), name) for d, name in enumerate(day_names)]
    language_options = [_option(code, name) for code, name in languages.NAMES.items()]
    team_break_option = _option(
        _TEAM_BREAK_VALUE, _("Post a daily team break in channels with a running challenge")
    )
    blocks: list[Block] = [
        ContextBlock(
            elements=[
                MarkdownTextObject(
                    text=_(
                        "These are the defaults for people who haven't set their own, "
                        "plus the leaderboard and challenge settings for the whole workspace."
                    )
                )
            ]
        ),
        _input(
            BLOCK_ADMIN_HOURS,
            _("Default work hours"),
            PlainTextInputElement(
                action_id=ACTION_ADMIN_INPUT,
                initial_value=f"{_clock(current.start_minute)}-{_clock(current.end_minute)}",
                placeholder="09:00-17:00",
            ),
            hint=_("24-hour clock, start-end, like 09:00-17:00."),
        ),
        _input(
            BLOCK_ADMIN_DAYS,
            _("Default work days"),
            CheckboxesElement(
                action_id=ACTION_ADMIN_INPUT,
                options=day_options,
                initial_options=[o for o in day_options if int(o.value) in current.days] or None,
            ),
        ),
        _input(
            BLOCK_ADMIN_INTERVAL,
            _("Default minutes between breaks"),
            StaticSelectElement(
                action_id=ACTION_ADMIN_INPUT,
                placeholder=_("Pick an interval"),
                options=interval_options,
                initial_option=interval_initial,
            ),
        ),
        _input(
            BLOCK_ADMIN_CHANNEL,
            _("Leaderboard channel"),
            ConversationSelectElement(
                action_id=ACTION_ADMIN_INPUT,
                placeholder=_("Pick a channel"),
                initial_conversation=current.board_channel or None,
                default_to_current_conversation=False,
                filter=ConversationFilter(include=["public", "private"], exclude_bot_users=True),
            ),
            hint=_("The weekly board is posted here. Leave empty for no weekly post."),
            optional=True,
        ),
        _input(
            BLOCK_ADMIN_POST_DAY,
            _("Weekly post day"),
            StaticSelectElement(
                action_id=ACTION_ADMIN_INPUT,
                placeholder=_("Pick a day"),
                options=post_day_options,
                initial_option=post_day_options[current.post_weekday]
                if 0 <= current.post_weekday <= 6
                else None,
            ),
        ),
        _input(
            BLOCK_ADMIN_POST_TIME,
            _("Weekly post time"),
            PlainTextInputElement(
                action_id=ACTION_ADMIN_INPUT,
                initial_value=_clock(current.post_minute),
                placeholder="16:00",
            ),
            hint=_("24-hour clock in the workspace time zone, like 16:00."),
        ),
        _input(
            BLOCK_ADMIN_TZ,
            _("Workspace time zone"),
            PlainTextInputElement(
                action_id=ACTION_ADMIN_INPUT,
                initial_value=current.tz or None,
                placeholder="Europe/Berlin",
            ),
            hint=_("An IANA name like Europe/Berlin or America/New_York. Boards and challenges use it."),
        ),
        _input(
            BLOCK_ADMIN_ADMINS,
            _("App admins"),
            UserMultiSelectElement(
                action_id=ACTION_ADMIN_INPUT,
                placeholder=_("Pick people"),
                initial_users=list(current.app_admins) or None,
            ),
            hint=_("They can change these settings too, alongside the workspace admins."),
            optional=True,
        ),
        _input(
            BLOCK_ADMIN_CARE,
            _("Care resources"),
            PlainTextInputElement(
                action_id=ACTION_ADMIN_INPUT,
                initial_value=current.care_text or None,
                multiline=True,
                max_length=MAX_CARE_LENGTH,
            ),
            hint=_(CARE_HINT),
            optional=True,
        ),
        _input(
            BLOCK_ADMIN_TEAM_BREAK,
            _("Team breaks"),
            CheckboxesElement(
                action_id=ACTION_ADMIN_INPUT,
                options=[team_break_option],
                initial_options=[team_break_option] if current.daily_team_break else None,
            ),
            optional=True,
        ),
        _input(
            BLOCK_ADMIN_LANGUAGE,
            _("Language for channel posts"),
            StaticSelectElement(
                action_id=ACTION_ADMIN_INPUT,
                options=language_options,
                initial_option=next((o for o in language_options if o.value == current.language), None),
            ),
            hint=_(
                "Challenges, standings, boards and team breaks. "
                "Each person's own messages follow their language."
            ),
            optional=True,
        ),
    ]
    return View(
        type="modal",
        callback_id=VIEW_ADMIN,
        # Translators: a Slack modal title: at most 24 characters.
        title=PlainTextObject(text=_("Workspace settings")),
        submit=PlainTextObject(text=_("Save")),
        close=PlainTextObject(text=_("Cancel")),
        blocks=blocks,
    )


def _field(state_values: dict, block_id: str) -> dict:
    """The one element's state under block_id, or {} when Slack left it out."""
    return (state_values.get(block_id) or {}).get(ACTION_ADMIN_INPUT) or {}


def _selected(state_values: dict, block_id: str) -> str | None:
    return ((_field(state_values, block_id).get("selected_option")) or {}).get("value")


def _checked(state_values: dict, block_id: str) -> list[str]:
    return [o.get("value", "") for o in _field(state_values, block_id).get("selected_options") or []]


@localized
def parse_settings(state_values: dict) -> WorkspaceSettingsInput:
    """The submitted fields from view.state.values: strings as typed, picks as ints, ids, tuples or None."""
    post_day = _selected(state_values, BLOCK_ADMIN_POST_DAY)
    return WorkspaceSettingsInput(
        hours=_field(state_values, BLOCK_ADMIN_HOURS).get("value") or "",
        days=frozenset(int(v) for v in _checked(state_values, BLOCK_ADMIN_DAYS) if v.isdigit()),
        interval=_selected(state_values, BLOCK_ADMIN_INTERVAL) or "",
        channel=_field(state_values, BLOCK_ADMIN_CHANNEL).get("selected_conversation") or None,
        post_day=int(post_day) if post_day and post_day.isdigit() else None,
        post_time=_field(state_values, BLOCK_ADMIN_POST_TIME).get("value") or "",
        tz=_field(state_values, BLOCK_ADMIN_TZ).get("value") or "",
        admins=tuple(_field(state_values, BLOCK_ADMIN_ADMINS).get("selected_users") or ()),
        care=_field(state_values, BLOCK_ADMIN_CARE).get("value") or "",
        team_break=_TEAM_BREAK_VALUE in _checked(state_values, BLOCK_ADMIN_TEAM_BREAK),
        language=_selected(state_values, BLOCK_ADMIN_LANGUAGE) or "",
    )


# Where each settings field sits in the modal, for response_action="errors".
FIELD_BLOCKS = {
    "hours": BLOCK_ADMIN_HOURS,
    "days": BLOCK_ADMIN_DAYS,
    "interval": BLOCK_ADMIN_INTERVAL,
    "channel": BLOCK_ADMIN_CHANNEL,
    "post_day": BLOCK_ADMIN_POST_DAY,
    "post_time": BLOCK_ADMIN_POST_TIME,
    "tz": BLOCK_ADMIN_TZ,
    "admins": BLOCK_ADMIN_ADMINS,
    "care": BLOCK_ADMIN_CARE,
    "team_break": BLOCK_ADMIN_TEAM_BREAK,
    "language": BLOCK_ADMIN_LANGUAGE,
}


@localized
def block_errors(errors: FieldErrors) -> dict[str, str]:
    """The field errors keyed by the modal's block ids, as plain text for response_action="errors"."""
    # Modal errors are plain text, so the backticks the slash-command messages use would show literally.
    return {
        FIELD_BLOCKS[name]: error_text(error).replace("`", '"') for name, error in errors.by_field.items()
    }


@localized
def refusal_text() -> str:
    """Polite ephemeral text for someone who may not change workspace settings."""
    return _(
        "Only workspace admins and app admins can change workspace settings. "
        "Ask one of them to make the change, or to add you as an app admin."
    )
