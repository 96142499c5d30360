"""Waiting out a Redis outage (a restart, a failover) in a process's own loop, rather than exiting."""

from __future__ import annotations

import threading

import redis

from slackapp.ops.outage import OutageLog
from slackapp.store import connection


def wait_for_redis(r: redis.Redis, outage: OutageLog, stop: threading.Event | None = None) -> bool:
    """Block until Redis answers (True), or `stop` is set first (False); the outage is logged once."""
    return connection.wait_for_redis(r, outage, stop)
