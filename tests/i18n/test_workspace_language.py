"""Channel posts speak the workspace language an admin sets in the settings modal; each person's own
replies keep theirs."""

from __future__ import annotations

from slackapp import ids
from slackapp.store import workspace_config
from slackapp.ui.admin import BLOCK_ADMIN_LANGUAGE
from slackapp.ui.i18n import translator
from tests.conftest import SlackUser
from tests.i18n.helpers import speaks, text_nodes
from tests.test_boards_challenges import admin_state, posts_to

RULES = (
    "*How it works*\n"
    "• Every *Done* on a break card during the challenge counts one point.\n"
    "• Standings are posted here every day.\n"
    "• The top three are named when it ends.\n"
    "• Joining turns on your break reminders, so the cards come to you."
)


def _with_language(code):
    state = admin_state()
    state[BLOCK_ADMIN_LANGUAGE] = {
        ids.ACTION_ADMIN_INPUT: {"type": "static_select", "selected_option": {"value": code}}
    }
    return state


def test_an_admin_sets_the_channel_language_and_challenge_posts_use_it(client, standin, store, deps):
    standin.add_user("UBOSS", tz="UTC", is_admin=True, locale="en-US")
    admin = SlackUser(client, standin, "UBOSS")
    assert admin.submit(ids.VIEW_ADMIN, _with_language("fr")).status_code == 200
    assert workspace_config.get(store, deps.settings, team_id="T1").language == "fr"

    reply = admin.reply_to("challenge start 7 Glutes Cup", channel_id="CFUN")  # the admin's own: English
    assert "Glutes Cup" in reply["text"]
    [announcement] = posts_to(standin, "CFUN")
    posted = "\n".join(text for _path, text in text_nodes(announcement.args))
    assert translator("fr").gettext(RULES) != RULES
    assert speaks(posted, "fr", RULES), posted


def test_a_crafted_language_keeps_channel_posts_in_english(client, standin, store, deps):
    standin.add_user("UBOSS", tz="UTC", is_admin=True)
    admin = SlackUser(client, standin, "UBOSS")
    assert admin.submit(ids.VIEW_ADMIN, _with_language("xx")).status_code == 200
    assert workspace_config.get(store, deps.settings, team_id="T1").language == "en"


def test_a_non_admin_cannot_set_the_workspace_language(alice, store, deps):
    answer = alice.submit(ids.VIEW_ADMIN, _with_language("de")).get_json()
    assert answer["response_action"] == "errors"
    assert workspace_config.get(store, deps.settings, team_id="T1").language == "en"


def test_the_default_challenge_title_is_shown_in_the_channel_language_and_a_typed_one_as_typed(
    client, standin, store, deps
):
    standin.add_user("UBOSS", tz="UTC", is_admin=True, locale="en-US")
    admin = SlackUser(client, standin, "UBOSS")
    assert admin.submit(ids.VIEW_ADMIN, _with_language("fr")).status_code == 200

    admin.reply_to("challenge start 7", channel_id="CFUN")  # no title: the default one
    admin.reply_to("challenge start 7 Done", channel_id="CDONE")  # a title that is also a msgid
    [default] = posts_to(standin, "CFUN")
    [typed] = posts_to(standin, "CDONE")
    default_text = "\n".join(text for _path, text in text_nodes(default.args))
    typed_text = "\n".join(text for _path, text in text_nodes(typed.args))
    assert "Défi fessiers" in default_text and "Glute Challenge" not in default_text
    assert ":trophy: Done" in typed_text.splitlines()  # the header: the title as typed, not "Fait"
    assert ":trophy: Défi fessiers" in default_text.splitlines()
