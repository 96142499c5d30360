"""Redis behind sentinels that require AUTH, as a managed deployment runs it: the primary and its replica
require REDIS_PASSWORD, the sentinels require REDIS_SENTINEL_PASSWORD. The app's clients through those
sentinels; and a missing or wrong password named in one line at once rather than waited on as an outage."""

from __future__ import annotations

import logging
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator

import pytest
from rq import Queue
from rq.job import Job

from slackapp.config import Settings, SettingsError
from slackapp.flows.redis_outages import wait_for_redis
from slackapp.ops.outage import OutageLog
from slackapp.processes.redis_server import EmbeddedRedis, free_port
from slackapp.store.connection import LoginRefused, check_login, redis_from_settings
from tests.reliability.sentinels import MASTER_NAME, SentinelGroup
from tests.reliability.stack import app_env

pytestmark = pytest.mark.reliability

PRIMARY_PASSWORD = "primary-pass-3f9a"
SENTINEL_PASSWORD = "sentinel-pass-81c2"
BOTH = {"REDIS_PASSWORD": PRIMARY_PASSWORD, "REDIS_SENTINEL_PASSWORD": SENTINEL_PASSWORD}
# A refused password is named within this long; an outage (what it was taken for before) waits forever.
REFUSAL_BOUND_S = 5.0


@pytest.fixture(scope="module")
def group(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SentinelGroup]:
    """One AUTH'd primary, replica and three sentinels for the tests that do not fail it over."""
    started = SentinelGroup(
        tmp_path_factory.mktemp("auth-sentinels"),
        password=PRIMARY_PASSWORD,
        sentinel_password=SENTINEL_PASSWORD,
    ).start()
    yield started
    started.stop()


def sentinel_env(group: SentinelGroup, passwords: dict[str, str]) -> dict[str, str]:
    return {
        "REDIS_SENTINELS": group.setting,
        "REDIS_SENTINEL_MASTER": MASTER_NAME,
        **passwords,
    }


def settings_with(group: SentinelGroup, passwords: dict[str, str]) -> Settings:
    return Settings.from_env(
        {"SLACK_SIGNING_SECRET": "s", "SLACK_BOT_TOKEN": "xoxb-1", **sentinel_env(group, passwords)}
    )


def process_env(group: SentinelGroup, standin, passwords: dict[str, str], **extra: str) -> dict[str, str]:
    env = app_env("", standin, GLUTES_LOG_FORMAT="text", **extra)
    del env["REDIS_URL"]
    env.update(sentinel_env(group, passwords))
    return env


def test_store_and_rq_clients_read_and_write_through_sentinels_that_require_auth(group):
    settings = settings_with(group, BOTH)
    store = redis_from_settings(settings, decode=True)
    rq_client = redis_from_settings(settings, decode=False)
    try:
        store.set("glutes:T1:auth-check", "written")
        assert rq_client.get("glutes:T1:auth-check") == b"written"
        queue = Queue("glutes-auth-check", connection=rq_client)
        job = queue.enqueue("os.getcwd")
        assert Job.fetch(job.id, connection=rq_client).get_status() == "queued"
        assert queue.count == 1
        queue.empty()
    finally:
        store.delete("glutes:T1:auth-check")
        store.close()
        rq_client.close()


REFUSALS = [
    pytest.param(
        {"REDIS_SENTINEL_PASSWORD": SENTINEL_PASSWORD}, "REDIS_PASSWORD", "requires", id="no-primary"
    ),
    pytest.param({**BOTH, "REDIS_PASSWORD": "not-it"}, "REDIS_PASSWORD", "refused", id="wrong-primary"),
    pytest.param(
        {"REDIS_PASSWORD": PRIMARY_PASSWORD}, "REDIS_SENTINEL_PASSWORD", "require", id="no-sentinel"
    ),
    pytest.param(
        {**BOTH, "REDIS_SENTINEL_PASSWORD": "not-it"},
        "REDIS_SENTINEL_PASSWORD",
        "refused",
        id="wrong-sentinel",
    ),
]


@pytest.mark.parametrize("decode", [True, False], ids=["store", "rq"])
@pytest.mark.parametrize(("passwords", "named", "says"), REFUSALS)
def test_a_missing_or_wrong_password_is_named_in_one_line_at_once(group, passwords, named, says, decode):
    """What every process does before it starts work (wait_for_redis): a refused login is a setting to fix,
    raised at once, not an outage to wait out (before: it waited, as for a Redis that is away)."""
    client = redis_from_settings(settings_with(group, passwords), decode=decode)
    stop = threading.Event()
    timer = threading.Timer(REFUSAL_BOUND_S, stop.set)
    timer.start()
    started = time.monotonic()
    try:
        with pytest.raises(SettingsError) as raised:
            wait_for_redis(client, OutageLog(logging.getLogger("glutes.test-auth")), stop)
    finally:
        timer.cancel()
        client.close()
    assert time.monotonic() - started < REFUSAL_BOUND_S
    message = str(raised.value)
    assert raised.value.name == named and says in message, message
    assert "\n" not in message and len(message) < 200, message
    assert PRIMARY_PASSWORD not in message and SENTINEL_PASSWORD not in message and "not-it" not in message


@pytest.mark.parametrize(
    ("server_password", "url_password", "says"),
    [
        pytest.param(PRIMARY_PASSWORD, None, "Redis requires a password; set it", id="missing"),
        pytest.param(PRIMARY_PASSWORD, "not-it", "Redis refused this password", id="wrong"),
        # redis-py logs in with HELLO 3 AUTH default <password>, which a password-less server accepts.
        pytest.param(None, "not-it", None, id="not-needed-is-accepted"),
    ],
)
def test_a_refused_redis_url_password_is_named_too(tmp_path, server_password, url_password, says):
    """The same one line for a single Redis at REDIS_URL (a managed Redis's endpoint)."""
    server = EmbeddedRedis(tmp_path / "redis", appendonly=False, password=server_password).start()
    auth = f":{url_password}@" if url_password else ""
    url = f"redis://{auth}127.0.0.1:{server.port}/0"
    settings = Settings.from_env({"SLACK_SIGNING_SECRET": "s", "SLACK_BOT_TOKEN": "xoxb-1", "REDIS_URL": url})
    try:
        if says is None:
            check_login(settings)
            return
        with pytest.raises(LoginRefused) as raised:
            check_login(settings)
    finally:
        server.stop()
    assert raised.value.name == "REDIS_URL" and says in str(raised.value), str(raised.value)
    assert "not-it" not in str(raised.value) and PRIMARY_PASSWORD not in str(raised.value)


@pytest.mark.parametrize(
    ("variable", "expected"),
    [
        pytest.param(
            "REDIS_PASSWORD",
            "glutes: bad setting REDIS_PASSWORD: the Redis primary refused this password",
            id="primary",
        ),
        pytest.param(
            "REDIS_SENTINEL_PASSWORD",
            "glutes: bad setting REDIS_SENTINEL_PASSWORD: the sentinels refused this password",
            id="sentinels",
        ),
    ],
)
def test_each_process_stops_with_one_line_on_a_wrong_password(group, standin, variable, expected):
    """The web, the worker and the scheduler, started with a wrong password: each exits with status 2 and
    the one line, no traceback (before: each waited for Redis forever)."""
    env = process_env(
        group, standin, {**BOTH, variable: "not-it"}, PORT=str(free_port()), WEB_CONCURRENCY="1"
    )
    modules = ["slackapp.processes.serve", "workers.worker", "workers.scheduler"]
    started = [
        subprocess.Popen(
            [sys.executable, "-m", module], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for module in modules
    ]
    deadline = time.monotonic() + 30
    outcomes = []
    for process in started:
        try:
            outcomes.append(process.communicate(timeout=max(deadline - time.monotonic(), 0.1)))
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            outcomes.append(("", "still running 30 s after its start"))
    for module, process, (out, err) in zip(modules, started, outcomes, strict=True):
        assert process.returncode == 2, (module, process.returncode, err[-1500:])
        assert expected in err, (module, err[-1500:])
        assert "Traceback" not in err + out, (module, err[-1500:])


def test_a_read_cut_short_does_not_hand_its_reply_to_the_next_command(group):
    """A BLPOP interrupted by a signal (as RQ's SIGTERM handler interrupts its worker's) drops its connection
    (before: the connection went back to the pool owing the BLPOP's reply, and the next command got it)."""
    store = redis_from_settings(settings_with(group, BOTH))

    class Interrupted(Exception):
        pass

    def interrupt(signum: int, frame: object) -> None:
        raise Interrupted

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, 0.2)
    try:
        with pytest.raises(Interrupted):
            store.blpop(["glutes:T1:nothing-here"], timeout=1)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    try:
        store.set("glutes:T1:after-the-cut", "mine")
        assert store.get("glutes:T1:after-the-cut") == "mine"
    finally:
        store.delete("glutes:T1:after-the-cut")
        store.close()
