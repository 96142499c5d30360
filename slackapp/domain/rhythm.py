"""The bounds a break rhythm keeps: the minutes between breaks and the work days. Stated here once."""

from __future__ import annotations

import re
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


# Clock-aligned breaks ("every :50"): at most this many marks an hour, at least this far apart (so no two
# cards come closer than a short interval; see schedule.MARK_MIN_GAP).
MAX_MARKS = 3
MARK_MIN_GAP_MINUTES = 20
_MARK = re.compile(r":([0-9]{1,2})")  # ASCII digits only, as every number a person types
# The clock-aligned choices the rhythm modal offers next to the intervals (`/glutes every` takes any).
MARK_CHOICES: tuple[tuple[int, ...], ...] = ((50,), (25, 55))


def mark_choices(current: tuple[int, ...] = ()) -> tuple[tuple[int, ...], ...]:
    """The offered clock-aligned choices, plus `current` when it is set and not among them."""
    return MARK_CHOICES + ((current,) if current and current not in MARK_CHOICES else ())


def marks_value(marks: tuple[int, ...]) -> str:
    """ ":25 :55": the marks as `/glutes every` and the modal's option value spell them."""
    return " ".join(f":{m:02d}" for m in marks)


def is_marks_text(text: str) -> bool:
    """True when `/glutes every` was given minutes past the hour (":50", ":25 :55"), not an interval."""
    return text.strip().startswith(":")


def parse_marks(text: str) -> tuple[int, ...]:
    """Minutes past the hour from ":50", ":25 :55", ":25,:55" or ":25 and :55", sorted; InputError when a
    minute is not 00-59, there are more than MAX_MARKS, or two are closer than MARK_MIN_GAP_MINUTES."""
    words = [w for w in re.split(r"[\s,]+|\band\b", text.strip().lower()) if w]
    found = [_MARK.fullmatch(w) for w in words]
    if not words or not all(found):
        raise InputError(
            N_("Give minutes past the hour, like `/glutes every :50` or `/glutes every :25 :55`.")
        )
    marks = tuple(sorted({int(m.group(1)) for m in found if m}))
    if not all(0 <= m <= 59 for m in marks):
        raise InputError(N_("Minutes past the hour go from :00 to :59, e.g. `/glutes every :50`."))
    if len(marks) > MAX_MARKS:
        raise InputError(
            N_("Pick at most {count} times an hour, e.g. `/glutes every :25 :55`."), count=MAX_MARKS
        )
    gaps = [b - a for a, b in zip(marks, marks[1:], strict=False)] + [60 - marks[-1] + marks[0]]
    if len(marks) > 1 and min(gaps) < MARK_MIN_GAP_MINUTES:
        raise InputError(
            N_("Keep the times at least {gap} minutes apart, e.g. `/glutes every :25 :55`."),
            gap=MARK_MIN_GAP_MINUTES,
        )
    return marks


def format_marks(marks: tuple[int, ...]) -> str:
    """ ":50" or ":25 / :55": minutes past the hour read the same in every language glutes speaks."""
    return " / ".join(f":{m:02d}" for m in marks)
