"""The Flask app that serves Bolt: /slack/events and /healthz. gunicorn calls create_app()."""

from __future__ import annotations

import hmac
import json
import logging
from urllib.parse import parse_qs, urlsplit

from flask import Flask, Response, jsonify, request
from slack_bolt.adapter.flask import SlackRequestHandler
from slack_sdk.signature import SignatureVerifier

from slackapp.config import Settings, load_or_exit
from slackapp.deps import Deps, build_deps, with_playground_clock
from slackapp.ops import logs, metrics
from slackapp.slack import oauth
from slackapp.store import connection, throttle
from slackapp.ui.i18n import using
from slackapp.web.bolt import build_bolt

logger = logging.getLogger("glutes")


# Slack's largest payload is a modal submission, a few KB; 1 MB leaves room and stops memory attacks.
MAX_BODY_BYTES = 1024 * 1024


def signed_by_slack(verifier: SignatureVerifier, body: str, headers: dict[str, str]) -> bool:
    """Slack's signature check; a malformed timestamp header (slack_sdk raises on it) is simply unsigned."""
    try:
        return verifier.is_valid_request(body, headers)
    except (ValueError, TypeError):
        return False


def well_formed(body: str) -> bool:
    """The shapes Bolt assumes before any listener runs: JSON objects for the body, `payload` and event."""
    try:
        if body.lstrip().startswith(("{", "[")):
            data = json.loads(body)
            if not isinstance(data, dict):
                return False
            return data.get("type") != "event_callback" or isinstance(data.get("event"), dict)
        form = parse_qs(body)
        if "payload" in form:
            payload = json.loads(form["payload"][-1])
            return isinstance(payload, dict) and isinstance(payload.get("actions", []), list)
        return True
    except ValueError:
        return False


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

    flask.config["RQ_DASHBOARD_REDIS_URL"] = deps.settings.redis_url
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
        if throttle.count(deps.redis, kind="admin-failure", subject=address) >= ADMIN_FAILURES_ALLOWED:
            wait = throttle.retry_after(deps.redis, kind="admin-failure", subject=address)
            return Response(
                "glutes admin: too many wrong passwords; try again later",
                status=429,
                headers={"Retry-After": str(wait)},
            )
        given = request.authorization.password if request.authorization else None
        if given is None or not hmac.compare_digest(given.encode(), password.encode()):
            if given is not None:
                window = ADMIN_FAILURE_WINDOW_S
                throttle.hit(deps.redis, kind="admin-failure", subject=address, window_s=window)
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

    if deps.settings.proxy_hops:
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
        # Bolt parses the body before it verifies it, so a garbled body would be a 500: verify here first
        # (Bolt's own check then runs as well), and answer what still cannot be read with a 400.
        if request.content_length is None:
            # Slack always says how long its body is; a stream of unknown length is never read.
            return Response("length required", status=411)
        body = request.get_data(as_text=True)  # over MAX_BODY_BYTES: 413 before the body is read
        if not signed_by_slack(verifier, body, dict(request.headers)):
            return Response("invalid request", status=401)
        if not well_formed(body):
            logger.warning("malformed Slack payload (%d bytes)", len(body))
            return Response("malformed payload", status=400)
        try:
            return handler.handle(request)
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
                throttle.hit(r, kind="install", subject=address, window_s=INSTALL_WINDOW_S)
                > INSTALLS_PER_ADDRESS
                or throttle.hit(r, kind="install", subject="all", window_s=INSTALL_WINDOW_S) > INSTALLS_TOTAL
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

    from slackapp.devkit import playground

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
