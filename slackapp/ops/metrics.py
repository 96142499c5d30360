"""Prometheus metrics. Counters are multiprocess-safe when PROMETHEUS_MULTIPROC_DIR is set (the launcher
sets it for gunicorn workers, RQ work horses and the scheduler); /metrics then adds them up."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from slack_sdk.http_retry.handler import RetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

logger = logging.getLogger("glutes.metrics")

BREAKS_SENT = Counter("glutes_breaks_sent", "Break cards Slack accepted")
BREAKS_HELD = Counter("glutes_breaks_held", "Breaks held back instead of sent", ["reason"])
BREAKS_RELEASED = Counter(
    "glutes_breaks_released", "Held cards sent once their hold (DND, huddle, status) ended", ["reason"]
)
PRESENCE_EVENTS_STALE = Counter(
    "glutes_presence_events_stale",
    "Status, huddle and DND events ignored because what is stored is newer (Slack's order is not promised)",
    ["event"],
)
CARD_ANSWERS = Counter("glutes_card_answers", "Done, snoozed and skipped answers recorded", ["outcome"])
SLACK_ERRORS = Counter("glutes_slack_api_errors", "Slack Web API errors", ["method", "error"])
SLACK_RATE_LIMITED = Counter("glutes_slack_rate_limited", "HTTP 429 answers from Slack", ["method"])
LATENESS = Histogram(
    "glutes_delivery_lateness_seconds",
    "From a break's due time to Slack accepting its card",
    buckets=(0.5, 1, 2, 5, 10, 30, 60, 120, 300, 900, 3600),
)


class SlackCallCounter(RetryHandler):
    """Counts failed Web API attempts (429s, 5xx, dropped connections); never retries itself."""

    def _can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        method = request.url.rstrip("/").rsplit("/", 1)[-1]
        if response is not None and response.status_code == 429:
            SLACK_RATE_LIMITED.labels(method=method).inc()
        elif response is not None and response.status_code >= 400:
            # slack_sdk asks the handlers about every answer, 200s included; only failures count here.
            SLACK_ERRORS.labels(method=method, error=f"http_{response.status_code}").inc()
        elif error is not None:
            SLACK_ERRORS.labels(method=method, error=type(error).__name__).inc()
        return False


def slack_error(method: str, error: str) -> None:
    """Count a `{"ok": false}` answer."""
    SLACK_ERRORS.labels(method=method, error=error or "unknown").inc()


class QueueDepth(Collector):
    """RQ queue lengths and the people scheduled, read from Redis at scrape time: a fixed number of reads
    (one per queue, and the total the scheduler publishes each tick), however many workspaces there are."""

    def __init__(self, deps: Any) -> None:
        self.deps = deps

    def collect(self) -> Iterator[GaugeMetricFamily]:
        from slackapp.deps import QUEUES
        from slackapp.store import due

        queued = GaugeMetricFamily("glutes_queue_depth", "Jobs waiting in each RQ queue", labels=["queue"])
        waiting = GaugeMetricFamily(
            "glutes_people_scheduled", "People with a next break scheduled (published by the scheduler)"
        )
        try:
            for name in QUEUES:
                queued.add_metric([name], self.deps.queue(name).count)
            scheduled = due.published_scheduled_count(self.deps.redis)
        except Exception:  # a scrape during a Redis outage reports what it can
            logger.warning("queue depth unavailable", exc_info=True)
            return
        yield queued
        if scheduled is not None:  # missing while no scheduler has ticked in the last two minutes
            waiting.add_metric([], scheduled)
            yield waiting


def exposition(deps: Any, multiproc_dir: str | None) -> tuple[bytes, str]:
    """The /metrics body: every process's counters (multiprocess mode) plus live queue depths."""
    registry = CollectorRegistry()
    if multiproc_dir:
        multiprocess.MultiProcessCollector(registry, path=multiproc_dir)
    else:
        from prometheus_client import REGISTRY

        registry = REGISTRY
    body = generate_latest(registry) + generate_latest(_live_registry(deps))
    return body, CONTENT_TYPE_LATEST


def _live_registry(deps: Any) -> CollectorRegistry:
    registry = CollectorRegistry()
    registry.register(QueueDepth(deps))
    return registry
