"""The benchmarks' Slack stand-in: slackapp's SlackStandIn in a process of its own, plus Slack's limits.

`python -m bench.standin --port P` serves the Web API stand-in on 127.0.0.1 and a small control API under
/bench/ that the benchmark drives over loopback: reset (latency, limits), count the break cards received,
and fetch the receipts (channel, token, wall-clock time) and the answer counts by method and status.

Rate-limit emulation (off unless /bench/reset sends limits), as Slack documents it:
- chat.postMessage: about 1 message per second per channel with short bursts, plus a workspace-wide limit
  per token (20/s with bursts of 20 by default);
- per-method tiers per token (Tier 2: 20/min, Tier 3: 50/min, Tier 4: 100/min), a token bucket each;
- an exceeded limit answers HTTP 429 {"ok": false, "error": "ratelimited"} with Retry-After in seconds.
"""

from __future__ import annotations

import argparse
import json
import math
import signal
import ssl
import threading
import time
import urllib.request
from collections import Counter
from dataclasses import asdict, dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

from slackapp.devkit.standin import SlackStandIn
from slackapp.devkit.tls import LocalCertificates

# Slack's published tiers (per minute, per method, per workspace token) for the methods the app calls.
TIERS_PER_MINUTE: dict[str, int] = {
    "dnd.teamInfo": 20,  # Tier 2
    "chat.update": 50,  # Tier 3
    "conversations.open": 50,  # Tier 3
    "users.info": 100,  # Tier 4
    "views.publish": 100,  # Tier 4
    "views.open": 100,  # Tier 4
    "views.update": 100,  # Tier 4
}


@dataclass(frozen=True)
class SlackLimits:
    """What the stand-in enforces when limits are on."""

    workspace_rate: float = 20.0  # chat.postMessage per second per workspace token
    workspace_burst: int = 20
    channel_rate: float = 1.0  # chat.postMessage per second per channel (a DM is a channel)
    channel_burst: int = 3
    tiers: dict[str, int] = field(default_factory=lambda: dict(TIERS_PER_MINUTE))


class Bucket:
    """A token bucket: `rate` per second, holding at most `burst`."""

    def __init__(self, rate: float, burst: float, now: float) -> None:
        self.rate, self.burst, self.tokens, self.last = rate, float(burst), float(burst), now

    def refill(self, now: float) -> None:
        self.tokens = min(self.burst, self.tokens + (now - self.last) * self.rate)
        self.last = now

    def wait(self) -> float:
        """Seconds until one token is there (after refill); 0 when one is there now."""
        return 0.0 if self.tokens >= 1 else (1 - self.tokens) / self.rate


class RateLimiter:
    """Slack's limits as token buckets; check() takes a slot from every bucket a call needs, or none."""

    def __init__(self, limits: SlackLimits) -> None:
        self.limits = limits
        self._buckets: dict[tuple[str, ...], Bucket] = {}
        self._lock = threading.Lock()

    def _bucket(self, key: tuple[str, ...], rate: float, burst: float, now: float) -> Bucket:
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = self._buckets[key] = Bucket(rate, burst, now)
        bucket.refill(now)
        return bucket

    def check(self, method: str, token: str, channel: str, now: float) -> float:
        """0 when the call may go ahead (slots taken), else the seconds to wait (nothing taken)."""
        limits = self.limits
        with self._lock:
            needed: list[Bucket] = []
            if method == "chat.postMessage":
                needed.append(self._bucket(("ws", token), limits.workspace_rate, limits.workspace_burst, now))
                needed.append(
                    self._bucket(("ch", token, channel), limits.channel_rate, limits.channel_burst, now)
                )
            elif method in limits.tiers:
                per_minute = limits.tiers[method]
                needed.append(self._bucket(("tier", token, method), per_minute / 60, per_minute, now))
            wait = max((bucket.wait() for bucket in needed), default=0.0)
            if wait > 0:
                return wait
            for bucket in needed:
                bucket.tokens -= 1
            return 0.0


class BenchStandIn(SlackStandIn):
    """SlackStandIn that also keeps light receipts of break cards, counts answers, and can rate-limit."""

    def __init__(
        self, port: int, latency: float = 0.0, certificates: LocalCertificates | None = None
    ) -> None:
        super().__init__(port=port, latency=latency, certificates=certificates)
        # One thread per connection (ThreadingHTTPServer); a deep accept queue so bursts wait, not fail.
        self._server.socket.listen(1024)
        self.limiter: RateLimiter | None = None
        self._bench_lock = threading.Lock()
        self.cards: list[tuple[str, str, float]] = []  # (channel, token, wall-clock time received)
        self.card_channels: set[str] = set()
        self.answers: Counter[str] = Counter()  # "method status" -> count

    def bench_reset(self, latency: float, limits: SlackLimits | None, round_trip: float = 0.0) -> None:
        with self._lock:
            self.calls.clear()
            self.failures.clear()
            self.latency = latency
            self.round_trip = round_trip
            self.connections_opened = 0
        with self._bench_lock:
            self.limiter = RateLimiter(limits) if limits else None
            self.cards.clear()
            self.card_channels.clear()
            self.answers.clear()

    def _answer(
        self, method: str, args: dict[str, Any], token: str | None
    ) -> tuple[int, dict[str, str], Any]:
        received = time.time()
        limiter = self.limiter
        if limiter is not None and method not in ("response", "upload"):
            wait = limiter.check(method, token or "", str(args.get("channel") or ""), time.monotonic())
            if wait > 0:
                with self._bench_lock:
                    self.answers[f"{method} 429"] += 1
                if self.latency:
                    time.sleep(self.latency)
                retry_after = str(max(1, math.ceil(wait)))
                return 429, {"Retry-After": retry_after}, {"ok": False, "error": "ratelimited"}
        status, headers, body = super()._answer(method, args, token)
        with self._lock:  # the base class keeps every call; the benchmark only needs the receipts
            self.calls.clear()
        ok = isinstance(body, dict) and bool(body.get("ok"))
        with self._bench_lock:
            self.answers[f"{method} {status}"] += 1
            text = str(args.get("text") or "")
            if method == "chat.postMessage" and ok and "Break time" in text:
                channel = str(args.get("channel") or "")
                self.cards.append((channel, token or "", received))
                self.card_channels.add(channel)
        return status, headers, body

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        base = super()._handler_class()
        standin = self

        class Handler(base):  # type: ignore[valid-type, misc]
            def _bench(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                answer = standin.control(self.path, json.loads(raw) if raw else {})
                data = json.dumps(answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                if self.path.startswith("/bench/"):
                    self._bench()
                else:
                    base.do_GET(self)

            def do_POST(self) -> None:
                if self.path.startswith("/bench/"):
                    self._bench()
                else:
                    base.do_POST(self)

        return Handler

    def control(self, path: str, data: dict[str, Any]) -> dict[str, Any]:
        if path == "/bench/reset":
            limits = data.get("limits")
            self.bench_reset(
                float(data.get("latency") or 0.0),
                SlackLimits(**limits) if limits else None,
                float(data.get("round_trip") or 0.0),
            )
            return {"ok": True}
        with self._bench_lock:
            if path == "/bench/count":
                return {"cards": len(self.cards), "unique": len(self.card_channels)}
            if path == "/bench/report":
                return {
                    "cards": list(self.cards),
                    "answers": dict(self.answers),
                    "connections": self.connections_opened,  # that carried Slack calls, since the reset
                }
        return {"ok": False, "error": f"unknown control path {path}"}


class StandInControl:
    """The benchmark's side of /bench/: drive a stand-in process over loopback."""

    def __init__(self, port: int, ca_file: str | None = None) -> None:
        self.port = port
        self.ca_file = ca_file  # set: the stand-in speaks HTTPS with a certificate from this CA
        self.scheme = "https" if ca_file else "http"
        self.api_url = f"{self.scheme}://127.0.0.1:{port}/api/"
        self._context = ssl.create_default_context(cafile=ca_file) if ca_file else None

    def response_url(self, name: str) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}/response/{name}"

    def _call(self, path: str, data: dict[str, Any] | None = None) -> dict[str, Any]:
        body = json.dumps(data).encode() if data is not None else None
        request = urllib.request.Request(f"{self.scheme}://127.0.0.1:{self.port}{path}", data=body)
        with urllib.request.urlopen(request, timeout=30, context=self._context) as answer:  # noqa: S310
            return json.loads(answer.read())

    def reset(self, latency: float, limits: SlackLimits | None = None, round_trip: float = 0.0) -> None:
        """Forget the last run; `round_trip` seconds of network per new connection (and TLS) and request."""
        self._call(
            "/bench/reset",
            {"latency": latency, "limits": asdict(limits) if limits else None, "round_trip": round_trip},
        )

    def count(self) -> dict[str, int]:
        return self._call("/bench/count")

    def report(self) -> dict[str, Any]:
        return self._call("/bench/report")

    def ready(self) -> bool:
        try:
            self.count()
            return True
        except OSError:
            return False


def main() -> None:
    parser = argparse.ArgumentParser(description="The benchmark's Slack stand-in (127.0.0.1 only).")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument(
        "--cert-dir", type=Path, help="serve HTTPS with ca.pem/server.pem/server.key from here"
    )
    options = parser.parse_args()
    certificates = None
    if options.cert_dir:
        directory = options.cert_dir
        certificates = LocalCertificates(
            directory / "ca.pem", directory / "server.pem", directory / "server.key"
        )
    standin = BenchStandIn(port=options.port, certificates=certificates).start()
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    stop.wait()
    standin.stop()


if __name__ == "__main__":
    main()
