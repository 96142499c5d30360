"""Scenario 5: the big-workspace day. One workspace, everyone in one time zone with the same work hours,
under an emulated workspace limit of chat.postMessage; a compressed day, reported round by round.

Everyone's work day starts at the same minute. Their first break was scheduled (the night before) for
start + interval, the product's rule for a fresh work day; from then on the real scheduler and workers
run the day. Lateness is measured against each person's own schedule: a card's break id is the due time
it was sent for (the first round's, after the first-break spread, is the person's own place in it; each
later one is an interval after the person's previous card), read back from the person's breaks index.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

from rq import Worker

from bench import world
from bench.context import Context
from bench.fanout import _wait_for_scheduler
from bench.standin import SlackLimits
from bench.stats import percentile
from slackapp.processes.supervise import Supervisor, wait_until
from slackapp.store import keys, people, profiles

TEAM = "T01"


@dataclass
class Round:
    number: int
    cards: int
    lateness: list[float]  # seconds, received - the person's own due time
    first_s: float  # first and last card received, seconds after the round's earliest due time
    last_s: float

    @property
    def rate(self) -> float:
        """Cards per second from the round's first card to its last."""
        span = self.last_s - self.first_s
        return (self.cards - 1) / span if span > 0 and self.cards > 1 else math.nan

    def p(self, q: float) -> float:
        return percentile(self.lateness, q)


@dataclass
class DayRun:
    label: str
    spread: bool  # the first-break spread on (the product's default) or off
    people: int
    limit_rate: float
    limit_burst: int
    app_rate: float
    interval_s: int
    rounds_planned: int
    rounds: list[Round] = field(default_factory=list)
    answers: dict[str, int] = field(default_factory=dict)
    unmatched: int = 0  # cards without a break id to measure against (should be 0)

    @property
    def errors_429(self) -> int:
        return sum(count for key, count in self.answers.items() if key.endswith(" 429"))

    @property
    def floor_s(self) -> float:
        """Seconds the limit needs to send everyone one card."""
        return self.people / self.limit_rate


def _hhmm(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def run_day(
    ctx: Context,
    *,
    label: str,
    people_count: int,
    interval_s: int,
    rounds: int,
    limit_rate: float,
    limit_burst: int,
    app_rate: float,
    spread: bool,
    workers: int = 2,
) -> DayRun:
    r = ctx.r
    r.flushall()
    limits = SlackLimits(workspace_rate=limit_rate, workspace_burst=limit_burst)
    ctx.standin.reset(0.05, limits)
    world.install(r, [TEAM])
    everyone = [(TEAM, world.user_id(1, n)) for n in range(people_count)]
    # The day starts at a whole minute (work hours are minutes) whose first round is a few seconds away.
    now = time.time()
    start_s = math.ceil((now + 12 - interval_s) / 60) * 60
    first_due_s = start_s + interval_s
    start_minute = int(start_s % 86400) // 60
    end_minute = min(1440, start_minute + 180)
    run = DayRun(label, spread, people_count, limit_rate, limit_burst, app_rate, interval_s, rounds)
    profile = profiles.Profile("UTC", "", "", 0, False, False, False, int(now))
    pipe = r.pipeline(transaction=False)
    for team, user in everyone:  # opted in the day before: first break at start + interval
        people.opt_in(r, team_id=team, user_id=user, next_due_ms=first_due_s * 1000, pipeline=pipe)
        profiles.save(r, team_id=team, user_id=user, profile=profile, pipeline=pipe)  # type: ignore[arg-type]
    pipe.execute()
    env = world.app_env(
        ctx.redis_url,
        ctx.standin.api_url,
        GLUTES_SEND_RATE=str(app_rate),
        GLUTES_SCHEDULER_TICK="1",
        GLUTES_WORK_HOURS=f"{_hhmm(start_minute)}-{_hhmm(end_minute)}",
        GLUTES_WORK_DAYS="mon-sun",
        GLUTES_BREAK_INTERVAL=f"{interval_s}s",
        GLUTES_SPREAD_FIRST_BREAKS="on" if spread else "off",
    )
    window = min(interval_s, int(people_count / app_rate)) if spread else 0
    deadline = first_due_s + (rounds - 1) * interval_s + window + 2 * people_count / limit_rate + 30
    with Supervisor(log=ctx.log_path) as procs:
        procs.start_module("workers.scheduler", name="scheduler", env=env)
        for _ in range(workers):
            procs.start_module("workers.worker", name="worker", env=env)
        wait_until(lambda: len(Worker.all(connection=ctx.rq_r)) >= workers, 60, 0.1, "RQ workers")
        _wait_for_scheduler(ctx)
        while time.time() < deadline and ctx.standin.count()["cards"] < people_count * rounds:
            procs.check_alive()
            time.sleep(0.5)
    report = ctx.standin.report()
    run.answers = report["answers"]
    received: dict[str, list[float]] = {}
    for channel, _token, at in report["cards"]:
        received.setdefault(channel, []).append(at)
    by_round: dict[int, list[tuple[float, float]]] = {}  # round -> (due s, received s)
    for _team, user in everyone:
        dues = [int(member) / 1000 for member in r.zrange(keys.breaks_of(TEAM, user), 0, -1)]
        dues.sort()
        cards = sorted(received.get(user, []))
        run.unmatched += abs(len(cards) - len(dues))
        for number, (due, got) in enumerate(zip(dues, cards, strict=False), start=1):
            by_round.setdefault(number, []).append((due, got))
    for number in sorted(by_round)[:rounds]:
        pairs = by_round[number]
        earliest = min(due for due, _ in pairs)
        run.rounds.append(
            Round(
                number=number,
                cards=len(pairs),
                lateness=sorted(got - due for due, got in pairs),
                first_s=min(got for _, got in pairs) - earliest,
                last_s=max(got for _, got in pairs) - earliest,
            )
        )
    return run


@dataclass
class MeetingEnd:
    """The "meeting ends for everyone" round: everyone's card held by a meeting status that expires at the
    same second, then released together under the workspace's limit."""

    people: int
    limit_rate: float
    limit_burst: int
    app_rate: float
    lateness: list[float]  # seconds, received - the meeting's end
    early: int  # cards received before the meeting ended (should be 0)
    errors_429: int
    last_s: float  # the last card, seconds after the meeting's end
    answers: dict[str, int] = field(default_factory=dict)  # "method status" -> count, from the stand-in

    def p(self, q: float) -> float:
        return percentile(self.lateness, q)


def run_meeting_end(
    ctx: Context,
    *,
    people_count: int,
    limit_rate: float,
    limit_burst: int,
    app_rate: float,
    held_s: float = 15.0,
    workers: int = 2,
    send_burst: int | None = None,
) -> MeetingEnd:
    """Everyone's break falls due a few seconds into a meeting whose status (set by a calendar) expires at
    the same whole second; the real scheduler and workers hold the cards and release them at its end."""
    r = ctx.r
    r.flushall()
    ctx.standin.reset(0.05, SlackLimits(workspace_rate=limit_rate, workspace_burst=limit_burst))
    world.install(r, [TEAM])
    everyone = [world.user_id(1, n) for n in range(people_count)]
    now = time.time()
    due_s = now + 8  # once the processes are up
    ends_s = math.ceil(due_s + held_s)
    meeting = profiles.Profile("UTC", "In a meeting", ":calendar:", ends_s, False, False, False, int(now))
    pipe = r.pipeline(transaction=False)
    for user in everyone:
        people.opt_in(r, team_id=TEAM, user_id=user, next_due_ms=int(due_s * 1000), pipeline=pipe)
        profiles.save(r, team_id=TEAM, user_id=user, profile=meeting, pipeline=pipe)  # type: ignore[arg-type]
    pipe.execute()
    env = world.app_env(
        ctx.redis_url,
        ctx.standin.api_url,
        GLUTES_SEND_RATE=str(app_rate),
        GLUTES_SCHEDULER_TICK="1",
        GLUTES_WORK_HOURS="00:00-24:00",
        GLUTES_WORK_DAYS="mon-sun",
        GLUTES_BREAK_INTERVAL="1h",
        **({"GLUTES_SEND_BURST": str(send_burst)} if send_burst else {}),
    )
    deadline = ends_s + 3 * people_count / limit_rate + 30
    with Supervisor(log=ctx.log_path) as procs:
        procs.start_module("workers.scheduler", name="scheduler", env=env)
        for _ in range(workers):
            procs.start_module("workers.worker", name="worker", env=env)
        wait_until(lambda: len(Worker.all(connection=ctx.rq_r)) >= workers, 60, 0.1, "RQ workers")
        while time.time() < deadline and ctx.standin.count()["cards"] < people_count:
            procs.check_alive()
            time.sleep(0.5)
    report = ctx.standin.report()
    received = sorted(at for _channel, _token, at in report["cards"])
    errors = sum(n for key, n in report["answers"].items() if key.endswith(" 429"))
    return MeetingEnd(
        people=people_count,
        limit_rate=limit_rate,
        limit_burst=limit_burst,
        app_rate=app_rate,
        lateness=[at - ends_s for at in received],
        early=sum(1 for at in received if at < ends_s),
        errors_429=errors,
        last_s=(received[-1] - ends_s) if received else math.nan,
        answers=report["answers"],
    )


def main() -> None:
    """`python -m bench.bigday [GLUTES_SEND_BURST]`: only the meeting-ends round, at the full plan's big-day
    size (the app's defaults but GLUTES_SEND_RATE, as in the big day; a burst given overrides the default)."""
    import sys
    from pathlib import Path

    from bench.env import bench_context, machine
    from bench.plan import FULL

    log = Path("var") / "bench" / f"meeting-end-{int(time.time())}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    with bench_context(log) as ctx:
        run = run_meeting_end(
            ctx,
            people_count=FULL.day_people,
            limit_rate=FULL.day_limit_rate,
            limit_burst=FULL.day_limit_burst,
            app_rate=FULL.day_app_rate,
            send_burst=int(sys.argv[1]) if len(sys.argv) > 1 else None,
        )
        print(machine(ctx))
    print(
        f"meeting ends for everyone: {len(run.lateness)} of {run.people} cards, {run.early} early, "
        f"lateness after the end p50 {run.p(50):.2f} s, p99 {run.p(99):.2f} s, max {run.last_s:.2f} s, "
        f"{run.errors_429} x 429 (limit {run.limit_rate:.0f}/s burst {run.limit_burst}, "
        f"app {run.app_rate}/s, "
        f"app burst {sys.argv[1] if len(sys.argv) > 1 else 'default'})"
    )
    print(f"Slack answers: {run.answers}")


if __name__ == "__main__":
    main()
