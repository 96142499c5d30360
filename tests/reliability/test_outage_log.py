"""A Redis outage in the web's log: one line when it starts, at most one a minute while it lasts (with the
number of requests answered "try again" meanwhile), one when a request gets through again. Every request
still gets the friendly try-again answer. Real Redis, stopped and started; signed requests."""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest

from slackapp.config import Settings
from slackapp.deps import Deps
from slackapp.ops.outage import RequestOutageLog
from slackapp.store.connection import redis_from_url
from slackapp.web.app import create_app
from tests.conftest import ManualClock, SlackUser
from tests.reliability.stack import app_env

pytestmark = pytest.mark.reliability

TRY_AGAIN = ":hourglass: glutes can't reach its database right now. Please try again in a moment."


def _redis_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "glutes" and "redis" in r.getMessage()]


def test_an_outage_is_logged_once_then_once_a_minute_then_back(private_redis, standin, caplog, figures):
    url = private_redis.url
    clock = ManualClock(datetime(2026, 12, 7, 9, 0, tzinfo=UTC))
    settings = Settings.from_env(app_env(url, standin))
    deps = Deps(settings, redis_from_url(url), redis_from_url(url, decode=False), clock)
    web = create_app(deps=deps).test_client()
    people = [SlackUser(web, standin, f"U{n}") for n in range(10)]  # Bolt runs 10 listeners at a time
    for person in people:
        standin.add_user(person.user_id, tz="UTC")
    assert "Breaks are *off*" in people[0].reply_to("status")["text"]

    private_redis.stop()
    caplog.set_level(logging.INFO, logger="glutes")
    with ThreadPoolExecutor(len(people)) as pool:

        def everyone_asks() -> list[str]:
            return list(pool.map(lambda person: person.reply_to("status", timeout=15)["text"], people))

        assert everyone_asks() == [TRY_AGAIN] * 10  # each gets the friendly answer, as before
        lines = _redis_lines(caplog)
        assert len(lines) == 1 and lines[0].startswith("redis unavailable: "), lines

        clock.advance(seconds=61)
        assert everyone_asks() == [TRY_AGAIN] * 10
    lines = _redis_lines(caplog)
    assert len(lines) == 2, lines
    # The 9 answered after the first line's request, and the one that wrote this line.
    assert lines[1].startswith(
        "redis still unavailable (61 s): 10 requests answered 'try again' in the last 61 s"
    )

    private_redis.start()
    clock.advance(seconds=30)
    assert "Breaks are *off*" in people[1].reply_to("status")["text"]
    assert "Breaks are *off*" in people[2].reply_to("status")["text"]
    lines = _redis_lines(caplog)
    assert lines[2:] == ["redis back after 91 s: 20 requests were answered 'try again' meanwhile"]
    figures(
        fault="Redis stopped under 20 commands, 10 at a time",
        cases=20,
        lost=0,
        duplicates=0,
        recovery_s=0,
        note=f"{len(lines)} log lines for the outage (start, a minute on, back); each got 'try again'",
    )


def _tally() -> tuple[RequestOutageLog, list[str]]:
    lines: list[str] = []

    class Lines(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(record.getMessage())

    log = logging.getLogger("glutes.test_outage_log")
    log.handlers[:] = [Lines()]
    log.propagate = False
    log.setLevel(logging.INFO)
    return RequestOutageLog(log), lines


def test_the_outage_log_writes_at_most_one_line_a_minute_and_counts_every_answer():
    outage, lines = _tally()
    start = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
    outage.succeeded(now=start)  # no outage: nothing to say
    error = ConnectionError("refused")
    for second in range(0, 60):  # 200 requests a second for a minute
        for _ in range(200):
            outage.failed(error, now=start + timedelta(seconds=second))
    assert lines == ["redis unavailable: refused"]
    outage.failed(error, now=start + timedelta(seconds=60))
    outage.failed(error, now=start + timedelta(seconds=90))
    outage.failed(error, now=start + timedelta(seconds=121))
    assert lines[1:] == [
        "redis still unavailable (60 s): 12000 requests answered 'try again' in the last 60 s: refused",
        "redis still unavailable (121 s): 2 requests answered 'try again' in the last 61 s: refused",
    ]
    outage.succeeded(now=start + timedelta(seconds=125))
    outage.succeeded(now=start + timedelta(seconds=126))
    assert lines[3:] == ["redis back after 125 s: 12003 requests were answered 'try again' meanwhile"]
    outage.failed(error, now=start + timedelta(seconds=200))  # a new outage starts its own count
    assert lines[4:] == ["redis unavailable: refused"]


def test_the_outage_log_starts_once_when_many_threads_meet_the_outage_together():
    outage, lines = _tally()
    now = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
    with ThreadPoolExecutor(16) as pool:
        list(pool.map(lambda _: outage.failed(ConnectionError("refused"), now=now), range(2000)))
    outage.succeeded(now=now + timedelta(seconds=5))
    assert lines == [
        "redis unavailable: refused",
        "redis back after 5 s: 2000 requests were answered 'try again' meanwhile",
    ]
