"""Waiting out a Redis outage (a restart, a failover) in a process's own loop, rather than exiting; and
telling a web process's outage log when Redis is back."""

from __future__ import annotations

import threading
from datetime import datetime

import redis

from slackapp.deps import Deps
from slackapp.ops.outage import OutageLog
from slackapp.store import connection


def wait_for_redis(r: redis.Redis, outage: OutageLog, stop: threading.Event | None = None) -> bool:
    """Block until Redis answers (True), or `stop` is set first (False); the outage is logged once."""
    return connection.wait_for_redis(r, outage, stop)


def note_if_back(deps: Deps, *, now: datetime) -> None:
    """During an outage this web process met, ask Redis whether it answers again (at most once a second,
    however many requests come); when it does, the outage log says so, once."""
    if not deps.outage.probe_due(now=now):
        return
    try:
        connection.ping(deps.redis)
    except redis.RedisError:
        return
    deps.outage.succeeded(now=now)
