"""The scheduler process: each tick, claim the people whose break is due and hand them to RQ jobs.

Safe to run more than once: claims are atomic in Redis (see flows.scheduling), so two schedulers never
hand out the same break, and a scheduler that dies between claiming and enqueueing loses nothing (the
claim is a lease that runs out and is claimed again).
"""

from __future__ import annotations

import logging
import os
import signal
import threading
from datetime import datetime

import redis
from rq import Queue, Retry

from slackapp.config import bad_setting_exits, load_or_exit
from slackapp.deps import BREAKS_QUEUE, DEFAULT_QUEUE, JOB_FAILURE_TTL, Deps, build_deps
from slackapp.domain.timestamps import to_ms
from slackapp.flows import scheduling
from slackapp.flows.redis_outages import wait_for_redis
from slackapp.ops import logs
from slackapp.ops.outage import OutageLog
from slackapp.slack import tokens
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
    lease_ms, now_ms = lease_ms_of(deps), to_ms(now)
    handed_out = 0
    batches_by_team: dict[str, list[list[str]]] = {}
    for team_id, (breaks_due, other_due) in scheduling.due_workspaces(r, now_ms=now_ms).items():
        if other_due:
            handed_out += hand_out_workspace_work(deps, team_id, now)
        if not breaks_due or tokens.active_token(deps.settings, r, team_id) is None:
            continue
        while True:
            claimed = scheduling.claim_breaks(
                r, team_id=team_id, now_ms=now_ms, lease_ms=lease_ms, limit=CLAIM_LIMIT
            )
            batches_by_team.setdefault(team_id, []).extend(
                claimed[i : i + BATCH_SIZE] for i in range(0, len(claimed), BATCH_SIZE)
            )
            handed_out += len(claimed)
            if len(claimed) < CLAIM_LIMIT:
                break
    enqueue_sends(deps, _round_robin(batches_by_team))
    return handed_out


def _round_robin(batches_by_team: dict[str, list[list[str]]]) -> list[tuple[str, list[str]]]:
    """Interleave workspaces' batches so one workspace's pacing does not hold the others back."""
    order: list[tuple[str, list[str]]] = []
    queues = {team: list(batches) for team, batches in batches_by_team.items() if batches}
    while queues:
        for team in list(queues):
            order.append((team, queues[team].pop(0)))
            if not queues[team]:
                del queues[team]
    return order


def hand_out_workspace_work(deps: Deps, team_id: str, now: datetime) -> int:
    """Claim due retest invitations and timed posts the same way as breaks, and enqueue their jobs."""
    r, queue, now_ms = deps.redis, deps.queue(DEFAULT_QUEUE), to_ms(now)
    invites = scheduling.claim_retest_invites(
        r, team_id=team_id, now_ms=now_ms, lease_ms=lease_ms_of(deps), limit=CLAIM_LIMIT
    )
    if invites:
        [(_, batch)] = scheduling.hand_over(r, [(team_id, invites)])
        queue.enqueue(
            jobs.send_retest_invites,
            team_id,
            batch,
            retry=JOB_RETRY,
            result_ttl=3600,
            failure_ttl=JOB_FAILURE_TTL,
        )
    posts = scheduling.claim_tasks(
        r, team_id=team_id, now_ms=now_ms, lease_ms=lease_ms_of(deps), limit=CLAIM_LIMIT
    )
    for task in posts:
        queue.enqueue(
            jobs.run_task, team_id, task, retry=JOB_RETRY, result_ttl=3600, failure_ttl=JOB_FAILURE_TTL
        )
    # The retention sweep is housekeeping, not something sent: the count is of invitations and posts.
    return len(invites) + sum(1 for task in posts if not scheduling.is_housekeeping(task))


def enqueue_sends(deps: Deps, batches: list[tuple[str, list[str]]]) -> None:
    """One send_breaks job per (workspace, batch of people), enqueued in one round trip.

    A job's data holds the workspace and a batch id, never the people (see flows.scheduling.hand_over);
    RQ keeps a finished job an hour and a failed one a day.
    """
    if not batches:
        return
    deps.queue(BREAKS_QUEUE).enqueue_many(
        [
            Queue.prepare_data(
                jobs.send_breaks,
                args=(team_id, batch),
                retry=JOB_RETRY,
                timeout=600,
                result_ttl=3600,
                failure_ttl=JOB_FAILURE_TTL,
            )
            for team_id, batch in scheduling.hand_over(deps.redis, batches)
        ]
    )


def run(deps: Deps, stop: threading.Event) -> None:
    """Tick until `stop` is set; Redis outages are waited out, not fatal."""
    interval = deps.settings.scheduler_tick_seconds
    outage = OutageLog(logger)  # one line when Redis goes away and one when it is back, not one a tick
    while not stop.is_set():
        try:
            count = tick(deps, deps.clock())
            outage.recovered()
            if count:
                logger.info("handed out %d due breaks", count)
        except redis.RedisError as error:
            outage.failed(error)
        stop.wait(interval)


def main() -> None:
    deps = build_deps(load_or_exit())
    logs.configure(deps.settings)
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    logger.info(
        "scheduler process starting (pid %d), tick every %ss",
        os.getpid(),
        deps.settings.scheduler_tick_seconds,
    )
    # Redis's first answer before the first tick: a refused password ends the process with its one line
    # (the ticks would take it for an outage and wait forever).
    with bad_setting_exits():
        if not wait_for_redis(deps.redis, OutageLog(logger), stop):
            return
    run(deps, stop)


if __name__ == "__main__":
    main()
