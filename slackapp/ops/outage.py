"""One log line when a dependency (Redis) goes away and one when it is back, however many retries or
requests between (a process's own loop: OutageLog; a web process's requests: RequestOutageLog)."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta


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


class RequestOutageLog:
    """A web process's Redis outage in its log, whatever the request rate: one line when the first request
    meets it, then at most one a minute counting the requests answered "try again" meanwhile, and one when
    Redis answers again (a request asks it, once a second at most, while the outage lasts). Per process
    (Deps holds one); the caller passes `now` from its clock.

    Greenlets and threads share it, so the state changes under a lock; the lines are written after it."""

    REPEAT = timedelta(minutes=1)
    PROBE_EVERY = timedelta(seconds=1)  # during an outage, how often a request may ask Redis if it is back

    def __init__(self, log: logging.Logger) -> None:
        self.log = log
        self._lock = threading.Lock()
        self.since: datetime | None = None  # when this process first met the outage
        self._last_line: datetime | None = None
        self._answered = 0  # try-again answers since the last line
        self._total = 0  # try-again answers in this outage
        self._last_probe: datetime | None = None

    @property
    def ongoing(self) -> bool:
        """Whether this process has met an outage not yet over (read without the lock: a request that
        races a change only moves the "back" line to the next request)."""
        return self.since is not None

    def failed(self, error: Exception, *, now: datetime) -> None:
        """A request met the outage and is answered with the friendly try-again."""
        with self._lock:
            self._answered += 1
            self._total += 1
            if self.since is None:
                self.since = self._last_line = now
                self._answered = 0
                line: tuple[str, tuple[object, ...]] | None = ("redis unavailable: %s", (error,))
            elif self._last_line is not None and now - self._last_line >= self.REPEAT:
                line = (
                    "redis still unavailable (%d s): %d requests answered 'try again' in the last %d s: %s",
                    (
                        (now - self.since).total_seconds(),
                        self._answered,
                        (now - self._last_line).total_seconds(),
                        error,
                    ),
                )
                self._last_line, self._answered = now, 0
            else:
                line = None
        if line is not None:
            self.log.warning(line[0], *line[1])

    def probe_due(self, *, now: datetime) -> bool:
        """During an outage, whether it is time to ask Redis again if it is back (one caller at a time)."""
        with self._lock:
            if self.since is None:
                return False
            if self._last_probe is not None and now - self._last_probe < self.PROBE_EVERY:
                return False
            self._last_probe = now
            return True

    def succeeded(self, *, now: datetime) -> None:
        """A request got through to Redis: the outage, if there was one, is over."""
        with self._lock:
            since, total = self.since, self._total
            self.since = self._last_line = self._last_probe = None
            self._answered = self._total = 0
        if since is not None:
            self.log.info(
                "redis back after %d s: %d requests were answered 'try again' meanwhile",
                (now - since).total_seconds(),
                total,
            )
