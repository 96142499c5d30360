"""Store tests: the real Redis the suite starts, and callers racing each other on their own clients."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import redis

from slackapp.config import Settings
from slackapp.store.connection import redis_from_url

Together = Callable[[int, Callable[[redis.Redis, int], Any]], list[Any]]


@pytest.fixture
def together(settings: Settings, store: redis.Redis) -> Iterator[Together]:
    """run(n, fn): call fn(client, i) from n threads released at the same moment, each thread with its own
    Redis client (as separate workers have); returns the n answers in order."""
    assert settings.redis_url
    opened: list[redis.Redis] = []

    def run(n: int, fn: Callable[[redis.Redis, int], Any]) -> list[Any]:
        clients = [redis_from_url(settings.redis_url or "") for _ in range(n)]
        opened.extend(clients)
        for client in clients:
            client.ping()  # connect first, so the barrier releases n callers, not n connection handshakes
        start = threading.Barrier(n)

        def call(i: int) -> Any:
            start.wait()
            return fn(clients[i], i)

        with ThreadPoolExecutor(n) as pool:
            return list(pool.map(call, range(n)))

    yield run
    for client in opened:
        client.close()
