"""The Flask app that serves Bolt: /slack/events and /healthz. gunicorn calls create_app()."""

from __future__ import annotations

import hmac
import logging
import time
from collections.abc import Mapping
from urllib.parse import urlsplit

from flask import Flask, Response, jsonify, request
from slack_bolt import BoltRequest
from slack_bolt.adapter.flask import SlackRequestHandler
from slack_bolt.adapter.flask.handler import to_flask_response
from slack_sdk.signature import SignatureVerifier

from slackapp.config import Settings, load_or_exit
from slackapp.deps import Deps, build_deps, with_playground_clock
from slackapp.ops import logs, metrics
from slackapp.slack import oauth
from slackapp.store import connection, rate_limits
from slackapp.ui.i18n import using
from slackapp.web.bolt import build_bolt, checked_context

logger = logging.getLogger("glutes")


# Slack's largest payload is a modal submission, a few KB; 1 MB leaves room and stops memory attacks.
MAX_BODY_BYTES = 1024 * 1024


def signed_by_slack(verifier: SignatureVerifier, body: str, headers: Mapping[str, str]) -> bool:
    """Slack's signature check; a malformed timestamp header (slack_sdk raises on it) is simply unsigned."""
    try:
        return verifier.is_valid(
            body, headers.get("X-Slack-Request-Timestamp"), headers.get("X-Slack-Signature")
        )
    except (ValueError, TypeError):
        return False


def well_formed(body: object, from_form_payload: bool) -> bool:
    """The shapes Bolt assumes before any listener runs, checked on the body Bolt parsed: a JSON object,
    an event_callback's `event` an object, a form `payload` an object whose `actions` is a list."""
    if not isinstance(body, dict):
        return False
    if from_form_payload:
        return isinstance(body.get("actions", []), list)
    return body.get("type") != "event_callback" or isinstance(body.get("event"), dict)


def parsed_once(body: str, headers: Mapping[str, str], query: str) -> BoltRequest | None:
    """The request as Bolt reads it (its own parser, run once here rather than again inside Bolt), marked
    as signature-checked; None when the body cannot be read or has a shape Bolt would trip on."""
    try:
        bolt_request = BoltRequest(body=body, query=query, headers=headers, context=checked_context())
    # bad JSON, a list where Bolt reads keys, or JSON nested thousands deep (RecursionError)
    except (ValueError, TypeError, AttributeError, KeyError, RecursionError):
        return None
    # Which of Bolt's parse_body branches read it: JSON, a form's `payload` field, or a plain form.
    is_json = bolt_request.content_type == "application/json" or body.startswith("{")
    from_form_payload = not is_json and "payload" in body
    return bolt_request if well_formed(bolt_request.body, from_form_payload) else None


# Wrong admin passwords allowed per client address in a window; then 429 until the window ends.
ADMIN_FAILURES_ALLOWED = 5
ADMIN_FAILURE_WINDOW_S = 300
# Install pages (each issues an OAuth state living 10 minutes) per client address and in total per window.
INSTALLS_PER_ADDRESS = 20
INSTALLS_TOTAL = 1000
INSTALL_WINDOW_S = 600
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def client_address() -> str:
    """The address the request came from (behind a proxy, the proxy's: see README, /admin/rq)."""
    return request.remote_addr or "unknown"


def same_origin() -> bool:
    """The browser says the request comes from a page of this site (Origin, else Referer)."""
    source = request.headers.get("Origin") or request.headers.get("Referer")
    if not source or source == "null":
        return False
    return urlsplit(source).netloc.lower() == request.host.lower()


def mount_rq_dashboard(flask: Flask, deps: Deps) -> None:
    """rq-dashboard at /admin/rq, behind HTTP basic auth with GLUTES_ADMIN_PASSWORD (any user name).

    Locked three ways: a password of at least 16 characters (config.py); repeated wrong passwords from one
    address are answered 429 for a while; and changes come only from the dashboard's own pages (every
    non-GET needs a same-site Origin or Referer, and rq-dashboard's actions refuse GET).
    """
    import rq_dashboard
    from rq_dashboard.web import setup_rq_connection

    flask.config["RQ_DASHBOARD_REDIS_URL"] = connection.dashboard_url(deps.settings)
    flask.config["RQ_DASHBOARD_REDIS_PASSWORD"] = deps.settings.redis_password
    flask.config["RQ_DASHBOARD_REDIS_SENTINEL_PASSWORD"] = deps.settings.redis_sentinel_password
    flask.register_blueprint(rq_dashboard.blueprint, url_prefix="/admin/rq")
    setup_rq_connection(flask)
    password = deps.settings.admin_password or ""
    # Every dashboard route that accepts POST changes something (requeue, delete, empty, compact); some
    # also accept GET (requeue all), which a link or an <img> on another site could trigger.
    actions = {
        rule.endpoint
        for rule in flask.url_map.iter_rules()
        if rule.endpoint.startswith(f"{rq_dashboard.blueprint.name}.") and "POST" in (rule.methods or ())
    }

    @flask.before_request
    def guard_admin() -> Response | None:
        if not request.path.startswith("/admin/"):
            return None
        address = client_address()
        if rate_limits.count(deps.redis, kind="admin-failure", subject=address) >= ADMIN_FAILURES_ALLOWED:
            wait = rate_limits.retry_after(deps.redis, kind="admin-failure", subject=address)
            return Response(
                "glutes admin: too many wrong passwords; try again later",
                status=429,
                headers={"Retry-After": str(wait)},
            )
        given = request.authorization.password if request.authorization else None
        if given is None or not hmac.compare_digest(given.encode(), password.encode()):
            if given is not None:
                window = ADMIN_FAILURE_WINDOW_S
                rate_limits.hit(deps.redis, kind="admin-failure", subject=address, window_s=window)
                logger.warning("admin: wrong password from %s", address)
            return Response(
                "glutes admin: password required",
                status=401,
                headers={"WWW-Authenticate": 'Basic realm="glutes"'},
            )
        if request.method not in SAFE_METHODS and not same_origin():
            return Response("glutes admin: changes are accepted only from the dashboard's own pages", 403)
        if request.method in SAFE_METHODS and request.endpoint in actions:
            return Response("glutes admin: use the dashboard's buttons (POST) for this", 405)
        return None


def create_app(settings: Settings | None = None, deps: Deps | None = None) -> Flask:
    """Build the web app; tests pass settings/deps, processes read the environment."""
    if deps is None:
        deps = build_deps(settings or load_or_exit())
    deps = with_playground_clock(deps)
    bolt = build_bolt(deps)
    handler = SlackRequestHandler(bolt)
    verifier = SignatureVerifier(deps.settings.slack_signing_secret)
    flask = Flask("glutes")
    # Werkzeug refuses a longer body with 413 (a declared length at once, a chunked one as it arrives).
    flask.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES

    from slackapp.devkit import playground

    # Signed with the public demo secret (the playground, the demo), requests are taken from this machine
    # only, so no proxy's X-Forwarded-For is trusted: "127.0.0.1" there would pass for this machine.
    public_secret = playground.public_secret(deps.settings)
    if deps.settings.proxy_hops and not public_secret:
        # Behind N trusted proxies the client's address is the Nth from the right in X-Forwarded-For:
        # the per-address limits (admin failures, install pages) then count clients, not the proxy.
        from werkzeug.middleware.proxy_fix import ProxyFix

        flask.wsgi_app = ProxyFix(flask.wsgi_app, x_for=deps.settings.proxy_hops)  # type: ignore[method-assign]

    @flask.before_request
    def fresh_log_context() -> None:
        # gunicorn reuses threads: without this, lines logged before Bolt binds this request's ids would
        # carry the previous request's workspace and person.
        logs.clear()

    @flask.post("/slack/events")
    def slack_events() -> Response:
        arrived_at = time.monotonic()  # Slack's 3 s for the ack run from here (listeners/middleware.py)
        # Verified here, before anything reads the body: Bolt would parse it first, so a garbled body
        # would be a 500. Then parsed once, by Bolt's own parser, and handed to Bolt marked as checked
        # (web/bolt.VerifiedOnce), so the signature is not checked twice nor the body parsed twice.
        if request.content_length is None:
            # Slack always says how long its body is; a stream of unknown length is never read.
            return Response("length required", status=411)
        if public_secret and request.remote_addr not in playground.LOOPBACK:
            # Anyone can sign with the demo secret: from another machine it would act as any playground
            # person and make the app POST to a response_url of its choosing.
            return Response("this app takes Slack requests from this machine only", status=403)
        body = request.get_data(as_text=True)  # over MAX_BODY_BYTES: 413 before the body is read
        if not signed_by_slack(verifier, body, request.headers):
            return Response("invalid request", status=401)
        bolt_request = parsed_once(body, request.headers, request.query_string.decode("utf-8"))
        if bolt_request is None:
            logger.warning("malformed Slack payload (%d bytes)", len(body))
            return Response("malformed payload", status=400)
        try:
            bolt_request.context["arrived_at"] = arrived_at
            return to_flask_response(bolt.dispatch(bolt_request))
        except (ValueError, TypeError, AttributeError, KeyError):
            logger.warning("unreadable Slack payload (%d bytes)", len(body))
            return Response("unreadable payload", status=400)

    if deps.settings.distribution_mode:

        @flask.get("/slack/install")
        def slack_install() -> Response:
            # Each install page issues an OAuth state that lives 10 minutes: bound them per address and
            # in total, so a flood cannot fill Redis (a real install opens the page a few times at most).
            address, r = client_address(), deps.redis
            over = (
                rate_limits.hit(r, kind="install", subject=address, window_s=INSTALL_WINDOW_S)
                > INSTALLS_PER_ADDRESS
                or rate_limits.hit(r, kind="install", subject="all", window_s=INSTALL_WINDOW_S)
                > INSTALLS_TOTAL
            )
            if over:
                with using(oauth.accept_language(request.headers.get("Accept-Language"))):
                    busy = oauth.busy_page()
                return Response(
                    busy.body,
                    status=busy.status,
                    content_type="text/html; charset=utf-8",
                    headers={"Retry-After": "60"},
                )
            return handler.handle(request)

        @flask.get("/slack/oauth_redirect")
        def slack_oauth_redirect() -> Response:
            return handler.handle(request)

    @flask.get("/metrics")
    def prometheus_metrics() -> Response:
        token = deps.settings.metrics_token
        if token:
            given = request.headers.get("Authorization", "")
            if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
                return Response(
                    "metrics: bearer token required",
                    status=401,
                    headers={"WWW-Authenticate": 'Bearer realm="glutes metrics"'},
                )
        body, content_type = metrics.exposition(deps, deps.settings.metrics_dir)
        return Response(body, content_type=content_type)

    if deps.settings.admin_password:
        mount_rq_dashboard(flask, deps)

    if playground.enabled(deps.settings):  # `make run` with no Slack credentials: the page at /
        from slackapp.devkit.playground import server

        server.mount(flask, deps)

    @flask.get("/healthz")
    def healthz() -> tuple[Response, int]:
        try:
            connection.ping(deps.redis)
        except Exception as error:  # any Redis failure means not healthy
            return jsonify(ok=False, redis=f"unreachable: {type(error).__name__}"), 503
        return jsonify(ok=True, redis="ok"), 200

    return flask
