"""The expiry rule for personal data: everything about a person goes once they have been inactive for
KEPT_AFTER_LAST_ACTIVITY, measured from their last activity and refreshed by each new one.

Activity is anything the person does through Slack (a command, a button, a form, opening the Home tab) and
every break card sent to them at their request. A new key about a person needs nothing more: the daily
`retention` task runs forget-me for whoever is past the limit, and forget-me finds every personal key.
Keys that expire sooner on their own (profile cache, cards, self-tests after 12 months) keep their TTLs.
"""

from __future__ import annotations

import atexit
import logging
import os
import threading
import weakref
from collections.abc import Mapping
from datetime import timedelta

import redis

from slackapp.store import keys, tasks
from slackapp.store.scripts import LuaScript, run_in_one_step

logger = logging.getLogger("glutes")

# 13 months: a year of history (streaks, the self-test comparison) plus a month's grace.
KEPT_AFTER_LAST_ACTIVITY = timedelta(days=396)
SWEEP_EVERY = timedelta(days=1)
_KEPT_MS = int(KEPT_AFTER_LAST_ACTIVITY.total_seconds() * 1000)
SWEEP_EVERY_MS = int(SWEEP_EVERY.total_seconds() * 1000)
# Redis runs a script alone, every other client waiting: 10,000 people in one took 36 ms, 500 about 1 ms
# (2-core shared box). A batch of more is split into scripts of this many, still in one round trip.
PEOPLE_PER_SCRIPT = 500
# People a process holds between flushes: the request that brings one more writes the batch at once (a
# flood of distinct ids, or a timer that cannot keep up, never grows it further).
MAX_PENDING_PEOPLE = 1000
# Tries of the last write as a process ends (each stop signal after the first may interrupt one).
_WRITES_AT_EXIT = 3


# Activity of several people of one workspace, each at the time it happened. KEYS: last-active, jobs-due,
# then each person's forget-me tombstone; ARGV: the sweep's task name and due time, then a user id and a
# time (epoch ms) per person. An activity from before a person's forget-me (a tombstone holding a later
# or equal time, or an old one holding no time) is dropped: written late, it would bring their id back.
# GT: a late write never moves someone's last activity back. Returns how many were written.
_TOUCH = LuaScript("""
local written = 0
for i = 3, #KEYS do
  local user, at = ARGV[2 * i - 3], tonumber(ARGV[2 * i - 2])
  local forgotten = redis.call('GET', KEYS[i])
  local forgotten_at = tonumber(forgotten or '')
  if not forgotten or (forgotten_at and forgotten_at > 1e12 and forgotten_at < at) then
    redis.call('ZADD', KEYS[1], 'GT', at, user)
    written = written + 1
  end
end
if written > 0 then redis.call('ZADD', KEYS[2], 'NX', ARGV[2], ARGV[1]) end
return written
""")


def touch(r: redis.Redis, *, team_id: str, user_id: str, now_ms: int) -> None:
    """Record activity now, and make sure the workspace's daily sweep is booked (never moved earlier).

    The sweep runs when the scheduler walks the workspace: activity registers it (`keys.TEAMS`), as
    every first write does (breaks on, a self-test, a challenge, a timed task)."""
    touch_many(r, {team_id: {user_id: now_ms}})


def touch_many(r: redis.Redis, activity: Mapping[str, Mapping[str, int]]) -> int:
    """touch() for many people at once (workspace -> person -> epoch ms): one round trip, one script per
    workspace and PEOPLE_PER_SCRIPT people. Returns how many were written (a person forgotten since is
    not)."""

    def fill(pipe: redis.client.Pipeline) -> None:
        for team_id, people in activity.items():
            everyone = list(people)
            for start in range(0, len(everyone), PEOPLE_PER_SCRIPT):
                users = everyone[start : start + PEOPLE_PER_SCRIPT]
                args: list[object] = [tasks.RETENTION, max(people[u] for u in users) + SWEEP_EVERY_MS]
                for user_id in users:
                    args += [user_id, people[user_id]]
                _TOUCH.queue(
                    pipe,
                    keys=[keys.last_active(team_id), keys.jobs_due(team_id)]
                    + [keys.forgotten(team_id, user_id) for user_id in users],
                    args=args,
                )
        # The scheduler walks these workspaces for their due tasks: the sweep just booked must be among
        # them even where nobody ever turned breaks on (someone who only chose a language, say).
        pipe.sadd(keys.TEAMS, *activity)

    if not activity:
        return 0
    replies, _ = run_in_one_step(r, fill, _TOUCH)
    return sum(int(reply) for reply in replies[:-1])


class PendingActivity:
    """Activity written to Redis in batches: a web process answering hundreds of requests a second writes
    the people who were active once per `delay_s`, in one round trip, not once per request. Activity only
    moves a 13-month limit, so a second's delay changes nothing a person could notice; what a process
    holds when it dies unflushed (at most `delay_s` of it) is lost, and the person's previous activity
    (or their next card, which counts too) stands. With `delay_s` 0 each activity is written at once.

    Thread-safe: the first activity after a flush starts a timer (a greenlet under gevent) that writes
    everything gathered by then; past MAX_PENDING_PEOPLE the request that brings one more writes at once.
    Redis unavailable at that moment: the batch is dropped, as a failed single write was (the next
    activity counts instead)."""

    def __init__(self, r: redis.Redis, delay_s: float) -> None:
        self._r = r
        self._delay_s = delay_s
        self._lock = threading.Lock()
        self._pending: dict[str, dict[str, int]] = {}
        self._held = 0  # people in _pending
        self._registered = False
        # A fork copies the held batch and the lock (perhaps held) but not the timer: the child would
        # never write again. It starts empty; what was held is the parent's to write.
        this = weakref.ref(self)
        os.register_at_fork(after_in_child=lambda: (held := this()) is not None and held._forked())

    def add(self, *, team_id: str, user_id: str, now_ms: int) -> None:
        if self._delay_s <= 0:
            self._write({team_id: {user_id: now_ms}})
            return
        with self._lock:
            first = not self._pending
            people = self._pending.setdefault(team_id, {})
            self._held += user_id not in people
            people[user_id] = max(now_ms, people.get(user_id, now_ms))
            if not self._registered:
                atexit.register(self.flush_at_exit)  # a process stopping writes what it holds
                self._registered = True
            full = self._held >= MAX_PENDING_PEOPLE
            if full:
                batch, self._pending, self._held = self._pending, {}, 0
        if full:
            self._write(batch)  # the timer already started writes whatever comes after
        elif first:
            timer = threading.Timer(self._delay_s, self.flush)
            timer.daemon = True
            timer.start()

    def flush(self) -> None:
        """Write everything gathered so far (the timer calls it; tests and shutdown may too)."""
        with self._lock:
            batch, self._pending, self._held = self._pending, {}, 0
        if batch:
            self._write(batch)

    def flush_at_exit(self) -> None:
        """flush() as the process ends. A gevent worker of gunicorn told to stop twice (a signal to the whole
        process group, then the arbiter's own) gets the second one as a SystemExit thrown into whatever the
        main greenlet is doing: this write. The batch is written again then (the script is idempotent)."""
        with self._lock:
            batch, self._pending, self._held = self._pending, {}, 0
        for _ in range(_WRITES_AT_EXIT):
            if not batch:
                return
            try:
                self._write(batch)
                return
            except SystemExit:
                continue

    def _forked(self) -> None:
        self._lock = threading.Lock()
        self._pending, self._held = {}, 0

    def _write(self, batch: dict[str, dict[str, int]]) -> None:
        try:
            touch_many(self._r, batch)
        except redis.RedisError as error:
            people = sum(len(active) for active in batch.values())
            logger.info("activity of %d people not recorded: %s", people, type(error).__name__)


def inactive(r: redis.Redis, *, team_id: str, now_ms: int, limit: int = 500) -> list[str]:
    """People whose last activity is older than the limit (oldest first, at most `limit`)."""
    return list(
        r.zrangebyscore(keys.last_active(team_id), "-inf", f"({now_ms - _KEPT_MS}", start=0, num=limit)
    )


def book_next_sweep(r: redis.Redis, *, team_id: str, now_ms: int) -> None:
    """The next sweep a day from now, while anyone is left to watch; none once the set is empty."""
    if r.zcard(keys.last_active(team_id)):
        tasks.schedule(r, team_id=team_id, task=tasks.RETENTION, due_ms=now_ms + SWEEP_EVERY_MS)
    else:
        tasks.cancel(r, team_id=team_id, task=tasks.RETENTION)
