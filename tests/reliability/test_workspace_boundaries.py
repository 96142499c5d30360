"""Which workspace and org a request may speak for, against the real web process (issue 24, findings 7, 8)."""

from __future__ import annotations

import http.client
import json
from urllib.parse import parse_qsl, urlencode

import pytest
import redis

from slackapp import ids
from slackapp.devkit import slack_requests
from slackapp.store import installations, keys
from tests.conftest import SIGNING_SECRET
from tests.reliability.stack import Web

pytestmark = pytest.mark.reliability


def post(web: Web, body: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", web.port, timeout=15)
    try:
        connection.request(
            "POST",
            "/slack/events",
            body=body.encode(),
            headers=slack_requests.signed_headers(SIGNING_SECRET, body),
        )
        answer = connection.getresponse()
        return answer.status, answer.read()
    finally:
        connection.close()


def every_key_and_member(r: redis.Redis) -> set[str]:
    found = set()
    for key in r.scan_iter(match="*"):
        found.add(key)
        if r.type(key) == "set":
            found |= {f"{key} ∋ {member}" for member in r.smembers(key)}
        elif r.type(key) == "zset":
            found |= {f"{key} ∋ {member}" for member in r.zrange(key, 0, -1)}
    return found


def test_the_org_is_never_taken_from_a_request_body(web, private_redis, standin, figures):
    standin.add_user("U2", tz="UTC")  # not an admin
    r = redis.Redis.from_url(private_redis.url, decode_responses=True)
    submission = {
        "type": "view_submission",
        "team": {"id": "T1"},
        "user": {"id": "U2", "team_id": "T1"},
        "enterprise": {"id": "E1"},
        "api_app_id": "A1",
        "view": {"id": "V1", "type": "modal", "callback_id": ids.VIEW_ADMIN, "state": {"values": {}}},
    }
    status, answer = post(web, urlencode({"payload": json.dumps(submission)}))
    assert status == 200 and b"admin" in answer, answer  # refused inline, as for any non-admin
    command = dict(parse_qsl(slack_requests.command_body("status"))) | {"enterprise_id": "E2"}
    assert post(web, urlencode(command))[0] == 200
    assert installations.enterprise_of(r, team_id="T1") is None, r.get(keys.enterprise_of("T1"))
    figures(
        fault="An `enterprise` id in a refused view_submission and in a command (org fallback poisoning)",
        cases=2,
        lost=0,
        duplicates=0,
        recovery_s=0,
        note="nothing recorded: the org is noted only from the installation Bolt authorised",
    )


def test_single_token_mode_refuses_other_workspaces_and_creates_nothing(web, private_redis, standin, figures):
    standin.add_user("U5", tz="UTC", team_id="T2")
    r = redis.Redis.from_url(private_redis.url, decode_responses=True)
    # The app's own workspace first (Bolt's auth.test of the token happens once, here).
    assert post(web, slack_requests.command_body("status"))[0] == 200
    before = every_key_and_member(r)
    foreign = [
        slack_requests.command_body(
            "on", user_id="U5", team_id="T2", response_url=standin.response_url("t2")
        ),
        slack_requests.command_body("hide", user_id="U5", team_id="T2"),
        slack_requests.home_button_body(ids.ACTION_TURN_ON, "on", user_id="U5", team_id="T2"),
        slack_requests.event_body(
            {"type": ids.EVENT_APP_HOME_OPENED, "user": "U5", "tab": "home", "channel": "D5"},
            team_id="T2",
            event_id="EvT2",
        ),
    ]
    answers = [post(web, body) for body in foreign]
    assert all(status == 200 and not body for status, body in answers), answers
    created = sorted(every_key_and_member(r) - before)
    assert not created, f"keys made for another workspace: {created[:10]}"
    assert not [c.method for c in standin.calls if "U5" in json.dumps(c.args)], "Slack was called for U5"
    # The app's own workspace still answered.
    status, body = post(web, slack_requests.command_body("status"))
    assert status == 200 and b"Breaks" in body
    figures(
        fault="Single-token mode: signed requests naming another team_id (command, button, event)",
        cases=len(foreign),
        lost=0,
        duplicates=0,
        recovery_s=0,
        note="each answered empty and logged once per team; no key, registration or Slack call for it",
    )
