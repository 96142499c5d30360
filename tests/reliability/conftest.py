"""Figures for docs/reliability.md: each reliability test records one row; `make reliability` writes them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def figures(request: pytest.FixtureRequest) -> Callable[..., None]:
    """record(fault=..., cases=..., lost=..., duplicates=..., recovery_s=..., note=...) appends a row."""
    path = os.environ.get("GLUTES_RELIABILITY_REPORT")

    def record(**row: Any) -> None:
        row.setdefault("test", request.node.name)
        if path:
            with open(path, "a", encoding="utf-8") as handle:
                handle.write(json.dumps(row) + "\n")

    return record


class Processes:
    """Real app processes (`python -m …`), each in its own process group so a kill takes its children."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env = env
        self.running: list[subprocess.Popen[bytes]] = []
        # GLUTES_PROCESS_LOG=path keeps the processes' logs when a fault test needs a closer look.
        log_path = os.environ.get("GLUTES_PROCESS_LOG")
        self.log = open(log_path, "ab") if log_path else None  # noqa: SIM115

    def start(self, module: str) -> subprocess.Popen[bytes]:
        process = subprocess.Popen(
            [sys.executable, "-m", module],
            env=self.env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=self.log or subprocess.DEVNULL,
            start_new_session=True,
        )
        self.running.append(process)
        return process

    def kill(self, process: subprocess.Popen[bytes]) -> None:
        """SIGKILL the process and everything it forked (RQ's work horse included)."""
        import signal

        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    def stop_all(self) -> None:
        import signal

        for process in self.running:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.running:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        if self.log:
            self.log.close()


@pytest.fixture
def processes() -> Iterator[Callable[[dict[str, str]], Processes]]:
    made: list[Processes] = []

    def make(env: dict[str, str]) -> Processes:
        made.append(Processes(env))
        return made[-1]

    yield make
    for group in made:
        group.stop_all()


def wait_until(check: Callable[[], Any], timeout: float, interval: float = 0.05) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(interval)


@pytest.fixture
def private_redis(tmp_path: Path) -> Iterator[Any]:
    """A redis-server of this test's own, so real worker processes never meet another test's jobs."""
    from slackapp.processes.redis_server import EmbeddedRedis

    server = EmbeddedRedis(tmp_path / "redis", appendonly=False).start()
    yield server
    server.stop()
