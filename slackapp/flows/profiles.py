"""A person's Slack profile changed: keep the cached copy fresh, and stop breaks for someone deactivated."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import redis

from slackapp.store import people, profiles


def profile_changed(r: redis.Redis, *, team_id: str, user: dict[str, Any], now: datetime) -> bool:
    """Cache the profile from a user_change event's `user`, only for someone whose breaks are on (anyone
    else's is dropped unread); a deactivated person's breaks go off at once. True when it was kept."""
    profile = profiles.from_slack_user(user, fetched_at=int(now.timestamp()))
    kept = profiles.save_if_opted_in(r, team_id=team_id, user_id=user["id"], profile=profile)
    if kept and profile.deleted:
        people.opt_out(r, team_id=team_id, user_id=user["id"])
        return False
    return kept
