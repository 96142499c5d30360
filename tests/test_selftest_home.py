"""The self-test modal, the 14-day retest, the App Home and the FAQ, through signed Slack requests."""

from __future__ import annotations

import json
from datetime import timedelta

from slackapp import ids
from slackapp.domain.timestamps import from_ms
from slackapp.store import people, selftests, workspace_config
from slackapp.store.workspace_config import WorkspaceConfig
from tests.conftest import SlackUser, eventually, run_jobs
from workers import scheduler


def radio(value):
    return {"type": "radio_buttons", "selected_option": {"value": value} if value else None}


def answers(both="second", left=None, right=None, safety="no"):
    return {
        ids.BLOCK_SELFTEST_BOTH: {ids.ACTION_SELFTEST_SPEED: radio(both)},
        ids.BLOCK_SELFTEST_LEFT: {ids.ACTION_SELFTEST_SPEED: radio(left)},
        ids.BLOCK_SELFTEST_RIGHT: {ids.ACTION_SELFTEST_SPEED: radio(right)},
        ids.BLOCK_SELFTEST_SAFETY: {ids.ACTION_SELFTEST_SAFETY: radio(safety)},
    }


def text_of(view_or_blocks):
    return json.dumps(view_or_blocks, ensure_ascii=False)


def test_test_command_opens_the_modal(alice, standin):
    alice.command("test")
    [opened] = standin.wait_for("views.open")
    assert opened.args["trigger_id"] == "1337.42.abcd"
    assert opened.args["view"]["callback_id"] == ids.VIEW_SELFTEST
    assert "let one leg hang" in text_of(opened.args["view"]).lower()


def test_submission_updates_the_modal_to_a_result_and_schedules_a_retest(alice, store, clock):
    response = alice.submit(ids.VIEW_SELFTEST, answers(both="second"))
    assert response.status_code == 200
    answer = response.get_json()
    assert answer["response_action"] == "update"
    result = text_of(answer["view"])
    assert "not medical advice" in result.lower()
    assert "Clamshells" in result and "side plank" in result.lower()
    assert ids.ACTION_TURN_ON in result  # breaks are off, so the result offers to turn them on
    assert "Talk to a professional" not in result
    [record] = selftests.all_records(store, team_id="T1", user_id="U1")
    assert record["both"] == "second" and record["taken_on"] == "2026-11-25"
    due = selftests.retest_due_ms(store, team_id="T1", user_id="U1")
    assert from_ms(due) == clock() + timedelta(days=14)


def test_safety_yes_shows_the_admins_care_resources(alice, store, deps):
    config = workspace_config.get(store, deps.settings, team_id="T1")
    workspace_config.save(
        store,
        team_id="T1",
        config=WorkspaceConfig(
            **{**config.__dict__, "care_text": "Book the physio benefit on the HR portal."}
        ),
    )
    result = text_of(
        alice.submit(ids.VIEW_SELFTEST, answers(both="instant", safety="yes")).get_json()["view"]
    )
    assert "Talk to a professional" in result
    assert "Book the physio benefit on the HR portal." in result


def test_missing_answers_are_shown_on_the_fields(alice, store):
    response = alice.submit(ids.VIEW_SELFTEST, {})
    answer = response.get_json()
    assert answer["response_action"] == "errors"
    assert set(answer["errors"]) == {ids.BLOCK_SELFTEST_BOTH, ids.BLOCK_SELFTEST_SAFETY}
    assert selftests.all_records(store, team_id="T1", user_id="U1") == []


def test_retest_dm_after_14_days_and_the_next_result_compares(alice, standin, store, deps, clock):
    alice.submit(ids.VIEW_SELFTEST, answers(both="pulses"))
    clock.advance(days=13)
    scheduler.tick(deps, clock())
    run_jobs(deps)
    assert standin.calls_to("chat.postMessage") == []
    clock.advance(days=1)
    scheduler.tick(deps, clock())
    run_jobs(deps)
    [invite] = standin.calls_to("chat.postMessage")
    assert invite.args["channel"] == "U1" and "Nov 25" in text_of(invite.args)
    assert ids.ACTION_OPEN_SELFTEST in text_of(invite.args["blocks"])
    assert selftests.retest_due_ms(store, team_id="T1", user_id="U1") is None
    result = text_of(alice.submit(ids.VIEW_SELFTEST, answers(both="instant")).get_json()["view"])
    assert "faster than on Nov 25" in result
    # A delay alone, within four weeks, gets more breaks and a retest, not a professional (issue 23).
    slower = text_of(alice.submit(ids.VIEW_SELFTEST, answers(both="second")).get_json()["view"])
    assert "Talk to a professional" not in slower
    again = text_of(alice.submit(ids.VIEW_SELFTEST, answers(both="pulses")).get_json()["view"])
    assert "Talk to a professional" not in again and "Wake them up" in again


def test_result_button_turns_breaks_on(alice, standin, store):
    alice.home_click(ids.ACTION_TURN_ON, "on")
    assert eventually(lambda: people.get(store, team_id="T1", user_id="U1").opted_in)


def test_home_shows_the_persons_numbers(alice, standin, store, deps, clock):
    alice.reply_to("on")
    clock.advance(minutes=50)
    scheduler.tick(deps, clock())
    run_jobs(deps)
    card = next(
        c
        for c in standin.calls_to("chat.postMessage")
        if c.args.get("blocks") and "Break time" in c.args["text"]
    )
    block = next(b for b in card.args["blocks"] if b.get("block_id") == ids.BLOCK_BREAK_ACTIONS)
    alice.click(ids.ACTION_BREAK_DONE, block["elements"][0]["value"])
    standin.wait_for("chat.update")
    alice.open_home()
    [published] = standin.wait_for("views.publish")
    assert published.args["user_id"] == "U1"
    home = text_of(published.args["view"])
    assert published.args["view"]["type"] == "home"
    assert "Turn breaks off" in home  # on, with the toggle
    assert "4:40 PM" in home  # next break, in the person's local time
    assert "09:00–17:00" in home and "50 min" in home
    assert "*Today*\\n1 break" in home and "*Streak*\\n1 day" in home
    assert "What is" in home or "gluteal amnesia" in home.lower()  # the FAQ
    assert "Workspace settings" not in home  # not an admin


def test_home_toggle_turns_breaks_off_and_republishes(alice, standin, store):
    alice.reply_to("on")
    alice.open_home()
    standin.wait_for("views.publish")
    alice.home_click(ids.ACTION_HOME_TOGGLE, "off")
    published = standin.wait_for("views.publish", 2)[-1]
    assert not people.get(store, team_id="T1", user_id="U1").opted_in
    assert "Turn breaks on" in text_of(published.args["view"])


def test_admins_see_the_admin_section(client, standin):
    standin.add_user("UADMIN", tz="UTC", is_admin=True)
    boss = SlackUser(client, standin, "UADMIN")
    boss.open_home()
    [published] = standin.wait_for("views.publish")
    home = text_of(published.args["view"])
    assert "Workspace settings" in home and ids.ACTION_OPEN_ADMIN in home


def test_a_done_republishes_the_home_of_people_who_use_it(alice, standin, store, deps, clock):
    alice.reply_to("on")
    alice.open_home()
    standin.wait_for("views.publish")
    clock.advance(minutes=50)
    scheduler.tick(deps, clock())
    run_jobs(deps)
    card = next(c for c in standin.calls_to("chat.postMessage") if "Break time" in c.args.get("text", ""))
    block = next(b for b in card.args["blocks"] if b.get("block_id") == ids.BLOCK_BREAK_ACTIONS)
    alice.click(ids.ACTION_BREAK_DONE, block["elements"][0]["value"])
    standin.wait_for("chat.update")
    assert eventually(lambda: deps.queue("glutes-default").count)
    run_jobs(deps)
    latest = standin.calls_to("views.publish")[-1]
    assert "*Today*\\n1 break" in text_of(latest.args["view"])


def test_prefs_modal_saves_hours_and_refuses_bad_ones(alice, store):
    alice.reply_to("on")
    good = {
        ids.BLOCK_PREFS_HOURS: {ids.ACTION_PREFS_HOURS: {"type": "plain_text_input", "value": "08:00-12:00"}},
        ids.BLOCK_PREFS_DAYS: {
            ids.ACTION_PREFS_DAYS: {
                "type": "checkboxes",
                "selected_options": [{"value": "0"}, {"value": "2"}],
            }
        },
        ids.BLOCK_PREFS_INTERVAL: {
            ids.ACTION_PREFS_INTERVAL: {"type": "static_select", "selected_option": {"value": "30"}}
        },
    }
    assert alice.submit(ids.VIEW_PREFS, good).status_code == 200
    person = people.get(store, team_id="T1", user_id="U1")
    assert (person.start_minute, person.end_minute, person.days, person.interval_s) == (
        480,
        720,
        {0, 2},
        1800,
    )
    bad = {
        **good,
        ids.BLOCK_PREFS_HOURS: {ids.ACTION_PREFS_HOURS: {"type": "plain_text_input", "value": "late"}},
    }
    answer = alice.submit(ids.VIEW_PREFS, bad).get_json()
    assert answer["response_action"] == "errors" and ids.BLOCK_PREFS_HOURS in answer["errors"]
    assert people.get(store, team_id="T1", user_id="U1") == person


def test_faq_answers_the_six_questions(alice):
    reply = alice.reply_to("faq")
    text = text_of(reply["blocks"]).lower()
    for topic in (
        "hip flexor",
        "reciprocal inhibition",
        "falling asleep",
        "a few weeks",
        "professional",
        "work out",
    ):
        assert topic in text, topic
    assert "chiropract" not in text


def test_retest_invites_are_claimed_once_by_two_schedulers(alice, standin, deps, clock, store):
    alice.submit(ids.VIEW_SELFTEST, answers(both="second"))
    clock.advance(days=14)
    assert scheduler.tick(deps, clock()) == 1
    assert scheduler.tick(deps, clock()) == 0
    run_jobs(deps)
    assert len(standin.calls_to("chat.postMessage")) == 1
    # The lease ran out with the invitation already sent: claiming it again sends nothing more.
    clock.advance(minutes=6)
    scheduler.tick(deps, clock())
    run_jobs(deps)
    assert len(standin.calls_to("chat.postMessage")) == 1
