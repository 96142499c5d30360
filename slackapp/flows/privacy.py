"""People's own data: everything glutes stores about a person, to hand over (export) or delete (forget).

Forget-me is final: a short-lived, id-only tombstone is left first, so a break send, retest invitation
or Home refresh already in flight writes nothing back (every such write checks it in the same step); then
the person's records, their places in shared ones, their installer record and RQ's stored jobs that name
them are removed. docs/privacy.md says what is kept, why and for how long.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import redis
from slack_sdk import WebClient

from slackapp.deps import QUEUES, Deps
from slackapp.domain.timestamps import to_ms
from slackapp.flows import insights
from slackapp.store import installations, jobs, personal_data, retention, selftests, tombstones

# One export a minute per person: each reads only the person's own data, and this keeps one person
# asking again and again from taking the app's time from everyone else.
EXPORT_EVERY_SECONDS = 60


def may_export(r: redis.Redis, *, team_id: str, user_id: str, now: datetime) -> bool:
    """True (and the export counted) unless the person had one in the last minute."""
    return personal_data.claim_export(
        r, team_id=team_id, user_id=user_id, now_s=int(now.timestamp()), every_s=EXPORT_EVERY_SECONDS
    )


def export(r: redis.Redis, *, team_id: str, user_id: str, now: datetime) -> dict[str, Any]:
    """Everything stored about the person, keyed by what it is (for a JSON file)."""
    selftests.trim(r, team_id=team_id, user_id=user_id, today=now.date())
    return {
        "workspace": team_id,
        "user": user_id,
        "exported_at": now.isoformat(),
        "records": personal_data.records(r, team_id=team_id, user_id=user_id),
        "memberships": personal_data.memberships(r, team_id=team_id, user_id=user_id),
        "installation": installations.installer_records(r, team_id=team_id, user_id=user_id),
    }


def forget(deps: Deps, *, team_id: str, user_id: str, client: WebClient | None = None) -> int:
    """Delete everything stored about the person in the workspace; returns how many keys and jobs changed.

    With a client, their weekly picture's chart files are deleted from Slack too."""
    r = deps.redis
    tombstones.mark(r, team_id=team_id, user_id=user_id)  # first: writes in flight from now on do nothing
    insights.forget_charts(client, r, team_id=team_id, user_id=user_id)  # the ids go with the records
    touched = personal_data.delete(r, team_id=team_id, user_id=user_id)
    touched += installations.forget_installer(r, team_id=team_id, user_id=user_id)
    return touched + jobs.purge_person(deps.rq_redis, queue_names=QUEUES, team_id=team_id, user_id=user_id)


def record_activity(deps: Deps, *, team_id: str, user_id: str) -> bool:
    """The person did something in Slack: their data's time limit counts from now. Best effort: with Redis
    down the request itself gets the friendly try-again answer, and the next activity counts instead.
    Returns whether Redis took it."""
    try:
        retention.touch(deps.redis, team_id=team_id, user_id=user_id, now_ms=to_ms(deps.clock()))
    except redis.RedisError:
        return False
    return True


def forget_inactive(deps: Deps, *, team_id: str) -> str:
    """The daily retention sweep: forget-me for everyone inactive past store.retention's limit, then book
    the next sweep. Their streaks, boards and history go with them; active people are untouched."""
    now_ms = to_ms(deps.clock())
    gone = retention.inactive(deps.redis, team_id=team_id, now_ms=now_ms)
    for user_id in gone:
        forget(deps, team_id=team_id, user_id=user_id)
    retention.book_next_sweep(deps.redis, team_id=team_id, now_ms=now_ms)
    return f"forgot:{len(gone)}"


def welcome_back(r: redis.Redis, *, team_id: str, user_id: str) -> None:
    """Someone who ran forget-me turns glutes on again: what they do from now on may be kept."""
    tombstones.lift(r, team_id=team_id, user_id=user_id)
