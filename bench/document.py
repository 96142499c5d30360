"""docs/performance.md: the run's numbers, how they were taken, and what the profiles say to change.

Every finding is written from this run's measurements; code is named where the measurement points to it.
"""

from __future__ import annotations

import math
from pathlib import Path

from bench.bare_app import WITH_IO
from bench.fanout import FanoutRun
from bench.report import (
    ACK_ALIGN,
    ACK_HEADER,
    ACK_P99_MS,
    ACK_RATIO,
    ACK_RATIO_HIGH,
    ACK_RATIO_RATES,
    DAY_ALIGN,
    DAY_HEADER,
    FANOUT_ALIGN,
    FANOUT_HEADER,
    FLOOR_SLACK,
    KB,
    TARGET_PEOPLE,
    TARGET_RATIO,
    TARGET_SECONDS,
    TLS_ALIGN,
    TLS_HEADER,
    YEAR_BYTES,
    Results,
    ack_rows,
    day_rows,
    delivery,
    fanout_rows,
    insights_rows,
    summary_rows,
    table,
    tls_rows,
)
from bench.stats import fmt_ms, fmt_seconds
from bench.ticks import TICK_TARGET_MS

CORES_BUSY = 0.85  # a run whose processes used this share of all cores was CPU-bound


def render_markdown(results: Results) -> str:
    plan, m = results.plan, results.machine
    out = [
        "# Performance: fan-out, ack latency, scheduler cost and memory\n",
        f"Written by `{results.command}` on {results.started} in {results.seconds:.0f} s "
        f"({plan.name} sizes). Do not edit by hand: run it again.\n",
        f"Machine: {m['cores']} cores ({m['cpu']}), {m['memory']} RAM, {m['os']}; Python {m['python']}; "
        f"{m['redis']} (the server `make test` uses; AOF off); {m['packages']}. Redis, the Slack "
        "stand-in, the app's processes, the baseline and the load generator all share these cores; "
        "all traffic is on 127.0.0.1.\n",
        "## Summary against the issue's targets\n",
        "Targets are reported, not asserted; “n/a” where this run's sizes are not the target's.\n",
        table(["Measure", "Result", "Target", "Met"], summary_rows(results), "llll") + "\n",
    ]
    findings = [
        text
        for text in (
            _fanout_finding(results),
            _limits_finding(results),
            _ack_finding(results),
            _tick_finding(results),
            _memory_finding(results),
        )
        if text
    ]
    if findings:
        out += ["## Targets missed or at risk: what the profiles show, and what to change\n", *findings]
    runs = results.fanout + results.limits
    if runs:
        out += ["## 1–2. Fan-out\n", table(FANOUT_HEADER, fanout_rows(runs), FANOUT_ALIGN) + "\n"]
        out.append(_per_workspace(results.limits))
        out.append(_deliver_profile(results))
        out.append(_fanout_method(results))
    if results.tls_fanout:
        out += ["## 1b. Over TLS, as production pays it\n", _tls_section(results)]
    if results.ack:
        out += ["## 3. Ack latency\n", table(ACK_HEADER, ack_rows(results.ack), ACK_ALIGN) + "\n"]
        out.append(_request_costs(results))
        out.append(_ack_method(results))
    if results.ack_tls:
        rt = results.plan.tls_round_trip * 1000
        out += [
            f"## 3b. Ack latency over TLS ({rt:.0f} ms round trips)\n",
            table(ACK_HEADER, ack_rows(results.ack_tls), ACK_ALIGN) + "\n",
            "The same load and apps as §3, with the stand-in serving HTTPS: a Done's chat.update and the "
            "response-URL posts pay the handshake when a new connection is opened (bare Bolt's slack_sdk "
            "client: every call; glutes: once per connection kept in its pool).\n",
        ]
    if results.ticks:
        out += ["## 4. Scheduler cost\n", _ticks_section(results)]
    if results.history or results.ticks:
        out += ["## 5. Memory\n", _memory_section(results)]
    if results.deliver_profile:
        out += ["## 6. Scale-out and a capacity model\n", _capacity_section(results)]
    if results.days:
        out += ["## 7. The big-workspace day\n", _day_section(results)]
    if results.insights:
        out += [
            "## 8. Insights: the pulse and the chart\n",
            "The admins' pulse reads the workspace's day counters (7 hashes a week) however many "
            "people it has; the weekly picture's chart is drawn with matplotlib's Agg backend "
            "(`slackapp/ui/charts.py`).\n",
            table(["Insights", "Result"], insights_rows(results.insights), "ll") + "\n",
        ]
    out.append(PAST_ONE_REDIS.read_text(encoding="utf-8"))
    return "\n".join(part for part in out if part)


# Sharding past one primary, on paper: written by hand, carried into every report unchanged.
PAST_ONE_REDIS = Path(__file__).with_name("past_one_redis.md")


def _tls_section(results: Results) -> str:
    rt = results.plan.tls_round_trip * 1000
    text = [table(TLS_HEADER, tls_rows(results.tls_fanout), TLS_ALIGN) + "\n"]
    profiles = [p for p in (results.tls_profile(False), results.tls_profile(True)) if p]
    if profiles:
        described = "; ".join(
            f"{'kept alive' if p.keep_alive else 'a new connection per call'}: "
            f"{p.cpu_ms_per_card:.2f} ms CPU and {p.wall_ms_per_card:.1f} ms wall time per card, "
            "slack_sdk client + HTTP "
            f"{p.cpu_by_part.get('slack_sdk client + HTTP', 0) * 100:.0f}% of the CPU"
            for p in profiles
        )
        plain = results.deliver_profile
        versus = f" (plain HTTP in §1–2: {plain.cpu_ms_per_card:.2f} ms)" if plain else ""
        text.append(
            f"In-process batches of 50 over TLS (median of {results.plan.tls_profiles}): "
            f"{described}{versus}.\n"
        )
    text.append(
        "Which resembles production: these rows. Slack's Web API is HTTPS only, and a card's calls cross a "
        f"real network: here each new connection waits {rt:.0f} ms for its TCP handshake and {rt:.0f} ms "
        f"more for its TLS handshake, and every request {rt:.0f} ms for its way there and back, on top of "
        "the stand-in's latency; the certificate is RSA 2048 from a CA made at start-up, trusted through "
        "GLUTES_SLACK_CA_FILE with verification on (`slackapp/devkit/tls.py`). The plain-HTTP rows of §1–2 "
        "leave out both costs and so understate a card's CPU and time. “A new connection per call” is "
        "slack_sdk's WebClient as it comes (GLUTES_SLACK_KEEP_ALIVE=off), as the rq-scheduler baseline "
        "also runs; “kept alive” is the app's default: each process keeps its connections to Slack in one "
        "urllib3 pool (`slackapp/slack/connections.py`) and the worker runs jobs in-process, so they outlive "
        "a job. Connections per 100 cards counts the connections that carried Slack calls; CPU ms per card "
        "is the app's (or baseline's) processes' CPU ÷ cards received.\n"
    )
    return "\n".join(text)


CAPACITY_PEOPLE, CAPACITY_WORKSPACES, CAPACITY_RHYTHM_MIN = 1_000_000, 10_000, 50
SLACK_WORKSPACE_POSTS_PER_S = 10  # the emulated per-workspace chat.postMessage ceiling (target 5)


def _capacity_section(results: Results) -> str:
    """Scale-out rows and a capacity model derived from this run's measured per-card cost."""
    p = results.deliver_profile
    assert p is not None
    lines = []
    scale = [run for run in results.fanout if run.system == "glutes" and not run.variant]
    if scale:
        two = next((run for run in scale if run.schedulers > 1), None)
        one = next((run for run in scale if run.schedulers == 1 and run.workers == 2), None)
        second = ""
        if two is not None and one is not None:
            second = (
                f" With two `workers.scheduler` processes running (really two, each ticking every second "
                f"against the same due index) the 2-worker fan-out reached {two.rate:.1f} DMs/s against "
                f"{one.rate:.1f} with one, with {two.duplicates} duplicate cards (one scheduler: "
                f"{one.duplicates}): claiming is a lease per person in one Lua script, so the schedulers "
                "split the due people between them rather than both enqueueing them, and the send lock and "
                "the compare-and-set on next_due would stop a duplicate job anyway. A second scheduler is "
                "for failover, not speed: the workers are the bottleneck."
            )
        lines.append(
            "Scale-out, the same 10,000-card fan-out: "
            + "; ".join(f"{run.label}: {run.rate:.1f} DMs/s" for run in scale)
            + ". On 2 cores the curve bends after 2 workers: each worker process is one Python interpreter "
            "(one core at most, the GIL), so 2 workers can use both cores, and a third or fourth adds only "
            "context switches while Redis, the Slack stand-in and the load generator want the same cores."
            + second
            + "\n"
        )
    people_per_s = CAPACITY_PEOPLE / (CAPACITY_RHYTHM_MIN * 60)
    per_ws = CAPACITY_PEOPLE / CAPACITY_WORKSPACES
    cores = people_per_s * p.cpu_ms_per_card / 1000
    ops = people_per_s * p.redis_round_trips_per_card
    h = results.history
    per_person = (results.ticks.bytes_per_person if results.ticks else 300) + (
        results.ticks.bytes_profile_per_person if results.ticks else 250
    )
    year = h.bytes_per_person_year if h else 1000
    memory_gb = CAPACITY_PEOPLE * (per_person + year) / 1e9
    lines.append(
        f"Capacity model for {CAPACITY_PEOPLE:,} people in {CAPACITY_WORKSPACES:,} workspaces on a "
        f"{CAPACITY_RHYTHM_MIN}-minute rhythm, from this run's measured costs:\n\n"
        f"- Cards per second: spread evenly, {CAPACITY_PEOPLE:,} ÷ {CAPACITY_RHYTHM_MIN * 60:,} s = "
        f"{people_per_s:,.0f}/s. At the peak (everyone's day starting at once in the biggest time zone) "
        "the first round is spread over the interval (see target 5), so the peak is the same rate per "
        "time zone, not a spike.\n"
        f"- Worker CPU: {p.cpu_ms_per_card:.2f} ms per card (measured) × {people_per_s:,.0f}/s = "
        f"{cores:.2f} cores; with sends waiting on Slack ({p.latency_ms:.0f} ms here) a worker keeps "
        f"{p.concurrency} in flight, so ≈ {max(1, round(cores * 2 + 0.5))} worker processes with headroom.\n"
        f"- Redis operations: {p.redis_round_trips_per_card:.1f} round trips per card × "
        f"{people_per_s:,.0f}/s ≈ {ops:,.0f}/s (each a short Lua script or pipeline), plus RQ's own few "
        "per job of 50 cards: far below one Redis core's ~100,000 simple operations a second.\n"
        f"- Redis memory: ({per_person:.0f} B per opted-in person + {year:.0f} B per person-year of history)"
        f" × {CAPACITY_PEOPLE:,} ≈ {memory_gb:.1f} GB after a year, plus ≈ 13 KB of live cards per active "
        "person (8 days of cards): cards dominate; a shorter card TTL is the lever.\n"
        f"- Which Slack limit binds first: a workspace of {per_ws:,.0f} people on a "
        f"{CAPACITY_RHYTHM_MIN}-minute rhythm needs {per_ws / (CAPACITY_RHYTHM_MIN * 60):.2f} posts/s, "
        f"far under ~{SLACK_WORKSPACE_POSTS_PER_S}/s; the per-workspace chat.postMessage ceiling binds only "
        f"for a workspace over {SLACK_WORKSPACE_POSTS_PER_S * CAPACITY_RHYTHM_MIN * 60:,} people "
        "(10/s × 3,000 s), and at the start of the day, which is why first breaks are spread. Tier 2 "
        "dnd.teamInfo (20/min, 50 people a call) covers 1,000 people a minute per workspace, cached 5 min.\n"
    )
    lines.append(
        "When one Redis is not enough: every app key is per workspace (`glutes:<team>:…`, see "
        "`slackapp/store/keys.py`) except the registry of workspaces, OAuth states, the scheduled-people "
        "gauge and the web edge's throttles, so workspaces can be split across Redis instances by hash "
        "of the team id. Redis Cluster with a hash tag per workspace (`glutes:{T123}:…`) would keep each "
        "workspace's multi-key scripts (claim, record, the due index and the send bucket) on one slot, as "
        "they must be; RQ's keys (`rq:queue:*`, `rq:job:*`, registries) are not tagged and RQ's "
        "enqueue/dequeue touch several of them at once, so RQ would need its own non-cluster Redis (or one "
        "per shard). A managed Redis with a replica gives failover in seconds, but replication is "
        "asynchronous: the last writes before a failover can be lost, so a break may be sent twice (the "
        "send lock is lost with it) or a Done counted once more; the compare-and-set on next_due keeps it "
        "to at most one repeat per person.\n"
    )
    return "\n".join(lines)


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}" if count == 1 else f"{count:,} {word}s"


def _cores_used(run: FanoutRun, cores: int) -> float:
    """Share of all cores the run's processes (Redis included) used between due time and its end."""
    return sum(run.cpu.values()) / run.last_s / cores if run.last_s else math.nan


# --- sections ------------------------------------------------------------------------------------------


def _per_workspace(runs: list[FanoutRun]) -> str:
    rows = [
        [run.label, team, f"{count:,}", fmt_seconds(first), fmt_seconds(last)]
        for run in runs
        for team, (first, last, count) in sorted(run.per_workspace.items())
    ]
    if not rows:
        return ""
    header = ["Run under limits", "Workspace", "Cards", "First card", "Last card"]
    return "Per workspace, seconds after the due time:\n\n" + table(header, rows, "llrrr") + "\n"


def _deliver_profile(results: Results) -> str:
    p = results.deliver_profile
    if p is None:
        return ""
    parts = ", ".join(f"{part} {share:.0%}" for part, share in p.cpu_by_part.items() if share >= 0.01)
    setting = f"GLUTES_SEND_CONCURRENCY={p.concurrency}" if p.concurrency else "no concurrency setting"
    return (
        "Instrumented profile (the median of five runs, by CPU per card): "
        f"one batch of {p.people} through `workers.delivery.deliver` in-process "
        f"({p.latency_ms:.0f} ms Slack latency, {setting}): {p.wall_ms_per_card:.1f} ms of wall time and "
        f"{p.cpu_ms_per_card:.1f} ms CPU per card, {p.redis_round_trips_per_card:.1f} Redis round trips per "
        f"card, {p.in_flight:.1f} chat.postMessage calls in flight on average (time inside them ÷ wall "
        f"time). Where the CPU goes (cProfile's CPU clock, a second batch on one thread): {parts}. A fresh "
        f"RQ work horse imports `workers.jobs` in {p.import_ms:.0f} ms on top of what `workers/worker.py` "
        "imported before the fork.\n"
    )


def _fanout_method(results: Results) -> str:
    plan, packages = results.plan, results.machine["packages"]
    rq_version = packages.split("rq ")[1].split(",")[0]
    scheduler_version = packages.split("rq-scheduler ")[1].split(",")[0]
    lines = [
        "How: the benchmark starts its own redis-server, the Slack stand-in in a process of its own "
        "(`bench/standin.py`: slackapp's SlackStandIn, a ThreadingHTTPServer with a thread per connection "
        "and an accept backlog of 1024) and the real processes (`python -m workers.scheduler`, 1 s tick; "
        "`python -m workers.worker` × N), each in its own process group. Everyone is opted in through "
        "`people.opt_in` with a fresh cached profile (`profiles.save`, so no users.info calls) in a time "
        "zone where it is midday, one bot installation per workspace (distribution mode). Once the "
        "processes are idle, every person's next break is set to the same whole second. Lateness runs from "
        "that due time to the stand-in receiving the card's chat.postMessage. A run is cut off "
        f"{plan.fan_cap:.0f} s after the due time; people without a card by then count as later than that, "
        "and the time for everyone is projected from the rate reached. DMs/s = cards received ÷ (last card "
        "− due time). GLUTES_SEND_RATE=100000 outside the limits runs; other settings are the app's "
        "defaults unless a row names one. CPU is user+system seconds per process group during the run (RQ "
        "work horses included; Redis from INFO). “Not the benchmark” is the rest of the machine's busy time "
        "meanwhile (/proc/stat less all of the above): kernel time not charged to a process, such as "
        "loopback networking, and anything else running on the machine; a large value (someone's test "
        "suite) makes that run's numbers pessimistic.\n",
        f"Baseline: rq-scheduler {scheduler_version} imports and runs with the installed rq {rq_version}: "
        "one `Scheduler.schedule(..., interval=3000)` periodic job per person (`bench/baseline.py`), "
        "`rqscheduler --interval 1` and `rq worker -c bench.baseline` (the job's module imported before the "
        "fork, as RQ's docs advise). Each job posts the same card (`break_card.card` + "
        "`exercises.pick_next`) with a WebClient through the same stand-in. It does less per card than "
        "glutes: no opt-in or DND check, no lock, no pacing, nothing stored.\n",
    ]
    run = results.limits[0] if results.limits else None
    if run and run.limits:
        limits = run.limits
        lines.append(
            "Under limits: the stand-in answers 429 with Retry-After once a workspace's token exceeds "
            f"{limits.workspace_rate:.0f} chat.postMessage/s (bursts of {limits.workspace_burst}), a channel "
            f"{limits.channel_rate:.0f}/s (bursts of {limits.channel_burst}), or a method its tier per "
            "minute (dnd.teamInfo 20, chat.update 50, users.info 100, …). The app runs with "
            f"GLUTES_SEND_RATE={run.send_rate:g} and GLUTES_SEND_BURST={limits.workspace_burst} unless the "
            f"row says otherwise; {_plural(run.workspaces, 'workspace')} × {run.people // run.workspaces:,} "
            "people and 2 workers, so that the limit binds and the run fits the time budget. Floor = people "
            f"per workspace ÷ {limits.workspace_rate:.0f}/s = {fmt_seconds(run.floor_s or math.nan)}.\n"
        )
    return "\n".join(lines)


def _request_costs(results: Results) -> str:
    if not results.request_costs:
        return ""
    rows = [
        [
            c.app,
            c.kind,
            str(c.requests),
            f"{c.cpu_ms:.2f}",
            f"{c.update_cpu_ms:.2f}",
            f"{c.round_trips:.1f}",
            f"{c.slack_calls:.1f}",
        ]
        for c in results.request_costs
    ]
    header = [
        "App",
        "Kind",
        "Requests",
        "CPU ms / request",
        "of which chat.update",
        "Redis round trips",
        "Slack calls",
    ]
    return (
        "CPU and round trips per request, in-process (Flask's test client, no gunicorn or logging; the ack "
        "and the listener's work after it, until the stand-in has the answer). “Of which chat.update”: the "
        "CPU inside slack_sdk's chat_update (the card's blocks serialized, the HTTP call to the stand-in "
        "over a kept-alive connection), the one Slack call a Done makes and bare Bolt does not. "
        f"{WITH_IO} makes the same round trips and Slack call and nothing else:\n\n"
        + table(header, rows, "llrrrrr")
        + "\n"
    )


def _ack_method(results: Results) -> str:
    return (
        "How: `python -m slackapp.processes.serve` (gunicorn with the Procfile's settings: "
        "WEB_CONCURRENCY=2, gevent workers, access log on; single-workspace mode) and "
        "`python -m bench.serve_floor` (Bolt + Flask, listeners that only call ack(), the same "
        f"GunicornApp and options) and {WITH_IO} (`python -m bench.serve_floor --with-io`: the same, "
        "with glutes' Redis and Slack clients and listener pool, whose status reads Redis once before "
        "its ack and whose Done reads it twice and sends chat.update with a card as big as glutes'; no "
        "product logic), all up, taking turns at "
        "each rate. `python -m bench.loadgen` sends an open-loop stream on 127.0.0.1 for "
        f"{results.plan.ack_seconds:.0f} s per rate and app: half `/glutes status` commands, half Done "
        "clicks on stored, unanswered cards, each signed as Slack signs it, a new connection per request. "
        "Latency runs from when a request was due to when its answer was read, so a backlog in the "
        "generator counts against the server (Sender lag: how late the generator could start a request). "
        "glutes answers a status in its ack (the reply is the HTTP answer: Redis only, no Slack call) "
        "and a Done with chat.update at the stand-in (50 ms) after its ack. Server CPU = "
        "the gunicorn group's CPU from the first request until its processes are quiet again (so the "
        "listeners' work after ack(), which Bolt runs on its thread pool in the same processes, is in it) "
        "÷ the load's wall time (200% = both cores); the last column is the rest of the "
        "machine's busy time meanwhile, as in §1–2. All p50s sit near 14 ms because slack_bolt waits for "
        "ack() by polling every 10 ms (`time.sleep(0.01)` in `slack_bolt/listener/thread_runner.py`, with "
        "process_before_response=False): the framework's floor. A p99 of 1,000 requests is the 10th "
        "slowest; on a shared 2-core machine it moves by several milliseconds from run to run, for every "
        "app.\n"
    )


def _ticks_section(results: Results) -> str:
    t = results.ticks
    assert t is not None
    app = t.app

    def row(name: str, cpu: list[float], wall: list[float], redis_ms: float, trips: float) -> list[str]:
        ordered = sorted(cpu)
        return [
            name,
            f"{ordered[len(ordered) // 2]:.2f}",
            f"{ordered[int(len(ordered) * 0.9)]:.2f}",
            f"{ordered[-1]:.2f}",
            f"{sorted(wall)[len(wall) // 2]:.2f}",
            f"{redis_ms:.2f}",
            f"{trips:.0f}",
        ]

    rows = [
        row(
            "idle (nothing due)",
            app.idle_cpu_ms,
            app.idle_wall_ms,
            app.idle_redis_cpu_ms,
            app.idle_round_trips,
        ),
        row(
            f"1% due ({t.due_count:,}), enqueue included",
            app.due_cpu_ms,
            app.due_wall_ms,
            app.due_redis_cpu_ms,
            app.due_round_trips,
        ),
    ]
    header = ["Tick", "CPU median (ms)", "p90", "max", "wall median", "Redis CPU / tick", "Round trips"]
    lines = [
        f"{t.people:,} opted-in people in {_plural(t.workspaces, 'workspace')}, breaks spread over the next "
        f"50 minutes. `workers.scheduler.tick` called in-process: {len(app.idle_cpu_ms)} idle ticks, then "
        f"{len(app.due_cpu_ms)} ticks with a fresh 1% due each (the queue emptied after each). CPU = "
        "time.process_time() of the calling process.\n",
        table(header, rows) + "\n",
    ]
    if t.workspaces > 1:
        per_workspace = (app.idle_p(50) - t.one_workspace_idle_cpu_ms) / (t.workspaces - 1)
        lines.append(
            f"The idle tick with one of the workspaces registered: {t.one_workspace_idle_cpu_ms:.2f} ms CPU, "
            f"{t.one_workspace_round_trips:.0f} round trips; ≈ {per_workspace:.2f} ms per further workspace, "
            "whatever the number of people.\n"
        )
    lines += [
        "The app's functions in 50 idle ticks (cProfile, cumulative share):\n",
        "\n".join(f"- `{line}`" for line in t.idle_profile) + "\n",
    ]
    return "\n".join(lines)


def _memory_section(results: Results) -> str:
    lines = []
    t, h = results.ticks, results.history
    if t:
        lines.append(
            f"Per opted-in person: {t.bytes_per_person:.0f} bytes of Redis `used_memory` (user hash, "
            f"opted-in set, due index; {t.people:,} people), plus {t.bytes_profile_per_person:.0f} bytes "
            "once their users.info profile is cached.\n"
        )
    if h:
        rows = [
            ["history (a character per day, `days:<id>`)", f"{h.done_days_bytes:,}", h.done_days_encoding],
            [
                f"boards still live at the year's end ({h.board_keys} sorted sets: current weeks, months, "
                "all time)",
                f"{h.boards_bytes_per_person:,.0f}",
                h.board_encoding,
            ],
            ["total (used_memory delta ÷ people)", f"{h.bytes_per_person_year:,.0f}", ""],
            [
                "before: a hash of dates per person, every board kept (the same year)",
                f"{h.legacy_bytes_per_person_year:,.0f}",
                "",
            ],
        ]
        lines += [
            f"Per person-year: {h.people:,} people × {h.days} work days × {h.dones_per_day} Dones in one "
            "workspace, written as the keys and final values `cards.record_outcome` leaves (pipelined; "
            "checked against the real functions on a sample: "
            f"{'identical' if h.equivalent else '**different**'}). Week and month boards expire 2 days after "
            "their period, so only the live ones are written. The earlier format is measured the same way, "
            "on the same data.\n",
            table(["Per person", "Bytes", "Encoding"], rows, "lrl") + "\n",
            "Not history but resident while people use the app: cards live 8 days (`CARD_TTL_SECONDS`), so "
            f"someone answering {h.dones_per_day} a day keeps ≈ {h.cards_in_window} card hashes ≈ "
            f"{h.cards_window_bytes_per_person / KB:.1f} KB.\n",
        ]
    return "\n".join(lines)


# --- findings: only where a target is missed ------------------------------------------------------------


def _fanout_finding(results: Results) -> str:
    app2, base, p = results.run("glutes", 2), results.run("rq-scheduler", 2), results.deliver_profile
    if app2 is None or p is None or results.plan.name != "full":
        return ""
    ratio = results.ratio()
    met_time = app2.complete and app2.last_s <= TARGET_SECONDS
    if met_time and ratio >= TARGET_RATIO:
        return ""
    cores = int(results.machine["cores"])
    used = _cores_used(app2, cores)
    text = [
        f"### 1. Fan-out: {delivery(app2)} with 2 workers\n\n",
        f"{TARGET_PEOPLE:,} cards in {TARGET_SECONDS:.0f} s need {TARGET_PEOPLE / TARGET_SECONDS:.0f} "
        f"cards/s; the 2-worker run reached {app2.rate:.1f}/s. At {p.latency_ms:.0f} ms a card takes "
        f"{p.wall_ms_per_card * max(1.0, p.in_flight):.0f} ms from start to answer, so that rate needs ≈ "
        f"{TARGET_PEOPLE / TARGET_SECONDS * p.wall_ms_per_card * max(1.0, p.in_flight) / 1000:.0f} sends in "
        f"flight across the workers. The instrumented batch had {p.in_flight:.1f} in flight per worker "
        f"(GLUTES_SEND_CONCURRENCY={p.concurrency}), and the run's processes used {used:.0%} of the {cores} "
        f"cores ({', '.join(f'{k} {v:.0f} s' for k, v in app2.cpu.items())} of CPU in "
        f"{app2.last_s:.0f} s).",
    ]
    faster = [run for run in results.variants if run.rate > app2.rate]
    if p.in_flight < 1.5:
        text.append(
            " So a worker sends one card at a time and waits on Slack for each. Change: in "
            "`slackapp/flows/delivery.py:deliver`, run `_deliver_one` for a batch's due people on a thread "
            "pool (a "
            "setting such as GLUTES_SEND_CONCURRENCY) and skip the ones not yet started once one returns "
            "`workspace_paused`; the Redis token bucket, the send lock and the compare-and-set already make "
            "concurrent sends paced and idempotent."
        )
    elif used < CORES_BUSY:
        text.append(" The workers wait on Slack with CPU to spare: more sends in flight would help.")
    else:
        text.append(
            f" The machine is busy: at {p.cpu_ms_per_card:.1f} ms of worker CPU per card (plus the stand-in "
            "and Redis) 2 cores run out before Slack's latency does. Where a card's CPU goes: "
            + ", ".join(f"{part} {share:.0%}" for part, share in list(p.cpu_by_part.items())[:4])
            + f". The {p.redis_round_trips_per_card:.0f} Redis round trips per card in "
            "`slackapp/flows/delivery.py:_deliver_one` (profile HGETALL, the send lock, `people.get` again, "
            "the "
            "token-bucket script, `cards.save`, `set_last_exercise`, `people.advance` and its HDEL) could "
            "be three: read the person and profile in one pipeline, and write the card, last exercise and "
            "advance in one script; `break_card.card` builds the same Block Kit objects for every card and "
            "could build each exercise's blocks once."
        )
    for run in faster:
        text.append(
            f" Evidence from the same run: with {run.variant} 2 workers delivered {delivery(run)} "
            f"({run.rate:.1f}/s, {results.ratio(run):.2f}× the baseline)"
            + (
                f"; raising the default to {run.variant.split('=')[-1]} meets the target on this machine."
                if run.complete and run.last_s <= TARGET_SECONDS
                else "."
            )
        )
    if base and ratio < TARGET_RATIO:
        base_cpu = base.cpu.get("rq worker", 0.0) + base.cpu.get("rqscheduler", 0.0)
        text.append(
            f" Against rq-scheduler ({base.rate:.1f}/s: an RQ job, a fork and RQ's bookkeeping per card, ≈ "
            f"{base_cpu / max(1, base.delivered) * 1000:.0f} ms of CPU each) glutes is {ratio:.2f}×."
        )
    return "".join(text) + "\n"


def _limits_finding(results: Results) -> str:
    if not results.limits:
        return ""
    run = results.limits[0]
    floor = run.floor_s or math.nan
    ratio = run.p(99) / floor
    if ratio <= FLOOR_SLACK and run.errors_429 == 0:
        return ""
    text = ["### 2. Under Slack's limits\n"]
    if run.errors_429:
        text.append(
            f"{run.errors_429} chat.postMessage 429s with GLUTES_SEND_BURST equal to Slack's burst: the "
            "token bucket (`slackapp/store/workspaces.py:take_send_token`) grants a slot before the post is "
            "sent, and with several sends in flight per worker the posts reach Slack with more jitter than "
            "the bucket's margin (rate just under the limit) absorbs, so a burst can arrive faster than "
            "Slack refills."
        )
        for variant in results.limits[1:]:
            text.append(
                f" With {variant.variant} (headroom under Slack's burst) the same run got "
                f"{variant.errors_429} 429s and p99 {variant.p(99) / (variant.floor_s or math.nan):.2f}× the "
                "floor. Change: default GLUTES_SEND_BURST to about half of Slack's burst (10), or have the "
                "bucket keep GLUTES_SEND_CONCURRENCY × workers of headroom."
            )
    if ratio > FLOOR_SLACK:
        spans = ", ".join(
            f"{team} {fmt_seconds(first)}–{fmt_seconds(last)}"
            for team, (first, last, _) in sorted(run.per_workspace.items())
        )
        sequential = sorted(run.per_workspace.values())
        one_after_another = len(sequential) > 1 and sequential[1][0] > 0.5 * sequential[0][1]
        text.append(
            f" Lateness p99 was {ratio:.2f}× the {fmt_seconds(floor)} floor; first → last card per "
            f"workspace: {spans}."
        )
        if one_after_another:
            text.append(
                " The workspaces were served one after another: the jobs of one workspace queue ahead of "
                "the next (`workers/scheduler.py:tick`), and a worker whose batch is paced sleeps in "
                "`slackapp/flows/pacing.py:wait_for_send_slot`. Change: enqueue a tick's batches "
                "round-robin "
                "across workspaces, and when `take_send_token` asks for more than about a second, hand the "
                "rest of the batch back (`queue.enqueue_in`) instead of sleeping on one workspace."
            )
    return "".join(text) + "\n"


def _ack_finding(results: Results) -> str:
    rate = results.ack_rate
    glutes, bare = results.ack_at("glutes", rate), results.ack_at("bare Bolt", rate)
    if not glutes or not bare:
        return ""
    ratio = glutes.p(99) / bare.p(99)
    collapsed = [run for run in results.ack if run.app == "glutes" and run.p(99) > ACK_P99_MS]
    # The second round: p99 within ACK_RATIO_HIGH of bare Bolt's at each of ACK_RATIO_RATES.
    behind = []
    for high in ACK_RATIO_RATES:
        ours, theirs = results.ack_at("glutes", high), results.ack_at("bare Bolt", high)
        if ours and theirs and ours.p(99) > ACK_RATIO_HIGH * theirs.p(99) and ours not in collapsed:
            behind.append((ours, theirs))
    if ratio <= ACK_RATIO and glutes.p(99) <= ACK_P99_MS and not collapsed and not behind:
        return ""
    costs = {(c.app, c.kind): c for c in results.request_costs}
    within = ratio <= ACK_RATIO and glutes.p(99) <= ACK_P99_MS
    heading = (
        f"within the targets at {rate:.0f} req/s (p99 {fmt_ms(glutes.p(99))}, {ratio:.2f}× bare Bolt's)"
        if within
        else f"p99 {fmt_ms(glutes.p(99))} at {rate:.0f} req/s, {ratio:.2f}× bare Bolt's"
    )
    for ours, theirs in behind:
        heading += (
            f"; {ours.p(99) / theirs.p(99):.2f}× bare Bolt's at {ours.rate:.0f} req/s "
            f"(p99 {fmt_ms(ours.p(99))} against {fmt_ms(theirs.p(99))}; target {ACK_RATIO_HIGH}×)"
        )
    if collapsed:
        heading += f"; requests queue at {', '.join(f'{run.rate:.0f}' for run in collapsed)} req/s"
    text = [f"### 3. Ack latency: {heading}\n"]
    status, done, floor = (
        costs.get(("glutes", "status")),
        costs.get(("glutes", "done")),
        costs.get(("bare Bolt", "status")),
    )
    if status and done and floor:
        text.append(
            f"In-process, a `/glutes status` costs {status.cpu_ms:.1f} ms CPU and {status.round_trips:.0f} "
            f"Redis round trip(s), a Done click {done.cpu_ms:.1f} ms ({done.update_cpu_ms:.2f} ms of it "
            f"inside the card's chat.update), {done.round_trips:.0f} round trips and "
            f"{done.slack_calls:.0f} Slack call; bare Bolt's ack {floor.cpu_ms:.1f} ms. A status is answered "
            "in its ack; a Done's card is updated after its ack. Bolt runs that work on its pool (greenlets "
            "under gunicorn's gevent workers) inside the same processes, and a greenlet holds its worker's "
            "loop until it next waits on I/O, so a card being recorded and updated delays the next "
            "request's ack by up to that long."
        )
    for ours, theirs in behind:
        text.append(
            f" At {ours.rate:.0f} req/s the glutes web used {ours.server_cpu_s / ours.seconds:.0%} CPU "
            f"against bare Bolt's {theirs.server_cpu_s / theirs.seconds:.0%}, on 2 cores that also run the "
            "load generator, the stand-in (which answers every card update) and Redis: the p99 is the queue "
            "behind that work, and it moves by several milliseconds from run to run."
        )
    for run in collapsed:
        text.append(
            f" At {run.rate:.0f} req/s it used {run.server_cpu_s / run.seconds:.0%} CPU on a 2-core machine "
            "that also runs the load generator, the stand-in and Redis, and requests queued: p99 "
            f"{fmt_ms(run.p(99))}, the generator up to {fmt_ms(run.worst_sender_lag_ms)} late."
        )
    with_io = results.ack_at(WITH_IO, rate)
    if with_io:
        bare_cpu, io_cpu, our_cpu = (run.server_cpu_s / run.offered * 1000 for run in (bare, with_io, glutes))
        text.append(
            f"\n\nAt {rate:.0f} req/s, {WITH_IO} used {io_cpu:.2f} ms CPU per request, "
            f"{io_cpu / bare_cpu:.2f}× bare Bolt's {bare_cpu:.2f} ms, and glutes {our_cpu:.2f} ms, "
            f"{our_cpu / io_cpu:.2f}× that. The "
            "round trips and the card's update are what any implementation of a status and a Done has to "
            "make; what glutes adds above them is reading and checking the person's state, the language, "
            "and rendering the reply and the card."
        )
    text.append(
        "\n\nWhere it stands: a status reads what it shows in one round trip and answers in its ack (no "
        "response_url post, nothing after the ack); a Done reads its card, the person and their Home-tab "
        "mark in one round trip and records the answer with the numbers it shows in a second "
        "(`slackapp/store/person_state.py`), then updates the card over a connection kept alive in the "
        "process's pool (`slackapp/slack/connections.py`); activity is written in batches about once a "
        "second (`slackapp/store/retention.py`); Bolt's pool has a greenlet per request.\n"
    )
    return text[0] + "\n" + "".join(text[1:])


def _tick_finding(results: Results) -> str:
    t = results.ticks
    if t is None or t.app.idle_p(50) < TICK_TARGET_MS or t.people < 100_000:
        return ""
    trips = t.app.idle_round_trips
    text = (
        f"### 4. The idle tick: {t.app.idle_p(50):.2f} ms CPU, {trips:.0f} Redis round trips\n\nWith "
        f"{_plural(t.workspaces, 'workspace')} ({t.one_workspace_idle_cpu_ms:.2f} ms with one), ≈ "
        f"{t.app.idle_p(50) / max(1.0, trips):.2f} ms of redis-py CPU per round trip. Top of the profile: "
        + "; ".join(f"`{line}`" for line in t.idle_profile[:4])
        + ".\n\n"
    )
    if trips > 3:
        text += (
            "Change: in `workers/scheduler.py:tick`, probe every workspace's due sets (breaks, retests, "
            "posts) in one pipeline (`ZRANGEBYSCORE key -inf now LIMIT 0 1` each) and claim, look up tokens "
            "and enqueue only for the workspaces with something due.\n"
        )
    return text


def _memory_finding(results: Results) -> str:
    h = results.history
    if h is None or h.bytes_per_person_year <= YEAR_BYTES or h.days < 250:
        return ""
    return (
        f"### 5. Memory: {h.bytes_per_person_year / KB:.1f} KB per person-year\n\nThe history string is "
        f"{h.done_days_bytes:,} B per person-year and the live boards {h.boards_bytes_per_person:,.0f} B per "
        f"person ({h.board_encoding}; a sorted set of more than 128 members is a skiplist).\n"
    )


def _day_section(results: Results) -> str:
    plan = results.plan
    runs = results.days
    first = runs[0]
    real_people, real_interval = plan.day_people * plan.day_scale, plan.day_interval_s * plan.day_scale
    off = next((run for run in runs if not run.spread), None)
    on = next((run for run in runs if run.spread), None)
    text = [
        table(DAY_HEADER, day_rows(runs), DAY_ALIGN) + "\n",
        f"One workspace of {first.people:,} people, all in UTC with the same work hours (the day starting "
        f"at the same whole minute for everyone), an interval of {first.interval_s} s, and the stand-in "
        f"answering 429 once the workspace's chat.postMessage exceed {first.limit_rate:.0f}/s (bursts of "
        f"{first.limit_burst}) or a DM channel 1/s. The app runs with GLUTES_SEND_RATE={first.app_rate:g} "
        "(just under the workspace's limit, as an operator sets it) and its other defaults, the real "
        "scheduler and 2 workers, 50 ms Slack latency. Everyone's first break was scheduled the night "
        "before for start + interval, the product's rule for a fresh work day; from then on the real "
        "processes run the day. Lateness is against each person's own schedule: a card's break id is the "
        "due time it was sent for (read back from the person's breaks index), so a round-2 card is "
        "measured from an interval after that person's round-1 card. Cards from–to: seconds after the "
        "round's earliest due time. Sent/s: cards ÷ (last − first) of the round.\n",
        f"Scaling, and why it is the same day: the issue's day is {real_people:,} people at "
        f"{first.limit_rate:.0f}/s with a {real_interval // 60}-minute interval; this run divides the "
        f"people and the interval by {plan.day_scale} and keeps the rate, so a round needs the same share "
        f"of the interval ({first.people / first.app_rate:.0f} s of {first.interval_s} s, as "
        f"{real_people / first.app_rate:,.0f} s of {real_interval:,} s) and the limit binds the same way. "
        "Queueing behind the limit scales with the round (multiply round-1 lateness without the spread by "
        f"{plan.day_scale}); lateness that comes from pacing and jitter (every round with the spread) "
        "does not scale. The full day would need "
        f"{real_interval * plan.day_rounds / 60:.0f} minutes of the bench's 10.\n",
        "First-round policy (in the product, `slackapp/domain/schedule.py:first_break_window` and "
        "`first_break_offset`, applied by `slackapp/flows/delivery.py`): each person's first break of a "
        "fresh work day moves from start + interval by a stable offset, a hash of their user id, in whole "
        "seconds within [0, min(interval, opted-in people ÷ GLUTES_SEND_RATE)); never past the end of "
        "their work day. A break still due at the old shared time is held to the person's place. Each "
        "later break is scheduled an interval after the one before, so the spread of the first round "
        "carries through the day and into the next. GLUTES_SPREAD_FIRST_BREAKS=off turns it off.\n",
    ]
    if off is not None and on is not None and off.rounds and on.rounds:
        a, b = off.rounds[0], on.rounds[0]
        text.append(
            f"Effect: without the spread every first break is due in the same second and the limit makes "
            f"the last of them wait {a.p(100):.1f} s (p50 {a.p(50):.1f} s, p99 {a.p(99):.1f} s: at full "
            f"size ≈ {a.p(99) * plan.day_scale / 60:.0f} minutes late for the p99). With it each person's "
            f"first break is due at their own place in the window and round 1 is p50 {b.p(50):.2f} s, "
            f"p99 {b.p(99):.2f} s late; the rounds after it stay that way"
            + (f" (worst {max(rnd.p(100) for rnd in on.rounds[1:]):.2f} s)" if len(on.rounds) > 1 else "")
            + f". 429s: {off.errors_429} without, {on.errors_429} with the spread.\n"
        )
    end = results.meeting_end
    if end is not None:
        text.append(
            f"A meeting ends for everyone: all {end.people} people's break falls due during a meeting whose "
            "status (as a calendar sets it) expires at the same second; the cards are held (none before the "
            f"end: {end.early} early) and released at the end, each at the person's place in the first-round "
            "spread (`schedule.plan_delivery`), through the same pacing. "
            f"{len(end.lateness)} of {end.people} cards; after the end p50 {end.p(50):.1f} s, p99 "
            f"{end.p(99):.1f} s, last {end.last_s:.1f} s (the limit's floor is "
            f"{end.people / end.limit_rate:.0f} s); {end.errors_429} × 429.\n"
        )
    return "\n".join(text)
