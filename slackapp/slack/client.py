"""WebClient construction: the only place a Slack client is made, so SLACK_API_URL is always honoured."""

from __future__ import annotations

import copy
import http.client
import ssl
from typing import Any
from urllib.error import URLError

import urllib3
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from slackapp.config import Settings
from slackapp.ops.metrics import SlackCallCounter
from slackapp.slack.connections import KeepAliveWebClient, shared_pool, ssl_context

# Slack's answers that say "not now" rather than "no": worth a try again later, not an error report.
BUSY_ERRORS = frozenset(
    {"ratelimited", "internal_error", "fatal_error", "service_unavailable", "request_timeout"}
)


def slack_was_busy(error: BaseException) -> bool:
    """Whether a failed call means Slack was slow, failing or asking to slow down (a 429, a 5xx, one of
    BUSY_ERRORS, a timeout, a connection that failed or broke), as opposed to refusing what was asked or a
    fault of ours (a bad certificate, a file error)."""
    if isinstance(error, SlackApiError):
        response = error.response
        return (
            response.status_code == 429 or response.status_code >= 500 or response.get("error") in BUSY_ERRORS
        )
    if isinstance(error, URLError):  # the connection (checked first: URLError is an OSError)
        return not isinstance(error.reason, ssl.SSLError)
    # With GLUTES_SLACK_KEEP_ALIVE=off, urllib's own: a read timeout, a reset, an answer cut short.
    return isinstance(error, TimeoutError | ConnectionError | http.client.HTTPException)


def slack_did_nothing(error: BaseException) -> bool:
    """Of the busy failures, those after which Slack surely did not act on the call, so sending it again
    cannot make a second post: a 429, a 503, Slack's own ok:false answer, or a connection that never
    carried the request. A read timeout or an answer cut short may follow a post Slack made."""
    if isinstance(error, SlackApiError):
        status = error.response.status_code
        return status in (429, 503) or (status < 300 and error.response.get("error") in BUSY_ERRORS)
    if isinstance(error, URLError):
        return not isinstance(error.reason, ssl.SSLError | urllib3.exceptions.ProtocolError)
    return False


def web_client(settings: Settings, token: str | None = None) -> WebClient:
    """A client for the Web API at settings.slack_api_url that retries 429s (after Retry-After),
    5xx answers and dropped connections a couple of times before giving up to the caller. Its calls
    reuse this process's connections to Slack (GLUTES_SLACK_KEEP_ALIVE=off: a new one per call)."""
    options: dict[str, Any] = {
        "token": token,
        "base_url": settings.slack_api_url,
        "timeout": max(1, round(settings.slack_timeout_seconds)),
        # Also what Bolt's respond() hands its WebhookClient, so response URLs trust the same CA.
        "ssl": ssl_context(settings.slack_ca_file),
        "retry_handlers": [
            SlackCallCounter(),  # counts failed attempts for /metrics; never retries
            ConnectionErrorRetryHandler(max_retry_count=2),
            RateLimitErrorRetryHandler(max_retry_count=2),
            ServerErrorRetryHandler(max_retry_count=2),
        ],
    }
    if not settings.slack_keep_alive:
        return WebClient(**options)
    return KeepAliveWebClient(pool=shared_pool(settings.slack_ca_file, settings.send_concurrency), **options)


def without_rate_limit_waits(client: WebClient) -> WebClient:
    """The same client (token, URL, timeout, connections) minus the 429 retry handler, for listener
    threads: a 429 then raises at once (its Retry-After in the error) instead of sleeping inside Slack's
    3 s ack budget."""
    options: dict[str, Any] = {
        "token": client.token,
        "base_url": client.base_url,
        "timeout": client.timeout,
        "ssl": client.ssl,
        "proxy": client.proxy,
        "headers": client.headers,
        "logger": client.logger,
        "retry_handlers": [h for h in client.retry_handlers if not isinstance(h, RateLimitErrorRetryHandler)],
    }
    if isinstance(client, KeepAliveWebClient):
        return KeepAliveWebClient(pool=client.pool, **options)
    return WebClient(**options)


def answering_within(client: WebClient, seconds: float) -> WebClient:
    """The same client (token, URL, connections) for a call made before an ack: no retries (each would
    wait, then ask again) and `seconds` to connect and as long for the answer's reads, so a slow or
    rate-limited Slack costs about twice `seconds` and then raises. Failed calls still count in /metrics."""
    quick = copy.copy(client)  # shallow: the pool, SSL context and headers are shared, as Bolt shares them
    quick.timeout = seconds  # type: ignore[assignment]  # urllib and urllib3 both take a float
    quick.retry_handlers = [h for h in client.retry_handlers if isinstance(h, SlackCallCounter)]
    return quick


def sharing_connections(client: WebClient, app_client: WebClient) -> WebClient:
    """`client` (a request's: its token and team) over `app_client`'s kept-alive connections, when the app
    client keeps them; `client` itself otherwise (GLUTES_SLACK_KEEP_ALIVE=off, or already sharing)."""
    if not isinstance(app_client, KeepAliveWebClient) or isinstance(client, KeepAliveWebClient):
        return client
    # A shallow copy of the app client (its pool, URL, SSL context, headers: what Bolt also shares with
    # its per-request client) given the request's own token, team and retry handlers; building a WebClient
    # anew would read the proxy settings from the environment and make the User-Agent again.
    shared = copy.copy(app_client)
    shared.token = client.token
    shared.default_params = dict(client.default_params)
    shared.retry_handlers = client.retry_handlers
    return shared
