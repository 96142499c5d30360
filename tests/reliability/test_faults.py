"""Faults a deployment sees, survived with real processes: killed workers and schedulers, a Redis restart,
and Slack misbehaving. Each test records its figures (see conftest.figures)."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from slack_sdk.oauth.installation_store import Bot

from slackapp.clock import system_clock
from slackapp.config import Settings
from slackapp.deps import Deps
from slackapp.devkit.standin import Failure
from slackapp.domain.timestamps import to_ms
from slackapp.processes.redis_server import EmbeddedRedis
from slackapp.store import boards, challenges, due, keys, people, profiles
from slackapp.store.connection import redis_from_url
from slackapp.store.installations import RedisInstallationStore
from slackapp.web.app import create_app
from tests.conftest import SlackUser, run_jobs
from tests.reliability.conftest import wait_until
from tests.reliability.stack import app_env
from workers import scheduler

pytestmark = pytest.mark.reliability


def opt_in_due_now(r, user_ids, team_id="T1"):
    """People with a break due right now and a fresh cached profile (so no users.info storm)."""
    now = datetime.now(UTC)
    profile = profiles.Profile("UTC", "", "", 0, False, False, False, int(now.timestamp()))
    pipe_ms = to_ms(now) - 1000
    for user_id in user_ids:
        profiles.save(r, team_id=team_id, user_id=user_id, profile=profile)
        people.opt_in(r, team_id=team_id, user_id=user_id, next_due_ms=pipe_ms)


def card_counts(standin):
    return Counter(
        c.args["channel"]
        for c in standin.calls_to("chat.postMessage")
        if c.ok and "Break time" in str(c.args.get("text"))
    )


def test_worker_killed_mid_fan_out(private_redis, standin, processes, figures):
    redis_server = private_redis
    r = redis_from_url(redis_server.url)
    r.flushall()
    users = [f"U{i:04d}" for i in range(500)]
    opt_in_due_now(r, users)
    standin.latency = 0.03  # each send takes a moment, so the kill lands mid fan-out
    env = app_env(redis_server.url, standin)
    group = processes(env)
    group.start_module("workers.scheduler")
    worker = group.start_module("workers.worker")
    assert wait_until(lambda: sum(card_counts(standin).values()) >= 100, timeout=60)
    group.kill(worker)
    killed_at, sent_at_kill = time.monotonic(), sum(card_counts(standin).values())
    assert sent_at_kill < 500, "the fan-out finished before the kill"
    group.start_module("workers.worker")
    assert wait_until(lambda: len(card_counts(standin)) == 500, timeout=90), len(card_counts(standin))
    recovered = time.monotonic() - killed_at
    time.sleep(4)  # past another lease: nothing more may arrive
    counts = card_counts(standin)
    duplicates = sum(counts.values()) - len(counts)
    # A worker keeps GLUTES_SEND_CONCURRENCY sends in flight: at most those can be sent again.
    assert len(counts) == 500 and set(counts) == set(users)
    assert duplicates <= Settings.from_env(env).send_concurrency
    figures(
        fault="RQ worker SIGKILLed mid fan-out",
        cases=500,
        lost=500 - len(counts),
        duplicates=duplicates,
        recovery_s=round(recovered, 1),
        note=f"killed after {sent_at_kill} cards; lease 3 s",
    )


def test_scheduler_killed_between_claim_and_enqueue(private_redis, standin, processes, figures):
    redis_server = private_redis
    r = redis_from_url(redis_server.url)
    r.flushall()
    users = [f"U{i:04d}" for i in range(200)]
    opt_in_due_now(r, users)
    # A scheduler claims everyone due, then dies before it enqueues a single job.
    claimed = due.claim(r, team_id="T1", now_ms=to_ms(datetime.now(UTC)), lease_ms=3000, limit=1000)
    assert len(claimed) == 200
    died_at = time.monotonic()
    group = processes(app_env(redis_server.url, standin))
    group.start_module("workers.scheduler")
    group.start_module("workers.scheduler")  # two schedulers at once, as a scaled deployment runs them
    group.start_module("workers.worker")
    assert wait_until(lambda: len(card_counts(standin)) == 200, timeout=60), len(card_counts(standin))
    recovered = time.monotonic() - died_at
    time.sleep(4)
    counts = card_counts(standin)
    assert set(counts) == set(users)
    assert max(counts.values()) == 1
    figures(
        fault="Scheduler died after claiming, before enqueueing (2 schedulers running)",
        cases=200,
        lost=200 - len(counts),
        duplicates=sum(counts.values()) - len(counts),
        recovery_s=round(recovered, 1),
        note="recovered when the 3 s claim lease ran out",
    )


def test_redis_restart_keeps_data_and_everything_reconnects(tmp_path, standin, processes, figures):
    server = EmbeddedRedis(tmp_path / "aof", appendonly=True).start()
    url = server.url
    env = app_env(url, standin, GLUTES_BREAK_INTERVAL="2s")
    settings = Settings.from_env(env)
    deps = Deps(settings, redis_from_url(url), redis_from_url(url, decode=False), clock=system_clock)
    web = create_app(deps=deps).test_client()
    try:
        people_ids = [f"U{i:03d}" for i in range(20)]
        for user_id in people_ids:
            SlackUser(web, standin, user_id).reply_to("on")
        standin.add_user("UBOSS", is_admin=True)
        SlackUser(web, standin, "UBOSS").reply_to("challenge start 7 Survivors", channel_id="CSURV")
        deps.redis.zincrby(keys.board("T1", "all"), 5, "U000")
        RedisInstallationStore(deps.redis).save_bot(
            Bot(team_id="T9", bot_token="xoxb-T9-1", bot_id="B9", bot_user_id="UB9", installed_at=1.0)
        )
        group = processes(env)
        group.start_module("workers.scheduler")
        group.start_module("workers.worker")
        assert wait_until(lambda: len(card_counts(standin)) == 20, timeout=30)
        time.sleep(1.5)  # AOF fsyncs every second

        server.stop()
        stopped_at = time.monotonic()
        outage_reply = SlackUser(web, standin, "U001").reply_to("status")
        assert "try again in a moment" in outage_reply["text"]
        time.sleep(2)
        server.start()
        restarted_at = time.monotonic()

        assert all(people.get(deps.redis, team_id="T1", user_id=u).opted_in for u in people_ids)
        assert all(people.get(deps.redis, team_id="T1", user_id=u).next_due_ms for u in people_ids)
        assert boards.score_of(deps.redis, team_id="T1", period_key="all", user_id="U000") == 5
        assert challenges.in_channel(deps.redis, team_id="T1", channel_id="CSURV").title == "Survivors"
        store = RedisInstallationStore(deps.redis)
        assert store.find_bot(enterprise_id=None, team_id="T9").bot_token == "xoxb-T9-1"

        # The same worker and scheduler processes carry on by themselves.
        before = sum(card_counts(standin).values())
        assert wait_until(lambda: sum(card_counts(standin).values()) >= before + 20, timeout=60)
        recovered = time.monotonic() - restarted_at
        assert "Breaks are *on*" in SlackUser(web, standin, "U001").reply_to("status")["text"]
        figures(
            fault="Redis stopped 2 s and restarted on its AOF data",
            cases=20,
            lost=0,
            duplicates=0,
            recovery_s=round(recovered, 1),
            note=f"outage {round(restarted_at - stopped_at, 1)} s; commands got 'try again in a moment'",
        )
    finally:
        server.stop()


def test_slack_misbehaving_then_recovering(settings, standin, clock, figures):
    """429s, 5xx and timeouts for T1, invalid_auth for T2: T1 gets every break once, T2 pauses alone."""
    dist = replace(
        settings,
        slack_bot_token=None,
        slack_client_id="1.2",
        slack_client_secret="s",
        slack_timeout_seconds=1,
    )
    store = redis_from_url(settings.redis_url)
    store.flushall()
    deps = Deps(dist, store, redis_from_url(settings.redis_url, decode=False), clock=clock)
    installs = RedisInstallationStore(store)
    for team in ("T1", "T2"):
        installs.save_bot(
            Bot(team_id=team, bot_token=f"xoxb-{team}-1", bot_id="B", bot_user_id="UB", installed_at=1.0)
        )
    t1 = [f"UA{i:02d}" for i in range(30)]
    t2 = [f"UB{i:02d}" for i in range(10)]
    for team, users in (("T1", t1), ("T2", t2)):
        for user_id in users:
            profiles.save(
                store,
                team_id=team,
                user_id=user_id,
                profile=profiles.Profile("UTC", "", "", 0, False, False, False, int(clock().timestamp())),
            )
            people.opt_in(store, team_id=team, user_id=user_id, next_due_ms=to_ms(clock()))
    standin.fail("chat.postMessage", Failure(status=429, retry_after=1, times=3, token="xoxb-T1-1"))
    standin.fail("chat.postMessage", Failure(status=500, error="internal_error", times=2, token="xoxb-T1-1"))
    standin.fail(
        "chat.postMessage", Failure(status=503, error="service_unavailable", times=6, token="xoxb-T1-1")
    )
    standin.fail("chat.postMessage", Failure(status=504, delay=1.5, times=1, token="xoxb-T1-1"))
    standin.fail("chat.postMessage", Failure(error="invalid_auth", token="xoxb-T2-1"))
    started = time.monotonic()
    rounds = 0
    while rounds < 20:
        rounds += 1
        scheduler.tick(deps, clock())
        run_jobs(deps)
        accepted = {c.args["channel"] for c in standin.calls_to("chat.postMessage") if c.ok}
        if set(t1) <= accepted:
            break
        clock.advance(seconds=31)  # past the app's own retry-later delay
    calls = [c for c in standin.calls_to("chat.postMessage") if c.token == "xoxb-T1-1"]
    accepted = Counter(c.args["channel"] for c in calls if c.ok)
    assert set(accepted) == set(t1) and max(accepted.values()) == 1
    # Retry-After was honoured: the next try after a 429 came at least a second later.
    limited = [c for c in calls if not c.ok and c.answer == {}][:1]
    if limited:
        later = [
            c.at for c in calls if c.at > limited[0].at and c.args["channel"] == limited[0].args["channel"]
        ]
        assert later and later[0] - limited[0].at >= 0.9
    paused = store.hgetall(keys.paused("T2"))
    assert paused.get("reason") == "invalid_auth"
    assert not any(c.ok for c in standin.calls_to("chat.postMessage") if c.token == "xoxb-T2-1")
    assert not store.exists(keys.paused("T1"))
    duplicates = sum(accepted.values()) - len(accepted)
    figures(
        fault="Slack: 3×429 (Retry-After 1 s), 2×500, 6×503, 1 timeout; invalid_auth for a 2nd workspace",
        cases=len(t1) + len(t2),
        lost=len(set(t1) - set(accepted)),
        duplicates=duplicates,
        recovery_s=round(time.monotonic() - started, 1),
        note=f"{rounds} scheduler rounds; T2 paused, T1 untouched",
    )
