"""What every listener and job needs, built once per process and passed down explicitly."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace

import redis
from rq import Queue

from slackapp.clock import Clock, ShiftedClock, system_clock
from slackapp.config import Settings
from slackapp.ops.outage import RequestOutageLog
from slackapp.store.connection import redis_from_settings
from slackapp.store.retention import PendingActivity

BREAKS_QUEUE = "glutes-breaks"
DEFAULT_QUEUE = "glutes-default"
QUEUES = (BREAKS_QUEUE, DEFAULT_QUEUE)
# RQ keeps a failed job (its arguments: ids only, and its traceback) this long, then drops it.
JOB_FAILURE_TTL = 24 * 3600


@dataclass
class Deps:
    settings: Settings
    redis: redis.Redis  # decode_responses=True: the app's own stores
    rq_redis: redis.Redis  # bytes: RQ's connection
    clock: Clock = system_clock
    _queues: dict[str, Queue] = field(default_factory=dict, repr=False)
    # The web's requests meeting a Redis outage, logged once per outage in this process (errors.py).
    outage: RequestOutageLog = field(
        default_factory=lambda: RequestOutageLog(logging.getLogger("glutes")), repr=False
    )
    # People's activity, written in batches (store.retention.PendingActivity); one per Deps.
    activity: PendingActivity = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.activity = PendingActivity(self.redis, self.settings.activity_flush_seconds)

    def queue(self, name: str = DEFAULT_QUEUE) -> Queue:
        """The RQ queue by name, created once."""
        if name not in self._queues:
            self._queues[name] = Queue(name, connection=self.rq_redis)
        return self._queues[name]


def build_deps(settings: Settings, clock: Clock = system_clock) -> Deps:
    """Deps for a real process from its settings (in the playground, with its shared time control)."""
    deps = Deps(
        settings=settings,
        redis=redis_from_settings(settings, decode=True),
        rq_redis=redis_from_settings(settings, decode=False),
        clock=clock,
    )
    return with_playground_clock(deps)


def with_playground_clock(deps: Deps) -> Deps:
    """In the playground only (devkit.playground.enabled), a clock the page can move days ahead; every
    process reads the same offset from Redis. Elsewhere, deps unchanged."""
    from slackapp.devkit import playground
    from slackapp.store import clock_offset

    if not playground.enabled(deps.settings) or isinstance(deps.clock, ShiftedClock):
        return deps
    r = deps.redis
    return replace(
        deps, clock=ShiftedClock(deps.clock, lambda: clock_offset.get(r, team_id=playground.TEAM_ID))
    )
