"""The Flask app that serves Bolt: /slack/events and /healthz. gunicorn calls create_app()."""

from __future__ import annotations

import logging

from flask import Flask, Response, jsonify, request
from slack_bolt.adapter.flask import SlackRequestHandler
from slack_sdk.signature import SignatureVerifier

from slackapp.bolt import build_bolt
from slackapp.config import Settings, load_or_exit
from slackapp.deps import Deps, build_deps

logger = logging.getLogger("glutes")


def create_app(settings: Settings | None = None, deps: Deps | None = None) -> Flask:
    """Build the web app; tests pass settings/deps, processes read the environment."""
    if deps is None:
        deps = build_deps(settings or load_or_exit())
    bolt = build_bolt(deps)
    handler = SlackRequestHandler(bolt)
    verifier = SignatureVerifier(deps.settings.slack_signing_secret)
    flask = Flask("glutes")

    @flask.post("/slack/events")
    def slack_events() -> Response:
        # Bolt parses the body before it verifies it, so a garbled body would be a 500: verify here first
        # (Bolt's own check then runs as well), and answer what still cannot be read with a 400.
        body = request.get_data(as_text=True)
        if not verifier.is_valid_request(body, dict(request.headers)):
            return Response("invalid request", status=401)
        try:
            return handler.handle(request)
        except (ValueError, TypeError, AttributeError, KeyError):
            logger.warning("unreadable Slack payload (%d bytes)", len(body))
            return Response("unreadable payload", status=400)

    if deps.settings.distribution_mode:

        @flask.get("/slack/install")
        def slack_install() -> Response:
            return handler.handle(request)

        @flask.get("/slack/oauth_redirect")
        def slack_oauth_redirect() -> Response:
            return handler.handle(request)

    @flask.get("/healthz")
    def healthz() -> tuple[Response, int]:
        try:
            deps.redis.ping()
        except Exception as error:  # any Redis failure means not healthy
            return jsonify(ok=False, redis=f"unreachable: {type(error).__name__}"), 503
        return jsonify(ok=True, redis="ok"), 200

    return flask
