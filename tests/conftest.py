"""Fixtures: a real redis-server, the Slack Web API stand-in, the Flask app, signed Slack requests."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import redis
from flask.testing import FlaskClient

from slackapp.config import Settings
from slackapp.deps import Deps
from slackapp.devkit import slack_requests
from slackapp.devkit.standin import SlackStandIn
from slackapp.processes.redis_server import SERVER_CHOICE_VARIABLE, EmbeddedRedis, redis_server_binary
from slackapp.store import cards
from slackapp.store.connection import redis_from_url
from slackapp.web.app import create_app

SIGNING_SECRET = "test-signing-secret"
_REPLY_IDS = itertools.count(1)


class ManualClock:
    """A clock tests move by hand."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


def chosen_server_binary() -> str:
    """The server the tests run on: the embedded Valkey, or GLUTES_REDIS_SERVER's (CI: Debian's Redis 7)."""
    return redis_server_binary(os.environ.get(SERVER_CHOICE_VARIABLE, "").strip() or None)


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedRedis]:
    server = EmbeddedRedis(
        tmp_path_factory.mktemp("redis"), appendonly=False, binary=chosen_server_binary()
    ).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def _standin() -> Iterator[SlackStandIn]:
    with SlackStandIn() as server:
        yield server


@pytest.fixture
def standin(_standin: SlackStandIn) -> SlackStandIn:
    _standin.reset()
    return _standin


@pytest.fixture
def clock() -> ManualClock:
    # A Wednesday, 15:00 UTC.
    return ManualClock(datetime(2026, 11, 25, 15, 0, tzinfo=UTC))


@pytest.fixture
def settings(redis_server: EmbeddedRedis, standin: SlackStandIn) -> Settings:
    return Settings(
        slack_signing_secret=SIGNING_SECRET,
        slack_bot_token="xoxb-test-token",
        slack_api_url=standin.api_url,
        redis_url=redis_server.url,
        # A test posts up to ten channel messages in a row and reads them at once; the default burst (5)
        # would queue the rest for a retry seconds later. Pacing itself has tests of its own.
        send_burst=10,
        # Activity written at once, so a test reads it right after the request (batching has its tests).
        activity_flush_seconds=0,
    )


@pytest.fixture
def deps(settings: Settings, clock: ManualClock) -> Iterator[Deps]:
    assert settings.redis_url
    store = redis_from_url(settings.redis_url, decode=True)
    store.flushall()
    deps = Deps(
        settings=settings, redis=store, rq_redis=redis_from_url(settings.redis_url, decode=False), clock=clock
    )
    yield deps
    store.close()
    deps.rq_redis.close()


@pytest.fixture
def client(deps: Deps) -> FlaskClient:
    return create_app(deps=deps).test_client()


@dataclass
class SlackUser:
    """Sends signed requests to the app as one person in one workspace would, through Slack."""

    client: FlaskClient
    standin: SlackStandIn
    user_id: str = "U1"
    team_id: str = "T1"

    def post(self, body: str, *, content_type: str = "application/x-www-form-urlencoded", **sign: Any) -> Any:
        headers = slack_requests.signed_headers(SIGNING_SECRET, body, **sign)
        headers["Content-Type"] = content_type
        return self.client.post("/slack/events", data=body, headers=headers)

    def command(self, text: str, *, channel_id: str = "C1", response_name: str | None = None) -> Any:
        body = slack_requests.command_body(
            text,
            user_id=self.user_id,
            team_id=self.team_id,
            channel_id=channel_id,
            response_url=self.standin.response_url(response_name or f"cmd-{self.user_id}"),
        )
        return self.post(body)

    def reply_to(self, text: str, timeout: float = 5.0, *, channel_id: str = "C1") -> dict[str, Any]:
        """Run `/glutes <text>` and return the ephemeral reply Slack would show: the ack's body when it has
        one, else what the app posted at the command's own response URL."""
        name = f"cmd-{self.user_id}-{next(_REPLY_IDS)}"
        response = self.command(text, channel_id=channel_id, response_name=name)
        assert response.status_code == 200, response.data
        acked = response.get_json(silent=True) or {}
        if acked.get("text") or acked.get("blocks"):
            return acked
        path = f"/response/{name}"
        return self.standin.wait_for(
            "response", timeout=timeout, where=lambda c: c.args["response_url"] == path
        )[0].args

    def click(
        self,
        action_id: str,
        value: str,
        *,
        message_ts: str = "1700000001.000100",
        channel_id: str | None = None,
        select: bool = False,
    ) -> Any:
        body = slack_requests.block_action_body(
            action_id,
            value,
            user_id=self.user_id,
            team_id=self.team_id,
            channel_id=channel_id or "D" + self.user_id[1:],
            message_ts=message_ts,
            response_url=self.standin.response_url(f"act-{self.user_id}"),
            select=select,
        )
        return self.post(body)

    def submit(self, callback_id: str, state_values: dict[str, Any]) -> Any:
        """Submit a modal; returns the HTTP response (its JSON is what Slack does with the modal)."""
        body = slack_requests.view_submission_body(
            callback_id, state_values, user_id=self.user_id, team_id=self.team_id
        )
        return self.post(body)

    def home_click(self, action_id: str, value: str = "", *, select: bool = False) -> Any:
        body = slack_requests.home_button_body(
            action_id, value, user_id=self.user_id, team_id=self.team_id, select=select
        )
        return self.post(body)

    def open_home(self) -> Any:
        return self.event(
            {"type": "app_home_opened", "user": self.user_id, "tab": "home"}, event_id=f"Ev{next(_REPLY_IDS)}"
        )

    def event(self, event: dict[str, Any], event_id: str = "Ev1") -> Any:
        body = slack_requests.event_body(event, team_id=self.team_id, event_id=event_id)
        return self.post(body, content_type="application/json")


@pytest.fixture
def alice(client: FlaskClient, standin: SlackStandIn) -> SlackUser:
    standin.add_user("U1", tz="UTC")
    return SlackUser(client, standin, "U1", "T1")


@pytest.fixture
def store(deps: Deps) -> redis.Redis:
    return deps.redis


def run_jobs(deps: Deps) -> None:
    """Run every queued job in a real RQ worker (in-process, burst) with the test's deps."""
    from rq import SimpleWorker

    from slackapp.deps import QUEUES
    from workers import runtime

    class BurstWorker(SimpleWorker):
        # A burst worker takes no remote commands, so it skips RQ's pubsub channel: stopping its thread
        # before it saw the subscription confirmed waited out redis-py's 60 s get_message timeout (seen
        # as an occasional 60 s run_jobs on a busy machine).
        def subscribe(self) -> None:
            self.pubsub_thread = None

    runtime.use(deps)
    try:
        BurstWorker([deps.queue(name) for name in QUEUES], connection=deps.rq_redis).work(burst=True)
    finally:
        runtime.use(None)


_DONE_IDS = itertools.count(5_000_000)


def record_done(
    store: redis.Redis,
    user_id: str,
    day: date,
    *,
    break_id: str | None = None,
    hour: int = 10,
    clicks: int = 1,
) -> str:
    """A card sent on `day` and marked Done through the real card and Done scripts (the insights' counters
    move with it); returns the first click's answer ("ok")."""
    break_id = break_id or str(next(_DONE_IDS))
    cards.save(
        store,
        team_id="T1",
        user_id=user_id,
        break_id=break_id,
        exercise="bridge",
        local_date=day.isoformat(),
        channel="D1",
        ts="1.1",
    )
    answers = [
        cards.record_outcome(
            store,
            team_id="T1",
            user_id=user_id,
            break_id=break_id,
            outcome="done",
            local_date=day.isoformat(),
            hour=hour,
        )
        for _ in range(clicks)
    ]
    return answers[0]


def eventually(check: Any, timeout: float = 5.0) -> Any:
    """Poll `check()` until it returns something truthy (listeners finish after Slack gets its ack)."""
    import time

    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(0.01)
