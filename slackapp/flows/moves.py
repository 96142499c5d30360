"""A person's move preference: standing desk moves (the default), seated moves only, or floor moves too."""

from __future__ import annotations

import redis

from slackapp.domain import exercises
from slackapp.domain.exercises import MovePreference
from slackapp.store import people


def moves_of(r: redis.Redis, *, team_id: str, user_id: str) -> MovePreference:
    """The person's move preference (the default when they never chose)."""
    return exercises.preference_of(people.get(r, team_id=team_id, user_id=user_id).moves)


def set_moves(r: redis.Redis, *, team_id: str, user_id: str, text: str) -> MovePreference:
    """Save the preference the person typed or picked ("seated", "chair", "floor-ok", …); the next card
    follows it. Unknown words raise InputError listing the choices."""
    preference = exercises.parse_preference(text)
    people.set_moves(r, team_id=team_id, user_id=user_id, preference=preference)
    return preference
