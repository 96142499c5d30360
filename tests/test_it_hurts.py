"""Issue 23, point 1, through signed Slack requests and the real worker: "It hurts" on a delivered break
card or a team break runs the self-test's pain path (cards pause, the urgent signs and the way back are
shown, the check-in follows) and resume brings the cards back."""

from __future__ import annotations

from datetime import UTC, datetime

from slackapp import ids
from slackapp.store import people, tasks
from slackapp.ui.wording import PAIN_ADVICE, URGENT_SIGNS
from tests.test_boards_challenges import boss, posts_to
from tests.test_pause_safety import cards_to, deliver, dms_with, text_of, unescaped


def card_buttons(call):
    [actions] = [b for b in call.args["blocks"] if b.get("block_id") == ids.BLOCK_BREAK_ACTIONS]
    return {e["action_id"]: e for e in actions["elements"]}


def test_it_hurts_on_a_card_pauses_the_cards_names_the_urgent_signs_and_resume_brings_them_back(
    alice, standin, store, deps, clock
):
    alice.reply_to("on")
    alice.reply_to("every 20")
    deliver(deps, clock, minutes=20)
    [card] = cards_to(standin)
    hurts = card_buttons(card)[ids.ACTION_BREAK_HURTS]
    assert hurts["text"]["text"] == ":raised_hand: It hurts"

    alice.click(ids.ACTION_BREAK_HURTS, hurts["value"], message_ts=card.args.get("ts") or "1700000001.000100")
    [updated] = standin.wait_for("chat.update")
    shown = unescaped(updated.args["blocks"])
    assert URGENT_SIGNS in shown and PAIN_ADVICE in shown
    assert ids.ACTION_RESUME_BREAKS in shown and ids.ACTION_BREAK_DONE not in shown  # updated in place
    assert people.get(store, team_id="T1", user_id="U1").paused is not None
    assert tasks.due_ms(store, team_id="T1", task=tasks.checkin_task("U1")) is not None  # check-in booked

    for _ in range(3):  # three more intervals: no card
        deliver(deps, clock, minutes=20)
    assert len(cards_to(standin)) == 1

    alice.click(ids.ACTION_RESUME_BREAKS, "card")
    [resumed] = standin.wait_for("response", where=lambda c: c.args["response_url"] == "/response/act-U1")
    assert resumed.args["replace_original"] is True and "Breaks resumed" in resumed.args["text"]
    deliver(deps, clock, minutes=20)
    assert len(cards_to(standin)) == 2


def test_it_hurts_is_there_in_every_language(alice, standin, deps, clock):
    alice.reply_to("on")
    for code, label in (("es", "Me duele"), ("ja", "痛い")):
        alice.reply_to(f"language {code}")
        deliver(deps, clock, minutes=50)
        hurts = card_buttons(cards_to(standin)[-1])[ids.ACTION_BREAK_HURTS]
        assert label in hurts["text"]["text"], (code, hurts)


def test_it_hurts_under_a_team_break_answers_only_the_tapper_and_pauses_their_cards(
    alice, client, standin, store, deps, clock
):
    alice.reply_to("on")
    admin = boss(client, standin)
    admin.reply_to("challenge start 3 Spring Glute Reset", channel_id="CFUN")
    admin.reply_to("challenge teambreak", channel_id="CFUN")
    [team_break] = [c for c in posts_to(standin, "CFUN") if ids.ACTION_TEAM_BREAK_JOIN in text_of(c.args)]
    assert ids.ACTION_TEAM_BREAK_HURTS in text_of(team_break.args["blocks"])
    posts_before = len(posts_to(standin, "CFUN"))

    alice.click(ids.ACTION_TEAM_BREAK_HURTS, "whatever", channel_id="CFUN")
    [answer] = standin.wait_for("response", where=lambda c: c.args["response_url"] == "/response/act-U1")
    assert answer.args["response_type"] == "ephemeral" and answer.args["replace_original"] is False
    assert URGENT_SIGNS in unescaped(answer.args["blocks"])
    assert len(posts_to(standin, "CFUN")) == posts_before  # nothing said in the channel
    assert people.get(store, team_id="T1", user_id="U1").paused is not None
    assert people.get(store, team_id="T1", user_id=admin.user_id).paused is None
    deliver(deps, clock, minutes=50)
    assert cards_to(standin) == []


def test_the_check_in_follows_an_it_hurts_as_it_does_a_pain_answer(alice, standin, deps, clock):
    alice.reply_to("on")
    deliver(deps, clock, minutes=50)
    [card] = cards_to(standin)
    alice.click(ids.ACTION_BREAK_HURTS, card_buttons(card)[ids.ACTION_BREAK_HURTS]["value"])
    standin.wait_for("chat.update")
    clock.now = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)  # the third work day after Wednesday
    deliver(deps, clock)
    [checkin] = dms_with(standin, ids.ACTION_RESUME_BREAKS)
    assert PAIN_ADVICE in unescaped(checkin.args["blocks"])
