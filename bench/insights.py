"""Scenario 8: insights. The admins' pulse for a big workspace, and drawing the weekly picture.

The pulse reads the workspace's day counters (store.insights: 7 hashes a week), the opted-in count and
the running challenges' union count: its cost must not grow with the number of people. Here a workspace
of `people` people gets nine weeks of counters (each person active on some days, as the Done script
would have counted them, written directly with their final values after a sample is counted by the
real script), the opted-in set and three running challenges; the pulse is then read again and again
with the round trips counted. The chart is drawn with the same function the weekly picture uses.
"""

from __future__ import annotations

import random
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from bench.context import Context
from bench.instrument import tallied
from slackapp.config import Settings
from slackapp.deps import Deps
from slackapp.domain import insights as rules
from slackapp.flows import insights as insight_flows
from slackapp.store import cards, keys
from slackapp.ui import charts

TEAM = "TINS"
READ_AT = datetime(2026, 12, 9, 12, 0, tzinfo=UTC)


@dataclass
class InsightsResult:
    people: int
    weeks_read: int
    pulse_round_trips: float = 0.0
    pulse_commands: float = 0.0  # Redis commands per pulse (pipelined ones counted one by one)
    pulse_ms_median: float = 0.0
    pulse_ms_p95: float = 0.0
    render_cpu_ms_median: float = 0.0
    render_cpu_ms_max: float = 0.0
    render_png_bytes: int = 0
    import_cpu_ms: float = 0.0  # a fresh process importing matplotlib and drawing its first chart
    done_script_ms: float = 0.0  # one Done, counters included (the real script), wall ms
    counted_sample_ok: bool = False


def _write_counters(ctx: Context, people: int, mondays: list[date], rng: random.Random) -> None:
    """Each person active on 1-5 days of most weeks with 1-4 Dones a day, summed into the day hashes."""
    r = ctx.r
    totals: dict[str, dict[str, int]] = {}
    for person in range(people):
        started = mondays[rng.randrange(len(mondays))].isoformat()
        for monday in mondays:
            if rng.random() < 0.25:
                continue
            days = sorted(rng.sample(range(5), rng.randint(1, 5)))
            for index, offset in enumerate(days):
                day = (monday + timedelta(days=offset)).isoformat()
                counts = totals.setdefault(day, {})
                counts["done"] = counts.get("done", 0) + rng.randint(1, 4)
                counts["active"] = counts.get("active", 0) + 1
                if index == 0:
                    counts["week_active"] = counts.get("week_active", 0) + 1
                    counts[f"from:{started}"] = counts.get(f"from:{started}", 0) + 1
        if person % 50 == 0:
            day = started
            counts = totals.setdefault(day, {})
            counts["started"] = counts.get("started", 0) + 1
    pipe = r.pipeline(transaction=False)
    for day, counts in totals.items():
        pipe.hset(keys.insights_day(TEAM, day), mapping=counts)
    pipe.execute()
    for start in range(0, people, 5000):
        r.sadd(keys.opted_in(TEAM), *[f"U{n:06d}" for n in range(start, min(people, start + 5000))])
    for challenge in range(3):
        r.sadd(keys.running_challenges(TEAM), f"c{challenge}")
        r.hset(
            keys.challenge(TEAM, f"c{challenge}"),
            mapping={
                "channel_id": f"C{challenge}",
                "title": "Cup",
                "starts_on": "2026-12-01",
                "ends_on": "2026-12-20",
                "started_by": "",
            },
        )
        members = [f"U{n:06d}" for n in rng.sample(range(people), min(people, 2000))]
        r.sadd(keys.challenge_members(TEAM, f"c{challenge}"), *members)
    r.hset(keys.workspace_charts(TEAM), "members", f"{people + people // 10}:{int(READ_AT.timestamp())}")


def _done_script_ms(ctx: Context) -> float:
    """One Done through the real script (card, history, hour, counters), wall ms, median of 200."""
    times = []
    for n in range(200):
        user = f"UD{n:04d}"
        cards.save(
            ctx.r,
            team_id="TDONE",
            user_id=user,
            break_id="1",
            exercise="bridge",
            local_date="2026-12-02",
            channel="D1",
            ts="1.1",
        )
        started = time.perf_counter()
        cards.record_outcome(
            ctx.r,
            team_id="TDONE",
            user_id=user,
            break_id="1",
            outcome="done",
            local_date="2026-12-02",
            hour=10,
        )
        times.append((time.perf_counter() - started) * 1000)
    day = ctx.r.hgetall(keys.insights_day("TDONE", "2026-12-02"))
    if day.get("done") != "200" or day.get("week_active") != "200":
        raise AssertionError(f"the Done script counted {day}")
    return statistics.median(times)


def _import_cpu_ms() -> float:
    code = (
        "import time\nfrom datetime import date, timedelta\nfrom slackapp.ui import charts\n"
        "charts.days_chart([(date(2026, 11, 2) + timedelta(days=n), n % 4) for n in range(28)])\n"
        "print(time.process_time() * 1000)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def run_insights(ctx: Context, *, people: int, reads: int, renders: int) -> InsightsResult:
    rng = random.Random(8)
    mondays = rules.pulse_weeks(READ_AT.date())
    result = InsightsResult(people=people, weeks_read=len(mondays))
    _write_counters(ctx, people, mondays, rng)
    deps = Deps(
        settings=Settings(slack_signing_secret="-"), redis=ctx.r, rq_redis=ctx.rq_r, clock=lambda: READ_AT
    )
    insight_flows.pulse(deps, None, team_id=TEAM, now=READ_AT)  # warm: scripts loaded
    timings, trips = [], []
    commands_before = ctx.total_commands()
    for _ in range(reads):
        with tallied() as tally:
            started = time.perf_counter()
            found = insight_flows.pulse(deps, None, team_id=TEAM, now=READ_AT)
            timings.append((time.perf_counter() - started) * 1000)
        trips.append(tally.round_trips)
    # commandstats counts the INFO calls too: one per total_commands() call.
    result.pulse_commands = (ctx.total_commands() - commands_before - 1) / reads
    result.pulse_round_trips = statistics.mean(trips)
    result.pulse_ms_median = statistics.median(timings)
    result.pulse_ms_p95 = sorted(timings)[max(0, int(len(timings) * 0.95) - 1)]
    if found.weeks[-1].active is None:
        raise AssertionError("the big workspace's newest week should be shown")
    daily = tuple((date(2026, 11, 2) + timedelta(days=n), rng.randint(0, 6)) for n in range(28))
    charts.days_chart(daily)  # matplotlib imported and its font cache warm
    cpu = []
    for _ in range(renders):
        started = time.process_time()
        png = charts.days_chart(daily)
        cpu.append((time.process_time() - started) * 1000)
    result.render_cpu_ms_median = statistics.median(cpu)
    result.render_cpu_ms_max = max(cpu)
    result.render_png_bytes = len(png)
    result.import_cpu_ms = _import_cpu_ms()
    result.done_script_ms = _done_script_ms(ctx)
    result.counted_sample_ok = True
    return result
