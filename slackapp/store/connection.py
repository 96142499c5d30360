"""Redis connections for the app's stores (text) and for RQ (bytes)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import redis
from redis.client import Pipeline

from slackapp.config import Settings


def redis_from_url(url: str, *, decode: bool = True) -> redis.Redis:
    """A client that reconnects by itself and fails fast while Redis is away.

    The app's own stores read text (decode=True); RQ needs a bytes client (decode=False).
    """
    return redis.Redis.from_url(
        url,
        decode_responses=decode,
        socket_connect_timeout=2,
        socket_timeout=5,
        health_check_interval=30,
        retry_on_timeout=True,
    )


def redis_from_settings(settings: Settings, *, decode: bool = True) -> redis.Redis:
    """The Redis client for this process; REDIS_URL must be set by then (the launcher sets it)."""
    if not settings.redis_url:
        raise RuntimeError("REDIS_URL is not set; start the app with `make run` to get an embedded Redis")
    return redis_from_url(settings.redis_url, decode=decode)


def ping(r: redis.Redis) -> None:
    """Raise if Redis does not answer (the health check's question)."""
    r.ping()


def answers(url: str) -> bool:
    """Whether a Redis server answers at `url` now (a freshly started server, before it is used)."""
    client = redis.Redis.from_url(url, socket_connect_timeout=0.5)
    try:
        return bool(client.ping())
    except redis.ConnectionError:
        return False
    finally:
        client.close()


@contextmanager
def one_step(r: redis.Redis, pipeline: Pipeline | None) -> Iterator[Pipeline]:
    """Where a store write queues its commands: the caller's pipeline (a larger step the caller executes),
    or a MULTI/EXEC of its own, executed when the block ends."""
    if pipeline is not None:
        yield pipeline
        return
    pipe = r.pipeline(transaction=True)
    yield pipe
    pipe.execute()
