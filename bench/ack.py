"""Scenario 3: how fast Slack's requests are acknowledged, by the real web process
(`python -m slackapp.processes.serve`, the Procfile's settings) and by a bare Bolt app that only acks, both
under gunicorn with the same options, at a few fixed request rates from an open-loop load generator on
127.0.0.1."""

from __future__ import annotations

import json
import math
import os
import subprocess
import time
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime

from bench import world
from bench.bare_app import WITH_IO
from bench.context import Context
from bench.procs import machine_busy_seconds, own_cpu_seconds
from bench.stats import percentile
from slackapp.domain import schedule
from slackapp.processes.redis_server import free_port
from slackapp.processes.supervise import Supervisor, kill_group, module_argv, start_group, wait_until
from slackapp.store import cards, keys

TEAM = "T01"
PREFIX = "UL"
WARM_RATE = 20.0


@dataclass
class AckRun:
    app: str  # "glutes", "bare Bolt" or WITH_IO
    rate: float
    seconds: float
    offered: int
    latency_ms: dict[str, list[float]]  # by kind: "status", "done"
    errors: dict[str, dict[str, int]]
    worst_sender_lag_ms: float
    server_cpu_s: float
    others_cpu_s: float = math.nan  # CPU used meanwhile by processes outside the benchmark

    def of(self, kind: str | None = None) -> list[float]:
        if kind is None:
            return [value for values in self.latency_ms.values() for value in values]
        return self.latency_ms.get(kind, [])

    def p(self, q: float, kind: str | None = None) -> float:
        return percentile(self.of(kind), q)

    def error_count(self) -> int:
        return sum(sum(counts.values()) for counts in self.errors.values())


def _prepare_people(ctx: Context, count: int, first: int = 0) -> None:
    """Opted-in people with a cached profile and one unanswered break card each (id 9<i>, sent today)."""
    r = ctx.r
    indices = range(first, first + count)
    people_ids = [(TEAM, f"{PREFIX}{index:06d}") for index in indices]
    world.opt_in_everyone(r, people_ids, next_due_ms=int((time.time() + 3600) * 1000))
    today = schedule.local_date(datetime.now(UTC), world.midday_tz()).isoformat()
    for index, (team, user) in zip(indices, people_ids, strict=True):
        cards.save(
            r,
            team_id=team,
            user_id=user,
            break_id=f"9{index:06d}",
            exercise="glute_tap",
            local_date=today,
            channel="D" + user[1:],
            ts=f"1700000000.{index:06d}",
        )
    assert r.exists(keys.card(TEAM, f"{PREFIX}{first:06d}", f"9{first:06d}"))


def _healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as answer:  # noqa: S310
            return answer.status == 200
    except OSError:
        return False


def _load(port: int, rate: float, seconds: float, first: int, ctx: Context) -> dict:
    """One bounded load generator process; killed with its group if it overstays."""
    argv = module_argv("bench.loadgen", "--port", str(port), "--rate", str(rate), "--seconds", str(seconds))
    argv += ["--secret", world.SIGNING_SECRET, "--team", TEAM, "--prefix", PREFIX, "--first", str(first)]
    argv += ["--response-base", ctx.standin.response_url("ack").rsplit("/", 1)[0]]
    env = {"PATH": os.environ.get("PATH", ""), "LANG": "C.UTF-8"}
    process = start_group(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        out, err = process.communicate(timeout=seconds + 60)
    finally:
        if process.poll() is None:  # overstayed, or this process is being stopped: take its group down
            kill_group(process)
            process.communicate()
    if process.returncode != 0:
        raise RuntimeError(f"load generator failed: {err.decode()[-2000:]}")
    return json.loads(out)


def _settle(procs: Supervisor, app: str, quiet_s: float = 0.5, most_s: float = 15.0) -> None:
    """Wait until the app's gunicorn processes stop using CPU (under 2% of a core for quiet_s): Bolt runs
    the listeners' work after ack() on its thread pool in the same processes, after the answers are read,
    so the run's server CPU must include it."""
    give_up = time.monotonic() + most_s
    before = procs.cpu_seconds().get(app, 0.0)
    while time.monotonic() < give_up:
        time.sleep(quiet_s)
        now = procs.cpu_seconds().get(app, 0.0)
        if now - before < 0.02 * quiet_s:
            return
        before = now


def run_ack(
    ctx: Context, rates: list[float], seconds: float, warm_seconds: float, round_trip: float = 0.0
) -> list[AckRun]:
    r = ctx.r
    r.flushall()
    ctx.standin.reset(0.05, None, round_trip)  # a Done's chat.update after the ack takes Slack's time
    per_app = int(WARM_RATE * warm_seconds) + sum(int(rate * seconds) for rate in rates)
    _prepare_people(ctx, per_app)
    base_env = world.app_env(ctx.redis_url, ctx.standin.api_url, ctx.standin.ca_file, WEB_CONCURRENCY="2")
    for name in ("SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET"):
        base_env.pop(name)
    base_env["SLACK_BOT_TOKEN"] = world.token_of(TEAM)  # single-workspace mode, as most installs run
    runs: list[AckRun] = []
    apps = {
        "glutes": ("slackapp.processes.serve",),
        "bare Bolt": ("bench.serve_floor",),
        WITH_IO: ("bench.serve_floor", "--with-io"),
    }
    ports = {app: free_port() for app in apps}
    with Supervisor(log=ctx.log_path) as procs:
        for app, (
            module,
            *args,
        ) in apps.items():  # all up, taking turns: drift on the machine hits each alike
            procs.start_module(module, *args, name=app, env=dict(base_env, PORT=str(ports[app])))
        for app, port in ports.items():
            wait_until(lambda port=port: _healthy(port), 60, 0.1, f"{app} web process")
            _load(port, WARM_RATE, warm_seconds, 0, ctx)  # each gunicorn worker's first requests
        first = int(WARM_RATE * warm_seconds)
        time.sleep(0.5)
        for rate in rates:
            for app, port in ports.items():
                cpu_before = procs.cpu_seconds()
                busy, own, aside = (
                    machine_busy_seconds(),
                    own_cpu_seconds(),
                    ctx.standin_cpu() + ctx.redis_cpu(),
                )
                result = _load(port, rate, seconds, first, ctx)
                _settle(procs, app)  # the work after the acks (Bolt's thread pool) counts in the app's CPU
                procs.check_alive()
                cpu_after = procs.cpu_seconds()
                ours = sum(cpu_after.values()) - sum(cpu_before.values()) + own_cpu_seconds() - own
                ours += ctx.standin_cpu() + ctx.redis_cpu() - aside
                runs.append(
                    AckRun(
                        app=app,
                        rate=rate,
                        seconds=seconds,
                        offered=int(result["offered"]),
                        latency_ms=result["latency_ms"],
                        errors=result["errors"],
                        worst_sender_lag_ms=float(result["worst_sender_lag_ms"]),
                        server_cpu_s=round(cpu_after.get(app, 0.0) - cpu_before.get(app, 0.0), 2),
                        others_cpu_s=max(0.0, machine_busy_seconds() - busy - ours),
                    )
                )
            first += int(rate * seconds)
    order = list(apps)
    runs.sort(key=lambda run: (order.index(run.app), run.rate))
    return runs


@dataclass
class RequestCost:
    app: str
    kind: str
    requests: int
    cpu_ms: float  # this process's CPU per request, every thread: the ack and the listener's work after it
    round_trips: float  # Redis round trips per request
    slack_calls: float  # calls to the stand-in per request (response_url, chat.update, ...)
    update_cpu_ms: float = 0.0  # of cpu_ms: inside chat.update (the card's blocks serialized, the HTTP call)


def profile_requests(ctx: Context, count: int) -> list[RequestCost]:
    """Both apps in this process behind Flask's test client (no gunicorn, no logging): CPU per request and
    Redis round trips, ack plus the work Bolt runs after it, measured until the stand-in has the answers."""
    from argparse import Namespace

    from bench.bare_app import create_bare_app, create_io_floor_app
    from bench.instrument import tallied
    from bench.loadgen import build_requests
    from slackapp.config import Settings
    from slackapp.deps import build_deps
    from slackapp.web.app import create_app

    first = 900_000
    _prepare_people(ctx, 6 * count + 40, first)
    env = world.app_env(ctx.redis_url, ctx.standin.api_url, ctx.standin.ca_file)
    for name in ("SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET"):
        env.pop(name)
    env["SLACK_BOT_TOKEN"] = world.token_of(TEAM)
    settings = Settings.from_env(env)
    deps = build_deps(settings)
    apps = {
        "glutes": create_app(deps=deps).test_client(),
        "bare Bolt": create_bare_app(
            world.SIGNING_SECRET, env["SLACK_BOT_TOKEN"], ctx.standin.api_url
        ).test_client(),
        WITH_IO: create_io_floor_app(settings, env["SLACK_BOT_TOKEN"]).test_client(),
    }
    # A status is answered in its ack (its reply is the HTTP answer); a Done updates its card after the ack.
    answered_by = {"done": "chat.update 200"}
    costs = []
    try:
        for app, client in apps.items():
            for kind in ("status", "done"):
                base = ctx.standin.response_url("p").rsplit("/", 1)[0]
                options = Namespace(
                    kinds=kind, rate=1.0, seconds=count + 5, first=first, prefix=PREFIX, team=TEAM,
                    response_base=base, secret=world.SIGNING_SECRET,
                )  # fmt: skip
                requests = build_requests(options)
                first += len(requests)
                for _, body, headers in requests[:5]:  # warm
                    client.post("/slack/events", data=body, headers=headers)
                time.sleep(0.3)
                answers = ctx.standin.report()["answers"]
                before, calls_before = answers.get(answered_by.get(kind, ""), 0), sum(answers.values())
                with tallied() as tally:
                    cpu = time.process_time()
                    for _, body, headers in requests[5:]:
                        answer = client.post("/slack/events", data=body, headers=headers)
                        assert answer.status_code == 200, answer.status_code
                        if app == "glutes" and kind == "status":
                            assert (answer.get_json(silent=True) or {}).get("text"), answer.data
                    if app != "bare Bolt" and kind in answered_by:
                        wanted, enough = answered_by[kind], before + count
                        wait_until(
                            lambda w=wanted, e=enough: ctx.standin.report()["answers"].get(w, 0) >= e,
                            30,
                            0.2,
                            "the listeners' answers",
                        )
                    else:
                        time.sleep(0.3)
                    cpu = time.process_time() - cpu
                calls = sum(ctx.standin.report()["answers"].values()) - calls_before
                costs.append(
                    RequestCost(
                        app,
                        kind,
                        count,
                        cpu / count * 1000,
                        tally.round_trips / count,
                        calls / count,
                        tally.update_cpu_seconds / count * 1000,
                    )
                )
    finally:
        deps.redis.close()
        deps.rq_redis.close()
    return costs
