"""The /glutes subcommands: each reply names what changed and the next break in local time."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from slackapp.domain.timestamps import from_ms
from slackapp.store import people


def next_due(store):
    person = people.get(store, team_id="T1", user_id="U1")
    return from_ms(person.next_due_ms) if person.next_due_ms else None


def test_a_redis_only_subcommand_answers_in_its_ack_and_posts_nothing_after(alice, standin):
    answer = alice.command("status").get_json()
    assert answer["response_type"] == "ephemeral" and "*off*" in answer["text"]
    # `on` answers at its response URL once its ack is sent (and after Slack calls of its own): a status
    # reply posted after its ack would be there by then too.
    alice.reply_to("on")
    assert len(standin.calls_to("response")) == 1


def test_a_mistake_in_a_subcommand_answered_in_the_ack_is_named_there(alice):
    answer = alice.command("snooze").get_json()
    assert answer["response_type"] == "ephemeral" and "/glutes snooze 30m" in answer["text"]


@pytest.mark.parametrize("outcome", ["answers late", "times out"])
def test_a_slow_redis_acks_at_the_deadline_and_posts_the_reply_after(alice, standin, monkeypatch, outcome):
    import time

    import redis

    from slackapp.listeners import middleware
    from slackapp.store import person_state

    real_read = person_state.read

    def slow_read(*args, **kwargs):
        time.sleep(0.4)  # past the (shortened) deadline; Slack's own limit is 3 s
        if outcome == "times out":
            raise redis.TimeoutError("Timeout reading from socket")
        return real_read(*args, **kwargs)

    monkeypatch.setattr(middleware, "ACK_DEADLINE_SECONDS", 0.1)
    monkeypatch.setattr(person_state, "read", slow_read)
    answer = alice.command("status", response_name="slow")
    assert answer.status_code == 200 and not answer.data  # the empty ack, sent at the deadline
    [posted] = standin.wait_for("response", where=lambda c: c.args["response_url"] == "/response/slow")
    assert posted.args["response_type"] == "ephemeral"
    expected = "*off*" if outcome == "answers late" else "can't reach its database"
    assert expected in posted.args["text"]


def test_status_when_off_says_how_to_start(alice):
    text = alice.reply_to("status")["text"]
    assert "*off*" in text and "/glutes on" in text and "09:00–17:00 Mon–Fri" in text


def test_on_twice_says_already_on_and_sends_one_welcome(alice, standin):
    alice.reply_to("on")
    assert "already on" in alice.reply_to("on")["text"]
    assert len([c for c in standin.calls_to("chat.postMessage") if "Welcome" in c.args.get("text", "")]) == 1


def test_off_then_status(alice, store):
    alice.reply_to("on")
    assert "Breaks are off" in alice.reply_to("off")["text"]
    assert next_due(store) is None
    assert "already off" in alice.reply_to("off")["text"]


def test_snooze_for_a_while_and_resume(alice, store):
    alice.reply_to("on")
    reply = alice.reply_to("snooze 1h")
    assert "Snoozed" in reply["text"] and "4:00 PM" in reply["text"]
    assert next_due(store) == datetime(2026, 11, 25, 16, 0, tzinfo=UTC)
    assert "Snoozed until *4:00 PM*" in alice.reply_to("status")["text"]
    reply = alice.reply_to("resume")
    assert "Snooze over" in reply["text"] and "3:50 PM" in reply["text"]
    assert "weren't snoozed" in alice.reply_to("resume")["text"]


def test_snooze_today_moves_to_the_next_work_day(alice, store):
    alice.reply_to("on")
    assert "tomorrow 9:50 AM" in alice.reply_to("snooze today")["text"]
    assert next_due(store) == datetime(2026, 11, 26, 9, 50, tzinfo=UTC)


def test_hours_with_days_reschedule_at_once(alice, store):
    alice.reply_to("on")
    reply = alice.reply_to("hours 08:30-14:00 mon,wed,fri")
    assert "08:30–14:00" in reply["text"] and "Mon, Wed, and Fri" in reply["text"]
    # Wednesday 15:00 is past the new end; Thursday is not a work day: Friday 09:20.
    assert next_due(store) == datetime(2026, 11, 27, 9, 20, tzinfo=UTC)
    assert "08:30–14:00 Mon, Wed, and Fri" in alice.reply_to("status")["text"]


def test_every_sets_a_personal_interval(alice, store):
    alice.reply_to("on")
    assert "every 30 min" in alice.reply_to("every 30")["text"]
    assert next_due(store) == datetime(2026, 11, 25, 15, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("every 5", "between 20 and 120"),
        ("every often", "between 20 and 120"),
        ("hours 9-5", "Try `08:30-17:00`"),
        ("hours nine to five", "08:30-17:00"),
        ("hours", "Which hours?"),
        ("hours 09:00-17:00 someday", "mon-fri"),
        ("snooze", "Snooze for how long?"),
        ("snooze forever", "30m"),
        ("hours 09:00-09:30", "shorter than your break interval"),
    ],
)
def test_malformed_input_gets_a_friendly_example(alice, store, text, expected):
    alice.reply_to("on")
    before = people.get(store, team_id="T1", user_id="U1")
    reply = alice.reply_to(text)
    assert reply["response_type"] == "ephemeral"
    assert expected in reply["text"]
    assert people.get(store, team_id="T1", user_id="U1") == before


def test_snooze_when_off_explains(alice):
    assert "/glutes on" in alice.reply_to("snooze 30m")["text"]


def test_redis_outage_gets_a_try_again_reply(alice, redis_server):
    redis_server.stop()
    try:
        reply = alice.reply_to("status")
        assert "try again in a moment" in reply["text"]
    finally:
        redis_server.start()


def test_help_names_every_subcommand_the_app_answers(alice):
    from slackapp.listeners.commands import SUBCOMMANDS

    aliases = {"start", "stop", "board", "selftest", "settings"}
    text = alice.reply_to("help")["text"]
    for name in set(SUBCOMMANDS) - aliases:
        assert f"/glutes {name}" in text, name
