"""The Bolt app: request verification, dependency injection, the error handler and every listener."""

from __future__ import annotations

import contextlib
import contextvars
import logging
import os
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.middleware import Middleware
from slack_sdk import WebClient
from slack_sdk.signature import SignatureVerifier

from slackapp import errors, ids
from slackapp.deps import Deps
from slackapp.listeners import middleware, register_listeners
from slackapp.ops import logs
from slackapp.slack import oauth, tokens
from slackapp.slack.client import sharing_connections, web_client
from slackapp.store import workspaces

logger = logging.getLogger("glutes")


class ContextCopyingExecutor(ThreadPoolExecutor):
    """Runs listeners with the request's context variables, so their log lines carry its ids."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        return super().submit(contextvars.copy_context().run, fn, *args, **kwargs)


# How many listeners may run at once after their acks. Bolt sends a request's ack only once its listener
# has started on this pool and called ack(), so a pool whose workers all wait on Slack (a chat.update, a
# response_url post: 50-300 ms each) holds the next requests' acks back: 10 workers waiting 50 ms each
# cap a web process at 200 requests a second, whatever its CPU. Under gevent (the HTTP web process) a
# worker is a greenlet that costs next to nothing while it waits, so the pool is sized for the waits;
# with real threads (Socket Mode) Bolt's usual 10.
LISTENER_THREADS = 10
LISTENER_GREENLETS = 200


def listener_pool_size() -> int:
    """LISTENER_GREENLETS under gevent (where threads are greenlets), else LISTENER_THREADS."""
    from gevent import monkey

    return LISTENER_GREENLETS if monkey.is_module_patched("threading") else LISTENER_THREADS


# What Bolt's App() reads from os.environ when an argument is missing (slack_bolt/app/app.py).
BOLT_ENV_FALLBACKS = ("SLACK_BOT_TOKEN", "SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "SLACK_VERIFICATION_TOKEN")


@contextlib.contextmanager
def settings_only() -> Iterator[None]:
    """Hide the variables Bolt would read behind Settings' back while the App is built. Given our client,
    Bolt would still pick SLACK_BOT_TOKEN up and log "As you gave `client` as well, `token` will be
    unused" in every web process; everything it needs is passed from Settings instead."""
    hidden = {name: os.environ.pop(name) for name in BOLT_ENV_FALLBACKS if name in os.environ}
    try:
        yield
    finally:
        os.environ.update(hidden)


def build_bolt(deps: Deps) -> App:
    """A Bolt App wired to deps; listeners get them, the team, the user and is_admin from the context."""
    with settings_only():
        app = _bolt_app(deps)
    _wire(app, deps)
    return app


def _bolt_app(deps: Deps) -> App:
    settings = deps.settings
    # ack() returns the HTTP answer at once; the rest of a listener runs after it (Slack's 3 s rule).
    if settings.distribution_mode:
        app = App(
            signing_secret=settings.slack_signing_secret,
            client=web_client(settings),
            oauth_flow=oauth.oauth_flow(deps),
            process_before_response=False,
            # Each request verified once, where Bolt's RequestVerification would run (before authorize).
            request_verification_enabled=False,
            before_authorize=VerifiedOnce(settings.slack_signing_secret),
            listener_executor=ContextCopyingExecutor(max_workers=listener_pool_size()),
            logger=logger,
        )
    else:
        app = App(
            signing_secret=settings.slack_signing_secret,
            client=web_client(settings, settings.slack_bot_token),
            process_before_response=False,
            # Each request verified once, where Bolt's RequestVerification would run (before authorize).
            request_verification_enabled=False,
            before_authorize=VerifiedOnce(settings.slack_signing_secret),
            listener_executor=ContextCopyingExecutor(max_workers=listener_pool_size()),
            token_verification_enabled=False,
            logger=logger,
        )
    return app


# What the web route puts in a request's context once it has checked Slack's signature itself: the request
# was verified, Bolt need not check it again. Only code in this process can put it there (Bolt fills the
# context from the payload with ids alone), and only this object, compared by identity, counts.
SIGNATURE_CHECKED = object()
_CHECKED_KEY = "glutes_signature_checked"


def checked_context() -> dict[str, Any]:
    """The context the web route gives Bolt for a request whose signature it has checked."""
    return {_CHECKED_KEY: SIGNATURE_CHECKED}


class VerifiedOnce(Middleware):
    """Every HTTP request verified exactly once: a request the web route has checked goes on; any other
    (a caller that bypassed the route) is checked here with slack_sdk's verifier, and refused with 401
    unless signed. Socket Mode requests are skipped, as Bolt's own RequestVerification skips them.

    It stands in for Bolt's RequestVerification, in its place (the App's before_authorize, ahead of the
    authorization and every listener); Bolt's own is turned off, as it would check the signature again.
    A malformed timestamp header is unsigned here, not an exception."""

    def __init__(self, signing_secret: str) -> None:
        self._verifier = SignatureVerifier(signing_secret)

    def process(
        self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]
    ) -> BoltResponse:
        if req.mode == "socket_mode" or req.context.pop(_CHECKED_KEY, None) is SIGNATURE_CHECKED:
            return next()
        timestamp = req.headers.get("x-slack-request-timestamp", ["0"])[0]
        signature = req.headers.get("x-slack-signature", [""])[0]
        try:
            signed = self._verifier.is_valid(req.raw_body, timestamp, signature)
        except (ValueError, TypeError):
            signed = False
        if signed:
            return next()
        return BoltResponse(status=401, body={"error": "invalid request"})


class KeptAliveClient(Middleware):
    """The request's `client` reuses the process's connections to Slack. Bolt makes a plain WebClient per
    request (same token, URL, retry handlers), which opens a new connection for each call a listener makes
    (a Done's chat.update): urllib builds an opener and connects every time. This one is the same client
    over the app client's urllib3 pool."""

    def __init__(self, app_client: WebClient) -> None:
        self._app_client = app_client

    def process(
        self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]
    ) -> BoltResponse:
        req.context["client"] = sharing_connections(req.context.client, self._app_client)
        return next()


class LogsAndRedeliveries(Middleware):
    """Binds the request's ids to the log lines, remembers an enterprise's workspaces, and handles each
    event id once (Slack redelivers an event it thinks we missed, with X-Slack-Retry-Num)."""

    def __init__(self, deps: Deps) -> None:
        self._deps = deps

    def process(
        self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]
    ) -> BoltResponse:
        context, body, redis = req.context, req.body, self._deps.redis
        request_id = body.get("event_id") or body.get("trigger_id") or uuid.uuid4().hex[:12]
        logs.bind(team_id=context.team_id, user_id=context.user_id, request_id=request_id)
        if (body.get("event") or {}).get("type") == ids.EVENT_FUNCTION_EXECUTED:
            # A workflow step: Bolt acks it before the step runs, and the step does its Redis work after the
            # ack (a redelivery is caught by its run id there), so a Redis outage ends it with `fail`
            # instead of a 500 that Slack would only retry.
            return next()
        # The org comes from the installation Bolt authorised (or the token's auth.test), never from the
        # body: a request's `enterprise` is read before any check, and the first org noted stays.
        authorized = context.authorize_result
        if authorized is not None and authorized.enterprise_id and context.team_id:
            tokens.remember_enterprise(redis, team_id=context.team_id, enterprise_id=authorized.enterprise_id)
        # Slack redelivers an event it thinks we missed (X-Slack-Retry-Num): handle each event id once.
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        team = context.team_id or "-"
        if event_id and not workspaces.first_time_event(redis, team_id=team, event_id=event_id):
            return BoltResponse(status=200, body="")
        return next()


def _wire(app: App, deps: Deps) -> None:
    # Middleware classes, not functions: Bolt runs a function middleware through keyword injection on
    # every request; a class's process() gets the request as it is.
    app.middleware(KeptAliveClient(app.client))
    if not deps.settings.distribution_mode:
        app.middleware(middleware.only_the_tokens_workspace())
    app.middleware(middleware.inject(deps))
    app.middleware(middleware.ack_window)
    app.middleware(LogsAndRedeliveries(deps))
    app.error(errors.error_handler(deps))
    register_listeners(app)
