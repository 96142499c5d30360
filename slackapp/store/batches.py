"""Work batches: the people one queued job is for, kept here rather than in the job's data.

RQ keeps a job's arguments (compressed, in its own hashes and registries) until the job's result or
failure expires, and a job already running writes them back when it ends. Handing jobs a batch id instead
of people keeps every person's id where forget-me can reach it.
"""

from __future__ import annotations

import uuid

import redis
from redis.client import Pipeline

from slackapp.store import keys
from slackapp.store.scripts import INDEX_UNTIL, LuaScript

# A job that waits longer than this finds its batch gone and does nothing: by then its breaks were
# claimed again (the claim lease is minutes) and sent by a newer job, so nothing is lost.
BATCH_TTL_SECONDS = 3600

# Add the people who were not forgotten meanwhile, and list the batch in each one's index of batches (so
# export and forget-me find it). KEYS: batch set, one tombstone per person, then one index per person.
# ARGV: ttl, batch id, then the people in the order of their tombstones. Returns how many were added.
_PUT = LuaScript(
    INDEX_UNTIL
    + """
local added, people = 0, (#KEYS - 1) / 2
for i = 1, people do
  if redis.call('EXISTS', KEYS[1 + i]) == 0 then
    added = added + redis.call('SADD', KEYS[1], ARGV[2 + i])
    index_until(KEYS[1 + people + i], ARGV[2], ARGV[1])
  end
end
if added > 0 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return added
"""
)


def put(r: redis.Redis, *, team_id: str, user_ids: list[str], pipeline: Pipeline | None = None) -> str:
    """Keep a batch of people for a job (an hour at most); returns its id. Forgotten people are left out."""
    batch_id = uuid.uuid4().hex
    script_keys = [
        keys.work_batch(team_id, batch_id),
        *(keys.forgotten(team_id, u) for u in user_ids),
        *(keys.batches_of(team_id, u) for u in user_ids),
    ]
    args = [BATCH_TTL_SECONDS, batch_id, *user_ids]
    _PUT(pipeline if pipeline is not None else r, keys=script_keys, args=args)
    return batch_id


def members(r: redis.Redis, *, team_id: str, batch_id: str) -> list[str]:
    """The people in a batch (sorted), or [] once it expired or was done."""
    return sorted(r.smembers(keys.work_batch(team_id, batch_id)))


def done(r: redis.Redis, *, team_id: str, batch_id: str) -> None:
    """The job finished its batch: drop it."""
    r.delete(keys.work_batch(team_id, batch_id))


def put_many(r: redis.Redis, batches: list[tuple[str, list[str]]]) -> list[str]:
    """put() for many (workspace, people) batches in one round trip; returns their ids in order."""
    pipe = r.pipeline(transaction=False)
    ids = [put(r, team_id=team_id, user_ids=user_ids, pipeline=pipe) for team_id, user_ids in batches]
    pipe.execute()
    return ids
