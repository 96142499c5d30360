"""The admin check asks Slack (users.info) while Slack waits on the request: an admin form's or button's
ack, a modal's trigger. A slow, failing or rate-limiting Slack gets a short, single try, then the person is
told to try again; nobody is let through on a guess, and nobody is told they are not an admin."""

from __future__ import annotations

import time

import pytest
from slack_sdk.errors import SlackApiError

from slackapp import ids
from slackapp.devkit.standin import Failure
from slackapp.flows import admin
from slackapp.listeners.middleware import ACK_DEADLINE_SECONDS
from slackapp.store import keys, workspace_config
from slackapp.ui.i18n import translator
from tests.conftest import SlackUser
from tests.test_boards_challenges import admin_state

TRY_AGAIN = "Slack didn't confirm your admin rights in time"


def admin_newcomer(client, standin, user_id="UBOSS", locale="en-US") -> SlackUser:
    """A workspace admin whose profile glutes has not cached: the check has to ask Slack."""
    standin.add_user(user_id, tz="UTC", is_admin=True, locale=locale)
    return SlackUser(client, standin, user_id, "T1")


def timed_submit(person: SlackUser) -> tuple[dict, float]:
    started = time.monotonic()
    response = person.submit(ids.VIEW_ADMIN, admin_state())
    elapsed = time.monotonic() - started
    assert response.status_code == 200, response.data
    return response.get_json(silent=True) or {}, elapsed


def saved_board_channel(store, deps) -> str | None:
    return workspace_config.get(store, deps.settings, team_id="T1").board_channel


def test_a_slow_slack_answers_the_settings_form_in_time_and_saves_nothing(client, standin, store, deps):
    standin.fail("users.info", Failure(delay=3.0))  # past Slack's 3 s, and under the app's own 10 s timeout
    boss = admin_newcomer(client, standin)
    answer, elapsed = timed_submit(boss)
    assert elapsed < ACK_DEADLINE_SECONDS, elapsed
    assert answer["response_action"] == "errors"
    assert TRY_AGAIN in answer["errors"][ids.BLOCK_ADMIN_HOURS]
    assert "Only workspace admins" not in str(answer)  # not known to be refused: told to try again
    assert saved_board_channel(store, deps) is None
    assert len(standin.calls_to("users.info")) == 1  # asked once, no retry inside the window


def test_a_rate_limited_slack_is_not_waited_out_inside_the_ack(client, standin, store, deps):
    standin.fail("users.info", Failure(status=429, retry_after=30, times=1))
    boss = admin_newcomer(client, standin)
    answer, elapsed = timed_submit(boss)
    assert elapsed < ACK_DEADLINE_SECONDS, elapsed  # Retry-After (30 s) was not slept through
    assert TRY_AGAIN in answer["errors"][ids.BLOCK_ADMIN_HOURS]
    assert saved_board_channel(store, deps) is None
    # A minute later Slack answers again, and the same form goes through.
    answer, _ = timed_submit(boss)
    assert answer == {} and saved_board_channel(store, deps) == "CBOARD"


def test_a_home_button_tells_the_admin_to_try_again_in_their_language(client, standin, store):
    boss = admin_newcomer(client, standin, "UBOSSDE")
    boss.reply_to("language de")
    store.delete(keys.profile("T1", "UBOSSDE"))  # no cached profile: the check has to ask Slack
    standin.fail("users.info", Failure(status=503))
    standin.forget_calls()
    assert boss.home_click(ids.ACTION_OPEN_ADMIN, "admin").status_code == 200
    [told] = standin.wait_for("chat.postEphemeral")  # a Home button has no response URL: told in the DM
    assert told.args["text"] == translator("de").gettext(admin.UNCONFIRMED) != admin.UNCONFIRMED
    assert len(standin.calls_to("users.info")) == 1 and standin.calls_to("views.open") == []


def test_the_admin_command_says_try_again_and_opens_no_modal(client, standin):
    standin.fail("users.info", Failure(delay=3.0))
    boss = admin_newcomer(client, standin)
    reply = boss.reply_to("admin")
    assert TRY_AGAIN in reply["text"]
    assert standin.calls_to("views.open") == []


def test_a_fresh_cached_profile_needs_no_slack_at_all(client, standin, store, deps):
    boss = admin_newcomer(client, standin)
    assert timed_submit(boss)[0] == {}  # the first check caches the profile for ten minutes
    standin.fail("users.info", Failure(status=500))
    answer, _ = timed_submit(boss)
    assert answer == {} and saved_board_channel(store, deps) == "CBOARD"


def test_a_dead_token_is_not_mistaken_for_a_slow_slack(deps, standin, clock):
    from slackapp.slack.client import web_client

    standin.add_user("UBOSS", is_admin=True)
    standin.fail("users.info", Failure(error="account_inactive"))
    with pytest.raises(SlackApiError):
        admin.is_admin(
            deps.redis,
            web_client(deps.settings, deps.settings.slack_bot_token),
            deps.settings,
            team_id="T1",
            user_id="UBOSS",
            now=clock(),
            within_seconds=0.8,
        )
