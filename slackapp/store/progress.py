"""A person's progression (level, the day it began, "too easy" answers, a pending offer, offers stopped),
kept as fields of their own hash (keys.user): it lives and goes with the rest of their record, so export,
forget-me and retention treat it as they treat that hash."""

from __future__ import annotations

from datetime import date

import redis

from slackapp.domain.progression import Progress
from slackapp.store import keys, people, tombstones


def of(person: people.Person) -> Progress:
    """The progression a stored person carries (level 1, nothing pending, for someone new)."""
    since = date.fromisoformat(person.level_since) if person.level_since else None
    return Progress(
        level=person.level,
        since=since,
        too_easy=person.too_easy,
        offer=person.offer,
        offers_stopped=person.offers_stopped,
    )


def get(r: redis.Redis, *, team_id: str, user_id: str) -> Progress:
    return of(people.get(r, team_id=team_id, user_id=user_id))


def save(r: redis.Redis, *, team_id: str, user_id: str, progress: Progress) -> bool:
    """Write the progression in one step, unless the person ran forget-me meanwhile (then nothing)."""
    return tombstones.guarded_hset(
        r,
        team_id=team_id,
        user_id=user_id,
        key=keys.user(team_id, user_id),
        mapping={
            "level": progress.level,
            "level_since": progress.since.isoformat() if progress.since else "",
            "too_easy": progress.too_easy,
            "offer": progress.offer if progress.offer is not None else "",
            "offers_stopped": "1" if progress.offers_stopped else "",
        },
    )
