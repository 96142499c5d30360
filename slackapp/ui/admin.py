"""The workspace settings modal: building it from current values, reading its state, and checking it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

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

from slackapp.domain import timespec
from slackapp.domain.errors import InputError
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

# ids.py has no id for this optional block yet, so it lives here.
BLOCK_ADMIN_TEAM_BREAK = "admin_team_break"

MIN_INTERVAL, MAX_INTERVAL, INTERVAL_STEP = 20, 120, 5
MAX_CARE_LENGTH = 1500
CARE_HINT = "Who to talk to about persistent pain: a physio benefit, an EAP, a clinic of your choice"
_TEAM_BREAK_VALUE = "on"
_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_CLOCK = re.compile(r"(\d{1,2}):(\d{2})")


@dataclass(frozen=True)
class WorkspaceSettingsView:
    """The workspace settings as the modal shows them when it opens."""

    start_minute: int
    end_minute: int
    days: frozenset[int]
    interval_minutes: int
    board_channel: str | None
    post_weekday: int
    post_minute: int
    tz: str
    app_admins: tuple[str, ...]
    care_text: str
    daily_team_break: bool = False


def _clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def _option(value: str, text: str) -> Option:
    return Option(value=value, text=PlainTextObject(text=text, emoji=True))


def _interval_options(current: int) -> list[Option]:
    minutes = set(range(MIN_INTERVAL, MAX_INTERVAL + 1, INTERVAL_STEP))
    # An allowed value off the 5-minute grid (set some other way) still shows, rather than silently changing.
    if MIN_INTERVAL <= current <= MAX_INTERVAL:
        minutes.add(current)
    return [_option(str(m), f"{m} minutes") for m in sorted(minutes)]


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


def settings_modal(current: WorkspaceSettingsView) -> View:
    """The workspace settings modal (callback ids.VIEW_ADMIN) filled in with the current values."""
    day_options = [_option(str(d), name) for d, name in enumerate(_DAY_NAMES)]
    interval_options = _interval_options(current.interval_minutes)
    interval_initial = next((o for o in interval_options if o.value == str(current.interval_minutes)), None)
    post_day_options = [_option(str(d), name) for d, name in enumerate(_DAY_NAMES)]
    team_break_option = _option(
        _TEAM_BREAK_VALUE, "Post a daily team break in channels with a running challenge"
    )
    blocks: list[Block] = [
        ContextBlock(
            elements=[
                MarkdownTextObject(
                    text="These are the defaults for people who haven't set their own, "
                    "plus the leaderboard and challenge settings for the whole workspace."
                )
            ]
        ),
        _input(
            BLOCK_ADMIN_HOURS,
            "Default work hours",
            PlainTextInputElement(
                action_id=ACTION_ADMIN_INPUT,
                initial_value=f"{_clock(current.start_minute)}-{_clock(current.end_minute)}",
                placeholder="09:00-17:00",
            ),
            hint="24-hour clock, start-end, like 09:00-17:00.",
        ),
        _input(
            BLOCK_ADMIN_DAYS,
            "Default work days",
            CheckboxesElement(
                action_id=ACTION_ADMIN_INPUT,
                options=day_options,
                initial_options=[o for o in day_options if int(o.value) in current.days] or None,
            ),
        ),
        _input(
            BLOCK_ADMIN_INTERVAL,
            "Default minutes between breaks",
            StaticSelectElement(
                action_id=ACTION_ADMIN_INPUT,
                placeholder="Pick an interval",
                options=interval_options,
                initial_option=interval_initial,
            ),
        ),
        _input(
            BLOCK_ADMIN_CHANNEL,
            "Leaderboard channel",
            ConversationSelectElement(
                action_id=ACTION_ADMIN_INPUT,
                placeholder="Pick a channel",
                initial_conversation=current.board_channel or None,
                default_to_current_conversation=False,
                filter=ConversationFilter(include=["public", "private"], exclude_bot_users=True),
            ),
            hint="The weekly board is posted here. Leave empty for no weekly post.",
            optional=True,
        ),
        _input(
            BLOCK_ADMIN_POST_DAY,
            "Weekly post day",
            StaticSelectElement(
                action_id=ACTION_ADMIN_INPUT,
                placeholder="Pick a day",
                options=post_day_options,
                initial_option=post_day_options[current.post_weekday]
                if 0 <= current.post_weekday <= 6
                else None,
            ),
        ),
        _input(
            BLOCK_ADMIN_POST_TIME,
            "Weekly post time",
            PlainTextInputElement(
                action_id=ACTION_ADMIN_INPUT,
                initial_value=_clock(current.post_minute),
                placeholder="16:00",
            ),
            hint="24-hour clock in the workspace time zone, like 16:00.",
        ),
        _input(
            BLOCK_ADMIN_TZ,
            "Workspace time zone",
            PlainTextInputElement(
                action_id=ACTION_ADMIN_INPUT,
                initial_value=current.tz or None,
                placeholder="Europe/Berlin",
            ),
            hint="An IANA name like Europe/Berlin or America/New_York. Boards and challenges use it.",
        ),
        _input(
            BLOCK_ADMIN_ADMINS,
            "App admins",
            UserMultiSelectElement(
                action_id=ACTION_ADMIN_INPUT,
                placeholder="Pick people",
                initial_users=list(current.app_admins) or None,
            ),
            hint="They can change these settings too, alongside the workspace admins.",
            optional=True,
        ),
        _input(
            BLOCK_ADMIN_CARE,
            "Care resources",
            PlainTextInputElement(
                action_id=ACTION_ADMIN_INPUT,
                initial_value=current.care_text or None,
                multiline=True,
                max_length=MAX_CARE_LENGTH,
            ),
            hint=CARE_HINT,
            optional=True,
        ),
        _input(
            BLOCK_ADMIN_TEAM_BREAK,
            "Team breaks",
            CheckboxesElement(
                action_id=ACTION_ADMIN_INPUT,
                options=[team_break_option],
                initial_options=[team_break_option] if current.daily_team_break else None,
            ),
            optional=True,
        ),
    ]
    return View(
        type="modal",
        callback_id=VIEW_ADMIN,
        title=PlainTextObject(text="Workspace settings"),
        submit=PlainTextObject(text="Save"),
        close=PlainTextObject(text="Cancel"),
        blocks=blocks,
    )


def _field(state_values: dict, block_id: str) -> dict:
    """The one element's state under block_id, or {} when Slack left it out."""
    return (state_values.get(block_id) or {}).get(ACTION_ADMIN_INPUT) or {}


def _selected(state_values: dict, block_id: str) -> str | None:
    return ((_field(state_values, block_id).get("selected_option")) or {}).get("value")


def _checked(state_values: dict, block_id: str) -> list[str]:
    return [o.get("value", "") for o in _field(state_values, block_id).get("selected_options") or []]


def parse_settings(state_values: dict) -> dict[str, Any]:
    """Raw values from view.state.values, by field: strings as typed, picks as ints, ids, tuples or None."""
    post_day = _selected(state_values, BLOCK_ADMIN_POST_DAY)
    return {
        "hours": _field(state_values, BLOCK_ADMIN_HOURS).get("value") or "",
        "days": frozenset(int(v) for v in _checked(state_values, BLOCK_ADMIN_DAYS) if v.isdigit()),
        "interval": _selected(state_values, BLOCK_ADMIN_INTERVAL) or "",
        "channel": _field(state_values, BLOCK_ADMIN_CHANNEL).get("selected_conversation") or None,
        "post_day": int(post_day) if post_day and post_day.isdigit() else None,
        "post_time": _field(state_values, BLOCK_ADMIN_POST_TIME).get("value") or "",
        "tz": _field(state_values, BLOCK_ADMIN_TZ).get("value") or "",
        "admins": tuple(_field(state_values, BLOCK_ADMIN_ADMINS).get("selected_users") or ()),
        "care": _field(state_values, BLOCK_ADMIN_CARE).get("value") or "",
        "team_break": _TEAM_BREAK_VALUE in _checked(state_values, BLOCK_ADMIN_TEAM_BREAK),
    }


def _modal_message(error: InputError) -> str:
    # Modal errors are plain text, so the backticks the slash-command messages use would show literally.
    return error.message.replace("`", '"')


def _valid_tz(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError, TypeError):
        return False
    return True


def validate_settings(raw: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """(clean values of the fields that passed, an error per failing block_id) for response_action errors."""
    clean: dict[str, Any] = {}
    errors: dict[str, str] = {}

    try:
        clean["start_minute"], clean["end_minute"] = timespec.parse_hours(raw.get("hours") or "")
    except InputError as error:
        errors[BLOCK_ADMIN_HOURS] = _modal_message(error)

    days = frozenset(raw.get("days") or ())
    if not days:
        errors[BLOCK_ADMIN_DAYS] = "Pick at least one work day."
    elif not days <= timespec.ALL_DAYS:
        errors[BLOCK_ADMIN_DAYS] = "Pick work days from Monday to Sunday."
    else:
        clean["days"] = days

    interval = str(raw.get("interval") or "").strip()
    if interval.isascii() and interval.isdigit() and MIN_INTERVAL <= int(interval) <= MAX_INTERVAL:
        clean["interval_minutes"] = int(interval)
    else:
        errors[BLOCK_ADMIN_INTERVAL] = f"Pick an interval from {MIN_INTERVAL} to {MAX_INTERVAL} minutes."

    clean["board_channel"] = raw.get("channel") or None

    post_day = raw.get("post_day")
    if isinstance(post_day, int) and 0 <= post_day <= 6:
        clean["post_weekday"] = post_day
    else:
        errors[BLOCK_ADMIN_POST_DAY] = "Pick the day for the weekly post."

    post_time = str(raw.get("post_time") or "").strip()
    match = _CLOCK.fullmatch(post_time)
    if match and int(match.group(1)) <= 23 and int(match.group(2)) <= 59:
        clean["post_minute"] = int(match.group(1)) * 60 + int(match.group(2))
    else:
        shown = f'"{post_time[:20]}" isn\'t a time I can read. ' if post_time else ""
        errors[BLOCK_ADMIN_POST_TIME] = f"{shown}Use the 24-hour clock, like 16:00."

    tz = str(raw.get("tz") or "").strip()
    if tz and _valid_tz(tz):
        clean["tz"] = tz
    else:
        shown = f'I don\'t know the time zone "{tz[:40]}". ' if tz else ""
        errors[BLOCK_ADMIN_TZ] = f"{shown}Use a name like Europe/Berlin or America/New_York."

    # dict.fromkeys drops repeats while keeping the order people were picked in.
    clean["app_admins"] = tuple(dict.fromkeys(raw.get("admins") or ()))

    care = str(raw.get("care") or "").strip()
    if len(care) > MAX_CARE_LENGTH:
        errors[BLOCK_ADMIN_CARE] = f"Keep this to {MAX_CARE_LENGTH:,} characters; it's {len(care):,} now."
    else:
        clean["care_text"] = care

    clean["daily_team_break"] = bool(raw.get("team_break"))
    return clean, errors


def refusal_text() -> str:
    """Polite ephemeral text for someone who may not change workspace settings."""
    return (
        "Only workspace admins and app admins can change workspace settings. "
        "Ask one of them to make the change, or to add you as an app admin."
    )
