"""The expiry rule for personal data: everything about a person goes once they have been inactive for
KEPT_AFTER_LAST_ACTIVITY, measured from their last activity and refreshed by each new one.

Activity is anything the person does through Slack (a command, a button, a form, opening the Home tab) and
every break card sent to them at their request. A new key about a person needs nothing more: the daily
`retention` task runs forget-me for whoever is past the limit, and forget-me finds every personal key.
Keys that expire sooner on their own (profile cache, cards, self-tests after 12 months) keep their TTLs.
"""

from __future__ import annotations

from datetime import timedelta

import redis

from slackapp.store import keys, tasks

# 13 months: a year of history (streaks, the self-test comparison) plus a month's grace.
KEPT_AFTER_LAST_ACTIVITY = timedelta(days=396)
SWEEP_EVERY = timedelta(days=1)
_KEPT_MS = int(KEPT_AFTER_LAST_ACTIVITY.total_seconds() * 1000)
SWEEP_EVERY_MS = int(SWEEP_EVERY.total_seconds() * 1000)


def touch(r: redis.Redis, *, team_id: str, user_id: str, now_ms: int) -> None:
    """Record activity now, and make sure the workspace's daily sweep is booked (never moved earlier).

    The sweep runs when the scheduler walks the workspace, i.e. once anything there has been stored
    (`keys.TEAMS` is added by every first write: breaks on, a self-test, a challenge, a timed task)."""
    pipe = r.pipeline(transaction=False)
    pipe.zadd(keys.last_active(team_id), {user_id: now_ms})
    pipe.zadd(keys.jobs_due(team_id), {tasks.RETENTION: now_ms + SWEEP_EVERY_MS}, nx=True)
    pipe.execute()


def inactive(r: redis.Redis, *, team_id: str, now_ms: int, limit: int = 500) -> list[str]:
    """People whose last activity is older than the limit (oldest first, at most `limit`)."""
    return list(
        r.zrangebyscore(keys.last_active(team_id), "-inf", f"({now_ms - _KEPT_MS}", start=0, num=limit)
    )


def book_next_sweep(r: redis.Redis, *, team_id: str, now_ms: int) -> None:
    """The next sweep a day from now, while anyone is left to watch; none once the set is empty."""
    if r.zcard(keys.last_active(team_id)):
        tasks.schedule(r, team_id=team_id, task=tasks.RETENTION, due_ms=now_ms + SWEEP_EVERY_MS)
    else:
        tasks.cancel(r, team_id=team_id, task=tasks.RETENTION)
