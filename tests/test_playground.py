"""The playground's pieces: Block Kit rendering, what each person sees, the routes, and the guard that
keeps it away from real Slack credentials. The whole page in a browser: test_playground_browser.py."""

from __future__ import annotations

import json
import re
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from werkzeug.serving import make_server

from slackapp import ids
from slackapp.config import Settings
from slackapp.deps import Deps
from slackapp.devkit import playground, slack_requests
from slackapp.devkit.playground import blockkit, server
from slackapp.processes.redis_server import free_port
from slackapp.store import keys, profiles
from slackapp.web.app import create_app
from tests.conftest import eventually, run_jobs

LOCAL = urllib.request.build_opener(urllib.request.ProxyHandler({}))


# --- Block Kit and mrkdwn ------------------------------------------------------------------------------


def test_mrkdwn_shows_bold_italic_links_mentions_and_emoji():
    html = blockkit.mrkdwn(
        "*Done* _twice_ <https://example.org|see this> <@UANA> <#CDEMO> :muscle: :third_place_medal: ~no~",
        {"UANA": "Ana"},
    )
    assert "<b>Done</b>" in html
    assert "<i>twice</i>" in html
    assert '<a href="https://example.org" target="_blank" rel="noopener">see this</a>' in html
    assert ">@Ana</span>" in html
    assert ">#demo</span>" in html
    assert "💪" in html and "🥉" in html
    assert "<s>no</s>" in html


def test_mrkdwn_escapes_markup_and_keeps_unknown_shortcodes():
    html = blockkit.mrkdwn("a &lt;b&gt; &amp; <script>x</script> :not_an_emoji_at_all: 10:30-17:00")
    assert "<script" not in html and "&amp;" in html  # Slack's escapes are undone once, then HTML-escaped
    assert ":not_an_emoji_at_all:" in html
    assert "10:30-17:00" in html


def test_mrkdwn_links_only_http_https_and_mailto():
    html = blockkit.mrkdwn(
        "<javascript:alert(1)|x> <JavaScript:alert(2)> <data:text/html,hi|d> <vbscript:y|v> "
        "< javascript:z|s> <https://example.org|web> <http://a.example> <mailto:a@example.org|mail>"
    )
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert hrefs == ["https://example.org", "http://a.example", "mailto:a@example.org"], html
    assert html.count("<a ") == 3 and ">x<" not in html  # the others are shown as their text


def test_every_block_kind_glutes_uses_is_drawn_and_an_unknown_one_is_visible():
    blocks = [
        {"type": "header", "text": {"type": "plain_text", "text": "Break time :peach:"}},
        {
            "type": "section",
            "block_id": "s",
            "text": {"type": "mrkdwn", "text": "*Squats*"},
            "fields": [{"type": "mrkdwn", "text": "*Today*\n1 break"}],
            "accessory": {
                "type": "static_select",
                "action_id": "pick",
                "options": [{"text": {"type": "plain_text", "text": "Seated"}, "value": "seated"}],
                "initial_option": {"text": {"type": "plain_text", "text": "Seated"}, "value": "seated"},
            },
        },
        {"type": "divider"},
        {
            "type": "actions",
            "block_id": "a",
            "elements": [
                {
                    "type": "button",
                    "action_id": "done",
                    "value": "b1",
                    "style": "primary",
                    "text": {"type": "plain_text", "text": "Done"},
                },
                {
                    "type": "button",
                    "action_id": "forget",
                    "style": "danger",
                    "text": {"type": "plain_text", "text": "Forget me"},
                    "confirm": {
                        "title": {"type": "plain_text", "text": "Sure?"},
                        "text": {"type": "plain_text", "text": "All gone"},
                    },
                },
                {
                    "type": "checkboxes",
                    "action_id": "c",
                    "options": [{"text": {"type": "plain_text", "text": "Show me"}, "value": "show"}],
                },
            ],
        },
        {"type": "context", "elements": [{"type": "mrkdwn", "text": "Not medical advice"}]},
        {
            "type": "input",
            "block_id": "i",
            "optional": True,
            "label": {"type": "plain_text", "text": "Which way?"},
            "element": {
                "type": "radio_buttons",
                "action_id": "r",
                "options": [{"text": {"type": "plain_text", "text": "Seated"}, "value": "seated"}],
            },
        },
        {
            "type": "input",
            "block_id": "ch",
            "label": {"type": "plain_text", "text": "Channel"},
            "element": {"type": "conversations_select", "action_id": "cs"},
        },
        {
            "type": "input",
            "block_id": "t",
            "label": {"type": "plain_text", "text": "Title"},
            "element": {"type": "plain_text_input", "action_id": "ti"},
        },
        {
            "type": "input",
            "block_id": "m",
            "label": {"type": "plain_text", "text": "App admins"},
            "element": {"type": "multi_users_select", "action_id": "mu", "initial_users": ["UCLEO"]},
        },
        {"type": "rich_text", "elements": []},
    ]
    html = blockkit.blocks(blocks, {"UANA": "Ana", "UCLEO": "Cleo"})
    assert 'class="bk-header">Break time 🍑' in html
    assert '<div class="bk-field"><b>Today</b><br>1 break</div>' in html
    assert '<option value="seated" selected>Seated</option>' in html
    assert (
        'class="bk-button primary" data-action-id="done" data-block-id="a" data-type="button" data-value="b1"'
        in html
    )
    assert 'class="bk-button danger"' in html and "&quot;All gone&quot;" in html  # confirm dialog's text
    assert 'type="checkbox" name="a/c" value="show"' in html
    assert 'type="radio" name="i/r" value="seated"' in html and "(optional)" in html
    assert '<option value="CDEMO">#demo</option>' in html
    assert 'data-action-id="ti" data-block-id="t" data-type="plain_text_input"' in html
    assert (
        'multiple size="2" data-action-id="mu"' in html
        and '<option value="UCLEO" selected>Cleo</option>' in html
    )
    assert "This block (rich_text) can't be shown in the playground." in html
    assert html.count("bk-unknown") == 1


def test_a_modal_shows_title_submit_close_and_field_errors():
    view = {
        "id": "V9",
        "type": "modal",
        "title": {"type": "plain_text", "text": "Glute self-test"},
        "submit": {"type": "plain_text", "text": "See my result"},
        "blocks": [
            {
                "type": "input",
                "block_id": "q",
                "label": {"type": "plain_text", "text": "Q"},
                "element": {"type": "plain_text_input", "action_id": "x"},
            }
        ],
    }
    html = blockkit.view(view, {}, {"q": "Pick one"})
    assert 'data-view-id="V9"' in html and "Glute self-test" in html and "See my result" in html
    assert '<div class="bk-error">Pick one</div>' in html


# --- who sees what -------------------------------------------------------------------------------------


def call(index, method, args, answer=None):
    return {"index": index, "method": method, "args": args, "answer": answer or {}, "ok": True}


def test_each_person_sees_their_own_dm_replies_and_modals_and_everyone_sees_the_channel():
    calls = [
        call(0, "chat.postMessage", {"channel": "UANA", "text": "card"}, {"ts": "1.1"}),
        call(1, "chat.postMessage", {"channel": "CDEMO", "text": "challenge"}, {"ts": "1.2"}),
        call(2, "response", {"response_url": "/response/UANA~DANA~-~1", "text": "on"}),
        call(
            3,
            "response",
            {"response_url": "/response/UBEN~CDEMO~1.2~2", "text": "new", "replace_original": True},
        ),
        call(4, "views.open", {"trigger_id": "7.UANA.playground"}, {"view": {"id": "V1", "type": "modal"}}),
        call(5, "views.publish", {"user_id": "UBEN", "view": {"type": "home", "blocks": []}}),
        call(6, "chat.update", {"channel": "DANA", "ts": "1.1", "text": "done"}),
    ]
    ana = [(e["op"], e.get("conv"), e.get("key")) for e in server.feed(calls, "UANA")]
    ben = [(e["op"], e.get("conv"), e.get("key")) for e in server.feed(calls, "UBEN")]
    assert ana == [
        ("post", "dm", "1.1"),
        ("post", "CDEMO", "1.2"),
        ("post", "dm", "r2"),
        ("update", "CDEMO", "1.2"),
        ("modal_open", None, None),
        ("update", "dm", "1.1"),
    ]
    assert ben == [("post", "CDEMO", "1.2"), ("update", "CDEMO", "1.2"), ("home", None, None)]


# --- never with real credentials -----------------------------------------------------------------------


def playground_settings(settings: Settings, standin_url: str) -> Settings:
    return replace(
        settings,
        slack_bot_token=playground.BOT_TOKEN,
        slack_signing_secret=playground.SIGNING_SECRET,
        playground_standin_url=standin_url,
    )


@pytest.mark.parametrize(
    "change",
    [
        {"slack_bot_token": "xoxb-real-token"},
        {"slack_signing_secret": "a-real-signing-secret"},
        {"slack_api_url": "https://slack.com/api/"},
        {"playground_standin_url": None},
        {"slack_app_token": "xapp-1-real"},
    ],
    ids=["real bot token", "real signing secret", "Slack's API", "no stand-in", "socket mode"],
)
def test_the_playground_is_off_unless_every_setting_is_the_playgrounds_own(settings, standin, change):
    mine = playground_settings(settings, standin.api_url.removesuffix("api/"))
    assert playground.enabled(mine)
    assert not playground.enabled(replace(mine, **change))


def test_with_real_credentials_the_page_is_never_mounted(deps, standin):
    real = replace(deps.settings, playground_standin_url=standin.api_url.removesuffix("api/"))
    client = create_app(deps=replace(deps, settings=real)).test_client()
    assert client.get("/").status_code == 404
    assert client.get("/playground/feed?user=UANA").status_code == 404
    assert client.post("/playground/reset").status_code == 404


def test_the_playground_answers_only_this_machine(deps, standin):
    mine = playground_settings(deps.settings, standin.api_url.removesuffix("api/"))
    client = create_app(deps=replace(deps, settings=mine)).test_client()
    assert client.get("/", environ_base={"REMOTE_ADDR": "127.0.0.1"}).status_code == 200
    assert client.get("/", environ_base={"REMOTE_ADDR": "192.168.1.20"}).status_code == 403
    assert client.post("/playground/reset", environ_base={"REMOTE_ADDR": "192.168.1.20"}).status_code == 403


def test_the_public_demo_secret_signs_nothing_from_another_machine(deps, standin):
    mine = playground_settings(deps.settings, standin.api_url.removesuffix("api/"))
    client = create_app(deps=replace(deps, settings=mine)).test_client()
    body = slack_requests.command_body("help", user_id="UANA", response_url=standin.response_url("far"))
    headers = slack_requests.signed_headers(playground.SIGNING_SECRET, body)
    far = client.post(
        "/slack/events",
        data=body,
        headers=headers,
        content_type="application/x-www-form-urlencoded",
        environ_base={"REMOTE_ADDR": "192.168.1.20"},
    )
    assert far.status_code == 403
    near = client.post(
        "/slack/events", data=body, headers=headers, content_type="application/x-www-form-urlencoded"
    )
    assert near.status_code == 200 and b"glutes" in near.data.lower()


# --- the routes, against the app itself -----------------------------------------------------------------


@pytest.fixture
def live(deps: Deps, standin) -> Iterator[str]:
    """The web app with the playground mounted, served on a real port (the page posts to its own
    /slack/events there, as under gunicorn)."""
    port = free_port()
    mine = replace(playground_settings(deps.settings, standin.api_url.removesuffix("api/")), port=port)
    app = create_app(deps=replace(deps, settings=mine))
    for person in server.PEOPLE:
        standin.add_user(person.user_id, tz=person.tz, is_admin=person.is_admin)
    http = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}"
    http.shutdown()


def get(url: str) -> dict:
    with LOCAL.open(url, timeout=10) as answer:
        return json.loads(answer.read())


def post(url: str, body: dict) -> dict:
    origin = "/".join(url.split("/")[:3])  # the page's own, as the browser sends it
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "Origin": origin},
        method="POST",
    )
    with LOCAL.open(request, timeout=10) as answer:
        return json.loads(answer.read())


def test_the_page_and_its_script_are_served(live):
    with LOCAL.open(live + "/", timeout=10) as answer:
        page = answer.read().decode()
    assert "<title>glutes playground</title>" in page
    assert 'value="UCLEO">Cleo (admin)' in page
    with LOCAL.open(live + "/playground/static/playground.js", timeout=10) as answer:
        assert b"/playground/feed" in answer.read()


def test_a_typed_command_reaches_the_app_signed_and_its_reply_shows_only_to_who_typed_it(live, standin):
    # `help` answers in the ack: the page shows the ack's body at once.
    answer = post(live + "/playground/command", {"user": "UANA", "conv": "dm", "text": "/glutes help"})
    assert answer["status"] == 200  # the app checked the signature: an unsigned request is a 401
    [reply] = answer["events"]
    assert reply["conv"] == "dm" and reply["ephemeral"] and "/glutes" in reply["html"]
    # The feed has it too, under the same key: a replay (another person picked and back) shows it again,
    # and the page draws it once.
    replayed = [e for e in get(live + "/playground/feed?user=UANA&since=0")["events"] if e["op"] == "post"]
    assert [e["key"] for e in replayed] == [reply["key"]] and replayed[0]["html"] == reply["html"]
    assert get(live + "/playground/feed?user=UBEN&since=0")["events"] == []
    # `on` answers after the ack, at the response URL: that reply is in Ana's feed and nobody else's.
    answer = post(live + "/playground/command", {"user": "UANA", "conv": "dm", "text": "/glutes on"})
    assert answer["status"] == 200 and answer["events"] == []
    feed = eventually(
        lambda: [
            e
            for e in get(live + "/playground/feed?user=UANA&since=0")["events"]
            if e["op"] == "post" and e["ephemeral"] and "Breaks are on" in e["html"]
        ]
    )
    assert feed[0]["conv"] == "dm"
    assert get(live + "/playground/feed?user=UBEN&since=0")["events"] == []


def test_text_that_is_not_a_glutes_command_gets_a_hint_and_is_not_sent(live, standin):
    answer = post(live + "/playground/command", {"user": "UANA", "conv": "dm", "text": "hello"})
    assert "Only <b>/glutes</b> commands" in answer["events"][0]["html"]
    assert standin.calls == []


def test_dnd_and_status_toggles_change_what_slack_says_about_the_person(live, standin, deps):
    post(live + "/playground/person", {"user": "UBEN", "dnd": True})
    assert standin.dnd_on("UBEN")
    enabled, start, end = profiles.get_dnd(deps.redis, team_id=server.TEAM_ID, user_ids=["UBEN"])["UBEN"]
    assert enabled and start < deps.clock().timestamp() + 3600 * 24 * 365 * 10 and end > start
    answer = post(live + "/playground/person", {"user": "UBEN", "status": True})
    assert answer["status"] == 200  # the signed user_change event was accepted
    assert standin.users["UBEN"]["profile"]["status_text"] == "In a meeting"
    state = get(live + "/playground/feed?user=UBEN&since=0")["people"]["UBEN"]
    assert state == {"dnd": True, "status": "In a meeting", "huddle": False}
    post(live + "/playground/person", {"user": "UBEN", "dnd": False, "status": False})
    assert get(live + "/playground/feed?user=UBEN&since=0")["people"]["UBEN"] == {
        "dnd": False,
        "status": "",
        "huddle": False,
    }


def test_huddle_and_a_meeting_that_ends_by_itself(live, standin, deps):
    answer = post(live + "/playground/person", {"user": "UBEN", "huddle": True})
    assert answer["status"] == 200 and answer["huddle"] is True  # the signed user_huddle_changed was accepted
    assert get(live + "/playground/feed?user=UBEN&since=0")["people"]["UBEN"]["huddle"] is True
    post(live + "/playground/person", {"user": "UBEN", "huddle": False})
    assert standin.users["UBEN"]["profile"]["huddle_state"] != "in_a_huddle"
    post(live + "/playground/person", {"user": "UBEN", "status": True, "status_seconds": 30})
    expires = standin.users["UBEN"]["profile"]["status_expiration"]
    assert 25 < expires - time.time() <= 31


def test_a_huddle_in_a_playground_running_ahead_of_real_time_is_kept(live, standin, deps, clock):
    """The page's time travel moves Slack's clock too: the huddle events it sends a week "ahead" are
    stamped on the playground's clock, so the app keeps the huddle instead of ignoring it as a week old."""
    clock.now = datetime.now(UTC)  # the app's clock is real time, then a week ahead of it
    post(live + "/playground/ahead", {"days": 7})
    post(live + "/playground/command", {"user": "UBEN", "conv": "dm", "text": "/glutes on"})
    assert eventually(lambda: deps.redis.zscore(keys.due(server.TEAM_ID), "UBEN"))

    def in_huddle() -> bool:
        return "UBEN" in profiles.get_huddles(deps.redis, team_id=server.TEAM_ID, user_ids=["UBEN"])

    assert post(live + "/playground/person", {"user": "UBEN", "huddle": True})["status"] == 200
    assert eventually(in_huddle)
    post(live + "/playground/person", {"user": "UBEN", "huddle": False})
    assert eventually(lambda: not in_huddle())


def test_skip_brings_the_next_break_to_now_and_reset_forgets_everything(live, standin, deps):
    assert post(live + "/playground/skip", {"user": "UANA"})["moved"] is False  # not opted in yet
    post(live + "/playground/command", {"user": "UANA", "conv": "dm", "text": "/glutes on"})
    run_jobs(deps)
    due = keys.due(server.TEAM_ID)
    assert deps.redis.zscore(due, "UANA") > deps.clock().timestamp() * 1000
    assert post(live + "/playground/skip", {"user": "UANA"})["moved"] is True
    assert deps.redis.zscore(due, "UANA") == int(deps.clock().timestamp() * 1000)
    post(live + "/playground/reset", {})
    assert deps.redis.zscore(due, "UANA") is None
    assert standin.calls == []
    assert get(live + "/playground/feed?user=UANA&since=0")["events"] == []


def test_run_a_workflow_runs_each_step_and_shows_how_it_ended(live, standin, deps):
    with LOCAL.open(live + "/", timeout=10) as answer:
        assert b'id="run-step"' in answer.read()
    refused = post(live + "/playground/workflow", {"user": "UANA", "step": ids.FUNCTION_CHALLENGE})
    assert refused["ended"] == "failed" and refused["error"].startswith("Only workspace admins")
    started = post(live + "/playground/workflow", {"user": "UCLEO", "step": ids.FUNCTION_CHALLENGE})
    assert started["ended"] == "completed" and started["outputs"]["title"] == "Playground Glute Week"
    team_break = post(live + "/playground/workflow", {"user": "UCLEO", "step": ids.FUNCTION_TEAM_BREAK})
    assert team_break["ended"] == "completed" and "/archives/CDEMO/" in team_break["outputs"]["message_link"]
    # Everyone sees the team break in #demo, drawn from the stand-in's calls like any post.
    shown = get(live + "/playground/feed?user=UBEN&since=0")["events"]
    assert any(e["conv"] == "CDEMO" and "Team break now" in e["html"] for e in shown if e["op"] == "post")
    card = post(live + "/playground/workflow", {"user": "UANA", "step": ids.FUNCTION_BREAK_CARD})
    assert card["ended"] == "completed" and card["outputs"]["sent"] is False
    assert card["outputs"]["reason"] == "breaks_off"


def test_a_day_or_a_week_ahead_moves_the_apps_clock_and_reset_takes_it_back(live, standin, deps):
    start = deps.clock()
    assert post(live + "/playground/ahead", {"days": 7})["offset_days"] == 7
    assert post(live + "/playground/ahead", {"days": 1})["offset_days"] == 8
    # The app's own clock (what a status, a card or a Done reads) is 8 days on; a break due before the jump
    # is due now, so it arrives at the next tick.
    post(live + "/playground/command", {"user": "UANA", "conv": "dm", "text": "/glutes on"})
    assert eventually(
        lambda: deps.redis.zscore(keys.due(server.TEAM_ID), "UANA")
    )  # `on` answers after its ack
    assert post(live + "/playground/skip", {"user": "UANA"})["moved"] is True
    due = deps.redis.zscore(keys.due(server.TEAM_ID), "UANA") / 1000
    assert due - start.timestamp() >= 8 * 86400 - 5
    assert get(live + "/playground/feed?user=UANA&since=0")["offset_days"] == 8  # the page's clocks follow
    post(live + "/playground/reset", {})
    assert post(live + "/playground/ahead", {"days": 1})["offset_days"] == 1  # reset took the offset too
