"""What the internet can send the web process, sent to the real one (gunicorn as in the Procfile):
oversized bodies, slow clients, malformed headers. Each test records its figures (see conftest.figures)."""

from __future__ import annotations

import socket
import time
from contextlib import ExitStack

import pytest

from tests.reliability.stack import healthy, raw_request, signed_status

pytestmark = pytest.mark.reliability


def test_an_oversized_body_is_refused_before_it_is_read(web, figures):
    gib = 1024**3
    head = (
        "POST /slack/events HTTP/1.1\r\nHost: glutes\r\nConnection: close\r\n"
        f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {gib}\r\n"
    )
    status, seconds = raw_request(web.port, head, b"x" * 65536)
    assert status == 413
    # A chunked body declares no length (Slack always declares one): it is refused unread.
    chunked_head = (
        "POST /slack/events HTTP/1.1\r\nHost: glutes\r\nConnection: close\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n"
    )
    chunk = b"%x\r\n%s\r\n" % (65536, b"y" * 65536)
    chunked_status, _ = raw_request(web.port, chunked_head, chunk * 40)  # 2.5 MB
    assert chunked_status == 411
    peak = web.peak_worker_rss_mb()
    assert peak < 100, f"a worker peaked at {peak:.0f} MB"
    assert signed_status(web)[0] == 200
    figures(
        fault="1 GiB unsigned POST; 2.5 MB chunked POST",
        cases=2,
        lost=0,
        duplicates=0,
        recovery_s=round(seconds, 3),
        note=f"413 and 411, neither body read; workers' peak RSS {peak:.0f} MB",
    )


@pytest.mark.parametrize("timestamp", ["abc", "1796003703.5", "", "9" * 40, "-1"])
def test_a_malformed_timestamp_header_is_a_4xx(web, timestamp):
    body = "command=%2Fglutes&text=status"
    head = (
        "POST /slack/events HTTP/1.1\r\nHost: glutes\r\nConnection: close\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\n"
        f"X-Slack-Request-Timestamp: {timestamp}\r\nX-Slack-Signature: v0=abc\r\n"
        f"Content-Length: {len(body)}\r\n"
    )
    status, _ = raw_request(web.port, head, body.encode())
    assert 400 <= status < 500


SLOW_CLIENTS = 100


def test_slow_clients_do_not_hold_up_slack(web, figures):
    with ExitStack() as stack:
        for _ in range(SLOW_CLIENTS):
            sock = stack.enter_context(socket.create_connection(("127.0.0.1", web.port), timeout=5))
            # A body that would take hours: one byte now, the rest never.
            sock.sendall(
                b"POST /slack/events HTTP/1.1\r\nHost: glutes\r\n"
                b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\nx"
            )
        time.sleep(0.5)  # every slow connection has been accepted and is waiting for its body
        answers = [signed_status(web) for _ in range(5)]
        assert healthy(web)
    assert all(status == 200 for status, _ in answers), answers
    slowest = max(seconds for _, seconds in answers)
    assert slowest < 1.0, f"a signed /glutes status took {slowest:.2f} s"
    figures(
        fault=f"{SLOW_CLIENTS} connections sending a body one byte at a time",
        cases=len(answers),
        lost=0,
        duplicates=0,
        recovery_s=round(slowest, 3),
        note=f"signed /glutes status acked in at most {slowest * 1000:.0f} ms meanwhile",
    )
