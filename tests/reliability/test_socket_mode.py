"""The real web process in Socket Mode against the Socket Mode stand-in (devkit/socket_mode_standin.py):
envelopes acked across Slack's reconnects, recovery from a dropped connection, malformed envelopes.
Each test records its figures (see conftest.figures) for docs/reliability.md."""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import pytest

from slackapp import ids
from slackapp.devkit import slack_requests
from slackapp.devkit.socket_mode_standin import Connection, SocketModeStandIn
from slackapp.devkit.standin import Failure
from slackapp.processes.supervise import Process, Supervisor, group_cpu_seconds
from tests.reliability.conftest import wait_until
from tests.reliability.stack import app_env

pytestmark = pytest.mark.reliability

ACK_BOUND_S = 2.5  # Slack's limit is 3 s; the target is 1 s (the figures show the measured times)


@dataclass
class SocketApp:
    server: SocketModeStandIn
    process: Process
    log: Path
    health_file: Path

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")

    def health(self) -> dict[str, Any]:
        try:
            return json.loads(self.health_file.read_text())
        except (OSError, ValueError):
            return {}


@pytest.fixture
def socket_app(private_redis, standin, tmp_path: Path) -> Iterator[SocketApp]:
    """`python -m slackapp.processes.serve` with SLACK_APP_TOKEN set, connected to the stand-in."""
    server = SocketModeStandIn().start()
    standin.socket_mode = server
    standin.add_user("U1", tz="UTC")
    health_file = tmp_path / "socket-health.json"
    env = app_env(
        private_redis.url,
        standin,
        SLACK_APP_TOKEN="xapp-1-A1-1-test",
        GLUTES_SOCKET_HEALTH_FILE=str(health_file),
        GLUTES_LOG_FORMAT="text",
    )
    log = tmp_path / "web.log"
    group = Supervisor(env=env, log=log, stop_timeout=15)
    try:
        process = group.start_module("slackapp.processes.serve")
        server.wait_for_connection(timeout=30)
        yield SocketApp(server, process, log, health_file)
    finally:
        group.stop_all()
        standin.socket_mode = None
        server.stop()


def command(standin, text: str = "status") -> dict[str, str]:
    return dict(parse_qsl(slack_requests.command_body(text, response_url=standin.response_url("sock"))))


def reply_in_ack(envelope: Any) -> str:
    """The reply a person sees for a `/glutes status` envelope: it rides on the app's ack (Redis only)."""
    return str(((envelope.ack or {}).get("payload") or {}).get("text") or "")


def click() -> dict[str, Any]:
    body = slack_requests.home_button_body(ids.ACTION_TURN_ON, "on")
    return json.loads(dict(parse_qsl(body))["payload"])


def home_opened() -> dict[str, Any]:
    event = {"type": ids.EVENT_APP_HOME_OPENED, "user": "U1", "tab": "home", "channel": "D1"}
    return json.loads(slack_requests.event_body(event, event_id=f"Ev{time.monotonic_ns()}"))


def one_of_each(server: SocketModeStandIn, standin, connection: Connection) -> list[str]:
    return [
        server.send("slash_commands", command(standin), connection=connection),
        server.send("interactive", click(), connection=connection),
        server.send("events_api", home_opened(), connection=connection),
    ]


def test_every_envelope_is_acked_including_on_a_new_connection_while_the_old_one_is_open(
    socket_app, standin, figures
):
    server = socket_app.server
    first = server.open_connections()[-1]
    sent = one_of_each(server, standin, first)
    rounds = []
    for number in range(10):
        old = server.open_connections()[-1]
        # Slack's refresh: it says so on the old connection, keeps it open 3 s, and delivers on the new one.
        server.disconnect(old, "warning" if number % 2 else "refresh_requested", close_after=3.0)
        new = server.wait_for_connection(after=old.number, timeout=10)
        ids_now = one_of_each(server, standin, new)
        acked = server.wait_for_acks(ids_now, timeout=5)
        rounds.append(max(e.latency or 99.0 for e in acked))
        sent += ids_now
    envelopes = server.wait_for_acks(sent, timeout=5)
    unacked = [e.type for e in envelopes if e.acked_at is None]
    assert not unacked, f"{len(unacked)} envelope(s) never acked: {unacked}"
    latencies = [e.latency for e in envelopes if e.latency is not None]
    assert max(latencies) < ACK_BOUND_S, f"slowest ack {max(latencies):.2f} s"
    # What the person sees: each /glutes status answered in its ack; the Home tab published.
    commands = [e for e in envelopes if e.type == "slash_commands"]
    assert all("Breaks" in reply_in_ack(e) for e in commands), [e.ack for e in commands]
    assert standin.wait_for("views.publish", count=1)
    figures(
        fault="Socket Mode: 11 connections, 10 refreshes with the old connection open 3 s",
        cases=len(envelopes),
        lost=len(unacked),
        duplicates=0,
        recovery_s=round(max(latencies), 3),
        note=(
            f"acks median {statistics.median(latencies) * 1000:.0f} ms, max {max(latencies) * 1000:.0f} ms; "
            f"on the new connection each round: max {max(rounds) * 1000:.0f} ms (target 1 s)"
        ),
    )


def test_after_an_abrupt_drop_the_app_reconnects_without_spinning(socket_app, standin, figures):
    server = socket_app.server
    recoveries, cpu_shares = [], []
    for _ in range(3):
        old = server.open_connections()[-1]
        cpu_before, started = group_cpu_seconds(socket_app.process.pid), time.monotonic()
        server.drop(old)  # TCP end of stream, no close frame
        new = server.wait_for_connection(after=old.number, timeout=15)
        recoveries.append(new.opened_at - started)
        time.sleep(2.0)  # a window after the drop in which a spinning reader would show
        cpu_shares.append(
            (group_cpu_seconds(socket_app.process.pid) - cpu_before) / (time.monotonic() - started)
        )
        (envelope,) = server.wait_for_acks([server.send("slash_commands", command(standin))], timeout=5)
        assert envelope.acked_at is not None, "an envelope after the reconnect was not acked"
        assert "Breaks" in reply_in_ack(envelope), envelope.ack
    # A drop while Slack cannot be reached: apps.connections.open fails twice, the app backs off.
    standin.fail("apps.connections.open", Failure(status=503, times=2))
    old = server.open_connections()[-1]
    cpu_before, started = group_cpu_seconds(socket_app.process.pid), time.monotonic()
    server.drop(old)
    new = server.wait_for_connection(after=old.number, timeout=15)
    outage_recovery = new.opened_at - started
    outage_cpu = (group_cpu_seconds(socket_app.process.pid) - cpu_before) / (time.monotonic() - started)
    assert len(standin.calls_to("apps.connections.open")) >= 3
    cpu_shares.append(outage_cpu)
    assert max(cpu_shares) < 0.5, f"the web process used {max(cpu_shares):.0%} of a core after a drop"
    # The operator's view: a log line per reconnect with its duration, and the health file.
    assert wait_until(lambda: socket_app.health().get("connects", 0) >= 5, timeout=5), socket_app.health()
    assert socket_app.health()["connected"] is True
    assert socket_app.log_text().count("Socket Mode reconnected in") >= 4
    figures(
        fault="Socket Mode: connection dropped without a close frame (3 times, then once with Slack down)",
        cases=4,
        lost=0,
        duplicates=0,
        recovery_s=round(max(*recoveries, outage_recovery), 3),
        note=(
            f"connected again in {', '.join(f'{r:.2f}' for r in recoveries)} s, CPU to 2 s after the drop "
            f"max {max(cpu_shares[:3]):.1%} of a core; with apps.connections.open failing twice: "
            f"connected in {outage_recovery:.1f} s, {outage_cpu:.1%} of a core meanwhile (target: under 10%)"
        ),
    )


MALFORMED: list[tuple[str, Any]] = [
    ("slash_commands", ["not", "an", "object"]),
    ("slash_commands", "text=status"),
    ("slash_commands", 42),
    ("slash_commands", None),
    ("interactive", {"type": "block_actions", "actions": "not a list", "user": {"id": "U1"}}),
    ("interactive", {"type": "block_actions", "actions": {"0": "x"}, "user": {"id": "U1"}}),
    ("interactive", "payload"),
    ("events_api", {"type": "event_callback", "team_id": "T1", "event": "app_home_opened"}),
    ("events_api", {"type": "event_callback", "team_id": "T1", "event": ["app_home_opened"]}),
    ("events_api", [1, 2]),
]


def test_malformed_envelopes_are_acked_and_the_app_stays_connected(socket_app, standin, figures):
    server = socket_app.server
    connection = server.open_connections()[-1]
    assert server.ping(connection) is not None, "the app did not answer a ping"
    sent = [server.send(kind, payload, connection=connection) for kind, payload in MALFORMED * 2]
    envelopes = server.wait_for_acks(sent, timeout=10)
    unacked = [e.type for e in envelopes if e.acked_at is None]
    assert not unacked, f"{len(unacked)} malformed envelope(s) never acked: {unacked}"
    # Still connected on the same connection, and still answering.
    (good,) = server.wait_for_acks([server.send("slash_commands", command(standin))], timeout=5)
    assert good.acked_at is not None
    assert "Breaks" in reply_in_ack(good), f"the good command got no answer: {good.ack}"
    assert server.open_connections() == [connection]
    log = socket_app.log_text()
    assert log.count("malformed Socket Mode envelope") == len(sent), log[-2000:]
    assert "Traceback" not in log, log[-2000:]
    latencies = [e.latency for e in envelopes if e.latency is not None]
    figures(
        fault="Socket Mode: 20 malformed envelopes (payload, actions or event of the wrong type)",
        cases=len(sent),
        lost=len(unacked),
        duplicates=0,
        recovery_s=round(max(latencies), 3),
        note="all acked, one warning each, no traceback; the same connection then answered /glutes status",
    )


def refused_by_bolt() -> list[tuple[str, Any]]:
    """Envelopes Bolt answers with something other than 200: no listener (404), a bad id (400)."""
    unknown_action = json.loads(
        dict(parse_qsl(slack_requests.home_button_body("launch_rockets", "1")))["payload"]
    )
    bad_user = click()
    bad_user["user"]["id"] = "U1:*"  # the id middleware's 400
    mention = {"type": "app_mention", "user": "U1", "text": "<@B1> hi", "channel": "C1", "ts": "1.2"}
    return [
        ("interactive", unknown_action),
        ("interactive", bad_user),
        ("events_api", json.loads(slack_requests.event_body(mention, event_id="EvMention"))),
    ]


def test_envelopes_bolt_refuses_are_acked_all_the_same(socket_app, standin, figures):
    server = socket_app.server
    sent = [server.send(kind, payload) for kind, payload in refused_by_bolt()]
    envelopes = server.wait_for_acks(sent, timeout=5)
    unacked = [kind for (kind, _), e in zip(refused_by_bolt(), envelopes, strict=True) if e.acked_at is None]
    assert not unacked, f"never acked: {unacked} (an unknown action_id, a malformed user id, an app_mention)"
    latencies = [e.latency for e in envelopes if e.latency is not None]
    assert max(latencies) < ACK_BOUND_S, f"slowest ack {max(latencies):.2f} s"
    figures(
        fault="Socket Mode: envelopes Bolt answers 400 or 404 (unknown action_id, bad user id, app_mention)",
        cases=len(sent),
        lost=len(unacked),
        duplicates=0,
        recovery_s=round(max(latencies), 3),
        note=f"all acked empty, slowest in {max(latencies) * 1000:.0f} ms; Slack does not redeliver them",
    )


def test_a_huge_frame_and_deeply_nested_json_do_not_hold_up_the_next_ack(socket_app, standin, figures):
    server = socket_app.server
    connection = server.open_connections()[-1]
    huge = json.dumps({"envelope_id": "huge", "type": "events_api", "payload": {"x": "a" * 10_000_000}})
    server.send_raw(huge, connection)
    (after_huge,) = server.wait_for_acks([server.send("slash_commands", command(standin))], timeout=10)
    server.send_raw("[" * 200_000 + "]" * 200_000, connection)
    (after_deep,) = server.wait_for_acks([server.send("slash_commands", command(standin))], timeout=10)
    assert after_huge.acked_at is not None and after_deep.acked_at is not None
    assert after_huge.latency < 1.0, f"a 10 MB frame held the next ack back {after_huge.latency:.2f} s"
    assert "Breaks" in reply_in_ack(after_huge) and "Breaks" in reply_in_ack(after_deep)
    log = socket_app.log_text()
    assert "RecursionError" not in log and "Traceback" not in log, log[-2000:]
    assert log.count("dropped unread (over 1 MB)") == 1, log[-2000:]
    assert server.open_connections() == [connection]
    figures(
        fault="Socket Mode: a 10 MB frame, then JSON nested 200,000 deep",
        cases=2,
        lost=0,
        duplicates=0,
        recovery_s=round(max(after_huge.latency, after_deep.latency), 3),
        note=f"the big frame dropped unread (one warning), the deep one logged as unreadable; the next "
        f"status acked in {after_huge.latency * 1000:.0f} ms and {after_deep.latency * 1000:.0f} ms, "
        "same connection",
    )
