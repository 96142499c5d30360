"""A workspace leaving (uninstall, revoked token) and, after the grace period, its data going."""

from __future__ import annotations

import logging
from datetime import datetime

import redis

from slackapp.config import Settings
from slackapp.deps import QUEUES, Deps
from slackapp.domain.timestamps import to_ms
from slackapp.slack import tokens
from slackapp.store import jobs, tasks, workspaces

logger = logging.getLogger("glutes.workspace")


def leave(deps: Deps, *, team_id: str, enterprise_id: str | None, reason: str) -> None:
    """Forget the workspace's tokens and stop its sending now; delete its data after the grace period."""
    r, settings = deps.redis, deps.settings
    token = tokens.bot_token(settings, r, team_id) if not settings.distribution_mode else None
    # Single-workspace mode keeps its token in the environment: pause until that token changes.
    workspaces.pause(r, team_id=team_id, reason=reason, token_fingerprint=tokens.fingerprint(token))
    if settings.distribution_mode:
        tokens.installation_store(settings, r).delete_all(enterprise_id=enterprise_id, team_id=team_id)
        tasks.schedule(
            r, team_id=team_id, task=tasks.PURGE, due_ms=to_ms(deps.clock() + settings.purge_after)
        )
    logger.info("workspace left team=%s reason=%s", team_id, reason)


def purge(r: redis.Redis, rq_redis: redis.Redis, settings: Settings, *, team_id: str, now: datetime) -> int:
    """Delete every key of a workspace that has not come back, and RQ's stored jobs for it; returns how
    many keys and jobs went."""
    if tokens.bot_token(settings, r, team_id) is not None:
        tasks.cancel(r, team_id=team_id, task=tasks.PURGE)  # re-installed meanwhile
        return 0
    purged = workspaces.purge(r, team_id=team_id)
    purged += jobs.purge_workspace(rq_redis, queue_names=QUEUES, team_id=team_id)
    logger.info("purged workspace team=%s keys and jobs=%d", team_id, purged)
    return purged
