"""The person's language through the real path: their Slack locale (users.info with include_locale), the
`/glutes language` override, and the local subcommand words."""

from __future__ import annotations

from slackapp import ids
from slackapp.domain import languages
from slackapp.store import keys, profiles
from slackapp.ui.i18n import translator
from slackapp.ui.language import ACTION_LANGUAGE_CHOICE
from tests.conftest import SlackUser, eventually
from tests.i18n.helpers import speaks
from tests.test_breaks import cards_to, deliver_due

BREAKS_ON = ":muscle: Breaks are on, {rhythm}. {when}{dm}"
CHOSEN = ":speech_balloon: From now on I speak {language} to you. `{command} language` shows the choices."


def _done_button(card) -> str:
    actions = next(b for b in card.args["blocks"] if b.get("block_id") == ids.BLOCK_BREAK_ACTIONS)
    return actions["elements"][0]["text"]["text"]


def test_a_german_slack_user_gets_german_replies_and_cards_then_spanish_after_choosing_it(
    client, standin, store, deps, clock
):
    standin.add_user("U7", tz="UTC", locale="de-DE")
    person = SlackUser(client, standin, "U7", "T1")

    reply = person.reply_to("on")
    assert speaks(reply["text"], "de", BREAKS_ON), reply["text"]
    lookups = standin.calls_to("users.info")
    assert lookups and str(lookups[0].args.get("include_locale")).lower() in ("1", "true")
    assert profiles.get(store, team_id="T1", user_id="U7").locale == "de-DE"
    welcome = standin.wait_for("chat.postMessage", where=lambda c: c.args.get("channel") == "U7")[0]
    assert welcome.args["text"] == translator("de").gettext(
        "Welcome to glutes: short breaks during your work hours to get your glutes working again."
    )

    deliver_due(deps, clock, minutes=50)
    [card] = cards_to(standin, "U7")
    assert _done_button(card) == translator("de").gettext("Done") != "Done"

    reply = person.reply_to("language es")
    assert speaks(reply["text"], "es", CHOSEN), reply["text"]
    assert languages.NAMES["es"] in reply["text"]
    assert store.get(keys.language("T1", "U7")) == "es"

    deliver_due(deps, clock, minutes=50)
    cards = cards_to(standin, "U7")
    assert len(cards) == 2
    assert _done_button(cards[-1]) == translator("es").gettext("Done") != "Done"

    reply = person.reply_to("language auto")  # back to Slack's German
    assert speaks(reply["text"], "de", CHOSEN), reply["text"]
    assert store.get(keys.language("T1", "U7")) is None


def test_language_alone_shows_the_current_one_and_the_choices(alice):
    text = alice.reply_to("language")["text"]
    assert "English" in text and "It follows your Slack language." in text
    for code, name in languages.NAMES.items():
        assert f"`{code}` ({name})" in text


def test_an_unknown_language_gets_a_friendly_answer_listing_the_choices(alice, store):
    reply = alice.reply_to("language klingon")
    assert reply["response_type"] == "ephemeral"
    assert 'I don\'t speak "klingon" yet.' in reply["text"]
    assert "pt_BR (Português (Brasil))" in reply["text"]
    assert store.get(keys.language("T1", "U1")) is None


def test_local_words_run_the_subcommands(alice, store):
    assert "Breaks are on" in alice.reply_to("activar")["text"]
    assert "Breaks are off" in alice.reply_to("aus")["text"]
    assert "Breaks are on" in alice.reply_to("ativar")["text"]
    assert "Breaks are off" in alice.reply_to("désactiver")["text"]
    assert "I speak" in alice.reply_to("idioma")["text"]


def test_help_is_in_the_persons_language_with_the_commands_in_english(alice):
    alice.reply_to("language fr")
    text = alice.reply_to("aide")["text"]
    assert speaks(text, "fr", "Show this list."), text
    assert "`/glutes on`" in text and "`/glutes language es`" in text


def test_the_home_language_picker_switches_the_home(alice, standin, store):
    alice.open_home()
    response = alice.home_click(ACTION_LANGUAGE_CHOICE, "ja", select=True)
    assert response.status_code == 200
    assert eventually(lambda: store.get(keys.language("T1", "U1")) == "ja")
    published = eventually(
        lambda: [
            c
            for c in standin.calls_to("views.publish")
            if any(
                (b.get("accessory") or {}).get("initial_option", {}).get("value") == "ja"
                for b in c.args["view"]["blocks"]
            )
        ]
    )
    assert published


def test_forget_me_removes_the_language_choice(alice, store):
    alice.reply_to("language de")
    assert store.get(keys.language("T1", "U1")) == "de"
    alice.click(ids.ACTION_FORGET_CONFIRM, "yes")
    assert eventually(lambda: store.get(keys.language("T1", "U1")) is None)
