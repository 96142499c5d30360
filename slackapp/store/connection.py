"""Redis connections for the app's stores (text) and for RQ (bytes)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import redis
from redis.backoff import EqualJitterBackoff, NoBackoff
from redis.client import Pipeline
from redis.retry import Retry
from redis.sentinel import (
    MasterNotFoundError,
    Sentinel,
    SentinelConnectionPool,
    SentinelManagedConnection,
)
from redis.utils import SENTINEL

from slackapp.config import Settings, SettingsError
from slackapp.ops.outage import OutageLog

# Each command rides out a blip of about a second (a managed Redis moving its endpoint, a Sentinel
# promotion's last moments) before it reports the error; longer outages are the callers' to wait out.
RETRY_ATTEMPTS = 3
RETRY_BACKOFF = EqualJitterBackoff(cap=0.5, base=0.1)  # waits 0.1-0.2, 0.2-0.4, 0.25-0.5 s
# Where a process waiting for Redis looks again; it logs once when the outage starts and once at its end.
WAIT_INTERVAL_S = 0.5


def _client_options(decode: bool) -> dict[str, Any]:
    options: dict[str, Any] = {
        "decode_responses": decode,
        "socket_connect_timeout": 2,
        "socket_timeout": 5,
        # A primary that vanished without a FIN/RST (a failed-over machine) is noticed by the OS, too.
        "socket_keepalive": True,
        "health_check_interval": 30,
    }
    if decode:
        options["retry"] = Retry(RETRY_BACKOFF, RETRY_ATTEMPTS)
        options["retry_on_error"] = [redis.ConnectionError, redis.TimeoutError]
    else:
        # RQ's client (bytes) keeps one immediate retry: RQ's worker rides out outages in its own loops, and
        # a backoff inside its pubsub thread's reads made redis-py's PubSubWorkerThread.stop() wait out the
        # thread's 60 s get_message after an UNSUBSCRIBE (RQ's teardown, every burst worker in the tests).
        options["retry_on_timeout"] = True
    return options


def redis_from_url(url: str, *, decode: bool = True) -> redis.Redis:
    """A client that reconnects by itself and fails fast while Redis is away.

    The app's own stores read text (decode=True); RQ needs a bytes client (decode=False).
    """
    return redis.Redis.from_url(url, **_client_options(decode))


class DroppedWhenCutShort(SentinelManagedConnection):
    """redis-py's connection to the sentinels' primary, except that a read cut short (RQ's warm shutdown
    raising from its SIGTERM handler in a BLPOP, a gevent timeout) closes it, as every other redis-py
    connection does. redis-py defaults disconnect_on_error to False here (a fix is open upstream,
    redis/redis-py#4292): the connection went back to the pool still owing the reply, so the next command
    got the previous one's, and RQ's worker, asked to stop, waited behind its own BLPOP until killed."""

    def read_response(
        self,
        disable_decoding: bool = False,
        *,
        timeout: float | object = SENTINEL,
        disconnect_on_error: bool = True,
        push_request: bool = False,
    ) -> Any:
        return super().read_response(
            disable_decoding=disable_decoding,
            timeout=timeout,
            disconnect_on_error=disconnect_on_error,
            push_request=push_request,
        )


def redis_from_sentinels(
    sentinels: Sequence[tuple[str, int]],
    master: str,
    *,
    decode: bool = True,
    password: str | None = None,
    sentinel_password: str | None = None,
) -> redis.Redis:
    """A client for the primary the sentinels name; after a failover its next connection goes to the new one.

    redis-py's SentinelConnectionPool asks the sentinels on every new connection, and drops a connection
    that finds the old primary demoted (READONLY), so the same client object lives through a failover.
    """
    sentinel = Sentinel(
        sentinels,
        sentinel_kwargs={
            "password": sentinel_password,
            "socket_connect_timeout": 0.5,
            "socket_timeout": 0.5,
            # One try per sentinel per lookup: the next sentinel is the retry (redis-py's default of ten
            # retries with backoff made one lookup with dead sentinels take seconds).
            "retry": Retry(NoBackoff(), 0),
        },
    )
    return sentinel.master_for(
        master, password=password, connection_class=DroppedWhenCutShort, **_client_options(decode)
    )


def redis_from_settings(settings: Settings, *, decode: bool = True) -> redis.Redis:
    """The Redis client for this process: the sentinels' primary, else REDIS_URL (the launcher sets it)."""
    if settings.redis_sentinels and settings.redis_sentinel_master:
        return redis_from_sentinels(
            settings.redis_sentinels,
            settings.redis_sentinel_master,
            decode=decode,
            password=settings.redis_password,
            sentinel_password=settings.redis_sentinel_password,
        )
    if not settings.redis_url:
        raise RuntimeError("REDIS_URL is not set; start the app with `make run` to get an embedded Redis")
    return redis_from_url(settings.redis_url, decode=decode)


class LoginRefused(SettingsError):
    """Redis or the sentinels refused this process's password (or asked for one): a setting to fix, not an
    outage to wait out."""


def login_refused(r: redis.Redis, error: redis.RedisError) -> LoginRefused | None:
    """The setting to fix when `error` (from a command on `r`) means a password was refused or is missing;
    None when it is anything else, such as an outage."""
    pool = r.connection_pool
    if isinstance(pool, SentinelConnectionPool):
        if isinstance(error, MasterNotFoundError):
            # redis-py folds each sentinel's answer into "no master found"; ask them again, directly.
            return _sentinels_refused(pool.sentinel_manager)
        variable, who = "REDIS_PASSWORD", "the Redis primary"
    else:
        variable, who = "REDIS_URL", "Redis"
    if not isinstance(error, redis.AuthenticationError):
        return None
    return LoginRefused(variable, _refusal(bool(pool.connection_kwargs.get("password")), who, "requires"))


def _sentinels_refused(manager: Sentinel) -> LoginRefused | None:
    refused = False
    for sentinel in manager.sentinels:
        try:
            sentinel.ping()
        except redis.AuthenticationError:
            refused = True
        except redis.RedisError:
            continue
        else:
            return None  # one sentinel let us in: the primary is missing for another reason
    if not refused:
        return None
    given = bool(manager.sentinels[0].connection_pool.connection_kwargs.get("password"))
    return LoginRefused("REDIS_SENTINEL_PASSWORD", _refusal(given, "the sentinels", "require"))


def _refusal(given: bool, who: str, requires: str) -> str:
    """One line for the operator; never the password, nor the server's long HELLO/AUTH wording.

    A password given to a server that has none is no refusal: redis-py logs in with HELLO 3 AUTH default
    <password>, which a password-less default user accepts."""
    if not given:
        return f"{who} {requires} a password; set it"
    return f"{who} refused this password"


def check_login(settings: Settings) -> None:
    """Raise LoginRefused when Redis or the sentinels refuse this process's password, at start; an outage
    passes (the processes wait that out)."""
    # RQ's client: the store client's retries, nested in redis-py's connect retries, spend about 5 s
    # re-asking a Redis that refuses the login (AuthenticationError is a ConnectionError there).
    r = redis_from_settings(settings, decode=False)
    try:
        _ping_unless_refused(r)
    finally:
        r.close()


def _ping_unless_refused(r: redis.Redis) -> redis.RedisError | None:
    """PING: None when Redis answers, the error when it does not (an outage); a refused login raises
    LoginRefused instead, as no wait would change it."""
    try:
        r.ping()
    except redis.RedisError as error:
        refused = login_refused(r, error)
        if refused is not None:
            raise refused from None
        return error
    return None


def dashboard_url(settings: Settings) -> str | None:
    """The URL rq-dashboard connects with: REDIS_URL, or the sentinels in its redis+sentinel:// form."""
    if settings.redis_sentinels and settings.redis_sentinel_master:
        hosts = ",".join(f"{host}:{port}" for host, port in settings.redis_sentinels)
        return f"redis+sentinel://{hosts}/{settings.redis_sentinel_master}/0"
    return settings.redis_url


def wait_for_redis(r: redis.Redis, outage: OutageLog, stop: threading.Event | None = None) -> bool:
    """Block until Redis answers a PING (True), or `stop` is set first (False). Logs the outage once.

    A refused password raises LoginRefused: it would be refused again however long the wait.
    """
    while stop is None or not stop.is_set():
        error = _ping_unless_refused(r)
        if error is not None:
            outage.failed(error)
            if stop is None:
                time.sleep(WAIT_INTERVAL_S)
            else:
                stop.wait(WAIT_INTERVAL_S)
            continue
        outage.recovered()
        return True
    return False


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
