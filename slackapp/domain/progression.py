"""Stepping up safely, the card's Too easy / Just right / Too hard, and the variety rule of the picker.

The step-up rule (docs/health-content.md says it for a reviewer): after Dones on STEADY_DAYS different days
within the last WINDOW_WORK_DAYS work days at the current level, or TOO_EASY_FOR_OFFER "too easy" answers
at it, the next card offers the next level; nothing changes without the person's yes. "Too hard" steps
down one level at once; a pain answer goes back to level 1 and stops offers until the person steps up
again themselves. Any change of level restarts the count, so a day marked too hard never counts.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Literal, get_args

from slackapp.domain import levels
from slackapp.domain.exercises import (
    DEFAULT_PREFERENCE,
    DESK_WEIGHT,
    FLOOR_WEIGHT,
    Exercise,
    MovePreference,
    moves_for,
)

STEADY_DAYS = 5
WINDOW_WORK_DAYS = 10
TOO_EASY_FOR_OFFER = 2

Feedback = Literal["too_easy", "just_right", "too_hard"]
FEEDBACKS: tuple[Feedback, ...] = get_args(Feedback)

# The variety rule: never the move just sent, at most MAX_IN_WINDOW of the same move in any WINDOW cards,
# and a family the last (families - 1) cards lacked comes first, so every family turns up every few cards.
WINDOW = 5
MAX_IN_WINDOW = 2
RECENT_KEPT = WINDOW - 1


@dataclass(frozen=True)
class Progress:
    """Where a person stands: their level, the day it began, "too easy" answers at it, a pending offer,
    and whether offers are stopped (after pain, until they step up themselves)."""

    level: int = levels.FIRST_LEVEL
    since: date | None = None
    too_easy: int = 0
    offer: int | None = None
    offers_stopped: bool = False


def work_days_back(today: date, work_days: frozenset[int], count: int) -> list[date]:
    """The last `count` work days up to and including today (today counts when it is a work day)."""
    found: list[date] = []
    day = today
    # A week holds at least one work day, so this ends within count weeks.
    while len(found) < count and day > today - timedelta(weeks=count + 1):
        if day.weekday() in work_days:
            found.append(day)
        day -= timedelta(days=1)
    return found


def steady_days(
    progress: Progress, done_by_day: Mapping[date, int], today: date, work_days: frozenset[int]
) -> int:
    """Days with at least one Done among the last WINDOW_WORK_DAYS work days, since the level began."""
    window = work_days_back(today, work_days, WINDOW_WORK_DAYS)
    since = progress.since or date.min
    return sum(1 for day in window if day >= since and done_by_day.get(day, 0) > 0)


def offer_due(progress: Progress, steady: int) -> int | None:
    """The level to offer now, or None (top level, offers stopped, one already pending, not steady yet)."""
    if progress.offers_stopped or progress.offer is not None or progress.level >= levels.MAX_LEVEL:
        return None
    if steady >= STEADY_DAYS or progress.too_easy >= TOO_EASY_FOR_OFFER:
        return progress.level + 1
    return None


def days_to_offer(progress: Progress, steady: int) -> int | None:
    """How many more days of practice until the next offer (0: offered now; None: none will come)."""
    if progress.offers_stopped or progress.level >= levels.MAX_LEVEL:
        return None
    if progress.offer is not None:
        return 0
    return max(0, STEADY_DAYS - steady)


def start_level(progress: Progress, level: int, today: date) -> Progress:
    """The person said yes to `level` (an offer, or stepping up or down themselves): the count restarts."""
    return Progress(level=levels.clamp(level), since=today)


def stay(progress: Progress, today: date) -> Progress:
    """ "Stay here": no change of level, the offer is gone and the count restarts."""
    return replace(progress, since=today, too_easy=0, offer=None)


def after_feedback(progress: Progress, answer: Feedback, today: date) -> Progress:
    """Too hard steps down one level at once; too easy counts towards an earlier offer; just right is a
    thank-you only."""
    if answer == "too_hard":
        return Progress(
            level=max(levels.FIRST_LEVEL, progress.level - 1),
            since=today,
            offers_stopped=progress.offers_stopped,
        )
    if answer == "too_easy":
        return replace(progress, too_easy=progress.too_easy + 1)
    return progress


def after_pain(progress: Progress, today: date) -> Progress:
    """A pain answer or "It hurts": back to level 1, and no offers until the person steps up themselves."""
    return Progress(level=levels.FIRST_LEVEL, since=today, offers_stopped=True)


# --- the variety rule -------------------------------------------------------------------------------


def pick_varied(
    recent: Sequence[str],
    *,
    seed: int,
    preference: MovePreference = DEFAULT_PREFERENCE,
    extra: Sequence[Exercise] = (),
) -> Exercise:
    """The next move: allowed by the preference (with the workspace's `extra` moves that fit it), never
    recent[0] (the last sent), at most MAX_IN_WINDOW of one move in any WINDOW cards, and from a family the
    last few cards lacked when there is one. `recent` is newest first. The same arguments give the same
    pick; desk moves stay likelier than floor moves."""
    allowed = list(moves_for(preference)) + list(extra)
    window = list(recent[: WINDOW - 1])
    last = window[0] if window else None
    candidates = [m for m in allowed if m.key != last and window.count(m.key) < MAX_IN_WINDOW]
    if not candidates:  # a tiny library: only the never-twice-in-a-row rule stays
        candidates = [m for m in allowed if m.key != last] or allowed
    families = {levels.family_of(m) for m in allowed}
    by_key = {m.key: m for m in allowed}
    seen = {levels.family_of(by_key[k]) for k in recent[: len(families) - 1] if k in by_key}
    missing = [m for m in candidates if levels.family_of(m) not in seen]
    pool = missing or candidates
    weights = [FLOOR_WEIGHT if m.needs_floor else DESK_WEIGHT for m in pool]
    return random.Random(seed).choices(pool, weights=weights, k=1)[0]


def remembered(recent: Sequence[str], key: str) -> list[str]:
    """The recent moves after sending `key`: newest first, as many as the variety rule looks at."""
    return [key, *recent][:RECENT_KEPT]
