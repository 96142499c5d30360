"""A person's Slack profile changed: keep the cached copy fresh, and stop breaks for someone deactivated."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import redis

from slackapp.store import people, profiles
from slackapp.store.profiles import Written


def profile_changed(
    r: redis.Redis, *, team_id: str, user: dict[str, Any], now: datetime, at_us: int
) -> Written:
    """Cache the profile from a user_change event's `user`, which Slack says changed at `at_us` (epoch µs),
    only for someone whose breaks are on (anyone else's is dropped unread) and only if nothing newer is
    cached (an older event applied late is STALE); a deactivated person's breaks go off at once (DROPPED:
    nothing more to do for them)."""
    profile = profiles.from_slack_user(user, fetched_at=int(now.timestamp()))
    written = profiles.save_if_opted_in(
        r, team_id=team_id, user_id=user["id"], profile=profile, as_of_us=at_us
    )
    if written is Written.APPLIED and profile.deleted:
        people.opt_out(r, team_id=team_id, user_id=user["id"])
        return Written.DROPPED
    return written
