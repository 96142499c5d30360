"""Insights' rules: a person's weekly picture and the workspace's anonymous pulse, from counts only.

Weeks are ISO weeks (Monday first) of local dates. The pulse shows a figure only when it covers at least
MIN_GROUP people, and only for weeks every time zone has finished, so a figure once shown never changes and
two figures never differ by one person's Dones (see pulse_weeks).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta

MIN_GROUP = 5  # a figure covers at least this many people, or it is shown as "fewer than 5"
CHART_WEEKS = 4  # the personal chart: Done per day over the last four full weeks
PULSE_WEEKS = 8  # the pulse's trend
COHORT_WEEKS = (1, 2, 4, 8)  # "of those who started N weeks ago, how many are still active"


def week_start(day: date) -> date:
    """The Monday of the day's ISO week."""
    return day - timedelta(days=day.weekday())


def earlier_days_of_week(day: date) -> list[date]:
    """The days of the day's week before it (none on a Monday)."""
    start = week_start(day)
    return [start + timedelta(days=n) for n in range((day - start).days)]


def last_full_week(today: date) -> date:
    """The Monday of the last week that ended before `today`'s week began."""
    return week_start(today) - timedelta(days=7)


# --- the weekly picture -----------------------------------------------------------------------------


@dataclass(frozen=True)
class WeekTally:
    done: int
    days: int  # days with at least one Done


@dataclass(frozen=True)
class Digest:
    """What one person's weekly picture says about the week that ended (`week`, its Monday)."""

    week: date
    last: WeekTally
    before: WeekTally
    streak: int
    top_hour: int | None  # the local hour they most often say Done in; None before any
    daily: tuple[tuple[date, int], ...]  # Done per day, the last CHART_WEEKS full weeks, oldest first
    mood: str  # which encouraging line fits: "first", "more", "steady", "fewer", "rest"
    level: int = 1  # their move level (domain/progression): the picture shows it, never a board

    @property
    def chart_total(self) -> int:
        return sum(count for _, count in self.daily)


def tally(done_by_day: Mapping[date, int], monday: date) -> WeekTally:
    counts = [done_by_day.get(monday + timedelta(days=n), 0) for n in range(7)]
    return WeekTally(sum(counts), sum(1 for c in counts if c > 0))


def top_hour(hours: Mapping[int, int]) -> int | None:
    """The hour with most Dones (the earlier hour on a tie); None when there are none."""
    busy = [(count, -hour) for hour, count in hours.items() if count > 0]
    return -max(busy)[1] if busy else None


def mood(last: WeekTally, before: WeekTally) -> str:
    """Which encouraging line fits: never a comparison that scolds (fewer is "every week is different")."""
    if last.done == 0:
        return "rest"
    if before.done == 0:
        return "first"
    if last.done > before.done:
        return "more"
    if last.done == before.done:
        return "steady"
    return "fewer"


def digest(
    done_by_day: Mapping[date, int], hours: Mapping[int, int], *, today: date, streak: int, level: int = 1
) -> Digest:
    """The picture of the last full week before `today`, with the one before it and four weeks of days."""
    week = last_full_week(today)
    last, before = tally(done_by_day, week), tally(done_by_day, week - timedelta(days=7))
    first_day = week - timedelta(days=7 * (CHART_WEEKS - 1))
    daily = tuple(
        (first_day + timedelta(days=n), done_by_day.get(first_day + timedelta(days=n), 0))
        for n in range(7 * CHART_WEEKS)
    )
    return Digest(week, last, before, streak, top_hour(hours), daily, mood(last, before), level)


def worth_sending(done_by_day: Mapping[date, int], sent_days: set[date], *, today: date) -> bool:
    """A picture is sent when the last four weeks hold a card or a Done: nothing to show, nothing sent."""
    first = last_full_week(today) - timedelta(days=7 * (CHART_WEEKS - 1))
    return any(first <= day < week_start(today) for day in set(done_by_day) | sent_days)


# --- the workspace pulse ----------------------------------------------------------------------------


@dataclass(frozen=True)
class WeekCounts:
    """A workspace's counters summed over one week's days (store.insights)."""

    week: date
    done: int = 0
    person_days: int = 0  # sum over the days of the people with a Done that day
    active: int = 0  # people with at least one Done that week
    started: int = 0  # people who turned breaks on for the first time that week
    active_from: Mapping[str, int] | None = None  # active people by the Monday of the week they started


@dataclass(frozen=True)
class PulseWeek:
    """One week of the pulse. None means "fewer than MIN_GROUP people": the figure is not shown."""

    week: date
    active: int | None
    done: int | None
    done_per_person_day: float | None  # Dones per active person per work day
    person_days: int | None = None  # the days' active people summed (a person active 3 days counts 3)


@dataclass(frozen=True)
class Cohort:
    weeks_ago: int
    started: int | None  # None: fewer than MIN_GROUP
    still_active: int | None  # None: fewer than MIN_GROUP, or withheld
    withheld: bool = False  # still_active hidden because a difference with it would cover too few


@dataclass(frozen=True)
class Pulse:
    opted_in: int | None
    members: int | None  # people in the workspace (for the share); None when unknown or too few
    weeks: tuple[PulseWeek, ...]  # oldest first
    cohorts: tuple[Cohort, ...]
    challenge_people: int | None  # people in a running challenge

    @property
    def share(self) -> float | None:
        if self.opted_in is None or not self.members:
            return None
        return self.opted_in / self.members


def shown(count: int) -> int | None:
    """A count of people, or None when it covers fewer than MIN_GROUP (0 included: "fewer than 5")."""
    return count if count >= MIN_GROUP else None


def pulse_week(counts: WeekCounts, work_days: int = 5) -> PulseWeek:
    """A week's figures, all hidden together when fewer than MIN_GROUP people were active: the Dones and
    the rate per active person per work day cover exactly the week's active people, so they stand or fall
    with that count."""
    if counts.active < MIN_GROUP:
        return PulseWeek(counts.week, None, None, None)
    rate = counts.done / (counts.active * max(1, work_days))
    return PulseWeek(counts.week, counts.active, counts.done, round(rate, 1), counts.person_days)


def pulse_weeks(today: date) -> list[date]:
    """The Mondays of the weeks the pulse reads, oldest first: the PULSE_WEEKS weeks it shows (those before
    the current one, less last week until Tuesday, as someone far west may still be in its Sunday) and,
    before them, enough weeks for the oldest cohort's start."""
    newest = last_full_week(today)
    if today.weekday() == 0:
        newest -= timedelta(days=7)
    count = max(PULSE_WEEKS, max(COHORT_WEEKS) + 1)
    return [newest - timedelta(days=7 * n) for n in range(count - 1, -1, -1)]


def cohort(weeks: Mapping[date, WeekCounts], newest: date, weeks_ago: int) -> Cohort:
    """Of those who started `weeks_ago` weeks before the newest week shown, how many were active in it.

    Those who were not are a group too (started less still active): when it is under MIN_GROUP (0
    included, which says every starter was active) the count is withheld, as it would tell on them."""
    started_week = newest - timedelta(days=7 * weeks_ago)
    started = weeks[started_week].started if started_week in weeks else 0
    newest_counts = weeks.get(newest)
    active = (newest_counts.active_from or {}).get(started_week.isoformat(), 0) if newest_counts else 0
    if started < MIN_GROUP:
        return Cohort(weeks_ago, None, None)
    if active >= MIN_GROUP and shown(started - active) is None:
        return Cohort(weeks_ago, started, None, withheld=True)
    return Cohort(weeks_ago, started, shown(active))


def _withhold(cohorts: list[Cohort], week_active: int | None) -> tuple[Cohort, ...]:
    """The week's active people less the cohorts' still-active counts are those active who started in
    another week: a group too. While it is under MIN_GROUP (0 included), the smallest cohort count shown
    is withheld, so no subtraction of shown figures singles anyone out."""
    if week_active is None:
        return tuple(cohorts)
    while True:
        shown_counts = [c for c in cohorts if c.still_active is not None]
        if not shown_counts or week_active - sum(c.still_active or 0 for c in shown_counts) >= MIN_GROUP:
            return tuple(cohorts)
        smallest = min(shown_counts, key=lambda c: (c.still_active, c.weeks_ago))
        cohorts = [replace(c, still_active=None, withheld=True) if c is smallest else c for c in cohorts]


def pulse(
    weeks: list[WeekCounts],
    *,
    opted_in: int,
    members: int | None,
    challenge_people: int,
    work_days: int = 5,
) -> Pulse:
    """The pulse from the weeks' counts, oldest first: the trend is the last PULSE_WEEKS of them, and the
    newest is the one the cohorts are measured in (the earlier weeks give the cohorts' starts)."""
    by_week = {w.week: w for w in weeks}
    newest = weeks[-1].week
    return Pulse(
        opted_in=shown(opted_in),
        members=members if members is not None and members >= MIN_GROUP else None,
        weeks=tuple(pulse_week(w, work_days) for w in weeks[-PULSE_WEEKS:]),
        cohorts=_withhold(
            [cohort(by_week, newest, n) for n in COHORT_WEEKS], pulse_week(by_week[newest], work_days).active
        ),
        challenge_people=shown(challenge_people),
    )
