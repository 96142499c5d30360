"""Figures for docs/reliability.md: each reliability test records one row; `make reliability` writes them."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from tests.reliability.stack import Web

from slackapp.processes import supervise
from slackapp.processes.supervise import Supervisor


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


@pytest.fixture
def processes() -> Iterator[Callable[[dict[str, str]], Supervisor]]:
    """processes(env) -> a Supervisor of real app processes with that environment, stopped after the test."""
    made: list[Supervisor] = []
    # GLUTES_PROCESS_LOG=path keeps the processes' logs when a fault test needs a closer look.
    log_path = os.environ.get("GLUTES_PROCESS_LOG")

    def make(env: dict[str, str]) -> Supervisor:
        made.append(Supervisor(env=env, log=Path(log_path) if log_path else None, stop_timeout=15))
        return made[-1]

    yield make
    for group in made:
        group.stop_all()


def wait_until(check: Callable[[], Any], timeout: float, interval: float = 0.05) -> Any:
    """supervise.wait_until, but a timeout returns the check's (falsy) result rather than raising, so that
    `assert wait_until(...), detail` fails as an assertion that shows `detail`."""
    try:
        return supervise.wait_until(check, timeout, interval)
    except TimeoutError:
        return check()


@pytest.fixture
def private_redis(tmp_path: Path) -> Iterator[Any]:
    """A redis-server of this test's own, so real worker processes never meet another test's jobs."""
    from slackapp.processes.redis_server import EmbeddedRedis

    server = EmbeddedRedis(tmp_path / "redis", appendonly=False).start()
    yield server
    server.stop()


@pytest.fixture
def web(private_redis: Any, standin: Any, processes: Callable[[dict[str, str]], Supervisor]) -> Iterator[Web]:
    """The real web process (gunicorn as in the Procfile) on its own Redis, answering /healthz."""
    from slackapp.processes.redis_server import free_port
    from tests.reliability.stack import Web, app_env, healthy

    port = free_port()
    group = processes(app_env(private_redis.url, standin, PORT=str(port)))
    process = group.start_module("slackapp.processes.serve")
    served = Web(port, process.pid, standin.response_url("abuse"))
    assert wait_until(lambda: healthy(served), timeout=30), "the web process did not come up"
    standin.add_user("U1", tz="UTC")
    yield served
