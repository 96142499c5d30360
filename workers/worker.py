"""The RQ worker process for the app's queues (`python -m workers.worker`)."""

from __future__ import annotations

import logging
import os
import sys
import time

import redis
from rq import SimpleWorker

from slackapp.config import load_or_exit
from slackapp.deps import QUEUES, build_deps
from slackapp.ops import logs

# The job functions, imported once for the life of the process.
from workers import jobs, runtime  # noqa: F401


def main() -> None:
    deps = build_deps(load_or_exit())
    logs.configure(deps.settings)
    runtime.use(deps)
    log = logging.getLogger("glutes.worker")
    # Jobs run in this process rather than a work horse forked per job: the process's connections to Slack
    # (kept alive, slack/connections.py) and to Redis then outlive the job, instead of a TCP and TLS
    # handshake per send for each new horse. A job's timeout still holds (RQ's SIGALRM death penalty);
    # a job killed with the process is claimed again after GLUTES_CLAIM_LEASE, as with a killed horse.
    worker = SimpleWorker([deps.queue(name) for name in QUEUES], connection=deps.rq_redis)
    try:
        # with_scheduler: RQ's own scheduler moves jobs waiting on a Retry interval back onto the queue.
        worker.work(with_scheduler=True)
    except redis.RedisError as error:
        # RQ rides out most outages in its dequeue loop, but one that hits while it runs a job ends work()
        # with its pubsub thread still alive. Start this process over as a fresh image (same pid, nothing
        # for an operator to do) rather than carry on beside that thread.
        log.warning("redis unavailable, starting the worker over in 1 s: %s", error)
        time.sleep(1)
        os.execv(sys.executable, [sys.executable, "-m", "workers.worker"])


if __name__ == "__main__":
    main()
