"""Forget-me under load, checked by scanning the whole Redis: real scheduler and worker processes are
sending a fan-out of breaks (the person's among them) and a job for the person is failing when they
run forget-me. Afterwards nothing of them is left but the day-long, id-only tombstone."""

from __future__ import annotations

import time
from dataclasses import replace

import pytest
from rq.registry import FailedJobRegistry, StartedJobRegistry

from slackapp import ids
from slackapp.clock import system_clock
from slackapp.config import Settings
from slackapp.deps import DEFAULT_QUEUE, QUEUES, Deps
from slackapp.devkit.standin import Failure
from slackapp.flows import home
from slackapp.store import keys, workspace_config
from slackapp.store.connection import redis_from_url
from slackapp.web.app import create_app
from tests.conftest import SlackUser
from tests.privacy_scan import scan
from tests.reliability.conftest import wait_until
from tests.reliability.stack import app_env, write_history
from tests.reliability.test_faults import card_counts, opt_in_due_now

pytestmark = pytest.mark.reliability

PERSON = "UFORGETME7"
OTHERS = [f"U{i:04d}" for i in range(300)]


def _history(deps: Deps) -> None:
    """What a regular user leaves: a done card, boards, a self-test, Home use, a hidden board, admin role."""
    r = deps.redis
    write_history(r, PERSON)
    config = replace(workspace_config.get(r, deps.settings, team_id="T1"), app_admins=(PERSON, "U0001"))
    workspace_config.save(r, team_id="T1", config=config)


def _quiet(deps: Deps) -> bool:
    """No job waiting or running in any queue."""
    queues = [deps.queue(name) for name in QUEUES]
    return all(q.count == 0 and StartedJobRegistry(queue=q).count == 0 for q in queues)


def test_forget_me_during_a_fan_out_and_a_failing_job_leaves_only_the_tombstone(
    private_redis, standin, processes, figures
):
    env = app_env(private_redis.url, standin)
    # Fewer sends in flight than the default 16, so the fan-out is still running when forget-me lands.
    env["GLUTES_SEND_CONCURRENCY"] = "4"
    r = redis_from_url(private_redis.url)
    r.flushall()
    deps = Deps(Settings.from_env(env), r, redis_from_url(private_redis.url, decode=False), system_clock)
    opt_in_due_now(r, [*OTHERS[:150], PERSON, *OTHERS[150:]])
    _history(deps)
    before = scan(r, PERSON)
    assert before.traces, "the person left nothing to forget"

    # A Home refresh for the person is failing: Slack takes seconds, then answers 500. One worker is busy
    # with it while another sends the fan-out.
    standin.fail("views.publish", Failure(status=500, error="internal_error", delay=2.0))
    home.request_home_refresh(deps, team_id="T1", user_id=PERSON)
    standin.latency = 0.05  # each send takes a moment, so forget-me lands mid fan-out
    group = processes(env)
    group.start_module("workers.worker")
    group.start_module("workers.worker")
    assert wait_until(lambda: standin.calls_to("views.publish"), timeout=30)
    group.start_module("workers.scheduler")
    assert wait_until(lambda: sum(card_counts(standin).values()) >= 60, timeout=60)

    failing_now = StartedJobRegistry(queue=deps.queue(DEFAULT_QUEUE)).count  # the refresh, mid-failure
    person = SlackUser(create_app(deps=deps).test_client(), standin, PERSON)
    person.click(ids.ACTION_FORGET_CONFIRM, "forget")
    standin.wait_for("response", timeout=15, where=lambda c: "deleted" in str(c.args.get("text")))
    sent_at_forget = sum(card_counts(standin).values())
    assert sent_at_forget < len(OTHERS), "the fan-out finished before forget-me"

    assert wait_until(lambda: set(OTHERS) <= set(card_counts(standin)), timeout=90)
    assert wait_until(lambda: _quiet(deps), timeout=60)
    time.sleep(4)  # past another claim lease: nothing for the person may come back
    group.stop_all()

    after = scan(r, PERSON)
    left = [t for t in after.traces if t[0] != keys.forgotten("T1", PERSON)]
    assert left == [], left
    assert r.ttl(keys.forgotten("T1", PERSON)) <= 24 * 3600
    assert set(OTHERS) <= set(card_counts(standin))  # everyone else's breaks went out
    failed = sum(FailedJobRegistry(queue=deps.queue(name)).count for name in QUEUES)
    assert failed >= 1  # the refresh did fail, and RQ keeps it (a day), without the person in it
    figures(
        kind="privacy_scan",
        scenario="forget-me during a 301-person fan-out (real scheduler, 2 workers) and a failing job",
        keys_scanned=after.keys_scanned,
        values_read=after.values_read,
        traces_before=len(before.traces),
        traces_after=len(left),
        note=(
            f"forget-me after {sent_at_forget} cards, 2 workers; failing jobs running then: {failing_now}; "
            f"failed jobs kept: {failed}; tombstone 1 day"
        ),
    )
