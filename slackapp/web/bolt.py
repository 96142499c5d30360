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

from slack_bolt import App, BoltContext, BoltResponse

from slackapp import errors
from slackapp.deps import Deps
from slackapp.listeners import middleware, register_listeners
from slackapp.ops import logs
from slackapp.slack import oauth, tokens
from slackapp.slack.client import web_client
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
            listener_executor=ContextCopyingExecutor(max_workers=listener_pool_size()),
            logger=logger,
        )
    else:
        app = App(
            signing_secret=settings.slack_signing_secret,
            client=web_client(settings, settings.slack_bot_token),
            process_before_response=False,
            listener_executor=ContextCopyingExecutor(max_workers=listener_pool_size()),
            token_verification_enabled=False,
            logger=logger,
        )
    return app


def _wire(app: App, deps: Deps) -> None:
    app.middleware(middleware.inject(deps))

    @app.middleware
    def bind_logs_and_skip_redeliveries(
        context: BoltContext, body: dict[str, Any], next: Callable[[], Any]
    ) -> Any:
        request_id = body.get("event_id") or body.get("trigger_id") or uuid.uuid4().hex[:12]
        logs.bind(team_id=context.team_id, user_id=context.user_id, request_id=request_id)
        if context.enterprise_id and context.team_id:
            tokens.remember_enterprise(
                deps.redis, team_id=context.team_id, enterprise_id=context.enterprise_id
            )
        # Slack redelivers an event it thinks we missed (X-Slack-Retry-Num): handle each event id once.
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        team = context.team_id or "-"
        if event_id and not workspaces.first_time_event(deps.redis, team_id=team, event_id=event_id):
            return BoltResponse(status=200, body="")
        return next()

    app.error(errors.handle_error)
    register_listeners(app)
