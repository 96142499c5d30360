"""Scenario 4 (scheduler cost) and the first half of 5 (Redis bytes per opted-in person).

`workers.scheduler.tick` runs in this process against the benchmark's Redis with many people stored; its
CPU time is time.process_time() around each call (this process's CPU: the scheduler's own Python work,
RQ's enqueue included). Redis's CPU for the same ticks comes from INFO cpu, averaged over all of them.
"""

from __future__ import annotations

import cProfile
import io
import os
import pstats
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from bench import world
from bench.context import Context
from bench.instrument import tallied
from bench.procs import ROOT
from bench.stats import percentile
from slackapp.config import Settings
from slackapp.deps import BREAKS_QUEUE, Deps, build_deps
from slackapp.store import keys, people, profiles
from workers import scheduler

TICK_TARGET_MS = 2.0


Tick = Callable[[Deps, datetime], int]


@dataclass
class TickCost:
    """One tick function's cost: idle, and with 1% of people due."""

    idle_cpu_ms: list[float] = field(default_factory=list)
    idle_wall_ms: list[float] = field(default_factory=list)
    idle_redis_cpu_ms: float = 0.0
    idle_round_trips: float = 0.0
    due_cpu_ms: list[float] = field(default_factory=list)
    due_wall_ms: list[float] = field(default_factory=list)
    due_redis_cpu_ms: float = 0.0
    due_round_trips: float = 0.0

    def idle_p(self, q: float) -> float:
        return percentile(self.idle_cpu_ms, q)

    def due_p(self, q: float) -> float:
        return percentile(self.due_cpu_ms, q)


@dataclass
class TickResult:
    people: int
    workspaces: int
    app: TickCost = field(default_factory=TickCost)  # workers.scheduler.tick
    due_count: int = 0
    bytes_per_person: float = 0.0  # opt-in state: user hash, opted-in set, due index
    bytes_profile_per_person: float = 0.0  # the cached users.info profile on top
    idle_profile: list[str] = field(default_factory=list)  # app functions of the idle tick (cProfile)
    one_workspace_idle_cpu_ms: float = 0.0
    one_workspace_round_trips: float = 0.0


def _used_memory(ctx: Context) -> int:
    return int(ctx.r.info("memory")["used_memory"])


def _profile_top(run: Callable[[], object], count: int = 8) -> list[str]:
    """The app's own functions that take the most time over `run` (cumulative share of the total)."""
    profiler = cProfile.Profile()
    profiler.runcall(run)
    stats = pstats.Stats(profiler, stream=io.StringIO())
    entries = stats.stats  # type: ignore[attr-defined]
    total = max((entry[3] for entry in entries.values()), default=1e-9)
    rows = []
    for (filename, _line, function), entry in entries.items():
        relative = os.path.relpath(filename, ROOT)
        if relative.startswith(("slackapp/", "workers/")) and function != "tick":
            rows.append((entry[3], f"{relative}:{function} ({entry[1]} calls)"))
    rows.sort(reverse=True)
    return [f"{name}: {cumulative / total:.0%}" for cumulative, name in rows[:count]]


def _measure(
    ctx: Context,
    deps: Deps,
    tick: Tick,
    cost: TickCost,
    *,
    idle_ticks: int,
    due_trials: int,
    by_team: dict[str, list[str]],
    due_per_team: int,
    rng: random.Random,
) -> None:
    r = ctx.r
    for _ in range(5):  # warm: scripts loaded, connections open
        tick(deps, datetime.now(UTC))
    cpu_before = ctx.redis_cpu()
    for _ in range(idle_ticks):
        now = datetime.now(UTC)
        cpu, wall = time.process_time(), time.perf_counter()
        handed = tick(deps, now)
        cost.idle_cpu_ms.append((time.process_time() - cpu) * 1000)
        cost.idle_wall_ms.append((time.perf_counter() - wall) * 1000)
        assert handed == 0, handed
    cost.idle_redis_cpu_ms = (ctx.redis_cpu() - cpu_before) / idle_ticks * 1000
    with tallied() as tally:
        for _ in range(10):
            tick(deps, datetime.now(UTC))
    cost.idle_round_trips = tally.round_trips / 10

    queue = deps.queue(BREAKS_QUEUE)
    redis_cpu, trips = 0.0, 0
    expected = due_per_team * len(by_team)
    for _ in range(due_trials):
        past = int(time.time() * 1000) - 1000
        pipe = r.pipeline(transaction=False)
        for team, users in by_team.items():
            for user in rng.sample(users, due_per_team):
                pipe.hset(keys.user(team, user), "next_due", past)
                pipe.zadd(keys.due(team), {user: past})
        pipe.execute()
        now = datetime.now(UTC)
        cpu_before = ctx.redis_cpu()
        with tallied() as tally:
            cpu, wall = time.process_time(), time.perf_counter()
            handed = tick(deps, now)
            cost.due_cpu_ms.append((time.process_time() - cpu) * 1000)
            cost.due_wall_ms.append((time.perf_counter() - wall) * 1000)
        trips += tally.round_trips
        redis_cpu += ctx.redis_cpu() - cpu_before
        assert handed == expected, (handed, expected)
        queue.empty()
    cost.due_redis_cpu_ms = redis_cpu / due_trials * 1000
    cost.due_round_trips = trips / due_trials


def run_ticks(
    ctx: Context, *, workspaces: int, per_workspace: int, idle_ticks: int, due_trials: int
) -> TickResult:
    r = ctx.r
    r.flushall()
    teams = world.team_ids(workspaces)
    everyone = list(world.people_of(teams, per_workspace))
    result = TickResult(people=len(everyone), workspaces=workspaces)
    now_ms = int(time.time() * 1000)
    rng = random.Random(7)
    # Breaks spread over the next 50 minutes, starting a minute from now: nothing is due.
    due_ms = [now_ms + 60_000 + rng.randrange(3_000_000) for _ in everyone]

    time.sleep(0.2)
    before = _used_memory(ctx)
    world.store_opted_in(r, everyone, due_ms)
    after = _used_memory(ctx)
    result.bytes_per_person = (after - before) / len(everyone)
    sample_team, sample_user = everyone[-1]
    assert people.get(r, team_id=sample_team, user_id=sample_user).opted_in  # what opt_in would have left
    profile = profiles.Profile("Europe/Berlin", "", "", 0, False, False, False, int(time.time()))
    pipe = r.pipeline(transaction=False)
    for count, (team, user) in enumerate(everyone, start=1):
        profiles.save(pipe, team_id=team, user_id=user, profile=profile)  # type: ignore[arg-type]
        if count % 5000 == 0:
            pipe.execute()
    pipe.execute()
    result.bytes_profile_per_person = (_used_memory(ctx) - after) / len(everyone)

    world.install(r, teams)
    deps = build_deps(Settings.from_env(world.app_env(ctx.redis_url, ctx.standin.api_url)))
    by_team: dict[str, list[str]] = {}
    for team, user in everyone:
        by_team.setdefault(team, []).append(user)
    due_per_team = max(1, per_workspace // 100)
    result.due_count = due_per_team * workspaces
    measure = {
        "idle_ticks": idle_ticks,
        "due_trials": due_trials,
        "by_team": by_team,
        "due_per_team": due_per_team,
    }
    try:
        _measure(ctx, deps, scheduler.tick, result.app, rng=rng, **measure)  # type: ignore[arg-type]
        result.idle_profile = _profile_top(
            lambda: [scheduler.tick(deps, datetime.now(UTC)) for _ in range(50)]
        )

        # The app's idle tick with one workspace registered: what it costs per workspace, not per person.
        r.delete(keys.TEAMS)
        r.sadd(keys.TEAMS, teams[0])
        one = []
        for _ in range(max(20, idle_ticks // 4)):
            cpu = time.process_time()
            scheduler.tick(deps, datetime.now(UTC))
            one.append((time.process_time() - cpu) * 1000)
        result.one_workspace_idle_cpu_ms = percentile(one, 50)
        with tallied() as tally:
            for _ in range(10):
                scheduler.tick(deps, datetime.now(UTC))
        result.one_workspace_round_trips = tally.round_trips / 10
    finally:
        deps.redis.close()
        deps.rq_redis.close()
    return result
