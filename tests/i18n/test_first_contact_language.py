"""A person's first contact is in their Slack language: someone who never turned breaks on (no profile
cached, no language chosen) gets help, status and the Home in the locale users.info gives, looked up once
and kept only briefly; a slow, failing or rate-limiting Slack gives an English reply in time instead."""

from __future__ import annotations

import time
from dataclasses import replace

from slackapp import ids
from slackapp.devkit.standin import Failure
from slackapp.domain.timestamps import to_ms
from slackapp.flows import language
from slackapp.listeners.middleware import ACK_DEADLINE_SECONDS
from slackapp.store import keys, profiles, tombstones
from slackapp.ui.i18n import translator
from slackapp.web.app import create_app
from tests.conftest import SlackUser, eventually
from tests.i18n.helpers import speaks, text_nodes
from tests.privacy_scan import scan

HELP = "Show this list."
STATUS = "Breaks are {state}, {rhythm}."
STARTS_THEM = "`{command} on` starts them."
BREAKS_ON = ":muscle: Breaks are on, {rhythm}. {when}{dm}"
FORGOTTEN = (
    ":wastebasket: Done. Everything glutes stored about you is deleted and your breaks are off. "
    "`{command} on` starts fresh any time."
)


def newcomer(client, standin, user_id: str, locale: str) -> SlackUser:
    standin.add_user(user_id, tz="UTC", locale=locale)
    return SlackUser(client, standin, user_id, "T1")


def timed_reply(person: SlackUser, text: str) -> tuple[dict, float]:
    """The reply Slack shows, which must ride on the ack (never a later post), and how long the ack took."""
    started = time.monotonic()
    response = person.command(text)
    elapsed = time.monotonic() - started
    assert response.status_code == 200, response.data
    reply = response.get_json(silent=True) or {}
    assert reply.get("text"), "the reply was not in the ack"
    return reply, elapsed


def test_a_german_newcomer_gets_help_and_status_in_german(client, standin, store):
    person = newcomer(client, standin, "UDE1", "de-DE")
    help_text = person.reply_to("help")["text"]
    assert speaks(help_text, "de", HELP), help_text
    status = person.reply_to("status")["text"]
    assert speaks(status, "de", STATUS) and speaks(status, "de", STARTS_THEM), status
    # One users.info for both replies, asking for the locale; only the locale is kept, for an hour.
    [lookup] = standin.calls_to("users.info")
    assert str(lookup.args.get("include_locale")).lower() in ("1", "true")
    assert store.get(keys.slack_locale("T1", "UDE1")) == "de-DE"
    assert 0 < store.ttl(keys.slack_locale("T1", "UDE1")) <= profiles.SLACK_LOCALE_TTL_SECONDS
    assert not store.exists(keys.profile("T1", "UDE1"))


def test_a_japanese_newcomer_gets_help_and_status_in_japanese(client, standin):
    person = newcomer(client, standin, "UJA1", "ja-JP")
    help_text = person.reply_to("help")["text"]
    assert speaks(help_text, "ja", HELP), help_text
    status = person.reply_to("status")["text"]
    assert speaks(status, "ja", STATUS) and speaks(status, "ja", STARTS_THEM), status


def test_a_newcomers_first_on_asks_slack_once_for_the_language_and_the_profile(client, standin, store):
    standin.add_user("UDE11", tz="Europe/Berlin", locale="de-DE")
    person = SlackUser(client, standin, "UDE11", "T1")
    assert speaks(person.reply_to("on")["text"], "de", BREAKS_ON)
    assert len(standin.calls_to("users.info")) == 1
    cached = profiles.get(store, team_id="T1", user_id="UDE11")
    assert cached is not None and (cached.tz, cached.locale) == ("Europe/Berlin", "de-DE")


def test_a_german_newcomer_opening_the_home_sees_it_in_german(client, standin):
    person = newcomer(client, standin, "UDE2", "de-DE")
    assert person.open_home().status_code == 200
    [published] = standin.wait_for("views.publish")
    seen = "\n".join(text for _, text in text_nodes(published.args["view"]))
    assert speaks(seen, "de", "Turn breaks on"), seen
    assert len(standin.calls_to("users.info")) == 1  # the Home's own admin check gave the locale


def test_a_german_newcomer_gets_the_self_test_in_german(client, standin):
    person = newcomer(client, standin, "UDE10", "de-DE")
    assert person.command("selftest").status_code == 200
    [opened] = standin.wait_for("views.open")
    assert (
        opened.args["view"]["title"]["text"]
        == translator("de").gettext("Glute self-test")
        != "Glute self-test"
    )


def test_a_japanese_newcomers_button_is_answered_in_japanese(client, standin):
    person = newcomer(client, standin, "UJA4", "ja-JP")
    assert person.click(ids.ACTION_FORGET_CANCEL, "no").status_code == 200
    [answer] = standin.wait_for("response", where=lambda c: c.args["response_url"] == "/response/act-UJA4")
    assert answer.args["text"] == translator("ja").gettext("Nothing was deleted.") != "Nothing was deleted."


def test_a_chosen_language_wins_over_slack_and_asks_slack_nothing_more(client, standin):
    person = newcomer(client, standin, "UDE3", "de-DE")
    person.reply_to("language es")
    asked = len(standin.calls_to("users.info"))
    assert speaks(person.reply_to("help")["text"], "es", HELP)
    assert speaks(person.reply_to("status")["text"], "es", STATUS)
    assert len(standin.calls_to("users.info")) == asked <= 1


def test_a_slow_slack_gives_an_english_reply_within_the_ack_window(client, standin, store):
    standin.fail("users.info", Failure(delay=1.5))
    first = newcomer(client, standin, "UDE4", "de-DE")
    reply, elapsed = timed_reply(first, "help")
    assert HELP in reply["text"] and elapsed < ACK_DEADLINE_SECONDS, elapsed
    assert store.get(keys.slack_locale("T1", "UDE4")) is None
    # Slack was slow: the workspace's next newcomers do not each wait for it again.
    standin.clear_failures()
    second = newcomer(client, standin, "UJA2", "ja-JP")
    assert "Breaks are *off*" in timed_reply(second, "status")[0]["text"]
    assert len(standin.calls_to("users.info")) == 1


def test_a_failing_slack_gives_an_english_reply_not_an_error(client, standin):
    standin.fail("users.info", Failure(status=500))
    person = newcomer(client, standin, "UDE5", "de-DE")
    reply, _ = timed_reply(person, "help")
    assert HELP in reply["text"]
    standin.clear_failures()
    standin.fail("users.info", Failure(error="user_not_found", times=1))
    other = newcomer(client, standin, "UJA3", "ja-JP")
    assert HELP in timed_reply(other, "help")[0]["text"]


def test_someone_slack_does_not_know_is_asked_about_once_not_on_every_reply(client, standin, store):
    """A guest from another organisation (users.info: user_not_found), or an answer with no locale: the
    reply is in English, and the answer is kept for the hour like a locale, so their next replies neither
    ask Slack again nor spend the workspace's share of lookups."""
    standin.fail("users.info", Failure(error="user_not_found"))
    guest = SlackUser(client, standin, "UGUEST1", "T1")
    for _ in range(3):
        assert HELP in timed_reply(guest, "help")[0]["text"]
    assert len(standin.calls_to("users.info")) == 1
    assert store.get(keys.slack_locale("T1", "UGUEST1")) == ""
    assert 0 < store.ttl(keys.slack_locale("T1", "UGUEST1")) <= profiles.SLACK_LOCALE_TTL_SECONDS
    standin.clear_failures()
    standin.add_user("UNOLOCALE", tz="UTC", locale="")  # Slack answers, but with no locale
    quiet = SlackUser(client, standin, "UNOLOCALE", "T1")
    for _ in range(3):
        assert HELP in timed_reply(quiet, "help")[0]["text"]
    assert len(standin.calls_to("users.info")) == 2
    # forget-me leaves nothing of either answer
    guest.reply_to("forget-me")
    guest.click(ids.ACTION_FORGET_CONFIRM, "forget")
    assert eventually(lambda: not store.exists(keys.slack_locale("T1", "UGUEST1")))


def test_a_429_answers_in_english_at_once_and_holds_lookups_for_its_retry_after(client, standin, store):
    standin.fail("users.info", Failure(status=429, retry_after=2, times=1))
    first = newcomer(client, standin, "UDE6", "de-DE")
    reply, elapsed = timed_reply(first, "help")
    assert HELP in reply["text"] and elapsed < 2, elapsed  # Retry-After was not waited out in the ack
    second = newcomer(client, standin, "UDE7", "de-DE")
    assert HELP in timed_reply(second, "help")[0]["text"]
    assert len(standin.calls_to("users.info")) == 1  # held: Slack was not asked for the second
    assert 0 < store.ttl(keys.locale_lookups("T1")) <= 2  # for Slack's Retry-After, no longer


def test_a_flood_of_newcomers_asks_slack_no_more_than_the_workspaces_share(client, standin, monkeypatch):
    monkeypatch.setattr(language, "FIRST_CONTACT_LOOKUPS_PER_MINUTE", 3)
    people = [newcomer(client, standin, f"UFLOOD{n}", "de-DE") for n in range(5)]
    replies = [timed_reply(person, "help")[0]["text"] for person in people]
    assert len(standin.calls_to("users.info")) == 3
    assert [speaks(text, "de", HELP) for text in replies] == [True, True, True, False, False]
    assert all(HELP in text for text in replies[3:])


def test_slacks_news_about_people_never_asks_slack(client, standin, store):
    stranger = {"id": "UNEWS1", "team_id": "T1", "tz": "Europe/Berlin", "locale": "de-DE"}
    stranger["profile"] = {"status_text": "Im Urlaub", "status_emoji": ":palm_tree:"}
    person = SlackUser(client, standin, "UNEWS1", "T1")
    assert person.event({"type": "user_change", "user": stranger}, event_id="EvNews").status_code == 200
    assert not eventually(lambda: standin.calls_to("users.info"), timeout=0.3)
    assert scan(store, "UNEWS1").traces == []


def test_forget_me_leaves_nothing_of_the_lookup(client, standin, store):
    person = newcomer(client, standin, "UDE8", "de-DE")
    assert speaks(person.reply_to("help")["text"], "de", HELP)
    assert store.get(keys.slack_locale("T1", "UDE8")) == "de-DE"
    person.click(ids.ACTION_FORGET_CONFIRM, "yes")
    forgotten = keys.forgotten("T1", "UDE8")
    assert eventually(lambda: [t for t in scan(store, "UDE8").traces if t[0] != forgotten] == [])


def test_the_forget_me_click_speaks_their_language_and_keeps_nothing_of_it(deps, standin, store, clock):
    # Every read of the app's clock is a moment later, as with a real clock: the reply is rendered (and
    # the locale looked up) after forget-me has left its tombstone.
    app = create_app(deps=replace(deps, clock=lambda: clock.advance(milliseconds=1))).test_client()
    standin.add_user("UDE12", tz="UTC", locale="de-DE")
    person = SlackUser(app, standin, "UDE12", "T1")
    assert person.click(ids.ACTION_FORGET_CONFIRM, "yes").status_code == 200
    [answer] = standin.wait_for("response", where=lambda c: c.args["response_url"] == "/response/act-UDE12")
    assert speaks(answer.args["text"], "de", FORGOTTEN), answer.args["text"]
    forgotten = keys.forgotten("T1", "UDE12")
    assert [t for t in scan(store, "UDE12").traces if t[0] != forgotten] == []


def test_a_lookup_in_flight_during_forget_me_keeps_nothing(store, clock):
    asked = to_ms(clock())
    tombstones.mark(store, team_id="T1", user_id="UDE9", now_ms=asked + 5)
    kept = profiles.save_slack_locale(store, team_id="T1", user_id="UDE9", locale="de-DE", asked_ms=asked)
    assert not kept and store.get(keys.slack_locale("T1", "UDE9")) is None
    # Asked after the forgetting (their next command), it is a new first contact and may be kept.
    assert profiles.save_slack_locale(store, team_id="T1", user_id="UDE9", locale="de-DE", asked_ms=asked + 9)
