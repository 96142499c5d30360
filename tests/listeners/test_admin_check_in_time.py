"""The admin check asks Slack (users.info) while Slack waits on the request: an admin form's or button's
ack, a modal's trigger. A slow, failing or rate-limiting Slack gets a short, single try, then the person is
told to try again; nobody is let through on a guess, and nobody is told they are not an admin."""

from __future__ import annotations

import time

import pytest
from slack_sdk.errors import SlackApiError

from slackapp import ids
from slackapp.devkit import slack_requests
from slackapp.devkit.standin import Failure
from slackapp.flows import admin, language
from slackapp.listeners.middleware import ACK_DEADLINE_SECONDS
from slackapp.slack.client import web_client
from slackapp.store import challenges, keys, workspace_config
from slackapp.ui.i18n import translator
from tests.conftest import SlackUser, eventually, run_jobs
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
    # One users.info: the same request's language lookup, and the next tries, wait out Slack's Retry-After.
    assert len(standin.calls_to("users.info")) == 1
    answer, _ = timed_submit(boss)
    assert TRY_AGAIN in answer["errors"][ids.BLOCK_ADMIN_HOURS]
    assert len(standin.calls_to("users.info")) == 1
    assert 25 < store.ttl(keys.locale_lookups("T1")) <= 30


def test_once_slacks_pause_is_over_the_same_form_goes_through(client, standin, store, deps):
    standin.fail("users.info", Failure(status=429, retry_after=1, times=1))
    boss = admin_newcomer(client, standin)
    assert TRY_AGAIN in timed_submit(boss)[0]["errors"][ids.BLOCK_ADMIN_HOURS]
    assert eventually(lambda: not store.exists(keys.locale_lookups("T1")), timeout=3)
    answer, _ = timed_submit(boss)
    assert answer == {} and saved_board_channel(store, deps) == "CBOARD"


def test_an_admin_check_late_in_the_ack_window_gives_slack_only_what_is_left(deps):
    from slackapp.listeners.middleware import ADMIN_LOOKUP_SECONDS, slack_seconds_before_ack

    class Context(dict):
        pass

    fresh, late = Context(arrived_at=time.monotonic()), Context(arrived_at=time.monotonic() - 1.5)
    assert slack_seconds_before_ack(fresh, ADMIN_LOOKUP_SECONDS) == ADMIN_LOOKUP_SECONDS
    assert slack_seconds_before_ack(late, ADMIN_LOOKUP_SECONDS) < 0.16  # (2 - 1.5 - 0.2) / 2


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


# --- Slack calls the admin forms make before their ack ---------------------------------------------------


def challenge_state(days: str, title: str) -> dict:
    field = ids.ACTION_CHALLENGE_INPUT
    return {
        ids.BLOCK_CHALLENGE_DAYS: {field: {"type": "plain_text_input", "value": days}},
        ids.BLOCK_CHALLENGE_TITLE: {field: {"type": "plain_text_input", "value": title}},
    }


def test_a_board_channel_note_slack_rate_limits_answers_the_form_in_time(client, standin, store, deps):
    """The note that proves the app is in the chosen board channel is posted before the form's ack: a 429
    is not waited out (Bolt would answer 404 past the window), and the field says to try again."""
    boss = admin_newcomer(client, standin)
    boss.reply_to("status")  # the admin's profile is cached; only the channel note meets the 429
    standin.fail("chat.postMessage", Failure(status=429, retry_after=4, times=1))
    answer, elapsed = timed_submit(boss)
    assert elapsed < ACK_DEADLINE_SECONDS, elapsed
    assert "Slack is busy" in answer["errors"][ids.BLOCK_ADMIN_CHANNEL]
    assert saved_board_channel(store, deps) is None


def test_a_challenge_announcement_slack_fails_follows_from_a_job(client, standin, store, deps):
    boss = admin_newcomer(client, standin)
    boss.reply_to("status")
    standin.fail("chat.postMessage", Failure(status=503, times=1))
    started = time.monotonic()
    body = slack_requests.view_submission_body(
        ids.VIEW_CHALLENGE_START,
        challenge_state("7", "Desk Squad"),
        user_id="UBOSS",
        private_metadata="CFORM",
    )
    response = boss.post(body)
    elapsed = time.monotonic() - started
    assert response.status_code == 200 and (response.get_json(silent=True) or {}) == {}
    assert elapsed < ACK_DEADLINE_SECONDS, elapsed
    assert len(standin.calls_to("chat.postMessage")) == 1  # one try before the ack, no retries inside it
    assert challenges.in_channel(store, team_id="T1", channel_id="CFORM") is not None  # started
    run_jobs(deps)
    assert any("Desk Squad" in str(c.args.get("text")) for c in standin.calls_to("chat.postMessage"))


def test_a_bare_challenge_command_while_slack_is_slow_shows_the_help(client, standin):
    """`/glutes challenge` is a menu: the start modal for admins, the help for everyone else. Unconfirmed,
    the person gets the help (which names the command that starts one), not an error about admin rights."""
    standin.add_user("UPLAIN", tz="UTC")
    person = SlackUser(client, standin, "UPLAIN", "T1")
    standin.fail("users.info", Failure(delay=3.0))
    reply = person.reply_to("challenge", channel_id="C1")["text"]
    assert "/glutes challenge start" in reply and TRY_AGAIN not in reply
    assert standin.calls_to("views.open") == []


def test_a_retry_after_of_a_day_pauses_lookups_for_two_minutes_at_most(client, standin, store):
    standin.fail("users.info", Failure(status=429, retry_after=86400, times=1))
    timed_submit(admin_newcomer(client, standin))
    assert 0 < store.ttl(keys.locale_lookups("T1")) <= language.LONGEST_PAUSE_SECONDS


def test_a_timeout_of_the_requests_own_short_budget_pauses_nobody_else(client, standin, store, deps, clock):
    """Late in an ack window the check has little time: when it runs out, that is not Slack's slowness,
    so the workspace's other admins and newcomers are not paused; with almost nothing left it asks nothing."""
    standin.add_user("UBOSS", is_admin=True)
    standin.fail("users.info", Failure(delay=0.3, times=1))
    client_ = web_client(deps.settings, deps.settings.slack_bot_token)
    with pytest.raises(admin.AdminUnconfirmed):
        admin.is_admin(
            deps.redis, client_, deps.settings, team_id="T1", user_id="UBOSS", now=clock(), within_seconds=0.2
        )
    assert not store.exists(keys.locale_lookups("T1"))
    asked = len(standin.calls_to("users.info"))
    with pytest.raises(admin.AdminUnconfirmed):
        admin.is_admin(
            deps.redis,
            client_,
            deps.settings,
            team_id="T1",
            user_id="UBOSS",
            now=clock(),
            within_seconds=0.05,
        )
    assert len(standin.calls_to("users.info")) == asked  # not asked at all
    assert admin.is_admin(
        deps.redis, client_, deps.settings, team_id="T1", user_id="UBOSS", now=clock(), within_seconds=0.8
    )


def test_a_slow_answer_to_the_board_note_saves_the_choice_and_posts_one_note(client, standin, store, deps):
    """Slack answered the note late (it was most likely posted): the choice is saved, not refused with a
    'try again' that would post a second note."""
    boss = admin_newcomer(client, standin)
    boss.reply_to("status")
    standin.fail("chat.postMessage", Failure(delay=2.0, times=1))
    answer, elapsed = timed_submit(boss)
    assert elapsed < ACK_DEADLINE_SECONDS and answer == {}, (elapsed, answer)
    assert saved_board_channel(store, deps) == "CBOARD"
    assert len(standin.calls_to("chat.postMessage")) == 1


def test_a_slow_answer_to_the_announcement_is_not_posted_again_by_a_job(client, standin, store, deps):
    boss = admin_newcomer(client, standin)
    boss.reply_to("status")
    standin.fail("chat.postMessage", Failure(delay=2.0, times=1))
    body = slack_requests.view_submission_body(
        ids.VIEW_CHALLENGE_START,
        challenge_state("7", "Desk Squad"),
        user_id="UBOSS",
        private_metadata="CSLOW",
    )
    assert boss.post(body).status_code == 200
    assert challenges.in_channel(store, team_id="T1", channel_id="CSLOW") is not None
    run_jobs(deps)
    assert len(standin.calls_to("chat.postMessage")) == 1  # the one Slack may have posted; no second


def test_what_counts_as_slack_being_busy():
    import ssl
    from urllib.error import URLError

    from slackapp.slack.client import slack_did_nothing, slack_was_busy

    assert slack_was_busy(TimeoutError()) and not slack_did_nothing(TimeoutError())
    assert slack_was_busy(URLError(ConnectionRefusedError())) and slack_did_nothing(
        URLError(ConnectionRefusedError())
    )
    assert not slack_was_busy(URLError(ssl.SSLCertVerificationError()))  # ours to fix, not Slack's
    assert not slack_was_busy(PermissionError()) and not slack_was_busy(ValueError())
