"""The RQ worker process for the app's queues (`python -m workers.worker`)."""

from __future__ import annotations

import logging
import os
import sys

import redis
from rq import Worker

from slackapp.config import load_or_exit
from slackapp.deps import QUEUES, Deps, build_deps
from slackapp.flows.availability import wait_for_redis
from slackapp.ops import logs
from slackapp.ops.outage import OutageLog

# Imported before RQ forks its work horses, so each job does not import the app again.
from workers import jobs, runtime  # noqa: F401

log = logging.getLogger("glutes.worker")


def make_worker(deps: Deps, outage: OutageLog) -> Worker:
    """RQ's Worker, once Redis answers: its constructor names the connection (CLIENT SETNAME) outside any
    retry of RQ's, so building it while Redis is away (a failover) would end the process."""
    while True:
        wait_for_redis(deps.rq_redis, outage)
        try:
            return Worker([deps.queue(name) for name in QUEUES], connection=deps.rq_redis)
        except redis.RedisError as error:
            outage.failed(error)


def main() -> None:
    deps = build_deps(load_or_exit())
    logs.configure(deps.settings)
    runtime.use(deps)
    log.info("worker process starting (pid %d)", os.getpid())
    outage = OutageLog(log)
    worker = make_worker(deps, outage)
    try:
        # with_scheduler: RQ's own scheduler moves jobs waiting on a Retry interval back onto the queue.
        worker.work(with_scheduler=True)
    except redis.RedisError as error:
        # RQ rides out most outages in its dequeue loop, but one that hits while it watches a running job
        # ends work() with its pubsub thread still alive. Wait for Redis here, then start this process over
        # as a fresh image (same pid, nothing for an operator to do) rather than fork work horses beside
        # that thread; the fresh image finds Redis answering.
        outage.failed(error)
        wait_for_redis(deps.rq_redis, outage)
        log.info("starting the worker over in place")
        os.execv(sys.executable, [sys.executable, "-m", "workers.worker"])


if __name__ == "__main__":
    main()
