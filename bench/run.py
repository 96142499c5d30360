"""`python -m bench [--quick | --smoke] [--only ...] [--rates 200,400] [--ack-seconds S] [--out PATH]`: run
the scenarios, print the table and write the report (docs/performance.md for the full run; a run with
--rates or --ack-seconds writes var/performance-<plan>.md unless --out says otherwise)."""

from __future__ import annotations

import argparse
import json
import shlex
import signal
import sys
import time
from dataclasses import asdict, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NoReturn

from bench import ack, bigday, fanout, history, insights, ticks
from bench.context import Context
from bench.document import render_markdown
from bench.env import bench_context, machine
from bench.plan import FULL, PLANS, Plan
from bench.procs import ROOT
from bench.report import Results, render_stdout
from bench.standin import SlackLimits
from slackapp.config import Settings

SCENARIOS = ("ticks", "memory", "fanout", "limits", "day", "ack", "insights")
UNLIMITED_RATE = 100000.0
UNLIMITED_BURST = 10000  # GLUTES_SEND_BURST's ceiling


def _stop(signum: int, _frame: object) -> NoReturn:
    raise SystemExit(128 + signum)  # unwinds every try/finally, so every process started is stopped


def run(plan: Plan, only: set[str], log_path: Path, command: str) -> Results:
    started = time.monotonic()
    with bench_context(log_path) as ctx:
        results = Results(plan, command, datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), machine(ctx))

        def step(name: str) -> None:
            print(f"[{time.monotonic() - started:5.0f} s] {name}", file=sys.stderr, flush=True)

        if "ticks" in only:
            step(f"4. scheduler tick cost, {plan.tick_workspaces * plan.tick_per_workspace:,} people")
            results.ticks = ticks.run_ticks(
                ctx,
                workspaces=plan.tick_workspaces,
                per_workspace=plan.tick_per_workspace,
                idle_ticks=plan.idle_ticks,
                due_trials=plan.due_trials,
            )
        if "memory" in only:
            step(f"5. a year of Dones for {plan.hist_people:,} people")
            results.history = history.run_history(
                ctx,
                people=plan.hist_people,
                days=plan.hist_days,
                dones_per_day=plan.hist_dones_per_day,
                card_sample=plan.card_sample,
            )
        if "fanout" in only:
            common = {
                "workspaces": plan.fan_workspaces,
                "per_workspace": plan.fan_per_workspace,
                "latency": plan.fan_latency,
                "cap_s": plan.fan_cap,
            }
            for workers in plan.fan_workers:
                step(f"1. fan-out, glutes, {workers} worker(s)")
                results.fanout.append(
                    fanout.run_glutes(
                        ctx,
                        label=f"glutes, {workers} worker{'s' if workers > 1 else ''}",
                        workers=workers,
                        send_rate=UNLIMITED_RATE,
                        send_burst=UNLIMITED_BURST,
                        **common,  # type: ignore[arg-type]
                    )
                )
            if plan.fan_two_schedulers:
                step("6. fan-out, glutes, 2 workers, two schedulers")
                results.fanout.append(
                    fanout.run_glutes(
                        ctx,
                        label="glutes, 2 workers, two schedulers",
                        workers=2,
                        send_rate=UNLIMITED_RATE,
                        send_burst=UNLIMITED_BURST,
                        schedulers=2,
                        **common,  # type: ignore[arg-type]
                    )
                )
            for workers in plan.baseline_workers:
                step(f"1. fan-out, rq-scheduler baseline, {workers} worker(s)")
                results.fanout.append(
                    fanout.run_rq_scheduler(
                        ctx,
                        label=f"rq-scheduler, {workers} rq worker{'s' if workers > 1 else ''}",
                        workers=workers,
                        **{**common, "cap_s": plan.baseline_cap},  # type: ignore[arg-type]
                    )
                )
            if plan.fan_variant_concurrency:
                concurrency = plan.fan_variant_concurrency
                step(f"1. fan-out, glutes, 2 workers, GLUTES_SEND_CONCURRENCY={concurrency}")
                results.fanout.append(
                    fanout.run_glutes(
                        ctx,
                        label=f"glutes, 2 workers, GLUTES_SEND_CONCURRENCY={concurrency}",
                        workers=2,
                        send_rate=UNLIMITED_RATE,
                        send_burst=UNLIMITED_BURST,
                        extra_env={"GLUTES_SEND_CONCURRENCY": str(concurrency)},
                        **common,  # type: ignore[arg-type]
                    )
                )
            step("1. instrumented profile of one send_breaks batch")
            # One batch's CPU moves by ±25% from batch to batch on a shared machine: keep the median of five.
            samples = sorted(
                (fanout.profile_deliver(ctx, plan.fan_latency) for _ in range(5)),
                key=lambda p: p.cpu_ms_per_card,
            )
            results.deliver_profile = samples[len(samples) // 2]
            if plan.tls_round_trip:
                _over_tls(plan, ctx, results, common, step)
        if "limits" in only:
            step("2. fan-out under emulated Slack limits")
            limits = SlackLimits(
                workspace_rate=plan.lim_workspace_rate, workspace_burst=plan.lim_workspace_burst
            )
            under_limits = {
                "workspaces": plan.lim_workspaces,
                "per_workspace": plan.lim_per_workspace,
                "workers": 2,
                "latency": plan.fan_latency,
                "cap_s": plan.lim_cap,
                "send_rate": plan.lim_app_rate,
                "send_burst": Settings(slack_signing_secret="-").send_burst,  # the app's default
                "limits": limits,
            }
            label = f"glutes under limits ({plan.lim_workspace_rate:.0f}/s per workspace), 2 workers"
            results.limits.append(fanout.run_glutes(ctx, label=label, **under_limits))  # type: ignore[arg-type]
            if plan.lim_variant_burst:
                burst = plan.lim_variant_burst
                step(f"2. the same with GLUTES_SEND_BURST={burst}")
                results.limits.append(
                    fanout.run_glutes(
                        ctx,
                        label=f"{label}, GLUTES_SEND_BURST={burst}",
                        extra_env={"GLUTES_SEND_BURST": str(burst)},
                        **under_limits,  # type: ignore[arg-type]
                    )
                )
        if "day" in only and plan.day_rounds:
            for spread in (False, True):
                step(f"7. the big-workspace day, first-break spread {'on' if spread else 'off'}")
                results.days.append(
                    bigday.run_day(
                        ctx,
                        label=f"first-break spread {'on (default)' if spread else 'off'}",
                        people_count=plan.day_people,
                        interval_s=plan.day_interval_s,
                        rounds=plan.day_rounds if spread else 1,
                        limit_rate=plan.day_limit_rate,
                        limit_burst=plan.day_limit_burst,
                        app_rate=plan.day_app_rate,
                        spread=spread,
                    )
                )
            step("7. the big-workspace day: a meeting ends for everyone at once")
            results.meeting_end = bigday.run_meeting_end(
                ctx,
                people_count=plan.day_people,
                limit_rate=plan.day_limit_rate,
                limit_burst=plan.day_limit_burst,
                app_rate=plan.day_app_rate,
            )
        if "insights" in only:
            step(f"8. insights: the pulse of {plan.ins_people:,} people, the chart render")
            results.insights = insights.run_insights(
                ctx, people=plan.ins_people, reads=plan.ins_reads, renders=plan.ins_renders
            )
        if "ack" in only:
            step("3. ack latency, glutes web and bare Bolt")
            results.ack = ack.run_ack(ctx, list(plan.ack_rates), plan.ack_seconds, plan.ack_warm_seconds)
            if plan.ack_tls_rates:
                step(f"3b. ack latency over TLS ({plan.tls_round_trip * 1000:.0f} ms round trips)")
                results.ack_tls = ack.run_ack(
                    ctx.over_tls(),
                    list(plan.ack_tls_rates),
                    plan.ack_seconds,
                    plan.ack_warm_seconds,
                    round_trip=plan.tls_round_trip,
                )
            step("3. CPU and Redis round trips per request, in-process")
            results.request_costs = ack.profile_requests(ctx, plan.request_profile_count)
        results.seconds = time.monotonic() - started
    return results


def _over_tls(plan: Plan, ctx: Context, results: Results, common: dict[str, object], step: Any) -> None:
    """1b. The fan-out as production pays it: HTTPS with round trips, with and without kept-alive
    connections, and the baseline over the same TLS (slack_sdk's WebClient as it comes)."""
    tls, round_trip, workers = ctx.over_tls(), plan.tls_round_trip, plan.tls_workers
    rt_ms = f"{round_trip * 1000:.0f} ms"
    plural = "s" if workers > 1 else ""
    for keep_alive in (False, True):
        way = "connections kept alive" if keep_alive else "a new connection per call"
        step(f"1b. fan-out over TLS ({rt_ms} round trips), glutes, {workers} worker{plural}, {way}")
        # The row before reuse is a rate to compare (a handshake per card): the baseline's cap is enough.
        cap = {} if keep_alive else {"cap_s": plan.baseline_cap}
        results.tls_fanout.append(
            fanout.run_glutes(
                tls,
                label=f"glutes, {workers} worker{plural}, TLS, {way}",
                workers=workers,
                send_rate=UNLIMITED_RATE,
                send_burst=UNLIMITED_BURST,
                extra_env=None if keep_alive else {"GLUTES_SLACK_KEEP_ALIVE": "off"},
                round_trip=round_trip,
                **{**common, **cap},  # type: ignore[arg-type]
            )
        )
    step(f"1b. fan-out over TLS ({rt_ms} round trips), rq-scheduler baseline, {workers} worker{plural}")
    results.tls_fanout.append(
        fanout.run_rq_scheduler(
            tls,
            label=f"rq-scheduler, {workers} rq worker{plural}, TLS",
            workers=workers,
            round_trip=round_trip,
            **{**common, "cap_s": plan.baseline_cap},  # type: ignore[arg-type]
        )
    )
    for keep_alive in (False, True):
        step(f"1b. in-process profile over TLS, {'kept alive' if keep_alive else 'a connection per call'}")
        samples = sorted(
            (
                fanout.profile_deliver(tls, plan.fan_latency, round_trip=round_trip, keep_alive=keep_alive)
                for _ in range(plan.tls_profiles)
            ),
            key=lambda p: p.cpu_ms_per_card,
        )
        results.tls_profiles.append(samples[len(samples) // 2])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--quick", action="store_true", help="small sizes, about 30 s")
    size.add_argument("--smoke", action="store_true", help="tiny sizes: does every scenario run at all")
    parser.add_argument("--only", default=",".join(SCENARIOS), help=f"comma-separated: {','.join(SCENARIOS)}")
    parser.add_argument(
        "--rates", help="ack scenario: comma-separated request rates instead of the plan's (e.g. 200,400)"
    )
    parser.add_argument("--ack-seconds", type=float, help="ack scenario: seconds per rate")
    parser.add_argument(
        "--out", type=Path, help="report path (default: docs/performance.md for the full run)"
    )
    options = parser.parse_args(argv)
    plan = PLANS["quick"] if options.quick else PLANS["smoke"] if options.smoke else FULL
    if options.rates:
        rates = tuple(float(rate) for rate in options.rates.split(",") if rate.strip())
        plan = replace(plan, ack_rates=rates)
    if options.ack_seconds:
        plan = replace(plan, ack_seconds=options.ack_seconds)
    only = {name.strip() for name in options.only.split(",") if name.strip()}
    unknown = only - set(SCENARIOS)
    if unknown:
        parser.error(f"unknown scenario(s): {', '.join(sorted(unknown))}")
    out = options.out or (
        ROOT / "docs" / "performance.md" if plan is FULL else ROOT / "var" / f"performance-{plan.name}.md"
    )
    for signum in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        signal.signal(signum, _stop)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    log_path = ROOT / "var" / "bench" / f"{stamp}-{plan.name}.log"
    command = shlex.join(["python", "-m", "bench", *(argv if argv is not None else sys.argv[1:])])
    results = run(plan, only, log_path, command)
    print(render_stdout(results))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_markdown(results), encoding="utf-8")
    raw = log_path.with_suffix(".json")
    raw.write_text(json.dumps(asdict(results), indent=1, default=str), encoding="utf-8")
    print(f"wrote {out} (raw results: {raw}; process logs: {log_path})")
