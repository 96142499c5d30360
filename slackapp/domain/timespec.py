"""Reading and writing the durations, work hours and weekdays people type; bad input raises InputError."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import timedelta

from slackapp.domain.errors import InputError
from slackapp.domain.models import MINUTES_PER_DAY
from slackapp.domain.text import N_

MAX_DURATION = timedelta(days=7)
ALL_DAYS = frozenset(range(7))
WEEKDAYS = frozenset(range(5))
WEEKEND = frozenset({5, 6})

_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DAY_SHORT = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_DAY_ALIASES = {
    "weekdays": WEEKDAYS,
    "weekday": WEEKDAYS,
    "workdays": WEEKDAYS,
    "work days": WEEKDAYS,
    "weekends": WEEKEND,
    "weekend": WEEKEND,
    "daily": ALL_DAYS,
    "every day": ALL_DAYS,
    "everyday": ALL_DAYS,
    "all": ALL_DAYS,
    "all days": ALL_DAYS,
    "all week": ALL_DAYS,
}

_UNIT_SECONDS = {
    "s": 1,
    "sec": 1,
    "secs": 1,
    "second": 1,
    "seconds": 1,
    "m": 60,
    "min": 60,
    "mins": 60,
    "minute": 60,
    "minutes": 60,
    "h": 3600,
    "hr": 3600,
    "hrs": 3600,
    "hour": 3600,
    "hours": 3600,
    "d": 86400,
    "day": 86400,
    "days": 86400,
}
# Longest units first so "min" is not read as "m" followed by junk.
_UNITS = "|".join(sorted(_UNIT_SECONDS, key=len, reverse=True))
# The lookahead (not \b) lets "1h30m" split after "h" while rejecting "5mx".
# ASCII digits only (\d takes any script's), and few enough that int() and timedelta take them.
_DURATION_PART = re.compile(rf"\s*([0-9]{{1,9}})\s*({_UNITS})(?![a-z])\s*")
_DASHES = re.compile(r"\s*[-–—]\s*|\s+to\s+")
_CLOCK = re.compile(r"([0-9]{1,2})(?::([0-9]{2}))?\s*(am|pm)?")


def _shown(text: str) -> str:
    """text made safe to echo inside `code`: no backticks, not too long."""
    cleaned = " ".join(text.replace("`", "'").split())
    return cleaned if len(cleaned) <= 40 else cleaned[:39] + "…"


def parse_duration(text: str) -> timedelta:
    """A positive duration of at most 7 days from "30m", "2h", "90s", "1h30m", "15 min" or "45" (minutes)."""
    raw = (text or "").strip().lower()
    if not raw:
        raise InputError(N_("Tell me how long, for example `30m`, `2h` or `1h30m`."))
    if re.fullmatch(r"[0-9]+", raw):
        if len(raw) > 9:
            raise InputError(
                N_("`{shown}` is longer than a week, so try something shorter like `2h` or `1d`."),
                shown=_shown(text),
            )
        seconds = int(raw) * 60
    else:
        seconds = 0
        pos = 0
        while pos < len(raw):
            match = _DURATION_PART.match(raw, pos)
            if match is None:
                raise InputError(
                    N_("I couldn't read `{shown}` as a duration. Try `30m`, `2h` or `1h30m`."),
                    shown=_shown(text),
                )
            seconds += int(match.group(1)) * _UNIT_SECONDS[match.group(2)]
            pos = match.end()
    if seconds <= 0:
        raise InputError(N_("That needs to be longer than zero, for example `30m`."))
    # Compare whole seconds before building a timedelta, which overflows on absurd input.
    if seconds > MAX_DURATION.total_seconds():
        raise InputError(
            N_("`{shown}` is longer than a week, so try something shorter like `2h` or `1d`."),
            shown=_shown(text),
        )
    return timedelta(seconds=seconds)


def parse_interval_setting(text: str) -> timedelta:
    """A positive break interval from a setting like "50m", "3s" or "1h"; a bare number means minutes."""
    match = re.fullmatch(r"\s*([0-9]{1,12})\s*([smh]?)\s*", text or "", re.IGNORECASE)
    if match is None or int(match.group(1)) == 0:
        raise InputError(
            f"GLUTES_BREAK_INTERVAL must be a whole number above zero followed by s, m or h, like `50m`, "
            f"not `{_shown(text or '')}`."
        )
    unit = match.group(2).lower() or "m"
    try:
        return timedelta(seconds=int(match.group(1)) * {"s": 1, "m": 60, "h": 3600}[unit])
    except OverflowError:
        raise InputError(f"GLUTES_BREAK_INTERVAL `{_shown(text)}` is far too long, so try `50m`.") from None


def _clock_minute(text: str, original: str) -> int:
    """Minutes since midnight for "8", "08:30", "9am" or "5:30pm"; 24:00 gives 1440."""
    match = _CLOCK.fullmatch(text)
    bad = InputError(
        N_("I couldn't read `{shown}` as work hours. Try `08:30-17:00`."), shown=_shown(original)
    )
    if match is None:
        raise bad
    hour, minute, meridiem = int(match.group(1)), int(match.group(2) or 0), match.group(3)
    if meridiem is not None:
        if not 1 <= hour <= 12:
            raise bad
        hour = hour % 12 + (12 if meridiem == "pm" else 0)
    if minute > 59 or hour > 24 or (hour == 24 and minute != 0):
        raise bad
    return hour * 60 + minute


def parse_hours(text: str) -> tuple[int, int]:
    """(start_minute, end_minute) from "08:30-17:00", "8:30–17:00", "9-17" or "9am-5pm"; end after start."""
    raw = (text or "").strip().lower()
    if not raw:
        raise InputError(N_("Tell me your work hours, for example `08:30-17:00`."))
    parts = _DASHES.split(raw)
    if len(parts) != 2:
        raise InputError(
            N_("I couldn't read `{shown}` as work hours. Try `08:30-17:00`."), shown=_shown(text)
        )
    start = _clock_minute(parts[0], text)
    end = _clock_minute(parts[1], text)
    if start == MINUTES_PER_DAY:
        raise InputError(N_("Work hours can't start at 24:00. Try `08:30-17:00`."))
    if end == 0:
        # An end of midnight means the end of the day, as in "18:00-00:00".
        end = MINUTES_PER_DAY
    if end <= start:
        raise InputError(
            N_(
                "I couldn't read `{shown}` as work hours because they end before they start. "
                "Try `08:30-17:00`."
            ),
            shown=_shown(text),
        )
    return start, end


def _day_number(token: str, original: str) -> int:
    """Weekday number (0=Mon) for a full or abbreviated name like "mon", "tues" or "thursday"."""
    if token == "weds":
        return 2
    if len(token) >= 2:
        for number, name in enumerate(_DAY_NAMES):
            if name.startswith(token):
                return number
    raise InputError(
        N_("I couldn't read `{shown}` as days. Try `mon-fri` or `mon,wed,fri`."), shown=_shown(original)
    )


def parse_days(text: str) -> frozenset[int]:
    """Weekday numbers (0=Mon) from "mon-fri", "mon,wed,fri", "fri-mon", "weekdays", "weekends" or "daily"."""
    raw = " ".join((text or "").strip().lower().split())
    if not raw:
        raise InputError(N_("Tell me which days, for example `mon-fri`."))
    if raw in _DAY_ALIASES:
        return _DAY_ALIASES[raw]
    normalized = _DASHES.sub("-", raw)
    days: set[int] = set()
    for token in re.split(r"[,\s/&+]+|\band\b", normalized):
        if not token:
            continue
        if token in _DAY_ALIASES:
            days |= _DAY_ALIASES[token]
            continue
        ends = token.split("-")
        if len(ends) == 1:
            days.add(_day_number(token, text))
        elif len(ends) == 2:
            first, last = _day_number(ends[0], text), _day_number(ends[1], text)
            # Ranges wrap around the week, so "fri-mon" is Fri, Sat, Sun, Mon.
            days.update((first + i) % 7 for i in range((last - first) % 7 + 1))
        else:
            raise InputError(
                N_("I couldn't read `{shown}` as days. Try `mon-fri` or `mon,wed,fri`."), shown=_shown(text)
            )
    if not days:
        raise InputError(
            N_("I couldn't read `{shown}` as days. Try `mon-fri` or `mon,wed,fri`."), shown=_shown(text)
        )
    return frozenset(days)


def format_hours(start_minute: int, end_minute: int) -> str:
    """24-hour "HH:MM–HH:MM", e.g. "08:30–17:00"; 1440 shows as "24:00"."""
    return f"{start_minute // 60:02d}:{start_minute % 60:02d}–{end_minute // 60:02d}:{end_minute % 60:02d}"


def format_days(days: Iterable[int]) -> str:
    """Readable weekdays: "every day", "Mon–Fri", "Sat–Sun", "Mon, Wed, Fri" (runs may wrap, "Fri–Mon")."""
    chosen = frozenset(days)
    if not chosen:
        return "no days"
    if not chosen <= ALL_DAYS:
        raise ValueError(f"days must be weekday numbers 0..6, got {sorted(chosen, key=str)}")
    if chosen == ALL_DAYS:
        return "every day"
    parts = [
        _DAY_SHORT[start] if end == start else f"{_DAY_SHORT[start]}–{_DAY_SHORT[end]}"
        for start, end in day_runs(chosen)
    ]
    return ", ".join(parts)


def day_runs(days: Iterable[int]) -> list[tuple[int, int]]:
    """The chosen weekdays as (first, last) runs in week order; a run may wrap ((4, 0) is Fri–Mon)."""
    chosen = frozenset(days)
    if chosen >= ALL_DAYS:
        return [(0, 6)]
    # A run starts at a chosen day whose previous day (cyclically) is not chosen.
    runs = []
    for start in sorted(d for d in chosen if (d - 1) % 7 not in chosen):
        end = start
        while (end + 1) % 7 in chosen:
            end = (end + 1) % 7
        runs.append((start, end))
    return runs


def format_duration(td: timedelta) -> str:
    """Short human duration in whole seconds: "50 min", "1 h 30 min", "3 s", "2 d 4 h"."""
    total = int(td.total_seconds())
    if total < 0:
        return "-" + format_duration(-td)
    days, rest = divmod(total, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    parts = [f"{n} {unit}" for n, unit in ((days, "d"), (hours, "h"), (minutes, "min"), (seconds, "s")) if n]
    return " ".join(parts) or "0 s"
