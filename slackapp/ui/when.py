"""Times, days and durations as the person's language writes them (Babel), in their time zone.

English keeps the domain's own labels ("2:50 PM", "tomorrow 9:50 AM", "Mon–Fri", "1 h 30 min"), so English
renders are unchanged; every other language gets Babel's clock, weekday names, dates and units.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from babel.units import format_unit

from slackapp.domain import rhythm, schedule, timespec
from slackapp.domain.models import Rhythm
from slackapp.ui.i18n import (
    DEFAULT_LOCALE,
    _,
    current,
    format_list,
    format_month_day,
    format_time,
    weekday_name,
)


def _english() -> bool:
    return current().locale == DEFAULT_LOCALE


def time_label(t: datetime, tz: str, now: datetime) -> str:
    """t in tz as seen at now: the clock today, "tomorrow" + clock, a weekday within the week, else a date."""
    if _english():
        return schedule.local_time_label(t, tz, now)
    zone = schedule.zone(tz)
    local = (t if t.tzinfo else t.replace(tzinfo=UTC)).astimezone(zone)
    today = (now if now.tzinfo else now.replace(tzinfo=UTC)).astimezone(zone).date()
    days_ahead = (local.date() - today).days
    clock = format_time(local)
    if days_ahead == 0:
        return clock
    if days_ahead == 1:
        # Translators: a break time a day ahead; {time} is the clock time, e.g. "9:50".
        return _("tomorrow {time}").format(time=clock)
    if 2 <= days_ahead <= 6:
        return f"{weekday_name(local.weekday(), 'abbreviated')} {clock}"
    return f"{format_month_day(local.date())} {clock}"


def hours_label(start_minute: int, end_minute: int) -> str:
    """ "08:30–17:00": the 24-hour clock reads the same in every language glutes speaks."""
    return timespec.format_hours(start_minute, end_minute)


def days_label(days: Iterable[int]) -> str:
    """ "every day", "Mon–Fri", "Mon, Wed, and Fri" ("Mo., Mi. und Fr.", "月、水、金"): the language's weekday
    abbreviations, joined as it joins a list."""
    chosen = frozenset(days)
    if not chosen:
        return _("no days")
    if chosen >= timespec.ALL_DAYS:
        return _("every day")

    def name(day: int) -> str:
        return weekday_name(day, "abbreviated")

    return format_list([name(a) if a == b else f"{name(a)}–{name(b)}" for a, b in timespec.day_runs(chosen)])


_UNITS = (("duration-day", 86400), ("duration-hour", 3600), ("duration-minute", 60), ("duration-second", 1))


def rhythm_label(person_rhythm: Rhythm) -> str:
    """What follows "every": the interval ("50 min") or, for clock-aligned breaks, the minutes (":50")."""
    if person_rhythm.marks:
        return rhythm.format_marks(person_rhythm.marks)
    return duration_label(person_rhythm.interval)


def duration_label(td: timedelta) -> str:
    """ "50 min", "1 h 30 min" in the language's short units (Babel's CLDR data)."""
    if _english():
        return timespec.format_duration(td)
    rest = abs(int(td.total_seconds()))
    parts = []
    for unit, size in _UNITS:
        amount, rest = divmod(rest, size)
        if amount:
            parts.append(format_unit(amount, unit, length="short", locale=current().babel_locale))
    text = " ".join(parts) or format_unit(0, "duration-second", length="short", locale=current().babel_locale)
    return ("-" + text) if td.total_seconds() < 0 else text
