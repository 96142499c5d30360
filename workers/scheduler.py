"""The scheduler process: each tick, claim the people whose break is due and hand them to RQ jobs.

Safe to run more than once: claims are atomic in Redis (see store.due), so two schedulers never hand out
the same break, and a scheduler that dies between claiming and enqueueing loses nothing (the claim is a
lease that runs out and is claimed again).
"""

from __future__ import annotations

import logging
import signal
import threading
from datetime import datetime

import redis
from rq import Queue, Retry

from slackapp import logs, tokens
from slackapp.config import load_or_exit
from slackapp.deps import BREAKS_QUEUE, DEFAULT_QUEUE, Deps, build_deps
from slackapp.flows.breaks import to_ms
from slackapp.store import due, keys
from workers import jobs

logger = logging.getLogger("glutes.scheduler")

CLAIM_LIMIT = 500
BATCH_SIZE = 50  # one dnd.teamInfo call covers a whole batch
JOB_RETRY = Retry(max=3, interval=[10, 30, 60])


def lease_ms_of(deps: Deps) -> int:
    return int(deps.settings.claim_lease_seconds * 1000)


def tick(deps: Deps, now: datetime) -> int:
    """Claim every break due by `now` in every workspace and enqueue the send jobs; returns how many."""
    r = deps.redis
    queue = deps.queue(BREAKS_QUEUE)
    lease_ms = lease_ms_of(deps)
    handed_out = 0
    for team_id in due.teams(r):
        handed_out += hand_out_workspace_work(deps, team_id, now)
        if tokens.active_token(deps.settings, r, team_id) is None:
            continue
        while True:
            claimed = due.claim(r, team_id=team_id, now_ms=to_ms(now), lease_ms=lease_ms, limit=CLAIM_LIMIT)
            if claimed:
                enqueue_sends(queue, team_id, claimed)
                handed_out += len(claimed)
            if len(claimed) < CLAIM_LIMIT:
                break
    return handed_out


def hand_out_workspace_work(deps: Deps, team_id: str, now: datetime) -> int:
    """Claim due retest invitations and timed posts the same way as breaks, and enqueue their jobs."""
    r, queue, now_ms = deps.redis, deps.queue(DEFAULT_QUEUE), to_ms(now)
    invites = due.claim_from(
        r, key=keys.retests(team_id), now_ms=now_ms, lease_ms=lease_ms_of(deps), limit=CLAIM_LIMIT
    )
    if invites:
        queue.enqueue(jobs.send_retest_invites, team_id, invites, retry=JOB_RETRY, result_ttl=3600)
    posts = due.claim_from(
        r, key=keys.jobs_due(team_id), now_ms=now_ms, lease_ms=lease_ms_of(deps), limit=CLAIM_LIMIT
    )
    for task in posts:
        queue.enqueue(jobs.run_task, team_id, task, retry=JOB_RETRY, result_ttl=3600)
    return len(invites) + len(posts)


def enqueue_sends(queue: Queue, team_id: str, user_ids: list[str]) -> None:
    """One send_breaks job per batch of people, enqueued in one round trip."""
    batches = [user_ids[i : i + BATCH_SIZE] for i in range(0, len(user_ids), BATCH_SIZE)]
    queue.enqueue_many(
        [
            Queue.prepare_data(
                jobs.send_breaks,
                args=(team_id, batch),
                retry=JOB_RETRY,
                timeout=600,
                result_ttl=3600,
                failure_ttl=7 * 24 * 3600,
            )
            for batch in batches
        ]
    )


def run(deps: Deps, stop: threading.Event) -> None:
    """Tick until `stop` is set; Redis outages are waited out, not fatal."""
    interval = deps.settings.scheduler_tick_seconds
    while not stop.is_set():
        try:
            count = tick(deps, deps.clock())
            if count:
                logger.info("handed out %d due breaks", count)
        except redis.RedisError as error:
            logger.warning("redis unavailable, retrying: %s", error)
        stop.wait(interval)


def main() -> None:
    deps = build_deps(load_or_exit())
    logs.configure(deps.settings)
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    logger.info("scheduler started, tick every %ss", deps.settings.scheduler_tick_seconds)
    run(deps, stop)


if __name__ == "__main__":
    main()
