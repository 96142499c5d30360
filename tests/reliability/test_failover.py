"""The primary Redis fails over while a fan-out and Done clicks are going on: a primary, a replica and three
sentinels; the real web, two workers and the scheduler, all finding the primary through REDIS_SENTINELS.
The primary is SIGKILLed mid fan-out and Sentinel promotes the replica."""

from __future__ import annotations

import re
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from slackapp import ids
from slackapp.devkit import slack_requests
from slackapp.processes.redis_server import EmbeddedRedis, free_port
from slackapp.processes.supervise import Supervisor
from slackapp.store import people, stats
from slackapp.store.connection import redis_from_sentinels, redis_from_url
from tests.conftest import SIGNING_SECRET
from tests.reliability.conftest import wait_until
from tests.reliability.sentinels import MASTER_NAME, SentinelGroup
from tests.reliability.stack import Web, app_env, healthy, raw_request, signed_status
from tests.reliability.test_faults import opt_in_due_now

pytestmark = pytest.mark.reliability

PEOPLE = 300
KILL_AFTER_CARDS = 90
# A card posted this long after the kill was started after it: a send in flight at the kill takes one
# stand-in latency (50 ms) to post.
IN_FLIGHT_S = 0.5
OUTAGE_S = 5.0


def cards_by_person(standin) -> dict[str, list]:
    """Each person's break cards the stand-in accepted, in the order they arrived."""
    found: dict[str, list] = {}
    for call in standin.calls_to("chat.postMessage"):
        if call.ok and "Break time" in str(call.args.get("text")):
            found.setdefault(call.args["channel"], []).append(call)
    return found


def signed_click(web: Web, user_id: str, card) -> int:
    """A Done click on `card` (a chat.postMessage call) in the person's DM, as Slack sends it; the answer's
    status."""
    buttons = next(b for b in card.args["blocks"] if b.get("block_id") == ids.BLOCK_BREAK_ACTIONS)
    body = slack_requests.block_action_body(
        ids.ACTION_BREAK_DONE,
        buttons["elements"][0]["value"],
        user_id=user_id,
        team_id="T1",
        channel_id="D" + user_id[1:],
        message_ts=card.answer["ts"],
        response_url=web.response_url,
    )
    return _post(web, body)


def _post(web: Web, body: str) -> int:
    headers = slack_requests.signed_headers(SIGNING_SECRET, body)
    head = (
        "POST /slack/events HTTP/1.1\r\nHost: glutes\r\nConnection: close\r\n"
        + "".join(f"{name}: {value}\r\n" for name, value in headers.items())
        + f"Content-Length: {len(body)}\r\n"
    )
    try:
        return raw_request(web.port, head, body.encode())[0]
    except OSError:
        return 0  # no answer at all: counted with the 5xx


class Slack:
    """People clicking Done on their cards (again, as a person would, when the card does not change within
    3 s), and someone asking `/glutes status` every 0.2 s; every answer's status is kept."""

    def __init__(self, web: Web, standin) -> None:
        self.web, self.standin = web, standin
        self.answers: list[tuple[float, int]] = []
        self.clicks: Counter[str] = Counter()
        self.settled: set[str] = set()
        self.stop = threading.Event()
        self.threads = [threading.Thread(target=self._click, daemon=True)]
        self.threads.append(threading.Thread(target=self._status, daemon=True))

    def __enter__(self) -> Slack:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=30)

    def _click(self) -> None:
        last_click: dict[str, float] = {}
        while not self.stop.is_set():
            updated = {c.args["channel"] for c in self.standin.calls_to("chat.update") if c.ok}
            for user_id, cards in cards_by_person(self.standin).items():
                if user_id in self.settled:
                    continue
                if "D" + user_id[1:] in updated and self.clicks[user_id]:
                    self.settled.add(user_id)
                    continue
                if time.monotonic() - last_click.get(user_id, 0.0) < 3:
                    continue
                last_click[user_id] = time.monotonic()
                self.clicks[user_id] += 1
                status = signed_click(self.web, user_id, cards[-1])
                self.answers.append((time.monotonic(), status))
            self.stop.wait(0.1)

    def _status(self) -> None:
        while not self.stop.is_set():
            try:
                status = signed_status(self.web)[0]
            except OSError:
                status = 0
            self.answers.append((time.monotonic(), status))
            self.stop.wait(0.2)


def start_counts(log: Path) -> dict[str, int]:
    """How many times each process started, from their log lines (a worker restarting in place keeps its
    pid and logs its start again; gunicorn logs each worker it boots)."""
    text = log.read_text(errors="replace")
    counts: dict[str, int] = {}
    for pid in re.findall(r"worker process starting \(pid (\d+)\)", text):
        counts[f"worker {pid}"] = counts.get(f"worker {pid}", 0) + 1
    counts["scheduler"] = len(re.findall(r"scheduler process starting", text))
    counts["web workers booted"] = len(re.findall(r"Booting worker with pid", text))
    return counts


def test_primary_killed_mid_fan_out_sentinel_promotes_the_replica(tmp_path, standin, figures):
    group = SentinelGroup(tmp_path / "redis").start()
    log = tmp_path / "processes.log"
    supervisor = Supervisor(log=log, stop_timeout=15)
    try:
        r = redis_from_sentinels(group.addresses, MASTER_NAME)
        users = [f"U{i:04d}" for i in range(PEOPLE)]
        opt_in_due_now(r, users)
        standin.latency = 0.05  # each send takes a moment, so the kill lands mid fan-out
        port = free_port()
        env = app_env("", standin, PORT=str(port), WEB_CONCURRENCY="1", GLUTES_LOG_FORMAT="text")
        del env["REDIS_URL"]
        env.update(
            REDIS_SENTINELS=group.setting,
            REDIS_SENTINEL_MASTER=MASTER_NAME,
            GLUTES_SEND_CONCURRENCY="2",  # about 80 cards a second from the two workers
            GLUTES_BREAK_INTERVAL="1h",  # one card each in this test: a second one is a duplicate
        )
        supervisor.env = env
        web = Web(port, supervisor.start_module("slackapp.processes.serve").pid, standin.response_url("f"))
        assert wait_until(lambda: healthy(web), timeout=30), "the web process did not come up"
        standin.add_user("U1", tz="UTC")
        supervisor.start_module("workers.worker")
        supervisor.start_module("workers.worker")
        supervisor.start_module("workers.scheduler")

        with Slack(web, standin) as slack:
            assert wait_until(lambda: len(cards_by_person(standin)) >= KILL_AFTER_CARDS, timeout=60)
            old_port = group.primary.port
            group.primary.kill()
            killed_at = time.monotonic()
            cards_at_kill = len(cards_by_person(standin))
            assert cards_at_kill < PEOPLE, "the fan-out finished before the kill"
            promoted = wait_until(lambda: group.primary_port() not in (None, old_port), timeout=30)
            promoted_s = time.monotonic() - killed_at

            def flowing_again() -> float | None:
                after = [
                    c.at
                    for cards in cards_by_person(standin).values()
                    for c in cards
                    if c.at > killed_at + IN_FLIGHT_S
                ]
                return min(after) if after else None

            assert wait_until(flowing_again, timeout=60), "no card after the failover"
            flowing_s = flowing_again() - killed_at
            assert wait_until(lambda: len(cards_by_person(standin)) == PEOPLE, timeout=90), len(
                cards_by_person(standin)
            )
            all_cards_s = time.monotonic() - killed_at
            assert wait_until(lambda: len(slack.settled) == PEOPLE, timeout=90), PEOPLE - len(slack.settled)
            time.sleep(4)  # past another claim lease: nothing more may arrive
        supervisor.check_alive()  # every process is still the one started (raises naming one that exited)

        cards = cards_by_person(standin)
        counts = Counter({user: len(sent) for user, sent in cards.items()})
        day = datetime.now(UTC).date()
        done = {u: stats.done_on(r, team_id="T1", user_id=u, day=day) for u in users}
        opted_out = [u for u in users if not people.get(r, team_id="T1", user_id=u).opted_in]
        failed_answers = [s for at, s in slack.answers if s >= 500 or s == 0]
        during = [s for at, s in slack.answers if killed_at <= at <= killed_at + flowing_s]
        starts = start_counts(log)

        assert promoted, "Sentinel did not promote the replica"
        assert flowing_s < 30
        assert opted_out == []
        assert set(cards) == set(users)
        assert max(counts.values()) <= 2  # at most one duplicate a person
        assert failed_answers == []
        assert starts["scheduler"] == 1 and starts["web workers booted"] == 1, starts
        assert all(n <= 2 for name, n in starts.items() if name.startswith("worker")), starts
        lost_done = sum(1 for u in users if done[u] == 0)
        twice_done = sum(1 for u in users if done[u] > 1)
        duplicates = sum(counts.values()) - len(counts)
        figures(
            fault="Primary Redis SIGKILLed mid fan-out; Sentinel promoted the replica (3 sentinels)",
            cases=PEOPLE,
            lost=PEOPLE - len(cards),
            duplicates=duplicates,
            recovery_s=round(all_cards_s, 1),
            note=(
                f"killed after {cards_at_kill} cards; replica promoted {promoted_s:.1f} s and cards flowing "
                f"again {flowing_s:.1f} s after the kill; opt-ins lost {len(opted_out)}; Done clicks "
                f"{sum(slack.clicks.values())} for {PEOPLE} people, lost {lost_done}, counted twice "
                f"{twice_done}; answers to Slack {len(slack.answers)} ({len(during)} during the failover), "
                f"5xx {len(failed_answers)}; starts: "
                + ", ".join(f"{name} {n}" for name, n in sorted(starts.items()))
            ),
        )
    finally:
        supervisor.stop_all()
        group.stop()


def test_worker_waits_out_a_redis_outage_that_hits_a_running_job(tmp_path, standin, figures):
    """Redis goes away while a send job runs and stays away: the worker restarts itself in place and waits
    (before: its fresh image's first Redis call, RQ's CLIENT SETNAME, ended it with status 1)."""
    server = EmbeddedRedis(tmp_path / "aof", appendonly=True).start()
    log = tmp_path / "processes.log"
    supervisor = Supervisor(log=log, stop_timeout=15)
    try:
        r = redis_from_url(server.url)
        users = [f"U{i:04d}" for i in range(200)]
        opt_in_due_now(r, users)
        standin.latency = 0.05
        supervisor.env = app_env(
            server.url,
            standin,
            GLUTES_LOG_FORMAT="text",
            GLUTES_SEND_CONCURRENCY="2",
            GLUTES_BREAK_INTERVAL="1h",
        )
        worker = supervisor.start_module("workers.worker")
        supervisor.start_module("workers.scheduler")
        assert wait_until(lambda: len(cards_by_person(standin)) >= 30, timeout=60)
        server.stop()
        stopped_at = time.monotonic()
        time.sleep(OUTAGE_S)
        exited = worker.poll()
        server.start()
        assert exited is None, f"the worker exited with status {exited} while Redis was away"
        assert wait_until(lambda: len(cards_by_person(standin)) == len(users), timeout=60)
        recovered = time.monotonic() - stopped_at - OUTAGE_S
        supervisor.check_alive()
        starts = start_counts(log)
        worker_starts = starts.get(f"worker {worker.pid}", 0)
        assert worker_starts <= 2, starts  # at most one restart in place, never a loop
        counts = Counter({user: len(sent) for user, sent in cards_by_person(standin).items()})
        figures(
            fault=f"Redis away {OUTAGE_S:g} s while a send job runs (REDIS_URL)",
            cases=len(users),
            lost=len(users) - len(counts),
            duplicates=sum(counts.values()) - len(counts),
            recovery_s=round(recovered, 1),
            note=f"worker kept its pid and waited; started {worker_starts}× (restart in place), scheduler "
            f"{starts['scheduler']}×; recovery counted from Redis's return",
        )
    finally:
        supervisor.stop_all()
        server.stop()


@pytest.mark.parametrize("where", ["REDIS_URL", "REDIS_SENTINELS"])
def test_every_process_starts_and_waits_while_no_redis_answers(tmp_path, standin, where):
    """Started while Redis (or every sentinel) is away: each process stays up, says so once, and the web
    answers /healthz with 503 (before: the worker exited with status 1 at start)."""
    port, nobody = free_port(), free_port()
    env = app_env(
        f"redis://127.0.0.1:{nobody}/0",
        standin,
        PORT=str(port),
        WEB_CONCURRENCY="1",
        GLUTES_LOG_FORMAT="text",
    )
    if where == "REDIS_SENTINELS":
        del env["REDIS_URL"]
        env.update(REDIS_SENTINELS=f"127.0.0.1:{nobody},127.0.0.1:{free_port()}", REDIS_SENTINEL_MASTER="g")
    log = tmp_path / "processes.log"
    with Supervisor(env=env, log=log, stop_timeout=15) as supervisor:
        web = Web(port, supervisor.start_module("slackapp.processes.serve").pid, standin.response_url("w"))
        supervisor.start_module("workers.worker")
        supervisor.start_module("workers.scheduler")

        def health() -> int:
            try:
                with urllib.request.urlopen(web.url("/healthz"), timeout=3) as answer:
                    return answer.status
            except urllib.error.HTTPError as error:
                return error.code
            except OSError:
                return 0

        assert wait_until(lambda: health() == 503, timeout=30), health()
        time.sleep(3)  # several of the processes' retries
        supervisor.check_alive()
        text = log.read_text(errors="replace")
        assert text.count("glutes.worker WARNING redis unavailable, waiting for it") == 1, text[-2000:]
        assert text.count("glutes.scheduler WARNING redis unavailable, waiting for it") == 1, text[-2000:]
        assert text.count("Booting worker with pid") == 1
