"""The RQ worker process for the app's queues (`python -m workers.worker`)."""

from __future__ import annotations

import logging

from rq import Worker

from slackapp.config import load_or_exit
from slackapp.deps import QUEUES, build_deps
from workers import runtime


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    deps = build_deps(load_or_exit())
    runtime.use(deps)
    worker = Worker([deps.queue(name) for name in QUEUES], connection=deps.rq_redis)
    # with_scheduler: RQ's own scheduler moves jobs waiting on a Retry interval back onto the queue.
    worker.work(with_scheduler=True)


if __name__ == "__main__":
    main()
