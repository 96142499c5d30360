"""The RQ worker process for the app's queues (`python -m workers.worker`)."""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
from types import FrameType

import redis
from rq import SimpleWorker

from slackapp.config import bad_setting_exits, load_or_exit
from slackapp.deps import QUEUES, Deps, build_deps
from slackapp.flows.redis_outages import wait_for_redis
from slackapp.ops import logs
from slackapp.ops.outage import OutageLog

# The job functions, imported once for the life of the process.
from workers import jobs, runtime  # noqa: F401

log = logging.getLogger("glutes.worker")


class AppWorker(SimpleWorker):
    """RQ's worker that runs jobs in this process rather than a work horse forked per job: the process's
    connections to Slack (kept alive, slack/connections.py) and to Redis then outlive the job, instead of a
    TCP and TLS handshake per send for each new horse. A job's timeout still holds (RQ's SIGALRM death
    penalty); a job killed with the process is claimed again after GLUTES_CLAIM_LEASE, as with a killed horse.

    It remembers that it was asked to stop (SIGTERM, Ctrl-C), however RQ took the signal: as a warm-shutdown
    flag, or as a StopRequested whose teardown may then fail on an absent Redis."""

    stop_signalled = False

    def request_stop(self, signum: int, frame: FrameType | None) -> None:
        self.stop_signalled = True
        super().request_stop(signum, frame)


def make_worker(deps: Deps, outage: OutageLog) -> AppWorker:
    """RQ's Worker, once Redis answers: its constructor names the connection (CLIENT SETNAME) outside any
    retry of RQ's, so building it while Redis is away (a failover) would end the process."""
    while True:
        wait_for_redis(deps.rq_redis, outage)
        try:
            return AppWorker([deps.queue(name) for name in QUEUES], connection=deps.rq_redis)
        except redis.RedisError as error:
            outage.failed(error)


def main() -> None:
    # A password Redis refuses ends the process with its one line, at start or when it waits again below.
    with bad_setting_exits():
        run(build_deps(load_or_exit()))


def run(deps: Deps) -> None:
    logs.configure(deps.settings)
    runtime.use(deps)
    log.info("worker process starting (pid %d)", os.getpid())
    outage = OutageLog(log)
    worker = make_worker(deps, outage)
    try:
        # with_scheduler: RQ's own scheduler moves jobs waiting on a Retry interval back onto the queue.
        worker.work(with_scheduler=True)
    except redis.RedisError as error:
        # RQ rides out most outages in its dequeue loop, but one that hits while it runs a job ends work()
        # with its pubsub thread still alive. Wait for Redis here, then start this process over as a fresh
        # image (same pid, nothing for an operator to do) rather than carry on beside that thread; the fresh
        # image finds Redis answering. A stop asked for meanwhile (SIGTERM, Ctrl-C; RQ's handler may have
        # taken it already) ends the wait and the process instead.
        outage.failed(error)
        stop = threading.Event()
        if worker.stop_signalled:
            stop.set()
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stop.set())
        if not wait_for_redis(deps.rq_redis, outage, stop):
            log.info("stopping while redis is away")
            return
        log.info("starting the worker over in place")
        os.execv(sys.executable, [sys.executable, "-m", "workers.worker"])


if __name__ == "__main__":
    main()
