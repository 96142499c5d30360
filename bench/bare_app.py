"""The framework's floor: a Bolt + Flask app whose listeners only call ack(), served by gunicorn with the
same options as `python -m slackapp.processes.serve` (`python -m bench.bare_app`; PORT, WEB_CONCURRENCY,
SLACK_SIGNING_SECRET, SLACK_BOT_TOKEN and SLACK_API_URL from the environment). It binds 127.0.0.1."""

from __future__ import annotations

import os
import re
import ssl

from flask import Flask, Response, jsonify, request
from slack_bolt import Ack, App
from slack_bolt.adapter.flask import SlackRequestHandler
from slack_sdk import WebClient

from slackapp.processes.serve import GunicornApp, gunicorn_options


def create_bare_app(secret: str, token: str, api_url: str, ca_file: str | None = None) -> Flask:
    bolt = App(
        signing_secret=secret,
        # Over TLS it trusts the stand-in's CA, as the app does; otherwise slack_sdk's client as it comes.
        client=WebClient(
            token=token, base_url=api_url, ssl=ssl.create_default_context(cafile=ca_file) if ca_file else None
        ),
        token_verification_enabled=False,
        process_before_response=False,
    )

    @bolt.command("/glutes")
    def command(ack: Ack) -> None:
        ack()

    @bolt.action(re.compile(".*"))
    def action(ack: Ack) -> None:
        ack()

    handler = SlackRequestHandler(bolt)
    flask = Flask("bare")

    @flask.post("/slack/events")
    def slack_events() -> Response:
        return handler.handle(request)

    @flask.get("/healthz")
    def healthz() -> tuple[Response, int]:
        return jsonify(ok=True), 200

    return flask


def main() -> None:
    def load_app() -> Flask:
        return create_bare_app(
            os.environ["SLACK_SIGNING_SECRET"],
            os.environ["SLACK_BOT_TOKEN"],
            os.environ["SLACK_API_URL"],
            os.environ.get("GLUTES_SLACK_CA_FILE"),
        )

    # The options slackapp/processes/serve.py gives gunicorn, bound to loopback.
    options = gunicorn_options(
        bind=f"127.0.0.1:{os.environ.get('PORT', '3000')}",
        workers=int(os.environ.get("WEB_CONCURRENCY", "2")),
    )
    GunicornApp(load_app, options).run()


if __name__ == "__main__":
    # As the web process does: gevent's sockets, locks and sleep before anything else is imported.
    from gevent import monkey

    monkey.patch_all()
    main()
