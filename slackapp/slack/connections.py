"""Connections to Slack kept alive between Web API calls: one urllib3 pool per process, shared by tokens.

slack_sdk's sync WebClient sends every call through urllib's urlopen, which opens a new TCP and TLS
connection per call (a handshake per card sent) and offers no transport hook besides a proxy. So
KeepAliveWebClient replaces the one method that opens the connection and reads the answer,
`_perform_urllib_http_request_internal(url, req)`, and sends through a urllib3 PoolManager instead.
Everything around it stays slack_sdk's: how the request is built, the retry loop and its handlers (429
Retry-After, connection errors, 5xx), SlackResponse and SlackApiError. The override raises what urllib
raises (HTTPError for 4xx/5xx, URLError for a connection that failed, TimeoutError for a read that timed
out), so those handlers see the same errors as before. tests/slack/test_connections.py fails if
slack_sdk changes the seam underneath it.
"""

from __future__ import annotations

import email.message
import http.client
import io
import os
import ssl
import threading
import urllib.request
from functools import cache
from typing import Any
from urllib.error import HTTPError, URLError

import urllib3
from slack_sdk import WebClient
from slack_sdk.errors import SlackRequestError

# Idle connections a pool keeps per host. More may be open at once (the pool does not block), but only
# this many go back to it; a worker keeps GLUTES_SEND_CONCURRENCY sends in flight, so it asks for that.
MIN_KEPT_PER_HOST = 10

_lock = threading.Lock()
_pools: dict[tuple[int, str | None, int], urllib3.PoolManager] = {}


@cache
def ssl_context(ca_file: str | None) -> ssl.SSLContext:
    """Verification as usual (certificate and host name); with a CA file, that CA is the one trusted
    (the benchmark's and tests' TLS stand-in). Never a context that skips verification."""
    return ssl.create_default_context(cafile=ca_file) if ca_file else ssl.create_default_context()


def shared_pool(ca_file: str | None, kept_per_host: int) -> urllib3.PoolManager:
    """This process's pool. Keyed by pid too: a forked child opens its own connections rather than
    write on sockets its parent also holds."""
    key = (os.getpid(), ca_file, max(MIN_KEPT_PER_HOST, kept_per_host))
    with _lock:
        pool = _pools.get(key)
        if pool is None:
            pool = _pools[key] = urllib3.PoolManager(
                num_pools=4,  # Slack's API host, response URLs' host, and a stand-in or two in tests
                maxsize=key[2],
                block=False,
                ssl_context=ssl_context(ca_file),
                retries=False,  # slack_sdk's retry handlers decide, as with urllib
            )
        return pool


class KeepAliveWebClient(WebClient):
    """A WebClient whose calls reuse the connections of a shared urllib3 pool."""

    def __init__(self, *args: Any, pool: urllib3.PoolManager, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pool = pool

    def _perform_urllib_http_request_internal(self, url: str, req: urllib.request.Request) -> dict[str, Any]:
        if self.proxy is not None:  # a proxy goes through urllib's ProxyHandler, as slack_sdk does it
            return super()._perform_urllib_http_request_internal(url, req)
        if not url.lower().startswith(("http://", "https://")):
            raise SlackRequestError(f"Invalid URL detected: {url}")
        try:
            answer = self.pool.request(
                req.get_method(),
                req.full_url,
                body=req.data,  # type: ignore[arg-type]
                headers={name: str(value) for name, value in req.header_items()},
                timeout=urllib3.Timeout(connect=self.timeout, read=self.timeout),
                redirect=False,
                preload_content=True,
            )
        except urllib3.exceptions.ReadTimeoutError as error:
            raise TimeoutError(str(error)) from error  # urllib's socket.timeout: not retried
        except urllib3.exceptions.HTTPError as error:
            raise URLError(getattr(error, "reason", None) or error) from error
        headers = _message(answer.headers.items())
        if not 200 <= answer.status < 300:  # urllib raises these; slack_sdk's retry loop expects it
            raise HTTPError(url, answer.status, answer.reason or "", headers, io.BytesIO(answer.data))
        if headers.get_content_type() == "application/gzip":  # admin.analytics.getFile
            return {"status": answer.status, "headers": headers, "body": answer.data}
        body = answer.data.decode(headers.get_content_charset() or "utf-8")
        return {"status": answer.status, "headers": headers, "body": body}


def _message(items: Any) -> email.message.Message:
    """Headers as urllib hands them over (an http.client.HTTPMessage), for slack_sdk's reading of them."""
    message = http.client.HTTPMessage()
    for name, value in items:
        message[name] = value
    return message
