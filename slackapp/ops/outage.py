"""One log line when a dependency (Redis) goes away and one when it is back, however many retries between."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable


class OutageLog:
    """Logs a Redis outage once when it starts and once when it ends, however many retries fall between."""

    def __init__(self, log: logging.Logger, clock: Callable[[], float] = time.monotonic) -> None:
        self.log = log
        self.clock = clock
        self.since: float | None = None

    def failed(self, error: Exception) -> None:
        if self.since is None:
            self.since = self.clock()
            self.log.warning("redis unavailable, waiting for it: %s", error)

    def recovered(self) -> None:
        if self.since is not None:
            self.log.info("redis is back after %.1f s", self.clock() - self.since)
            self.since = None
