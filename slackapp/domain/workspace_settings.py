"""Checking the workspace settings an admin submits: raw fields in, typed settings or per-field errors out."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from slackapp.domain import languages, rhythm, timespec
from slackapp.domain.errors import InputError
from slackapp.domain.text import N_, Number, ascii_number

MAX_CARE_LENGTH = 1500
_CLOCK = re.compile(r"([0-9]{1,2}):([0-9]{2})")


@dataclass(frozen=True)
class WorkspaceSettingsInput:
    """The settings as submitted: text as typed, picks already read as ints, ids, tuples or None."""

    hours: str = ""
    days: frozenset[int] = frozenset()
    interval: str = ""
    channel: str | None = None
    post_day: int | None = None
    post_time: str = ""
    tz: str = ""
    admins: tuple[str, ...] = ()
    care: str = ""
    team_break: bool = False
    language: str = ""


@dataclass(frozen=True)
class WorkspaceSettings:
    """The workspace settings an admin changes: the defaults for people, the boards and the challenges."""

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
    language: str = languages.DEFAULT  # what channel posts are written in


@dataclass(frozen=True)
class FieldErrors:
    """What is wrong with a submission: a message per WorkspaceSettingsInput field name."""

    by_field: Mapping[str, InputError] = field(default_factory=dict)


def _valid_tz(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError, TypeError):
        return False
    return True


def check(raw: WorkspaceSettingsInput) -> WorkspaceSettings | FieldErrors:
    """The settings when every field is usable; otherwise an error for each field that is not."""
    problems: dict[str, InputError] = {}

    start_minute = end_minute = 0
    try:
        start_minute, end_minute = timespec.parse_hours(raw.hours)
    except InputError as error:
        problems["hours"] = error

    days: frozenset[int] = frozenset()
    try:
        days = rhythm.check_work_days(raw.days)
    except InputError as error:
        problems["days"] = error

    interval = raw.interval.strip()
    interval_minutes = ascii_number(interval) or 0
    if not rhythm.interval_in_bounds(interval_minutes):
        problems["interval"] = InputError(
            N_("Pick an interval from {low} to {high} minutes."),
            low=rhythm.MIN_INTERVAL_MINUTES,
            high=rhythm.MAX_INTERVAL_MINUTES,
        )

    if not (isinstance(raw.post_day, int) and 0 <= raw.post_day <= 6):
        problems["post_day"] = InputError(N_("Pick the day for the weekly post."))

    post_time = raw.post_time.strip()
    post_minute = 0
    match = _CLOCK.fullmatch(post_time)
    if match and int(match.group(1)) <= 23 and int(match.group(2)) <= 59:
        post_minute = int(match.group(1)) * 60 + int(match.group(2))
    else:
        problems["post_time"] = (
            InputError(
                N_('"{typed}" isn\'t a time I can read. Use the 24-hour clock, like 16:00.'),
                typed=post_time[:20],
            )
            if post_time
            else InputError(N_("Use the 24-hour clock, like 16:00."))
        )

    tz = raw.tz.strip()
    if not (tz and _valid_tz(tz)):
        problems["tz"] = (
            InputError(
                N_(
                    'I don\'t know the time zone "{typed}". '
                    "Use a name like Europe/Berlin or America/New_York."
                ),
                typed=tz[:40],
            )
            if tz
            else InputError(N_("Use a name like Europe/Berlin or America/New_York."))
        )

    care = raw.care.strip()
    if len(care) > MAX_CARE_LENGTH:
        problems["care"] = InputError(
            N_("Keep this to {most} characters; it's {length} now."),
            most=Number(MAX_CARE_LENGTH),
            length=Number(len(care)),
        )

    if problems:
        return FieldErrors(problems)
    return WorkspaceSettings(
        start_minute=start_minute,
        end_minute=end_minute,
        days=days,
        interval_minutes=interval_minutes,
        board_channel=raw.channel or None,
        post_weekday=raw.post_day or 0,
        post_minute=post_minute,
        tz=tz,
        # dict.fromkeys drops repeats while keeping the order people were picked in.
        app_admins=tuple(dict.fromkeys(raw.admins)),
        care_text=care,
        daily_team_break=raw.team_break,
        # A crafted submission may name anything: channel posts then stay in English.
        language=languages.known(raw.language or languages.DEFAULT),
    )
