"""The RQ worker process for the app's queues (`python -m workers.worker`)."""

from __future__ import annotations

import logging
import time

import redis
from rq import Worker

from slackapp.config import load_or_exit
from slackapp.deps import QUEUES, build_deps
from workers import runtime


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    deps = build_deps(load_or_exit())
    runtime.use(deps)
    log = logging.getLogger("glutes.worker")
    while True:
        worker = Worker([deps.queue(name) for name in QUEUES], connection=deps.rq_redis)
        try:
            # with_scheduler: RQ's own scheduler moves jobs waiting on a Retry interval back onto the queue.
            worker.work(with_scheduler=True)
            return
        except redis.RedisError as error:
            # RQ rides out most outages in its dequeue loop; anything that still escapes starts a new worker.
            log.warning("redis unavailable, starting over in 1 s: %s", error)
            time.sleep(1)


if __name__ == "__main__":
    main()
