"""RQ's own records of glutes' jobs (queues, registries, results), for forget-me and a workspace's purge.

Jobs carry a workspace id and a batch id (store.batches), so their data normally names nobody. What can
still name a person: a traceback, a result, or a job queued by a version that passed people's ids. A
running job is left alone: it reads its people from its batch, which forget-me has already emptied.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator

import redis
from rq import Queue
from rq.job import Job
from rq.registry import (
    CanceledJobRegistry,
    DeferredJobRegistry,
    FailedJobRegistry,
    FinishedJobRegistry,
    ScheduledJobRegistry,
)

REGISTRIES = (
    FinishedJobRegistry,
    FailedJobRegistry,
    ScheduledJobRegistry,
    DeferredJobRegistry,
    CanceledJobRegistry,
)


def _stored_jobs(rq_redis: redis.Redis, queue_names: tuple[str, ...]) -> Iterator[Job]:
    """Every job waiting in a queue or kept in a registry (not the ones running now)."""
    seen: set[str] = set()
    for name in queue_names:
        queue = Queue(name, connection=rq_redis)
        ids = list(queue.get_job_ids())
        for registry in REGISTRIES:
            ids += registry(queue=queue).get_job_ids()
        fresh = [job_id for job_id in ids if job_id not in seen]
        seen.update(fresh)
        yield from (job for job in Job.fetch_many(fresh, connection=rq_redis) if job is not None)


def _text(job: Job) -> str:
    """Everything RQ keeps about a job that could name a person, as one string."""
    try:
        args = repr(job.args)
    except Exception:  # a job from a version whose function is gone: its raw data still counts
        args = repr(job.data)
    parts = [args, job.description or "", _raw_exc_info(job)]
    parts += [f"{result.return_value!r} {result.exc_string or ''}" for result in job.results()]
    return "\n".join(parts)


def _raw_exc_info(job: Job) -> str:
    """The traceback RQ keeps on the job hash itself (zlib-compressed), read without the deprecated API."""
    raw = job.connection.hget(job.key, "exc_info")
    if not raw:
        return ""
    try:
        return zlib.decompress(raw).decode("utf-8", "replace")
    except zlib.error:
        return raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)


def _of_workspace(job: Job, team_id: str) -> bool:
    try:
        return bool(job.args) and job.args[0] == team_id
    except Exception:
        return team_id in repr(job.data)


def purge_person(rq_redis: redis.Redis, *, queue_names: tuple[str, ...], team_id: str, user_id: str) -> int:
    """Remove the person from the workspace's stored jobs; returns how many jobs changed.

    A waiting job that lists them among others keeps the others (its data is rewritten); any other job
    that names them (a finished or failed one, a traceback) is deleted: what it did is done, and a break
    it was to send is handed out again from the due index.
    """
    changed = 0
    for job in _stored_jobs(rq_redis, queue_names):
        if not _of_workspace(job, team_id) or user_id not in _text(job):
            continue
        rest = job.args[1] if len(job.args) > 1 and isinstance(job.args[1], list) else None
        if rest is not None and user_id in rest and not _raw_exc_info(job) and not job.results():
            others = [u for u in rest if u != user_id]
            if others:
                job.args = (job.args[0], others, *job.args[2:])
                job.description = job.get_call_string()
                job.save()
                changed += 1
                continue
        job.delete()
        changed += 1
    return changed


def purge_workspace(rq_redis: redis.Redis, *, queue_names: tuple[str, ...], team_id: str) -> int:
    """Delete every stored job of a departed workspace; returns how many went."""
    doomed = [job for job in _stored_jobs(rq_redis, queue_names) if _of_workspace(job, team_id)]
    for job in doomed:
        job.delete()
    return len(doomed)
