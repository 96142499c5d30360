"""The web process: validate settings (one-line error, exit 2), then serve create_app() with gunicorn.

Over HTTP gunicorn runs gevent workers: each connection is a greenlet that costs nothing while it waits, so
clients that send their request slowly (or never finish it) cannot take the workers away from Slack, whose
requests must be acknowledged within 3 seconds. A thread-per-request worker (gthread) hands a thread to
every half-sent body; 100 such connections stalled it. The process is monkey-patched before the app is
imported, so every lock, socket and sleep in redis-py, slack_sdk and Bolt cooperates.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from gunicorn.app.base import BaseApplication

# gunicorn's default access line without the query string (%(r)s and the Referer carry it): an OAuth
# redirect's `code` and `state` never reach the log. %(U)s is the path alone.
ACCESS_LOG_FORMAT = '%(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s "%(a)s" %(L)s'
# Greenlets per worker process; a request holds one only while it runs or waits on I/O.
WORKER_CONNECTIONS = 1000


class GunicornApp(BaseApplication):
    """gunicorn with options given in code; `load_app` builds the WSGI app in each worker, after the fork."""

    def __init__(self, load_app: Callable[[], Any], options: dict[str, Any]) -> None:
        self.load_app = load_app
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        return self.load_app()


def gunicorn_options(*, bind: str, workers: int) -> dict[str, Any]:
    """The options the web process (and the benchmark's bare Bolt app) runs with."""
    return {
        "bind": bind,
        "workers": workers,
        "worker_class": "gevent",
        "worker_connections": WORKER_CONNECTIONS,
        "timeout": 30,
        "accesslog": "-",
        "access_log_format": ACCESS_LOG_FORMAT,
        # gunicorn ≥ 25 opens a control socket at one path per user; several web processes on a host
        # (a demo beside `make run`) would take it from each other, and glutes does not use it.
        "control_socket_disable": True,
    }


def check_redis_login(settings: Any) -> None:
    """A password Redis or the sentinels refuse ends the process with one line, before it serves; an
    outage does not (the web answers /healthz 503 until Redis is back)."""
    from slackapp.config import bad_setting_exits
    from slackapp.store import connection

    with bad_setting_exits():
        connection.check_login(settings)


def main() -> None:
    from slackapp.config import load_or_exit

    settings = load_or_exit()
    if settings.slack_app_token:
        # Socket Mode: Slack opens a WebSocket to us, so no HTTP server is needed for Slack's requests.
        from slackapp.deps import build_deps
        from slackapp.ops import logs
        from slackapp.slack import socket_mode
        from slackapp.web.bolt import build_bolt

        logs.configure(settings)
        check_redis_login(settings)
        socket_mode.run(
            build_bolt(build_deps(settings)), settings.slack_app_token, settings.socket_health_file
        )
        return
    # Before the app's libraries are imported: they must see gevent's sockets, locks and sleep.
    from gevent import monkey

    monkey.patch_all()
    from slackapp.ops import logs

    logs.configure(settings)
    check_redis_login(settings)

    def load_app() -> Any:
        from slackapp.deps import build_deps
        from slackapp.web.app import create_app

        return create_app(deps=build_deps(settings))

    from slackapp.devkit import playground

    # With the public demo secret (the playground, the demo) anyone could sign requests: this machine only.
    host = playground.LOOPBACK_BIND if playground.public_secret(settings) else "0.0.0.0"
    options = gunicorn_options(bind=f"{host}:{settings.port}", workers=settings.web_concurrency)
    GunicornApp(load_app, options).run()


if __name__ == "__main__":
    main()
