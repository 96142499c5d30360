"""The request middleware: is_admin is asked only by what needs it; admin-only listeners refuse others."""

from __future__ import annotations

from slackapp import ids
from slackapp.ui.admin import refusal_text


def test_an_ordinary_command_never_asks_whether_the_person_is_an_admin(alice, standin):
    alice.reply_to("status")
    alice.reply_to("help")
    assert standin.calls_to("users.info") == []


def test_a_bare_challenge_command_asks_once_and_shows_a_non_admin_the_help(alice, standin):
    assert "Channel challenges" in alice.reply_to("challenge")["text"]
    assert len(standin.calls_to("users.info")) == 1


def test_an_admin_only_modal_refuses_inline_on_the_server(alice):
    response = alice.submit(ids.VIEW_ADMIN, {})
    assert response.status_code == 200
    assert response.get_json() == {
        "response_action": "errors",
        "errors": {ids.BLOCK_ADMIN_HOURS: refusal_text()},
    }
