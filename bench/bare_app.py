"""Two floors for the ack scenario, each a Bolt + Flask app served by gunicorn with the same options as
`python -m slackapp.processes.serve` (PORT, WEB_CONCURRENCY, SLACK_SIGNING_SECRET, SLACK_BOT_TOKEN,
SLACK_API_URL and, for the second, REDIS_URL from the environment). Both bind 127.0.0.1.

- `python -m bench.serve_floor`: the framework's floor, listeners that only call ack().
- `python -m bench.serve_floor --with-io`: the floor of glutes' own I/O. Its listeners make the calls a
  glutes status and Done cannot do without, through glutes' own Redis and Slack clients, and nothing
  else: a status reads Redis once and answers in its ack; a Done acks, reads Redis twice and sends
  chat.update with a card as big as glutes' (blocks already as JSON-ready dicts). No product logic, no
  rendering, no parsing of what Redis answered. glutes' CPU above this app's is its own work."""

from __future__ import annotations

import os
import re
import ssl
import sys
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from flask import Flask, Response, jsonify, request
from slack_bolt import Ack, App
from slack_bolt.adapter.flask import SlackRequestHandler
from slack_sdk import WebClient

from slackapp.config import Settings
from slackapp.processes.serve import GunicornApp, gunicorn_options
from slackapp.slack.client import web_client
from slackapp.store import keys
from slackapp.store.connection import redis_from_url
from slackapp.web.bolt import KeptAliveClient, listener_pool_size

WITH_IO = "Bolt + glutes' I/O"  # the second floor's name in the report

# A Done's updated card as glutes sends it (title, outcome line, the feedback question and three buttons).
_DONE_LINE = ":white_check_mark: Done — 3 breaks today, streak 2 days. Nicely done. Next break at 15:00."
_DONE_CARD: dict[str, Any] = {
    "text": f"Glute tap: {_DONE_LINE}",
    "blocks": [
        {"type": "section", "text": {"type": "mrkdwn", "text": "*Glute tap*"}},
        {
            "type": "section",
            "text": {"type": "mrkdwn", "text": _DONE_LINE},
        },
        {"type": "context", "elements": [{"type": "mrkdwn", "text": "How did that feel? One optional tap:"}]},
        {
            "type": "actions",
            "block_id": "card_feedback",
            "elements": [
                {
                    "type": "button",
                    "text": {"type": "plain_text", "text": label, "emoji": True},
                    "action_id": action,
                    "value": "9000000",
                }
                for action, label in (
                    ("feedback_too_easy", "Too easy"),
                    ("feedback_just_right", "Just right"),
                    ("feedback_too_hard", "Too hard"),
                )
            ],
        },
    ],
}


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

    return _served(bolt, "bare")


def _served(bolt: App, name: str) -> Flask:
    """Bolt behind Flask at /slack/events, with the /healthz the benchmark polls."""
    handler = SlackRequestHandler(bolt)
    flask = Flask(name)

    @flask.post("/slack/events")
    def slack_events() -> Response:
        return handler.handle(request)

    @flask.get("/healthz")
    def healthz() -> tuple[Response, int]:
        return jsonify(ok=True), 200

    return flask


def create_io_floor_app(settings: Settings, token: str) -> Flask:
    """Bolt + Flask whose listeners make glutes' unavoidable I/O, with glutes' Redis and Slack clients."""
    r = redis_from_url(settings.redis_url)
    bolt = App(
        signing_secret=settings.slack_signing_secret,
        client=web_client(settings, token),
        token_verification_enabled=False,
        process_before_response=False,
        # glutes' pool size (a greenlet per request under gevent): Bolt's default 10 would queue Dones.
        listener_executor=ThreadPoolExecutor(max_workers=listener_pool_size()),
    )
    bolt.middleware(KeptAliveClient(bolt.client))  # Bolt's per-request client, over glutes' kept-alive pool

    @bolt.command("/glutes")
    def command(ack: Ack, body: dict[str, Any]) -> None:
        r.hgetall(keys.user(body["team_id"], body["user_id"]))  # a status: one round trip, then its answer
        ack(text="Breaks are on.")

    @bolt.action(re.compile(".*"))
    def action(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        team, user = body["team"]["id"], body["user"]["id"]
        r.hgetall(keys.user(team, user))  # a Done: the person read, then their card (glutes: then recorded)
        r.hgetall(keys.card(team, user, str(action.get("value") or "")))
        container = body.get("container") or {}
        client.chat_update(channel=container["channel_id"], ts=container["message_ts"], **_DONE_CARD)

    return _served(bolt, "io-floor")


def main() -> None:
    with_io = "--with-io" in sys.argv[1:]

    def load_app() -> Flask:
        if with_io:
            return create_io_floor_app(Settings.from_env(os.environ), os.environ["SLACK_BOT_TOKEN"])
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
    # gevent must patch before this module's imports: start the floors with `python -m bench.serve_floor`.
    raise SystemExit("bench.bare_app: run `python -m bench.serve_floor [--with-io]`")
