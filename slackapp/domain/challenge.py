"""Channel challenges: reading `/glutes challenge start`, the dates one runs, and who made the podium."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from slackapp.domain.errors import InputError
from slackapp.domain.ranking import Ranked
from slackapp.domain.text import N_, ZERO_WIDTH_JOINER, ascii_number, without_hidden_controls

MIN_DAYS, MAX_DAYS = 1, 90
DEFAULT_TITLE = N_("Glute Challenge")
MAX_TITLE_LENGTH = 80
PODIUM_PLACES = 3

_EXAMPLE = "`/glutes challenge start 14 Spring Glute Reset`"


@dataclass(frozen=True)
class ChallengeSpec:
    """What someone asked for: how many days and what to call it."""

    days: int
    title: str


@dataclass(frozen=True)
class Challenge:
    """A challenge in one channel, running from starts_on to ends_on inclusive (workspace-local dates)."""

    challenge_id: str
    channel_id: str
    title: str
    started_by: str
    starts_on: date
    ends_on: date
    stopped: bool = False

    def __post_init__(self) -> None:
        if self.ends_on < self.starts_on:
            raise ValueError(f"ends_on {self.ends_on} is before starts_on {self.starts_on}")


def _clean_title(text: str) -> str:
    """A title safe to show: no < or > (so no mentions or links), no control, invisible or direction-changing
    characters, single spaces, at most 80 characters; "" when nothing visible is left."""
    shown = "".join(" " if unicodedata.category(c) == "Cc" else c for c in without_hidden_controls(text))
    cleaned = " ".join(shown.replace("<", " ").replace(">", " ").split())[:MAX_TITLE_LENGTH].rstrip()
    return cleaned if cleaned.replace(ZERO_WIDTH_JOINER, "").strip() else ""


def parse_start(args: str) -> ChallengeSpec:
    """(days, title) from "14 Spring Glute Reset" or "7" (default title); InputError for bad days."""
    parts = (args or "").split(maxsplit=1)
    if not parts:
        raise InputError(
            N_("Tell me how many days the challenge should run, for example {example}."), example=_EXAMPLE
        )
    first = parts[0].replace("`", "'")
    shown = first if len(first) <= 20 else first[:19] + "…"
    if not first.isascii() or not first.isdigit():
        raise InputError(
            N_("Start with the number of days (`{shown}` isn't one), for example {example}."),
            shown=shown,
            example=_EXAMPLE,
        )
    # None past 9 digits: far out of range, and int() refuses more than 4,300 digits outright.
    days = ascii_number(first.lstrip("0") or "0")
    if days is None or not MIN_DAYS <= days <= MAX_DAYS:
        raise InputError(
            N_("A challenge can run {low} to {high} days, not {days}. For example {example}."),
            low=MIN_DAYS,
            high=MAX_DAYS,
            days=shown,
            example=_EXAMPLE,
        )
    title = _clean_title(parts[1]) if len(parts) > 1 else ""
    return ChallengeSpec(days=days, title=title or DEFAULT_TITLE)


def plan(
    spec: ChallengeSpec, *, challenge_id: str, channel_id: str, started_by: str, today: date
) -> Challenge:
    """A challenge that starts today and ends on its last day, today + days - 1."""
    if not MIN_DAYS <= spec.days <= MAX_DAYS:
        raise ValueError(f"days must be {MIN_DAYS}..{MAX_DAYS}, got {spec.days}")
    return Challenge(
        challenge_id=challenge_id,
        channel_id=channel_id,
        title=spec.title,
        started_by=started_by,
        starts_on=today,
        ends_on=today + timedelta(days=spec.days - 1),
    )


def length_days(ch: Challenge) -> int:
    """How many days the challenge runs, counting both its first and last day."""
    return (ch.ends_on - ch.starts_on).days + 1


def is_running(ch: Challenge, today: date) -> bool:
    """True when the challenge was not stopped and today falls within its dates."""
    return not ch.stopped and ch.starts_on <= today <= ch.ends_on


def has_ended(ch: Challenge, today: date) -> bool:
    """True when the challenge was stopped or its last day is behind us."""
    return ch.stopped or today > ch.ends_on


def day_number(ch: Challenge, today: date) -> int:
    """Which day of the challenge today is, 1-based, held within 1..length so "Day 15 of 14" never shows."""
    return min(max((today - ch.starts_on).days + 1, 1), length_days(ch))


def podium(ranked: list[Ranked]) -> list[Ranked]:
    """The rows placed first to third, ties included, so a podium may hold more than three people."""
    return [row for row in ranked if row.rank <= PODIUM_PLACES]
