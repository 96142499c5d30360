"""Redis behind sentinels that require AUTH, as a managed deployment runs it: the primary and its replica
require REDIS_PASSWORD, the sentinels require REDIS_SENTINEL_PASSWORD. The app's clients, the real web,
worker and scheduler, rq-dashboard and a failover, each through those sentinels; and a missing or wrong
password named in one line at once rather than waited on as an outage."""

from __future__ import annotations

import base64
import logging
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from rq import Queue
from rq.job import Job

from slackapp.config import Settings, SettingsError
from slackapp.deps import BREAKS_QUEUE
from slackapp.devkit import slack_requests
from slackapp.flows.redis_outages import wait_for_redis
from slackapp.ops.outage import OutageLog
from slackapp.processes.redis_server import EmbeddedRedis, free_port
from slackapp.processes.supervise import Process, Supervisor
from slackapp.store import people
from slackapp.store.connection import LoginRefused, check_login, redis_from_settings
from tests.conftest import SIGNING_SECRET
from tests.reliability.conftest import wait_until
from tests.reliability.sentinels import MASTER_NAME, SentinelGroup
from tests.reliability.stack import Web, app_env, healthy
from tests.reliability.test_failover import cards_by_person
from tests.reliability.test_faults import opt_in_due_now

pytestmark = pytest.mark.reliability

PRIMARY_PASSWORD = "primary-pass-3f9a"
SENTINEL_PASSWORD = "sentinel-pass-81c2"
ADMIN_PASSWORD = "correct-horse-battery-staple"
BOTH = {"REDIS_PASSWORD": PRIMARY_PASSWORD, "REDIS_SENTINEL_PASSWORD": SENTINEL_PASSWORD}
# A refused password is named within this long; an outage (what it was taken for before) waits forever.
REFUSAL_BOUND_S = 5.0
# An idle worker asked to stop is gone within this long (a platform's stop timeout is 10-30 s).
STOP_BOUND_S = 5.0


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


def signed_command(web: Web, text: str) -> tuple[int, str]:
    """A signed `/glutes <text>` from U1, as Slack sends it: the ack's status and body."""
    body = slack_requests.command_body(
        text, user_id="U1", team_id="T1", channel_id="C1", response_url=web.response_url
    )
    request = urllib.request.Request(
        web.url("/slack/events"),
        data=body.encode(),
        headers=slack_requests.signed_headers(SIGNING_SECRET, body),
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        return answer.status, answer.read().decode()


def admin_get(web: Web, path: str) -> tuple[int, str]:
    token = base64.b64encode(f"admin:{ADMIN_PASSWORD}".encode()).decode()
    request = urllib.request.Request(web.url(path), headers={"Authorization": f"Basic {token}"})
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def start_stack(group: SentinelGroup, standin, log: Path, **extra: str) -> tuple[Supervisor, Web, Process]:
    """The web (with /admin/rq), a worker and the scheduler, finding the primary through the AUTH'd
    sentinels; the web answers /healthz."""
    port = free_port()
    env = process_env(
        group,
        standin,
        BOTH,
        PORT=str(port),
        WEB_CONCURRENCY="1",
        GLUTES_ADMIN_PASSWORD=ADMIN_PASSWORD,
        GLUTES_BREAK_INTERVAL="1h",  # one card each in these tests: a second one is a duplicate
        **extra,
    )
    supervisor = Supervisor(env=env, log=log, stop_timeout=15)
    web = Web(port, supervisor.start_module("slackapp.processes.serve").pid, standin.response_url("auth"))
    assert wait_until(lambda: healthy(web), timeout=30), log.read_text(errors="replace")[-3000:]
    standin.add_user("U1", tz="UTC")
    worker = supervisor.start_module("workers.worker")
    supervisor.start_module("workers.scheduler")
    return supervisor, web, worker


def test_web_worker_scheduler_and_dashboard_work_through_sentinels_that_require_auth(
    group, standin, tmp_path
):
    """A signed /glutes status is answered, a due card is sent by the worker, and /admin/rq lists the
    breaks queue: every process and rq-dashboard logged in to the sentinels and to the primary."""
    store = redis_from_settings(settings_with(group, BOTH))
    log = tmp_path / "processes.log"
    supervisor, web, worker = start_stack(group, standin, log)
    try:
        users = ["U1", "U0002", "U0003"]
        opt_in_due_now(store, users)
        status, body = signed_command(web, "status")
        assert status == 200 and "Breaks are *on*" in body, body  # read from the primary
        assert wait_until(lambda: set(cards_by_person(standin)) >= set(users), timeout=30), (
            cards_by_person(standin).keys(),
            log.read_text(errors="replace")[-3000:],
        )
        assert all(people.get(store, team_id="T1", user_id=u).opted_in for u in users)

        page_status, page = admin_get(web, "/admin/rq/")
        assert page_status == 200 and "Connection Error" not in page, page[:500]
        listed_status, listed = admin_get(web, "/admin/rq/0/data/queues.json")
        assert listed_status == 200 and BREAKS_QUEUE in listed, listed[:500]
        assert PRIMARY_PASSWORD not in page + listed and SENTINEL_PASSWORD not in page + listed
        supervisor.check_alive()
        assert "Traceback" not in log.read_text(errors="replace"), log.read_text(errors="replace")[-3000:]

        # Idle in its BLPOP, the worker stops on SIGTERM (a deploy) at once (before: it waited behind its
        # own BLPOP's reply until the stop timeout killed it).
        asked = time.monotonic()
        supervisor.stop(worker, timeout=STOP_BOUND_S)
        assert worker.returncode == 0 and time.monotonic() - asked < STOP_BOUND_S, worker.returncode
    finally:
        supervisor.stop_all()
        store.close()


FAILOVER_PEOPLE = 60
KILL_AFTER_CARDS = 10


def test_cards_keep_flowing_when_the_primary_fails_over_behind_auth(standin, tmp_path, figures):
    """The AUTH'd primary is SIGKILLed mid fan-out; the sentinels (logging in to the replica with auth-pass)
    promote it, and every process finds the new primary through the sentinels and logs in to it: every card
    is sent, nobody's opt-in is lost, and /glutes status is answered from the new primary."""
    group = SentinelGroup(
        tmp_path / "redis", password=PRIMARY_PASSWORD, sentinel_password=SENTINEL_PASSWORD
    ).start()
    store = redis_from_settings(settings_with(group, BOTH))
    log = tmp_path / "processes.log"
    supervisor = None
    try:
        users = ["U1"] + [f"U{i:04d}" for i in range(2, FAILOVER_PEOPLE + 1)]  # U1 asks for its status
        opt_in_due_now(store, users)
        standin.latency = 0.05  # each send takes a moment, so the kill lands mid fan-out
        supervisor, web, _ = start_stack(group, standin, log, GLUTES_SEND_CONCURRENCY="1")
        assert wait_until(lambda: len(cards_by_person(standin)) >= KILL_AFTER_CARDS, timeout=30)
        old_port = group.primary.port
        group.primary.kill()
        killed_at = time.monotonic()
        cards_at_kill = len(cards_by_person(standin))
        assert cards_at_kill < FAILOVER_PEOPLE, "the fan-out finished before the kill"
        assert wait_until(lambda: group.primary_port() not in (None, old_port), timeout=30), (
            "the sentinels did not promote the replica"
        )
        promoted_s = time.monotonic() - killed_at
        assert wait_until(lambda: len(cards_by_person(standin)) == FAILOVER_PEOPLE, timeout=30), (
            len(cards_by_person(standin)),
            log.read_text(errors="replace")[-3000:],
        )
        all_cards_s = time.monotonic() - killed_at

        status, body = signed_command(web, "status")
        assert status == 200 and "Breaks are *on*" in body, body
        supervisor.check_alive()
        assert all(people.get(store, team_id="T1", user_id=u).opted_in for u in users)
        # No process took the new primary or the sentinels for a refused login (RQ's own scheduler child
        # logs the outage with a traceback; that is RQ's, and it is started again).
        text = log.read_text(errors="replace")
        refusals = ("bad setting", "AuthenticationError", "NOAUTH", "WRONGPASS", "invalid password")
        assert not [word for word in refusals if word in text], text[-3000:]
        counts = {user: len(sent) for user, sent in cards_by_person(standin).items()}
        assert max(counts.values()) <= 2  # at most one duplicate a person (a send in flight at the kill)
        figures(
            fault="AUTH'd primary SIGKILLed mid fan-out behind AUTH'd sentinels; replica promoted",
            cases=FAILOVER_PEOPLE,
            lost=FAILOVER_PEOPLE - len(counts),
            duplicates=sum(counts.values()) - len(counts),
            recovery_s=round(all_cards_s, 1),
            note=f"killed after {cards_at_kill} cards; replica promoted {promoted_s:.1f} s after the kill; "
            "every process logged in to the new primary with REDIS_PASSWORD",
        )
    finally:
        if supervisor is not None:
            supervisor.stop_all()
        store.close()
        group.stop()


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
