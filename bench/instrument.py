"""Thin, temporary wrappers that count Redis round trips and time Slack calls in this process."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import redis
from slack_sdk import WebClient


@dataclass
class Tally:
    round_trips: int = 0  # a command, or a whole pipeline
    post_seconds: float = 0.0  # inside WebClient.chat_postMessage
    update_cpu_seconds: float = 0.0  # CPU of the calling thread inside WebClient.chat_update (blocks + HTTP)


@contextlib.contextmanager
def tallied() -> Iterator[Tally]:
    tally = Tally()
    original_command = redis.Redis.execute_command
    original_pipeline = redis.client.Pipeline.execute
    original_post = WebClient.chat_postMessage
    original_update = WebClient.chat_update

    def command(self: redis.Redis, *args: Any, **options: Any) -> Any:
        tally.round_trips += 1
        return original_command(self, *args, **options)

    def pipeline(self: redis.client.Pipeline, *args: Any, **options: Any) -> Any:
        tally.round_trips += 1
        return original_pipeline(self, *args, **options)

    def post(self: WebClient, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return original_post(self, **kwargs)
        finally:
            tally.post_seconds += time.perf_counter() - started

    def update(self: WebClient, **kwargs: Any) -> Any:
        started = time.thread_time()
        try:
            return original_update(self, **kwargs)
        finally:
            tally.update_cpu_seconds += time.thread_time() - started

    redis.Redis.execute_command = command  # type: ignore[method-assign]
    redis.client.Pipeline.execute = pipeline  # type: ignore[method-assign]
    WebClient.chat_postMessage = post  # type: ignore[method-assign]
    WebClient.chat_update = update  # type: ignore[method-assign]
    try:
        yield tally
    finally:
        redis.Redis.execute_command = original_command  # type: ignore[method-assign]
        redis.client.Pipeline.execute = original_pipeline  # type: ignore[method-assign]
        WebClient.chat_postMessage = original_post  # type: ignore[method-assign]
        WebClient.chat_update = original_update  # type: ignore[method-assign]
