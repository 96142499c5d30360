"""Running it: /metrics, the RQ dashboard behind a password, Socket Mode start-up, JSON logs."""

from __future__ import annotations

import base64
import io
import json
import logging
import os
import re
from dataclasses import replace

import pytest

from slackapp import ids
from slackapp.deps import Deps
from slackapp.ops import logs
from slackapp.slack.socket_mode import build_handler
from slackapp.web.app import create_app
from slackapp.web.bolt import build_bolt
from tests.conftest import SIGNING_SECRET


def metric(client, name: str, labels: str = "") -> float:
    text = client.get("/metrics").get_data(as_text=True)
    match = re.search(rf"^{re.escape(name)}{re.escape(labels)} ([0-9.e+]+)$", text, re.M)
    return float(match.group(1)) if match else 0.0


def test_metrics_move_when_a_break_is_sent_and_done(alice, client, standin, deps, clock):
    from tests.test_breaks import _break_id, cards_to, deliver_due

    sent, done = (
        metric(client, "glutes_breaks_sent_total"),
        metric(client, "glutes_card_answers_total", '{outcome="done"}'),
    )
    lateness = metric(client, "glutes_delivery_lateness_seconds_count")
    alice.reply_to("on")
    deliver_due(deps, clock, minutes=50)
    assert metric(client, "glutes_breaks_sent_total") == sent + 1
    assert metric(client, "glutes_delivery_lateness_seconds_count") == lateness + 1
    alice.click(ids.ACTION_BREAK_DONE, _break_id(cards_to(standin, "U1")[0]))
    standin.wait_for("chat.update")
    assert metric(client, "glutes_card_answers_total", '{outcome="done"}') == done + 1
    text = client.get("/metrics").get_data(as_text=True)
    assert 'glutes_queue_depth{queue="glutes-breaks"}' in text
    assert "glutes_people_scheduled 1.0" in text


def test_metrics_count_slack_errors_and_429s(alice, client, standin, deps, clock):
    from slackapp.devkit.standin import Failure
    from tests.test_breaks import deliver_due

    limited = metric(client, "glutes_slack_rate_limited_total", '{method="chat.postMessage"}')
    alice.reply_to("on")
    standin.fail("chat.postMessage", Failure(status=429, retry_after=1, times=1))
    deliver_due(deps, clock, minutes=50)
    assert metric(client, "glutes_slack_rate_limited_total", '{method="chat.postMessage"}') == limited + 1


def test_rq_dashboard_needs_the_admin_password(deps):
    strong = "s3cret-long-enough-0000"
    locked = create_app(deps=Deps(replace(deps.settings, admin_password=strong), deps.redis, deps.rq_redis))
    web = locked.test_client()
    assert web.get("/admin/rq/").status_code == 401
    wrong = base64.b64encode(b"admin:guess").decode()
    assert web.get("/admin/rq/", headers={"Authorization": f"Basic {wrong}"}).status_code == 401
    right = base64.b64encode(f"admin:{strong}".encode()).decode()
    page = web.get("/admin/rq/", headers={"Authorization": f"Basic {right}"})
    assert page.status_code == 200 and b"RQ" in page.data
    # Without GLUTES_ADMIN_PASSWORD the dashboard is not mounted at all.
    assert create_app(deps=deps).test_client().get("/admin/rq/").status_code == 404


def test_socket_mode_handler_has_the_app_token_and_the_same_listeners(deps, standin):
    socket_deps = Deps(replace(deps.settings, slack_app_token="xapp-1-A1-demo"), deps.redis, deps.rq_redis)
    handler = build_handler(build_bolt(socket_deps), "xapp-1-A1-demo")
    assert handler.client.app_token == "xapp-1-A1-demo"
    names = {getattr(listener.ack_function, "__name__", "") for listener in handler.app._listeners}
    assert {"handle_glutes", "handle_card_button", "handle_app_home_opened"} <= names
    # Up to the point where it would connect: Slack is asked for a WebSocket URL with the app token.
    url = handler.client.issue_new_wss_url()
    assert url.startswith("ws://127.0.0.1")
    [call] = standin.calls_to("apps.connections.open")
    assert call.token == "xapp-1-A1-demo"


def test_logs_are_json_lines_with_slack_ids_and_no_tokens(settings):
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    logs.configure(replace(settings, log_format="json"))
    stream = io.StringIO()
    root.handlers[0].stream = stream
    try:
        logs.bind(team_id="T1", user_id="U1", request_id="Ev42")
        logging.getLogger("glutes.test").info("sent with %s", "xoxb-123-456-abcdef")
    finally:
        root.handlers[:], level = saved
        root.setLevel(level)
        logs.bind(team_id=None, user_id=None, request_id=None)
    line = json.loads(stream.getvalue().strip().splitlines()[-1])
    assert (line["team_id"], line["user_id"], line["request_id"]) == ("T1", "U1", "Ev42")
    assert line["level"] == "INFO" and "xoxb" not in stream.getvalue()
    assert SIGNING_SECRET not in stream.getvalue()


def test_a_successful_slack_call_is_not_counted_as_an_error(deps, standin):
    from prometheus_client import REGISTRY, generate_latest

    from slackapp.slack.client import web_client

    standin.add_user("U1", tz="UTC")
    client = web_client(deps.settings, "xoxb-test-token")
    for _ in range(3):
        client.chat_postMessage(channel="U1", text="hello")
    assert 'error="http_200"' not in generate_latest(REGISTRY).decode()


@pytest.mark.parametrize("log_format", ["json", "text"])
def test_tokens_are_masked_in_tracebacks_and_extra_fields(settings, log_format):
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    logs.configure(replace(settings, log_format=log_format))
    stream = io.StringIO()
    root.handlers[0].stream = stream
    try:
        try:
            raise RuntimeError("Slack said no to xoxb-999-888-secretbot")
        except RuntimeError:
            logging.getLogger("glutes.test").exception(
                "send failed", extra={"detail": "token xoxp-1-2-3-userpart", "app": "xapp-1-A1-sock"}
            )
    finally:
        root.handlers[:], level = saved
        root.setLevel(level)
    text = stream.getvalue()
    assert "RuntimeError" in text and "send failed" in text
    assert "xoxb-" not in text and "xoxp-" not in text and "xapp-" not in text
    assert "Slack said no to [token]" in text  # the traceback's last line, masked
    if log_format == "json":
        line = json.loads(text.strip().splitlines()[-1])
        assert (line["detail"], line["app"]) == ("token [token]", "[token]")
        assert "[token]" in line["exc_info"]


def test_the_web_app_starts_without_bolts_token_warning(deps, monkeypatch, caplog):
    # The web process's environment holds SLACK_BOT_TOKEN (single workspace) beside the client it builds.
    monkeypatch.setenv("SLACK_BOT_TOKEN", deps.settings.slack_bot_token or "xoxb-test-token")
    with caplog.at_level(logging.DEBUG):
        create_app(deps=deps)
    assert [r.getMessage() for r in caplog.records if "will be unused" in r.getMessage()] == []
    assert os.environ["SLACK_BOT_TOKEN"]  # put back after Bolt was built
