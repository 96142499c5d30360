"""How big each scenario is in the full run, in --quick and in --smoke."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Plan:
    name: str
    # 1. fan-out
    fan_workspaces: int
    fan_per_workspace: int
    fan_latency: float
    fan_cap: float  # seconds after the due time a run is cut off
    fan_workers: tuple[int, ...]
    baseline_workers: tuple[int, ...]
    fan_variant_concurrency: int | None  # also run 2 workers with this GLUTES_SEND_CONCURRENCY
    fan_two_schedulers: bool  # also run 2 workers with two scheduler processes (scale-out)
    baseline_cap: float  # the rq-scheduler runs' cut-off (its rate is steady: no need to wait out fan_cap)
    # 1b. over TLS, as production: the stand-in's HTTPS with this round trip per new connection, per TLS
    # handshake and per request (0: skipped); glutes with and without kept-alive connections, and the
    # baseline over TLS too
    tls_round_trip: float
    tls_workers: int
    tls_profiles: int  # in-process batches profiled per way (the median is kept)
    # 2. under Slack's limits
    lim_workspaces: int
    lim_per_workspace: int
    lim_workspace_rate: float
    lim_workspace_burst: int
    lim_app_rate: float
    lim_cap: float
    lim_variant_burst: int | None  # also run under limits with this GLUTES_SEND_BURST
    # 5'. the big-workspace day (one workspace, one time zone, the same hours, a compressed day)
    day_people: int
    day_interval_s: int
    day_rounds: int  # 0: the scenario is skipped
    day_limit_rate: float
    day_limit_burst: int
    day_app_rate: float
    day_scale: int  # the real day this stands for: day_people x day_scale people, interval x day_scale
    # 3. ack latency
    ack_rates: tuple[float, ...]
    ack_seconds: float
    ack_warm_seconds: float
    request_profile_count: int
    ack_tls_rates: tuple[float, ...]  # the ack scenario again over TLS at these rates
    # 4. scheduler cost (+ bytes per opted-in person)
    tick_workspaces: int
    tick_per_workspace: int
    idle_ticks: int
    due_trials: int
    # 5. history
    hist_people: int
    hist_days: int
    hist_dones_per_day: int
    card_sample: int
    # 8. insights: the pulse of a workspace this big, read this many times; charts drawn this many times
    ins_people: int = 10000
    ins_reads: int = 50
    ins_renders: int = 20

    @property
    def fan_people(self) -> int:
        return self.fan_workspaces * self.fan_per_workspace


FULL = Plan(
    name="full",
    fan_workspaces=10,
    fan_per_workspace=1000,
    fan_latency=0.05,
    fan_cap=45.0,  # 60 s made the full run brush 10 minutes; 45 s still shows who keeps up
    # 1 and 4 workers and two schedulers (scale-out) are left out to keep the run under 10 minutes with
    # the TLS rows: `--only fanout` on an earlier commit has them.
    fan_workers=(2,),
    baseline_workers=(2,),
    fan_variant_concurrency=None,  # 25 is the default now
    fan_two_schedulers=False,
    baseline_cap=20.0,
    tls_round_trip=0.02,
    tls_workers=2,
    tls_profiles=3,
    lim_workspaces=2,
    lim_per_workspace=500,
    lim_workspace_rate=20.0,
    lim_workspace_burst=20,
    lim_app_rate=19.0,
    lim_cap=90.0,
    lim_variant_burst=None,  # 5 is the default now (half of the emulated Slack burst)
    day_people=300,
    day_interval_s=36,
    day_rounds=2,  # round 2 shows the rounds after the first; a third cost 40 s of the 10 minutes
    day_limit_rate=10.0,
    day_limit_burst=10,
    day_app_rate=9.0,
    day_scale=33,
    ack_rates=(200.0, 400.0),
    ack_seconds=5.0,  # 1,000 and 2,000 acks per app and rate; three apps (with Bolt + glutes' I/O)
    ack_warm_seconds=2.0,
    request_profile_count=200,
    ack_tls_rates=(200.0, 400.0),
    tick_workspaces=10,
    tick_per_workspace=10_000,
    idle_ticks=200,
    due_trials=5,
    hist_people=1000,
    hist_days=250,
    hist_dones_per_day=8,
    card_sample=100,
)

QUICK = Plan(
    name="quick",
    fan_workspaces=2,
    fan_per_workspace=250,
    fan_latency=0.01,
    fan_cap=5.0,
    fan_workers=(2,),
    baseline_workers=(2,),
    fan_variant_concurrency=None,
    fan_two_schedulers=False,
    baseline_cap=5.0,
    tls_round_trip=0.02,
    tls_workers=2,
    tls_profiles=1,
    lim_workspaces=2,
    lim_per_workspace=50,
    lim_workspace_rate=20.0,
    lim_workspace_burst=20,
    lim_app_rate=19.0,
    lim_cap=20.0,
    lim_variant_burst=None,
    day_people=150,
    day_interval_s=20,
    day_rounds=2,
    day_limit_rate=10.0,
    day_limit_burst=10,
    day_app_rate=9.0,
    day_scale=67,
    ack_rates=(100.0,),
    ack_seconds=2.0,
    ack_warm_seconds=0.5,
    request_profile_count=20,
    ack_tls_rates=(100.0,),
    tick_workspaces=2,
    tick_per_workspace=5000,
    idle_ticks=50,
    due_trials=3,
    hist_people=100,
    hist_days=250,
    hist_dones_per_day=8,
    card_sample=10,
)

SMOKE = Plan(
    name="smoke",
    fan_workspaces=1,
    fan_per_workspace=30,
    fan_latency=0.005,
    fan_cap=15.0,
    fan_workers=(1,),
    baseline_workers=(1,),
    fan_variant_concurrency=None,
    fan_two_schedulers=False,
    baseline_cap=15.0,
    tls_round_trip=0.005,
    tls_workers=1,
    tls_profiles=1,
    lim_workspaces=1,
    lim_per_workspace=25,
    lim_workspace_rate=20.0,
    lim_workspace_burst=20,
    lim_app_rate=19.0,
    lim_cap=15.0,
    lim_variant_burst=None,
    day_people=30,
    day_interval_s=10,
    day_rounds=0,  # skipped: a day starts at a whole minute, up to a minute's wait the test suite can't spend
    day_limit_rate=10.0,
    day_limit_burst=10,
    day_app_rate=9.0,
    day_scale=333,
    ack_rates=(50.0,),
    ack_seconds=1.0,
    ack_warm_seconds=0.5,
    request_profile_count=10,
    ack_tls_rates=(),  # the suite's smoke run starts no second pair of web processes
    tick_workspaces=1,
    tick_per_workspace=1000,
    idle_ticks=10,
    due_trials=2,
    hist_people=10,
    hist_days=20,
    hist_dones_per_day=8,
    card_sample=5,
    ins_people=200,
    ins_reads=3,
    ins_renders=2,
)

PLANS = {plan.name: plan for plan in (FULL, QUICK, SMOKE)}
