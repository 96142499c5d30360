"""Leaderboard rules: who ranks where, which days a board covers, and when the automatic posts go out.

Every datetime going in must be timezone-aware; every datetime coming out is in UTC.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal, get_args
from zoneinfo import ZoneInfo

from slackapp.domain.models import MINUTES_PER_DAY
from slackapp.domain.schedule import local_date, zone
from slackapp.domain.text import N_

Period = Literal["week", "month", "all"]
PERIODS: tuple[str, ...] = get_args(Period)

TIE_RULE = N_("Ties share a rank; a longer current streak lists first.")


@dataclass(frozen=True)
class Entry:
    """One person's numbers for a board period: Done taps counted and current streak in days."""

    user_id: str
    done: int
    streak: int


@dataclass(frozen=True)
class Ranked:
    """One row of a board: the competition rank (1, 2, 2, 4) and the numbers behind it."""

    rank: int
    user_id: str
    done: int
    streak: int


def rank(entries: Iterable[Entry]) -> list[Ranked]:
    """Rows for people with at least one Done, most first; equal `done` shares a rank, streak only orders."""
    # user_id is the last key so equal rows always list in the same order, whatever the input order.
    ordered = sorted((e for e in entries if e.done > 0), key=lambda e: (-e.done, -e.streak, e.user_id))
    rows: list[Ranked] = []
    for position, entry in enumerate(ordered, start=1):
        shared = rows and rows[-1].done == entry.done
        rows.append(Ranked(rows[-1].rank if shared else position, entry.user_id, entry.done, entry.streak))
    return rows


def top_with_asker(ranked: list[Ranked], asker: str, top: int = 10) -> tuple[list[Ranked], Ranked | None]:
    """The first `top` rows, plus the asker's own row when it falls below them (None if shown or unranked)."""
    shown = ranked[: max(top, 0)]
    if any(row.user_id == asker for row in shown):
        return shown, None
    return shown, next((row for row in ranked if row.user_id == asker), None)


def period_start(period: Period, now: datetime, tz: str) -> date | None:
    """First local day a board covers: Monday of now's week, the 1st of now's month, or None for all time."""
    if period not in PERIODS:
        raise ValueError(f"unknown board period: {period!r}")
    if period == "all":
        return None
    today = local_date(now, tz)
    if period == "week":
        return today - timedelta(days=today.weekday())
    return today.replace(day=1)


def week_key(day: date) -> str:
    """ISO week label like "2026-W48" (weeks start Monday; early-January days may belong to last year)."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def month_key(day: date) -> str:
    """Calendar month label like "2026-11"."""
    return f"{day.year:04d}-{day.month:02d}"


def _aware(t: datetime) -> datetime:
    """t in UTC; ValueError if t is naive, so the server's zone never leaks in."""
    if t.tzinfo is None or t.utcoffset() is None:
        raise ValueError(f"datetime must be timezone-aware, got {t!r}")
    return t.astimezone(UTC)


def _check_minute(minute_of_day: int) -> None:
    if not 0 <= minute_of_day < MINUTES_PER_DAY:
        raise ValueError(f"minute_of_day must be in 0..1439, got {minute_of_day}")


def _at(day: date, minute_of_day: int, z: ZoneInfo) -> datetime:
    """UTC instant of a local wall time; zoneinfo moves a time skipped by DST forward by the gap."""
    return datetime.combine(day, time(minute_of_day // 60, minute_of_day % 60), tzinfo=z).astimezone(UTC)


def next_weekly_post(now: datetime, tz: str, weekday: int, minute_of_day: int) -> datetime:
    """The first instant strictly after now that is `weekday` (0=Mon) at `minute_of_day` local time in tz."""
    if not 0 <= weekday <= 6:
        raise ValueError(f"weekday must be 0..6, got {weekday}")
    _check_minute(minute_of_day)
    now = _aware(now)
    z = zone(tz)
    today = now.astimezone(z).date()
    # Eight days so that being exactly at (or just past) this week's time rolls over to next week's.
    for offset in range(8):
        day = today + timedelta(days=offset)
        if day.weekday() == weekday and (candidate := _at(day, minute_of_day, z)) > now:
            return candidate
    raise AssertionError("a weekday recurs within eight days")  # pragma: no cover


def next_daily_post(now: datetime, tz: str, minute_of_day: int) -> datetime:
    """The first instant strictly after now at `minute_of_day` local time in tz."""
    _check_minute(minute_of_day)
    now = _aware(now)
    z = zone(tz)
    today = now.astimezone(z).date()
    # A third day covers zones whose DST change lands at midnight and shifts tomorrow's time backwards.
    for offset in range(3):
        if (candidate := _at(today + timedelta(days=offset), minute_of_day, z)) > now:
            return candidate
    raise AssertionError("a local time recurs within three days")  # pragma: no cover
