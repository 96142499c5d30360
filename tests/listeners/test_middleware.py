"""The request middleware: is_admin is asked only by what needs it; admin-only listeners refuse others."""

from __future__ import annotations

import threading
import time

from slackapp import ids
from slackapp.listeners.middleware import AckOnce, Deadlines
from slackapp.store import keys
from slackapp.ui.admin import refusal_text


def test_an_ordinary_command_never_asks_whether_the_person_is_an_admin(alice, standin, store):
    alice.reply_to("status")
    alice.reply_to("help")
    # One users.info: the first contact's locale (tests/i18n/test_first_contact_language.py). An admin check
    # would have cached the profile.
    assert len(standin.calls_to("users.info")) == 1
    assert not store.exists(keys.profile("T1", "U1"))


def test_a_bare_challenge_command_asks_once_and_shows_a_non_admin_the_help(alice, standin):
    # Once in all: the reply's language is read after the admin check, from the profile it cached.
    assert "Channel challenges" in alice.reply_to("challenge")["text"]
    assert len(standin.calls_to("users.info")) == 1


def test_an_admin_only_modal_refuses_inline_on_the_server(alice):
    response = alice.submit(ids.VIEW_ADMIN, {})
    assert response.status_code == 200
    assert response.get_json() == {
        "response_action": "errors",
        "errors": {ids.BLOCK_ADMIN_HOURS: refusal_text()},
    }


def test_single_token_mode_answers_another_workspace_empty_and_logs_it_once(client, standin, alice, caplog):
    from tests.conftest import SlackUser

    assert alice.reply_to("status")["text"]  # the token's own workspace (auth.test says T1)
    stranger = SlackUser(client, standin, "U5", "T2")
    with caplog.at_level("WARNING", logger="glutes"):
        answers = [stranger.command(text) for text in ("on", "hide", "status")]
    assert all(a.status_code == 200 and not a.data for a in answers)
    refused = [r for r in caplog.records if "refused a request for workspace" in r.getMessage()]
    assert len(refused) == 1 and "'T2'" in refused[0].getMessage()


def test_ack_deadlines_fire_in_time_order_on_one_thread():
    # A command's ack deadline waits on one shared thread (a Timer per command was a thread per command).
    deadlines, fired, done = Deadlines(), [], threading.Event()
    threads_before, start = threading.active_count(), time.monotonic()
    for name, delay in (("late", 0.15), ("early", 0.05), ("middle", 0.1)):
        deadlines.call_at(start + delay, lambda n=name: fired.append((n, time.monotonic() - start)))
    deadlines.call_at(start + 0.2, done.set)
    assert done.wait(2)
    assert [name for name, _ in fired] == ["early", "middle", "late"]
    assert all(at >= delay for (_, at), delay in zip(fired, (0.05, 0.1, 0.15), strict=True))
    assert threading.active_count() - threads_before == 1


def test_a_command_acked_by_its_listener_is_not_acked_again_at_the_deadline():
    sent = []
    once = AckOnce(lambda **reply: sent.append(reply), Deadlines())
    once.send_empty_by(0.05)
    assert once.send(text="hi")
    time.sleep(0.1)
    assert sent == [{"text": "hi"}]
    assert not once.send(text="again")
