"""Activity written in batches (store.retention.PendingActivity) by the real web process, gunicorn with
gevent workers as in production: a process stopped right after a request still writes that request's
activity (a deploy's SIGTERM, or SIGQUIT's fast stop, which ends a worker before its one-second timer)."""

from __future__ import annotations

import signal

import pytest

from slackapp.processes import supervise
from slackapp.store import keys
from slackapp.store.connection import redis_from_url
from tests.reliability.conftest import wait_until
from tests.reliability.stack import signed_status

pytestmark = pytest.mark.reliability


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGQUIT], ids=["sigterm", "sigquit"])
def test_a_web_process_stopped_right_after_a_request_writes_its_activity(stop, web, private_redis):
    r = redis_from_url(private_redis.url)
    status, _ = signed_status(web)  # /glutes status from U1: activity, held by the worker that answered
    assert status == 200
    supervise.signal_group(web.pid, stop)
    assert wait_until(lambda: not supervise.group_alive(web.pid), timeout=15), "the web process did not stop"
    assert r.zscore(keys.last_active("T1"), "U1") is not None
    assert r.sismember(keys.TEAMS, "T1")
