"""The real web process for reliability tests: its environment, and raw HTTP helpers to talk to it."""

from __future__ import annotations

import os
import socket
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from slackapp.devkit import slack_requests
from tests.conftest import SIGNING_SECRET


def app_env(redis_url: str, standin, **extra: str) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", ""),
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_BOT_TOKEN": "xoxb-test-token",
        "SLACK_API_URL": standin.api_url,
        "REDIS_URL": redis_url,
        "GLUTES_WORK_HOURS": "00:00-24:00",
        "GLUTES_WORK_DAYS": "mon-sun",
        "GLUTES_SCHEDULER_TICK": "0.2",
        "GLUTES_CLAIM_LEASE": "3",
        "GLUTES_SEND_RATE": "2000",
        "GLUTES_SEND_BURST": "2000",
        **extra,
    }


@dataclass
class Web:
    port: int
    pid: int
    response_url: str

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.pid}/task/{self.pid}/children").read_text().split()
        return [int(pid) for pid in children]

    def peak_worker_rss_mb(self) -> float:
        """The largest peak resident memory (VmHWM) among the gunicorn workers."""
        peaks = []
        for pid in self.worker_pids():
            status = Path(f"/proc/{pid}/status").read_text()
            line = next(line for line in status.splitlines() if line.startswith("VmHWM:"))
            peaks.append(int(line.split()[1]) / 1024)
        return max(peaks)


def healthy(web: Web) -> bool:
    try:
        with urllib.request.urlopen(web.url("/healthz"), timeout=1) as answer:
            return answer.status == 200
    except OSError:
        return False


def raw_request(port: int, head: str, body: bytes = b"", *, timeout: float = 10.0) -> tuple[int, float]:
    """Send `head` (request line, headers) and `body` as given; the answer's status and the seconds taken."""
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(head.encode() + b"\r\n" + body)
        answer = b""
        while b"\r\n" not in answer:
            chunk = sock.recv(4096)
            if not chunk:
                break
            answer += chunk
    return int(answer.split(b" ", 2)[1]), time.monotonic() - started


def signed_status(web: Web) -> tuple[int, float]:
    """A signed `/glutes status`, as Slack sends it: the ack's status and how long it took."""
    body = slack_requests.command_body(
        "status", user_id="U1", team_id="T1", channel_id="C1", response_url=web.response_url
    )
    headers = slack_requests.signed_headers(SIGNING_SECRET, body)
    head = (
        "POST /slack/events HTTP/1.1\r\nHost: glutes\r\nConnection: close\r\n"
        + "".join(f"{name}: {value}\r\n" for name, value in headers.items())
        + f"Content-Length: {len(body)}\r\n"
    )
    return raw_request(web.port, head, body.encode())


def write_history(r, user_id: str, team_id: str = "T1") -> None:
    """What a regular user leaves, written as the app writes it: a done card on the boards, a self-test,
    Home use and a no to team boards."""
    from datetime import UTC, datetime

    from slackapp.store import boards, cards, home_tab, selftests

    day = datetime.now(UTC).date().isoformat()
    boards.hide(r, team_id=team_id, user_id=user_id)
    home_tab.mark_seen(r, team_id=team_id, user_id=user_id)
    cards.save(
        r, team_id=team_id, user_id=user_id, break_id="1", exercise="bridge",
        local_date=day, channel="D7", ts="1.1",
    )  # fmt: skip
    cards.record_outcome(
        r, team_id=team_id, user_id=user_id, break_id="1", outcome="done",
        local_date=day, score_keys=boards.board_keys(team_id, datetime.now(UTC).date()),
    )  # fmt: skip
    selftests.add(r, team_id=team_id, user_id=user_id, record={"taken_on": day}, retest_at_ms=1)
