"""Web API calls reuse connections to Slack (over TLS, as in production), with slack_sdk's behaviour kept."""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from dataclasses import replace

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.web.base_client import BaseClient

from slackapp import ids
from slackapp.devkit.standin import Failure, SlackStandIn
from slackapp.domain.timestamps import to_ms
from slackapp.slack.client import web_client, without_rate_limit_waits
from slackapp.slack.connections import KeepAliveWebClient
from slackapp.store import cards, people
from slackapp.web.app import create_app
from tests.conftest import SlackUser
from workers import delivery

TOKEN = "xoxb-T1-1"


@pytest.fixture(scope="module")
def tls_standin() -> Iterator[SlackStandIn]:
    with SlackStandIn(tls=True) as server:
        yield server


@pytest.fixture
def over_tls(deps, tls_standin):
    """Deps whose Slack is the TLS stand-in, trusted through its CA file; sends unpaced."""
    tls_standin.reset()
    settings = replace(
        deps.settings,
        slack_bot_token=TOKEN,
        slack_api_url=tls_standin.api_url,
        slack_ca_file=tls_standin.ca_file,
        send_rate_per_second=100000.0,
        send_burst=10000,
    )
    return replace(deps, settings=settings)


def _due(over_tls, count: int, first: int = 0) -> list[str]:
    users = [f"U{n:04d}" for n in range(first, first + count)]
    for user in users:
        people.opt_in(over_tls.redis, team_id="T1", user_id=user, next_due_ms=to_ms(over_tls.clock()))
    return users


def test_a_hundred_cards_to_one_workspace_open_a_handful_of_connections(over_tls, tls_standin):
    users = _due(over_tls, 100)
    opened_before = tls_standin.connections_opened

    # Two scheduler batches of 50, each through a new client for the workspace, as the worker runs them.
    sent = sum(delivery.deliver(over_tls, "T1", batch)["sent"] for batch in (users[:50], users[50:]))

    assert sent == 100
    assert len(tls_standin.calls_to("chat.postMessage")) == 100
    opened = tls_standin.connections_opened - opened_before
    # At most one per send in flight (GLUTES_SEND_CONCURRENCY), however many cards and users.info calls.
    assert opened <= over_tls.settings.send_concurrency, f"{opened} connections for 100 cards"


def test_a_connection_slack_closes_is_replaced_without_losing_a_card(over_tls, tls_standin):
    users = _due(over_tls, 20)
    assert delivery.deliver(over_tls, "T1", users[:10])["sent"] == 10
    assert tls_standin.close_connections() >= 1  # Slack drops the idle connections

    assert delivery.deliver(over_tls, "T1", users[10:])["sent"] == 10

    assert len(tls_standin.calls_to("chat.postMessage")) == 20
    assert tls_standin.open_connections() >= 1  # sending again opened a new one


def test_the_ca_file_is_what_makes_the_stand_in_trusted(over_tls):
    untrusting = web_client(replace(over_tls.settings, slack_ca_file=None), TOKEN)
    untrusting.retry_handlers = []  # slack_sdk would retry the failed handshake twice, as any URLError
    with pytest.raises(Exception, match="CERTIFICATE_VERIFY_FAILED"):
        untrusting.auth_test()


def test_slack_sdks_retries_answers_and_errors_are_kept(over_tls, tls_standin):
    client = web_client(over_tls.settings, TOKEN)
    assert isinstance(client, KeepAliveWebClient)

    tls_standin.fail("chat.postMessage", Failure(status=429, retry_after=0, times=1))
    tls_standin.fail("chat.update", Failure(status=503, times=1))
    posted = client.chat_postMessage(channel="U1", text="hi")  # retried after Retry-After
    assert posted["ok"] and posted.status_code == 200
    assert client.chat_update(channel="D1", ts=posted["ts"], text="x")["ok"]  # the 5xx retried

    tls_standin.fail("views.publish", Failure(error="not_allowed_token_type"))
    with pytest.raises(SlackApiError) as failed:
        client.views_publish(user_id="U1", view={"type": "home", "blocks": []})
    assert failed.value.response["error"] == "not_allowed_token_type"

    tls_standin.fail("conversations.open", Failure(status=429, retry_after=7, times=1))
    with pytest.raises(SlackApiError) as limited:
        without_rate_limit_waits(client).conversations_open(users="U1")
    assert limited.value.response.status_code == 429
    assert limited.value.response.headers["Retry-After"] == "7"
    assert len(tls_standin.calls_to("chat.postMessage")) == 2


def test_keep_alive_off_opens_a_connection_per_call_as_slack_sdk_alone_does(over_tls, tls_standin):
    client = web_client(replace(over_tls.settings, slack_keep_alive=False), TOKEN)
    assert type(client) is WebClient
    opened_before = tls_standin.connections_opened
    for _ in range(5):
        client.auth_test()
    assert tls_standin.connections_opened - opened_before == 5


def test_the_method_overridden_is_still_the_one_slack_sdk_sends_through():
    """If slack_sdk renames or reshapes this private seam, keep-alive would silently stop (or break):
    fail here first, and look again at slackapp/slack/connections.py."""
    seam = BaseClient._perform_urllib_http_request_internal
    assert list(inspect.signature(seam).parameters) == ["self", "url", "req"]
    loop = inspect.getsource(BaseClient._perform_urllib_http_request)
    assert "self._perform_urllib_http_request_internal(url, req)" in loop
    assert "except HTTPError as e" in loop  # 4xx/5xx reach the retry handlers as urllib's HTTPError


def test_the_web_answers_twenty_done_clicks_over_a_handful_of_connections(over_tls, tls_standin):
    """Bolt hands each request a plain WebClient of its own (a new connection per call); the web process
    swaps in one over its kept-alive pool, so each Done's chat.update reuses a connection."""
    app = SlackUser(create_app(deps=over_tls).test_client(), tls_standin)
    today = over_tls.clock().date().isoformat()
    people.opt_in(over_tls.redis, team_id="T1", user_id="U1", next_due_ms=to_ms(over_tls.clock()) + 3_600_000)
    break_ids = [str(1_700_000_000_000 + n) for n in range(20)]
    for n, break_id in enumerate(break_ids):
        cards.save(
            over_tls.redis,
            team_id="T1",
            user_id="U1",
            break_id=break_id,
            exercise="glute_tap",
            local_date=today,
            channel="D1",
            ts=f"1700000001.{n:06d}",
        )
    opened_before = tls_standin.connections_opened

    for n, break_id in enumerate(break_ids):
        assert app.click(ids.ACTION_BREAK_DONE, break_id, message_ts=f"1700000001.{n:06d}").status_code == 200
        tls_standin.wait_for("chat.update", count=n + 1)  # one click at a time, as a person clicks

    updated = {call.args["ts"] for call in tls_standin.calls_to("chat.update")}
    assert updated == {f"1700000001.{n:06d}" for n in range(20)}
    opened = tls_standin.connections_opened - opened_before
    # A handful: a click may come before the last update's connection is back in the pool (the stand-in
    # has the call before the listener has read the answer). It was 21: one per chat.update.
    assert opened <= 5, f"{opened} connections for 20 card updates"
