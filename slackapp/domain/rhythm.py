"""The bounds a break rhythm keeps: the minutes between breaks and the work days. Stated here once."""

from __future__ import annotations

from collections.abc import Iterable

from slackapp.domain.errors import InputError
from slackapp.domain.text import N_, Phrase, ascii_number
from slackapp.domain.timespec import ALL_DAYS

MIN_INTERVAL_MINUTES = 20
MAX_INTERVAL_MINUTES = 120
# The menus offer intervals on this grid; a value off it (set with `/glutes every`) is still allowed.
INTERVAL_STEP_MINUTES = 5
INTERVAL_CHOICES: tuple[int, ...] = tuple(
    range(MIN_INTERVAL_MINUTES, MAX_INTERVAL_MINUTES + 1, INTERVAL_STEP_MINUTES)
)


def interval_in_bounds(minutes: int) -> bool:
    return MIN_INTERVAL_MINUTES <= minutes <= MAX_INTERVAL_MINUTES


def check_interval_minutes(minutes: int, *, example: str = "") -> int:
    """`minutes` when it is an allowed interval; otherwise InputError, naming `example` when given."""
    if not interval_in_bounds(minutes):
        if example:
            raise InputError(
                N_("Pick between {low} and {high} minutes, e.g. {example}."),
                low=MIN_INTERVAL_MINUTES,
                high=MAX_INTERVAL_MINUTES,
                example=Phrase(example),
            )
        raise InputError(
            N_("Pick between {low} and {high} minutes."), low=MIN_INTERVAL_MINUTES, high=MAX_INTERVAL_MINUTES
        )
    return minutes


def parse_interval_minutes(text: str, *, example: str) -> int:
    """Whole minutes from "45", "45m", "45 min" or "45 minutes"; check_interval_minutes checks the bounds."""
    digits = text.lower().removesuffix("minutes").removesuffix("min").removesuffix("m").strip()
    minutes = ascii_number(digits, max_digits=6)
    if minutes is None:
        raise InputError(
            N_("I need a number of minutes between {low} and {high}. {example}"),
            low=MIN_INTERVAL_MINUTES,
            high=MAX_INTERVAL_MINUTES,
            example=Phrase(example),
        )
    return minutes


def interval_choices(current: int | None = None) -> tuple[int, ...]:
    """The offered intervals, plus `current` when it is allowed but off the grid (so it shows unchanged)."""
    minutes = set(INTERVAL_CHOICES)
    if current is not None and interval_in_bounds(current):
        minutes.add(current)
    return tuple(sorted(minutes))


def nearest_interval_choice(minutes: int) -> int:
    """The offered interval closest to `minutes`; ties go to the shorter one."""
    return min(INTERVAL_CHOICES, key=lambda choice: (abs(choice - minutes), choice))


def check_work_days(days: Iterable[int]) -> frozenset[int]:
    """The chosen weekdays (0=Mon) when there is at least one and all are real weekdays."""
    chosen = frozenset(days)
    if not chosen:
        raise InputError(N_("Pick at least one work day."))
    if not chosen <= ALL_DAYS:
        raise InputError(N_("Pick work days from Monday to Sunday."))
    return chosen
