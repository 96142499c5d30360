"""Distribution mode: OAuth install for several workspaces, uninstall, and people's own data."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from urllib.parse import parse_qs, urlparse

import pytest
from cryptography.fernet import Fernet
from slack_sdk.oauth.installation_store import Bot

from slackapp import ids
from slackapp.deps import Deps
from slackapp.domain.timestamps import to_ms
from slackapp.slack import tokens
from slackapp.store import keys, people, selftests
from slackapp.store.connection import redis_from_url
from slackapp.store.installations import RedisInstallationStore, TokenSeal
from slackapp.web.app import create_app
from tests.conftest import SlackUser, run_jobs
from workers import scheduler


@pytest.fixture
def dist(settings, clock, standin):
    """Deps and a Flask client in distribution mode (client id/secret, no SLACK_BOT_TOKEN)."""
    dist_settings = replace(
        settings, slack_bot_token=None, slack_client_id="111.222", slack_client_secret="csecret"
    )
    store = redis_from_url(settings.redis_url)
    store.flushall()
    deps = Deps(dist_settings, store, redis_from_url(settings.redis_url, decode=False), clock=clock)
    return deps, create_app(deps=deps).test_client()


def install(client, standin, code):
    """The browser's trip: the install page, Slack's consent (skipped), the redirect back with a code."""
    page = client.get("/slack/install")
    assert page.status_code == 200
    href = re.search(r'id="add-to-slack" href="([^"]+)"', page.get_data(as_text=True)).group(1)
    query = parse_qs(urlparse(href.replace("&amp;", "&")).query)
    state = query["state"][0]
    done = client.get(f"/slack/oauth_redirect?code={code}&state={state}")
    return query, state, done


def test_install_page_links_to_slack_with_scopes_and_state(dist, standin):
    _, client = dist
    page = client.get("/slack/install")
    body = page.get_data(as_text=True)
    assert "Glutes for Slack" in body and "50 minutes" in body
    href = re.search(r'id="add-to-slack" href="([^"]+)"', body).group(1).replace("&amp;", "&")
    assert href.startswith("https://slack.com/oauth/v2/authorize?")
    query = parse_qs(urlparse(href).query)
    assert query["client_id"] == ["111.222"]
    assert set(query["scope"][0].split(",")) >= {"commands", "chat:write", "users:read", "dnd:read"}
    assert len(query["state"][0]) >= 16


def test_oauth_round_trip_stores_the_install_and_dms_the_installer(dist, standin):
    deps, client = dist
    _, state, done = install(client, standin, "T1:U9")
    assert done.status_code == 200 and "Glutes is installed" in done.get_data(as_text=True)
    assert standin.calls_to("oauth.v2.access")[0].args["code"] == "T1:U9"
    token = tokens.bot_token(deps.settings, deps.redis, "T1")
    assert token and token.startswith("xoxb-T1-")
    [dm] = standin.wait_for("chat.postMessage")
    assert dm.args["channel"] == "U9" and dm.token == token and "/glutes on" in dm.args["text"]
    # The state is single use: replaying the redirect fails, and so does a made-up state.
    again = client.get(f"/slack/oauth_redirect?code=T1:U9&state={state}")
    assert again.status_code >= 400 and "not installed" in again.get_data(as_text=True)
    assert client.get("/slack/oauth_redirect?code=T1:U9&state=made-up").status_code >= 400
    assert len(standin.calls_to("oauth.v2.access")) == 1


def test_installation_lookup_by_team_and_by_enterprise(redis_server):
    r = redis_from_url(redis_server.url)
    r.flushall()
    store = RedisInstallationStore(r)
    store.save_bot(Bot(team_id="T1", bot_token="xoxb-T1-1", bot_id="B1", bot_user_id="UB1", installed_at=1.0))
    store.save_bot(
        Bot(
            enterprise_id="E1",
            team_id=None,
            is_enterprise_install=True,
            bot_token="xoxb-E1-1",
            bot_id="BE",
            bot_user_id="UBE",
            installed_at=1.0,
        )
    )
    assert store.find_bot(enterprise_id=None, team_id="T1").bot_token == "xoxb-T1-1"
    assert (
        store.find_bot(enterprise_id="E1", team_id=None, is_enterprise_install=True).bot_token == "xoxb-E1-1"
    )
    assert store.find_bot(enterprise_id=None, team_id="T2") is None
    store.delete_bot(enterprise_id=None, team_id="T1")
    assert store.find_bot(enterprise_id=None, team_id="T1") is None


def test_tokens_are_encrypted_at_rest_when_a_key_is_set(redis_server):
    r = redis_from_url(redis_server.url)
    r.flushall()
    store = RedisInstallationStore(r, seal=TokenSeal(Fernet.generate_key().decode()))
    store.save_bot(
        Bot(team_id="T1", bot_token="xoxb-T1-secret", bot_id="B1", bot_user_id="UB1", installed_at=1.0)
    )
    raw = r.get(keys.installation("T1", "bot"))
    assert "xoxb-T1-secret" not in raw and "fernet:" in raw
    assert store.find_bot(enterprise_id=None, team_id="T1").bot_token == "xoxb-T1-secret"


def test_two_workspaces_side_by_side_then_one_leaves(dist, standin, clock):
    deps, client = dist
    install(client, standin, "T1:UA")
    install(client, standin, "T2:UB")
    one = SlackUser(client, standin, "U1", "T1")
    two = SlackUser(client, standin, "U1", "T2")  # the same user id in another workspace
    one.reply_to("on")
    two.reply_to("hours 16:00-20:00")
    two.reply_to("on")
    assert "09:00–17:00" in one.reply_to("status")["text"]
    assert "16:00–20:00" in two.reply_to("status")["text"]

    clock.advance(minutes=50)
    scheduler.tick(deps, clock())
    run_jobs(deps)
    cards = [c for c in standin.calls_to("chat.postMessage") if "Break time" in c.args.get("text", "")]
    assert [c.token.split("-")[1] for c in cards] == ["T1"]  # T2 starts at 16:00

    one.event({"type": "app_uninstalled"}, event_id="EvU1")
    assert _eventually_none(deps)
    clock.advance(hours=2)
    scheduler.tick(deps, clock())
    run_jobs(deps)
    later = [c for c in standin.calls_to("chat.postMessage") if "Break time" in c.args.get("text", "")]
    assert [c.token.split("-")[1] for c in later[1:]] == ["T2"]  # nothing more for T1, T2 carries on

    # After the grace period the departed workspace's data is gone; the other's is untouched.
    clock.advance(days=7, minutes=1)
    scheduler.tick(deps, clock())
    run_jobs(deps)
    assert list(deps.redis.scan_iter(match="glutes:T1:*")) == []
    assert people.get(deps.redis, team_id="T2", user_id="U1").opted_in


def _eventually_none(deps):
    from tests.conftest import eventually

    return eventually(lambda: tokens.bot_token(deps.settings, deps.redis, "T1") is None)


def test_reinstall_within_grace_keeps_the_data(dist, standin, clock):
    deps, client = dist
    install(client, standin, "T1:UA")
    person = SlackUser(client, standin, "U1", "T1")
    person.reply_to("on")
    person.event({"type": "app_uninstalled"}, event_id="EvU2")
    assert _eventually_none(deps)
    install(client, standin, "T1:UA")
    clock.advance(days=8)
    scheduler.tick(deps, clock())
    run_jobs(deps)
    assert people.get(deps.redis, team_id="T1", user_id="U1").opted_in


def test_export_sends_a_file_of_the_persons_data(alice, standin, store, deps):
    alice.reply_to("on")
    alice.reply_to("hours 08:00-16:00")
    reply = alice.reply_to("export")
    assert "file" in reply["text"]
    [upload] = standin.wait_for("upload", where=lambda c: not c.args.get("png"))
    data = json.loads(upload.args["content"])
    assert data["user"] == "U1" and data["workspace"] == "T1"
    assert data["records"]["user:U1"]["start_minute"] == "480"
    assert data["memberships"]["opted-in"] is True
    [complete] = standin.wait_for("files.completeUploadExternal")
    assert complete.args["channel_id"] == "D1"


def test_forget_me_leaves_no_trace_of_the_person(alice, client, standin, store, deps, clock):
    other = SlackUser(client, standin, "U2")
    for person in (alice, other):
        person.reply_to("on")
        person.reply_to("hide")
    clock.advance(minutes=50)
    scheduler.tick(deps, clock())
    run_jobs(deps)
    card = next(
        c
        for c in standin.calls_to("chat.postMessage")
        if c.args.get("channel") == "U1" and "Break" in c.args["text"]
    )
    done = next(b for b in card.args["blocks"] if b.get("block_id") == ids.BLOCK_BREAK_ACTIONS)["elements"][0]
    alice.click(ids.ACTION_BREAK_DONE, done["value"])
    standin.wait_for("chat.update")
    selftests.add(
        store, team_id="T1", user_id="U1", record={"taken_on": "2026-11-25"}, retest_at_ms=to_ms(clock())
    )

    confirm = alice.reply_to("forget-me")
    assert ids.ACTION_FORGET_CONFIRM in json.dumps(confirm["blocks"])
    alice.click(ids.ACTION_FORGET_CONFIRM, "forget")
    standin.wait_for("response", where=lambda c: "deleted" in str(c.args.get("text")))

    # the id and the moment of forgetting, for a day: stops sends and activity in flight (docs/privacy.md)
    tombstone = "glutes:T1:forgotten:U1"
    assert store.get(tombstone) == str(to_ms(clock())) and 0 < store.ttl(tombstone) <= 24 * 3600
    for key in store.scan_iter(match="glutes:*"):
        assert key == tombstone or not re.search(r"(^|:)U1(:|$)", key), key
        kind = store.type(key)
        if kind == "set":
            assert not store.sismember(key, "U1"), key
        elif kind == "zset":
            assert store.zscore(key, "U1") is None, key
    assert people.get(store, team_id="T1", user_id="U2").opted_in  # someone else's data stays


def test_an_expiring_bot_token_is_rotated_before_use(dist, standin):
    import time as clock_time

    deps, _ = dist
    store = tokens.installation_store(deps.settings, deps.redis)
    store.save_bot(
        Bot(
            team_id="T1",
            bot_token="xoxb-T1-old",
            bot_refresh_token="xoxe-T1-0",
            bot_token_expires_at=int(clock_time.time()) + 60,  # inside the rotation window
            bot_id="B1",
            bot_user_id="UB1",
            installed_at=1.0,
        )
    )
    token = tokens.bot_token(deps.settings, deps.redis, "T1")
    assert token.startswith("xoxb-T1-r")
    [refresh] = standin.calls_to("oauth.v2.access")
    assert refresh.args["grant_type"] == "refresh_token" and refresh.args["refresh_token"] == "xoxe-T1-0"
    assert store.find_bot(enterprise_id=None, team_id="T1").bot_token == token  # saved for the next caller
    assert tokens.bot_token(deps.settings, deps.redis, "T1") == token  # not rotated again
    assert len(standin.calls_to("oauth.v2.access")) == 1
