"""Progression use cases: the step-up offer after steady practice, the person's yes or "Stay here", the
optional Too easy / Just right / Too hard after Done, a pain answer's reset, and `/glutes level up|down`.

Store + domain only; the rules are domain.progression's. Nothing here ever raises a level without the
person's own tap or command.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

import redis

from slackapp.config import Settings
from slackapp.domain import levels, progression, schedule
from slackapp.domain.errors import InputError
from slackapp.domain.progression import Progress
from slackapp.domain.text import N_
from slackapp.flows import workspace_moves
from slackapp.flows.results import FeedbackAnswer, LevelView, OfferAnswer
from slackapp.store import cards, people, person_state
from slackapp.store import progress as progress_store


def level_view(
    person: people.Person, done_by_day: Mapping[date, int], today: date, work_days: frozenset[int]
) -> LevelView:
    """The level and how far to the next offer, as Home and `/glutes status` show them."""
    current = progress_store.of(person)
    steady = progression.steady_days(current, done_by_day, today, work_days)
    return LevelView(
        level=levels.clamp(current.level),
        days_to_offer=progression.days_to_offer(current, steady),
        offers_stopped=current.offers_stopped,
    )


def after_done(
    r: redis.Redis,
    *,
    team_id: str,
    user_id: str,
    person: people.Person,
    done_by_day: Mapping[date, int],
    today: date,
    work_days: frozenset[int],
) -> int | None:
    """After a Done: when the practice is now steady enough, the next card offers the next level. Returns
    the level offered (None: no new offer). One write, only when an offer starts."""
    current = progress_store.of(person)
    offer = progression.offer_due(current, progression.steady_days(current, done_by_day, today, work_days))
    if offer is None:
        return None
    progress_store.save(r, team_id=team_id, user_id=user_id, progress=_with_offer(current, offer, today))
    return offer


def _with_offer(current: Progress, offer: int, today: date) -> Progress:
    return Progress(
        level=current.level,
        since=current.since or today,
        too_easy=current.too_easy,
        offer=offer,
        offers_stopped=current.offers_stopped,
    )


def answer_offer(
    r: redis.Redis,
    settings: Settings,
    *,
    team_id: str,
    user_id: str,
    break_id: str,
    accept: bool,
    now: datetime,
) -> OfferAnswer | None:
    """ "Try level N" starts the offered level (the count starts again); "Stay here" keeps the level and
    restarts the count. None when the card is unknown; "no_offer" when no offer waits (already answered)."""
    if not break_id.isdigit():
        return None
    state = person_state.read(r, settings, team_id=team_id, user_id=user_id, history=False, break_id=break_id)
    exercise = (
        workspace_moves.exercise_for(r, team_id=team_id, key=state.card.exercise) if state.card else None
    )
    if exercise is None:
        return None
    current = progress_store.of(state.person)
    if current.offer is None:
        return OfferAnswer("no_offer", levels.clamp(current.level), exercise, break_id)
    today = schedule.local_date(now, state.tz)
    if accept:
        changed = progression.start_level(current, current.offer, today)
    else:
        changed = progression.stay(current, today)
    progress_store.save(r, team_id=team_id, user_id=user_id, progress=changed)
    return OfferAnswer("accepted" if accept else "stayed", changed.level, exercise, break_id)


def feedback_on_card(
    r: redis.Redis,
    settings: Settings,
    *,
    team_id: str,
    user_id: str,
    break_id: str,
    answer: str,
    now: datetime,
) -> FeedbackAnswer | None:
    """Keep the first Too easy / Just right / Too hard of a card: too hard steps down at once, a second too
    easy brings the step-up offer forward. None for an unknown card or answer."""
    if not break_id.isdigit() or answer not in progression.FEEDBACKS:
        return None
    kept = cards.record_feedback(r, team_id=team_id, user_id=user_id, break_id=break_id, answer=answer)
    if kept < 0:
        return None
    state = person_state.read(r, settings, team_id=team_id, user_id=user_id)
    current = progress_store.of(state.person)
    if kept == 0:
        return FeedbackAnswer("already", levels.clamp(current.level), locale=state.locale)
    today = schedule.local_date(now, state.tz)
    changed = progression.after_feedback(current, answer, today)  # type: ignore[arg-type]
    offer = None
    if answer == "too_easy":
        work_days = state.person.days or state.config.days  # as breaks.rhythm_for picks them
        steady = progression.steady_days(changed, state.done_by_day, today, frozenset(work_days))
        offer = progression.offer_due(changed, steady)
        if offer is not None:
            changed = _with_offer(changed, offer, today)
    if changed != current:
        progress_store.save(r, team_id=team_id, user_id=user_id, progress=changed)
    return FeedbackAnswer(
        answer, changed.level, stepped_down=changed.level < current.level, offer=offer, locale=state.locale
    )


def after_pain(r: redis.Redis, *, team_id: str, user_id: str, today: date) -> None:
    """A pain answer or "It hurts": back to level 1, and no offers until the person steps up themselves."""
    current = progress_store.get(r, team_id=team_id, user_id=user_id)
    progress_store.save(r, team_id=team_id, user_id=user_id, progress=progression.after_pain(current, today))


def step(
    r: redis.Redis, settings: Settings, *, team_id: str, user_id: str, word: str, now: datetime
) -> tuple[int, str]:
    """`/glutes level up|down`: the person's own choice (stepping up also lets offers come again).
    Returns the new level and the person's language."""
    if word not in ("up", "down"):
        raise InputError(N_("Try `/glutes level`, `/glutes level up` or `/glutes level down`."))
    state = person_state.read(r, settings, team_id=team_id, user_id=user_id, history=False)
    current = progress_store.of(state.person)
    target = current.level + (1 if word == "up" else -1)
    if target > levels.MAX_LEVEL:
        raise InputError(
            N_("You are already at the top level. Keep going, or `/glutes level down` for a gentler one.")
        )
    if target < levels.FIRST_LEVEL:
        raise InputError(N_("You are at level 1, the gentlest. Move only within what feels comfortable."))
    today = schedule.local_date(now, state.tz)
    changed = progression.start_level(current, target, today)
    progress_store.save(r, team_id=team_id, user_id=user_id, progress=changed)
    return target, state.locale
