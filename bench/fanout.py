"""Scenarios 1 and 2: everyone due at once, delivered by the real processes (or by the rq-scheduler baseline)
through the stand-in; time until it has every card, cards per second, and lateness (due -> received)."""

from __future__ import annotations

import cProfile
import io
import math
import os
import pstats
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from rq import Queue, Worker
from rq_scheduler import Scheduler

from bench import baseline, world
from bench.context import Context
from bench.instrument import tallied
from bench.procs import BIN, ROOT, machine_busy_seconds, own_cpu_seconds
from bench.standin import SlackLimits
from bench.stats import percentile
from slackapp.config import Settings
from slackapp.deps import DEFAULT_QUEUE
from slackapp.processes.supervise import Supervisor, wait_until
from slackapp.store import keys

POLL_SECONDS = 0.25
SENTINEL_TEAM = "T00"


@dataclass
class FanoutRun:
    label: str
    system: str  # "glutes" or "rq-scheduler"
    workers: int
    workspaces: int
    people: int
    latency_ms: float
    cap_s: float
    delivered: int = 0  # distinct people whose card the stand-in received by the deadline
    duplicates: int = 0
    lateness: list[float] = field(default_factory=list)  # seconds, one per person; inf = not by deadline
    last_s: float = math.nan  # due -> last card received (or the deadline)
    cpu: dict[str, float] = field(default_factory=dict)  # CPU seconds during the run, per process kind
    answers: dict[str, int] = field(default_factory=dict)  # stand-in answers "method status" -> count
    limits: SlackLimits | None = None
    send_rate: float | None = None
    others_cpu: float = math.nan  # CPU seconds used meanwhile by processes outside the benchmark
    variant: str = ""  # a setting this run changes from the app's defaults, e.g. "GLUTES_SEND_CONCURRENCY=16"
    concurrency: int | None = None  # the app's GLUTES_SEND_CONCURRENCY in this run (None: no such setting)
    per_workspace: dict[str, tuple[float, float, int]] = field(default_factory=dict)  # first, last, count
    schedulers: int = 1  # `workers.scheduler` processes running (2: both claim from the same due index)
    round_trip_ms: float = 0.0  # the TLS stand-in's network round trip (0: plain HTTP, no round trips)
    keep_alive: bool = True  # GLUTES_SLACK_KEEP_ALIVE (the baseline: slack_sdk's new connection per call)
    connections: int = 0  # connections that carried Slack calls during the run

    @property
    def tls(self) -> bool:
        return self.round_trip_ms > 0

    @property
    def connections_per_100(self) -> float:
        return 100 * self.connections / self.delivered if self.delivered else math.nan

    @property
    def cpu_ms_per_card(self) -> float:
        """The app's (or baseline's) own processes' CPU per card received: workers and schedulers."""
        own = sum(seconds for name, seconds in self.cpu.items() if name not in ("stand-in", "redis"))
        return own / self.delivered * 1000 if self.delivered else math.nan

    @property
    def complete(self) -> bool:
        return self.delivered == self.people

    @property
    def rate(self) -> float:
        """Cards per second, due time to the last card received (to the deadline when not complete)."""
        return self.delivered / self.last_s if self.last_s and self.last_s > 0 else math.nan

    @property
    def projected_s(self) -> float:
        """For a run cut at its deadline: the time all N would take at the rate it reached."""
        return self.people / self.rate if self.rate else math.inf

    def p(self, q: float) -> float:
        return percentile(self.lateness, q)

    @property
    def errors_429(self) -> int:
        return sum(count for key, count in self.answers.items() if key.endswith(" 429"))

    @property
    def floor_s(self) -> float | None:
        """The least lateness Slack's workspace limit allows for the last person of a workspace."""
        if self.limits is None:
            return None
        return (self.people / self.workspaces) / self.limits.workspace_rate


def _collect(ctx: Context, run: FanoutRun, due_s: float, deadline: float, ended: float) -> None:
    report = ctx.standin.report()
    run.answers = report["answers"]
    run.connections = int(report.get("connections") or 0)
    first: dict[str, float] = {}
    team_of: dict[str, str] = {}
    seen = 0
    for channel, token, received in report["cards"]:
        if received > ended:
            continue
        seen += 1
        if channel not in first or received < first[channel]:
            first[channel] = received
            team_of[channel] = token.split("-")[1] if token.count("-") >= 2 else token
    for channel, received in first.items():
        start, end, count = run.per_workspace.get(team_of[channel], (math.inf, -math.inf, 0))
        run.per_workspace[team_of[channel]] = (
            min(start, received - due_s),
            max(end, received - due_s),
            count + 1,
        )
    run.delivered = len(first)
    run.duplicates = seen - len(first)
    lateness = sorted(received - due_s for received in first.values())
    run.lateness = lateness + [math.inf] * (run.people - len(lateness))
    run.last_s = (lateness[-1] if run.complete and lateness else deadline - due_s) or math.nan


def _wait_for_cards(ctx: Context, procs: Supervisor, people: int, deadline: float) -> float:
    """Poll the stand-in until it has a card for everyone or the deadline passes; returns when it stopped."""
    while True:
        now = time.time()
        if ctx.standin.count()["unique"] >= people or now >= deadline:
            return now
        procs.check_alive()
        time.sleep(min(POLL_SECONDS, max(0.01, deadline - now)))


def _wait_for_scheduler(ctx: Context) -> None:
    """A due retest invitation in a workspace with no installation: once it is claimed, the scheduler is
    ticking. Then the workspace is taken out again and its (no-op) job left to finish."""
    r, now_ms = ctx.r, int(time.time() * 1000)
    r.zadd(keys.retests(SENTINEL_TEAM), {"USENTINEL": now_ms - 1000})
    r.sadd(keys.TEAMS, SENTINEL_TEAM)
    wait_until(
        lambda: (r.zscore(keys.retests(SENTINEL_TEAM), "USENTINEL") or 0) > now_ms, 60, 0.05, "the scheduler"
    )
    r.srem(keys.TEAMS, SENTINEL_TEAM)
    queue = Queue(DEFAULT_QUEUE, connection=ctx.rq_r)
    wait_until(lambda: queue.count == 0, 30, 0.05, "the sentinel job")
    time.sleep(0.3)


def _cpu_delta(before: dict[str, float], after: dict[str, float]) -> dict[str, float]:
    return {name: round(after.get(name, 0.0) - before.get(name, 0.0), 2) for name in after}


def run_glutes(
    ctx: Context,
    *,
    label: str,
    workspaces: int,
    per_workspace: int,
    workers: int,
    latency: float,
    cap_s: float,
    send_rate: float,
    send_burst: int,
    limits: SlackLimits | None = None,
    extra_env: dict[str, str] | None = None,
    schedulers: int = 1,
    round_trip: float = 0.0,
) -> FanoutRun:
    """The real scheduler(s) and `python -m workers.worker` processes, everyone due at the same second."""
    r = ctx.r
    r.flushall()
    ctx.standin.reset(latency, limits, round_trip)
    teams = world.team_ids(workspaces)
    world.install(r, teams)
    everyone = list(world.people_of(teams, per_workspace))
    world.opt_in_everyone(r, everyone, next_due_ms=int((time.time() + 3600) * 1000))
    run = FanoutRun(label, "glutes", workers, workspaces, len(everyone), latency * 1000, cap_s, limits=limits)
    run.send_rate = send_rate
    run.schedulers = schedulers
    run.round_trip_ms = round_trip * 1000
    run.variant = " ".join(f"{name}={value}" for name, value in (extra_env or {}).items())
    settings = {
        "GLUTES_SEND_RATE": str(send_rate),
        "GLUTES_SEND_BURST": str(send_burst),
        "GLUTES_SCHEDULER_TICK": "1",
        **(extra_env or {}),
    }
    env = world.app_env(ctx.redis_url, ctx.standin.api_url, ctx.standin.ca_file, **settings)
    run.keep_alive = Settings.from_env(env).slack_keep_alive
    run.concurrency = getattr(Settings.from_env(env), "send_concurrency", None)
    with Supervisor(log=ctx.log_path) as procs:
        for _ in range(schedulers):
            procs.start_module("workers.scheduler", name="scheduler", env=env)
        for _ in range(workers):
            procs.start_module("workers.worker", name="worker", env=env)
        wait_until(lambda: len(Worker.all(connection=ctx.rq_r)) >= workers, 60, 0.1, "RQ workers")
        _wait_for_scheduler(ctx)
        due_s = float(math.ceil(time.time() + 0.3))
        cpu_before, standin_before, redis_before = procs.cpu_seconds(), ctx.standin_cpu(), ctx.redis_cpu()
        busy_before, own_before = machine_busy_seconds(), own_cpu_seconds()
        world.move_due(r, everyone, int(due_s * 1000))
        deadline = due_s + cap_s
        ended = _wait_for_cards(ctx, procs, run.people, deadline)
        run.cpu = _cpu_delta(cpu_before, procs.cpu_seconds())
        run.cpu["stand-in"] = round(ctx.standin_cpu() - standin_before, 2)
        run.cpu["redis"] = round(ctx.redis_cpu() - redis_before, 2)
        ours = sum(run.cpu.values()) + own_cpu_seconds() - own_before
        run.others_cpu = max(0.0, machine_busy_seconds() - busy_before - ours)
    _collect(ctx, run, due_s, deadline, ended)
    return run


def run_rq_scheduler(
    ctx: Context,
    *,
    label: str,
    workspaces: int,
    per_workspace: int,
    workers: int,
    latency: float,
    cap_s: float,
    round_trip: float = 0.0,
) -> FanoutRun:
    """The baseline: rq-scheduler with one periodic job per person, `rqscheduler` + `rq worker`s."""
    r = ctx.r
    r.flushall()
    ctx.standin.reset(latency, None, round_trip)
    teams = world.team_ids(workspaces)
    everyone = list(world.people_of(teams, per_workspace))
    scheduler = Scheduler(queue_name=baseline.QUEUE, connection=ctx.rq_r, interval=1)
    later = datetime.now(UTC).replace(tzinfo=None) + timedelta(hours=1)  # rq-scheduler: naive UTC
    job_ids = [
        scheduler.schedule(
            scheduled_time=later,
            func=baseline.send_card,
            args=[team, user, world.token_of(team), ctx.standin.api_url],
            interval=baseline.INTERVAL_SECONDS,
            queue_name=baseline.QUEUE,
        ).id
        for team, user in everyone
    ]
    run = FanoutRun(label, "rq-scheduler", workers, workspaces, len(everyone), latency * 1000, cap_s)
    run.round_trip_ms, run.keep_alive = round_trip * 1000, False  # slack_sdk's WebClient as it comes
    env = {"PATH": os.environ.get("PATH", ""), "LANG": "C.UTF-8"}
    if ctx.standin.ca_file:
        env[baseline.CA_FILE_VARIABLE] = ctx.standin.ca_file
    with Supervisor(log=ctx.log_path) as procs:
        procs.start([str(BIN / "rqscheduler"), "--url", ctx.redis_url, "--interval", "1"], env=env)
        for _ in range(workers):
            # -c imports the job's module in the worker before it forks (RQ's own performance advice),
            # so each job's work horse does not import slack_sdk and the card UI again.
            argv = [str(BIN / "rq"), "worker", "-c", "bench.baseline", "--url", ctx.redis_url]
            argv += ["--path", str(ROOT), baseline.QUEUE]
            procs.start(argv, name="rq worker", env=env)
        wait_until(lambda: len(Worker.all(connection=ctx.rq_r)) >= workers, 60, 0.1, "rq workers")
        wait_until(
            lambda: any(ctx.rq_r.scan_iter(match=f"{Scheduler.redis_scheduler_namespace_prefix}*")),
            60,
            0.1,
            "rqscheduler",
        )
        due_s = float(math.ceil(time.time() + 0.3))
        cpu_before, standin_before, redis_before = procs.cpu_seconds(), ctx.standin_cpu(), ctx.redis_cpu()
        busy_before, own_before = machine_busy_seconds(), own_cpu_seconds()
        pipe = ctx.rq_r.pipeline(transaction=False)
        for count, job_id in enumerate(job_ids, start=1):
            pipe.zadd(Scheduler.scheduled_jobs_key, {job_id: int(due_s)}, xx=True)
            if count % 5000 == 0:
                pipe.execute()
        pipe.execute()
        deadline = due_s + cap_s
        ended = _wait_for_cards(ctx, procs, run.people, deadline)
        run.cpu = _cpu_delta(cpu_before, procs.cpu_seconds())
        run.cpu["stand-in"] = round(ctx.standin_cpu() - standin_before, 2)
        run.cpu["redis"] = round(ctx.redis_cpu() - redis_before, 2)
        ours = sum(run.cpu.values()) + own_cpu_seconds() - own_before
        run.others_cpu = max(0.0, machine_busy_seconds() - busy_before - ours)
    _collect(ctx, run, due_s, deadline, ended)
    return run


@dataclass
class DeliverProfile:
    """Where one send_breaks batch's time goes, measured in-process on workers.delivery.deliver."""

    people: int
    latency_ms: float
    concurrency: int | None  # the app's GLUTES_SEND_CONCURRENCY (None: the app has no such setting)
    wall_ms_per_card: float
    cpu_ms_per_card: float
    in_flight: float  # time inside chat.postMessage ÷ wall time: sends in flight on average
    redis_round_trips_per_card: float
    cpu_by_part: dict[str, float]  # share of the CPU per card (cProfile, sends one at a time)
    import_ms: float  # what a fresh work horse spends importing workers.jobs before its first card
    round_trip_ms: float = 0.0  # over TLS with this round trip (0: plain HTTP)
    keep_alive: bool = True


_PARTS = (
    ("slack_sdk/models", "Block Kit models (to_dict)"),
    ("redis/", "redis-py"),
    ("slack_sdk/", "slack_sdk client + HTTP"),
    ("urllib/", "slack_sdk client + HTTP"),
    ("http/", "slack_sdk client + HTTP"),
    ("socket", "slack_sdk client + HTTP"),
    ("json/", "json"),
    ("slackapp/", "the app's own code"),
    ("workers/", "the app's own code"),
)


def _part_of(filename: str) -> str:
    return next((label for marker, label in _PARTS if marker in filename), "other (stdlib, zoneinfo, ...)")


def _cpu_by_part(profiler: cProfile.Profile) -> dict[str, float]:
    """Own CPU time per part; a C function (a socket call, json's scanner) counts for its main caller's."""
    stats = pstats.Stats(profiler, stream=io.StringIO())
    parts: dict[str, float] = {}
    for (filename, _line, _function), entry in stats.stats.items():  # type: ignore[attr-defined]
        owner = filename
        callers = entry[4]
        if filename == "~" and callers:
            owner = max(callers.items(), key=lambda item: item[1][3])[0][0]
        parts[_part_of(owner)] = parts.get(_part_of(owner), 0.0) + entry[2]  # tottime
    total = sum(parts.values()) or 1.0
    return {part: seconds / total for part, seconds in sorted(parts.items(), key=lambda kv: -kv[1])}


class _Inline:
    """Stands in for ThreadPoolExecutor while profiling, so every send runs on the profiled thread."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        pass

    def __enter__(self) -> _Inline:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def map(self, fn: Callable[..., object], *iterables: Iterable[object]) -> Iterator[object]:
        return iter([fn(*args) for args in zip(*iterables, strict=True)])


def profile_deliver(
    ctx: Context, latency: float, batch: int = 50, round_trip: float = 0.0, keep_alive: bool = True
) -> DeliverProfile:
    """Run one batch through workers.delivery.deliver in this process, timing chat.postMessage and
    counting Redis round trips (commands and pipelines): an instrumented profile. A second batch runs
    under cProfile on one thread, for where the CPU goes."""
    import subprocess
    import sys

    from slackapp.deps import build_deps
    from slackapp.flows import delivery as delivery_flow
    from workers import delivery

    r = ctx.r
    r.flushall()
    ctx.standin.reset(latency, None, round_trip)
    teams = world.team_ids(1)
    world.install(r, teams)
    warm = 25  # as many as a worker keeps in flight by default: its kept-alive connections are all open
    everyone = list(world.people_of(teams, 2 * batch + warm))
    world.opt_in_everyone(r, everyone, next_due_ms=int((time.time() - 1) * 1000))
    settings = Settings.from_env(
        world.app_env(
            ctx.redis_url,
            ctx.standin.api_url,
            ctx.standin.ca_file,
            GLUTES_SEND_RATE="100000",
            GLUTES_SEND_BURST="10000",
            GLUTES_SLACK_KEEP_ALIVE="on" if keep_alive else "off",
        )
    )
    deps = build_deps(settings)
    users = [user for _, user in everyone]
    try:
        delivery.deliver(deps, teams[0], users[:warm])  # warm: connections, scripts, imports
        with tallied() as tally:
            cpu, wall = time.process_time(), time.perf_counter()
            counts = delivery.deliver(deps, teams[0], users[warm : warm + batch])
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        # CPU, not wall time, and every send on this thread (cProfile follows only the thread it runs on).
        profiler = cProfile.Profile(time.process_time)
        pool = getattr(delivery_flow, "ThreadPoolExecutor", None)
        if pool is not None:
            delivery_flow.ThreadPoolExecutor = _Inline  # type: ignore[attr-defined, misc]
        try:
            profiler.runcall(delivery.deliver, deps, teams[0], users[warm + batch :])
        finally:
            if pool is not None:
                delivery_flow.ThreadPoolExecutor = pool  # type: ignore[attr-defined]
    finally:
        deps.redis.close()
        deps.rq_redis.close()
    sent = counts.get("sent", 0)
    assert sent == batch, counts
    probe = "import time; t = time.perf_counter(); import workers.jobs; print(time.perf_counter() - t)"
    parent = "import workers.worker, slackapp.deps, slackapp.ops.logs, slackapp.config, rq; "
    answer = subprocess.run(
        [sys.executable, "-c", parent + probe],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return DeliverProfile(
        people=sent,
        latency_ms=latency * 1000,
        concurrency=getattr(settings, "send_concurrency", None),
        wall_ms_per_card=wall / sent * 1000,
        cpu_ms_per_card=cpu / sent * 1000,
        in_flight=tally.post_seconds / wall,
        redis_round_trips_per_card=tally.round_trips / sent,
        cpu_by_part=_cpu_by_part(profiler),
        import_ms=float(answer.stdout.strip()) * 1000,
        round_trip_ms=round_trip * 1000,
        keep_alive=keep_alive,
    )
