"""An open-loop load generator for signed Slack requests (`python -m bench.loadgen ...`, 127.0.0.1 only).

Request i is due at start + i / rate whatever happened to earlier ones (open loop), so a slow server
cannot slow the offered load down; its latency is measured from when it was due, so time spent waiting
for a free sender thread counts too. Bounded: rate x seconds requests, each with a timeout; then it stops
and prints one JSON object on stdout.

Kinds: "status" (a `/glutes status` slash command) and "done" (a Done click on the break card
`9<i>` (digits, as real break ids are) of person `<prefix><i>`, which the benchmark stored beforehand).
"""

from __future__ import annotations

import argparse
import http.client
import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from slackapp import ids
from slackapp.devkit import slack_requests


def build_requests(options: argparse.Namespace) -> list[tuple[str, bytes, dict[str, str]]]:
    kinds = options.kinds.split(",")
    count = int(options.rate * options.seconds)
    built = []
    for i in range(count):
        index = options.first + i
        kind = kinds[i % len(kinds)]
        user = f"{options.prefix}{index:06d}"
        response_url = f"{options.response_base}/{kind}-{index}"
        if kind == "status":
            body = slack_requests.command_body(
                "status", user_id=user, team_id=options.team, response_url=response_url
            )
        else:
            body = slack_requests.block_action_body(
                ids.ACTION_BREAK_DONE,
                f"9{index:06d}",
                user_id=user,
                team_id=options.team,
                channel_id="D" + user[1:],
                message_ts=f"1700000000.{index:06d}",
                response_url=response_url,
                block_id=ids.BLOCK_BREAK_ACTIONS,
            )
        headers = slack_requests.signed_headers(options.secret, body)
        built.append((kind, body.encode(), headers))
    return built


def main() -> None:
    parser = argparse.ArgumentParser(description="Open-loop signed Slack requests against 127.0.0.1.")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--rate", type=float, required=True, help="requests per second")
    parser.add_argument("--seconds", type=float, required=True)
    parser.add_argument("--secret", required=True)
    parser.add_argument("--team", default="T01")
    parser.add_argument("--prefix", default="UL")
    parser.add_argument("--first", type=int, default=0, help="index of the first person and card")
    parser.add_argument("--kinds", default="status,done")
    parser.add_argument("--response-base", required=True)
    parser.add_argument("--threads", type=int, default=64)
    parser.add_argument("--timeout", type=float, default=10.0)
    options = parser.parse_args()

    requests = build_requests(options)
    latencies: dict[str, list[float]] = {}
    errors: dict[str, dict[str, int]] = {}
    lock = threading.Lock()
    worst_lag = [0.0]

    def send(kind: str, body: bytes, headers: dict[str, str], due: float) -> None:
        started = time.perf_counter()
        problem = None
        try:
            connection = http.client.HTTPConnection("127.0.0.1", options.port, timeout=options.timeout)
            try:
                connection.request("POST", "/slack/events", body=body, headers=headers)
                answer = connection.getresponse()
                answer.read()
                if answer.status != 200:
                    problem = f"http {answer.status}"
            finally:
                connection.close()
        except (OSError, http.client.HTTPException) as error:
            problem = type(error).__name__
        finished = time.perf_counter()
        with lock:
            worst_lag[0] = max(worst_lag[0], started - due)
            if problem is None:
                latencies.setdefault(kind, []).append((finished - due) * 1000)
            else:
                counts = errors.setdefault(kind, {})
                counts[problem] = counts.get(problem, 0) + 1

    start = time.perf_counter() + 0.05
    with ThreadPoolExecutor(max_workers=options.threads) as pool:
        for i, (kind, body, headers) in enumerate(requests):
            due = start + i / options.rate
            pause = due - time.perf_counter()
            if pause > 0:
                time.sleep(pause)
            pool.submit(send, kind, body, headers, due)
    result: dict[str, Any] = {
        "offered": len(requests),
        "rate": options.rate,
        "seconds": options.seconds,
        "wall": time.perf_counter() - start,
        "worst_sender_lag_ms": worst_lag[0] * 1000,
        "latency_ms": latencies,
        "errors": errors,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
