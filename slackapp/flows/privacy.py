"""People's own data: everything glutes stores about a person, to hand over (export) or delete (forget)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import redis

from slackapp.store import personal_data


def export(r: redis.Redis, *, team_id: str, user_id: str, now: datetime) -> dict[str, Any]:
    """Everything stored about the person, keyed by what it is (for a JSON file)."""
    return {
        "workspace": team_id,
        "user": user_id,
        "exported_at": now.isoformat(),
        "records": personal_data.records(r, team_id=team_id, user_id=user_id),
        "memberships": personal_data.memberships(r, team_id=team_id, user_id=user_id),
    }


def forget(r: redis.Redis, *, team_id: str, user_id: str) -> int:
    """Delete everything stored about the person in the workspace; returns how many keys were touched."""
    return personal_data.delete(r, team_id=team_id, user_id=user_id)
