"""The web process: validate settings (one-line error, exit 2), then serve create_app() with gunicorn."""

from __future__ import annotations

from typing import Any

from gunicorn.app.base import BaseApplication

from slackapp.config import load_or_exit
from slackapp.deps import build_deps
from slackapp.ops import logs
from slackapp.web.app import create_app
from slackapp.web.bolt import build_bolt

# gunicorn's default access line without the query string (%(r)s and the Referer carry it): an OAuth
# redirect's `code` and `state` never reach the log. %(U)s is the path alone.
ACCESS_LOG_FORMAT = '%(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s "%(a)s" %(L)s'


class GunicornApp(BaseApplication):
    def __init__(self, app: Any, options: dict[str, Any]) -> None:
        self.application = app
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        return self.application


def main() -> None:
    settings = load_or_exit()
    logs.configure(settings)
    if settings.slack_app_token:
        # Socket Mode: Slack opens a WebSocket to us, so no HTTP server is needed for Slack's requests.
        from slackapp.slack import socket_mode

        socket_mode.run(
            build_bolt(build_deps(settings)), settings.slack_app_token, settings.socket_health_file
        )
        return
    app = create_app(deps=build_deps(settings))
    options = {
        "bind": f"0.0.0.0:{settings.port}",
        "workers": settings.web_concurrency,
        # Threads: Bolt finishes a listener after ack() in a thread; gthread keeps workers responsive.
        "worker_class": "gthread",
        "threads": 8,
        "timeout": 30,
        "accesslog": "-",
        "access_log_format": ACCESS_LOG_FORMAT,
        # gunicorn ≥ 25 opens a control socket at one path per user; several web processes on a host
        # (a demo beside `make run`) would take it from each other, and glutes does not use it.
        "control_socket_disable": True,
    }
    GunicornApp(app, options).run()


if __name__ == "__main__":
    main()
