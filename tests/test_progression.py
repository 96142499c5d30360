"""Issue 26 through signed Slack requests, the real worker and Redis: six weeks of work days with a step-up
offer to level 2 and then 3 (nothing changes without the tap), "Too hard" a level down on the next card,
a pain answer back to level 1 with offers stopped, the level on `/glutes status` and Home, and the
variety rule over 40 real cards (default and seated-only)."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlencode

from slackapp import ids
from slackapp.devkit import slack_requests
from slackapp.domain import levels
from slackapp.domain.exercises import SEATED_LIBRARY, by_key, moves_for
from slackapp.store import people
from tests.conftest import run_jobs
from tests.test_breaks import _break_id, cards_to, next_due
from tests.test_pause_safety import report_pain
from workers import scheduler

NAMES = {m.name: m for m in moves_for("floor") + SEATED_LIBRARY}


def _blocks(card) -> str:
    return json.dumps(card.args["blocks"], ensure_ascii=False)


def level_of(card) -> int:
    return int(re.search(r"Level (\d) of 3", _blocks(card)).group(1))


def move_of(card):
    header = next(b for b in card.args["blocks"] if b["type"] == "header")["text"]["text"]
    return NAMES[header.split(": ", 1)[1].split(" ", 1)[1]]


def offered(card) -> int | None:
    found = re.search(r"Try level (\d)", _blocks(card))
    return int(found.group(1)) if found else None


def next_card(deps, clock, store, standin):
    before = len(cards_to(standin, "U1"))
    clock.now = next_due(store)
    scheduler.tick(deps, clock())
    run_jobs(deps)
    found = cards_to(standin, "U1")
    assert len(found) == before + 1
    return found[-1]


def answer(standin, method, act, *args, **kwargs):
    """Do `act` and return the next `method` call it brings (listeners answer after Slack's ack)."""
    before = len(standin.calls_to(method))
    assert act(*args, **kwargs).status_code == 200
    return standin.wait_for(method, before + 1)[-1]


def shows_dose_of_its_level(card) -> bool:
    dosed = levels.at_level(move_of(card), level_of(card))
    return f"*{dosed.dose}*" in _blocks(card) and (dosed.step_how or "") in _blocks(card)


def one_card_a_workday(alice) -> None:
    alice.reply_to("on")
    alice.reply_to("hours 09:00-12:00")
    alice.reply_to("every 120")  # one card a work day, at 11:00: six weeks in 30 cards


def test_six_weeks_step_up_twice_then_too_hard_and_pain(alice, standin, store, deps, clock):
    one_card_a_workday(alice)
    offers, accepted_on = [], {}
    for day in range(30):
        card = next_card(deps, clock, store, standin)
        assert shows_dose_of_its_level(card)
        level = offered(card)
        if level is not None:
            offers.append((day, level))
            if level not in accepted_on and len(offers) > len(accepted_on) + (level == 2):
                # The first offer of level 2 is declined ("Stay here"); later ones are accepted.
                redrawn = answer(
                    standin, "chat.update", alice.click, ids.ACTION_LEVEL_ACCEPT, _break_id(card)
                )
                accepted_on[level] = day
                assert level_of(redrawn) == level and offered(redrawn) is None
            else:
                stayed = answer(standin, "response", alice.click, ids.ACTION_LEVEL_STAY, _break_id(card))
                assert "Staying at level" in stayed.args["text"]
        if day % 6 != 5:  # Done on most cards
            answer(standin, "chat.update", alice.click, ids.ACTION_BREAK_DONE, _break_id(card))
    assert [lvl for _, lvl in offers][:1] == [2] and set(accepted_on) == {2, 3}
    assert accepted_on[2] < accepted_on[3]
    assert people.get(store, team_id="T1", user_id="U1").level == 3
    assert "Level 3 of 3" in alice.reply_to("status")["text"]
    # The level is hers alone: the board she said yes to shows her breaks, never her level.
    alice.reply_to("unhide")
    board = json.dumps(alice.reply_to("leaderboard all"), ensure_ascii=False)
    assert "<@U1>" in board and "level" not in board.lower()

    # "Too hard" after a Done: the very next card is a level down.
    card = next_card(deps, clock, store, standin)
    assert level_of(card) == 3 and shows_dose_of_its_level(card)
    updated = answer(standin, "chat.update", alice.click, ids.ACTION_BREAK_DONE, _break_id(card))
    assert "Too hard" in _blocks(updated)
    reply = answer(standin, "response", alice.click, ids.ACTION_FEEDBACK_TOO_HARD, _break_id(card))
    assert "level 2" in reply.args["text"]
    # A second tap changes nothing.
    reply = answer(standin, "response", alice.click, ids.ACTION_FEEDBACK_TOO_HARD, _break_id(card))
    assert "already" in reply.args["text"]
    card = next_card(deps, clock, store, standin)
    assert level_of(card) == 2 and shows_dose_of_its_level(card)

    # "It hurts" on the card: level 1, and no offer however steady the practice afterwards.
    answer(standin, "chat.update", alice.click, ids.ACTION_BREAK_HURTS, _break_id(card))
    assert "Level 1 of 3" in alice.reply_to("status")["text"]
    assert people.get(store, team_id="T1", user_id="U1").offers_stopped
    alice.reply_to("resume")
    for _ in range(12):
        card = next_card(deps, clock, store, standin)
        assert level_of(card) == 1 and offered(card) is None
        answer(standin, "chat.update", alice.click, ids.ACTION_BREAK_DONE, _break_id(card))
    assert "level up" in alice.reply_to("level")["text"]
    # Stepping up again is the person's own choice, and it lets offers come back.
    assert "level 2" in alice.reply_to("level up")["text"]
    assert not people.get(store, team_id="T1", user_id="U1").offers_stopped


def test_too_easy_twice_brings_the_offer_forward_and_nothing_changes_without_a_yes(
    alice, standin, store, deps, clock
):
    one_card_a_workday(alice)
    for feedback in ("just_right", "too_easy", "too_easy"):
        card = next_card(deps, clock, store, standin)
        assert offered(card) is None
        answer(standin, "chat.update", alice.click, ids.ACTION_BREAK_DONE, _break_id(card))
        reply = answer(standin, "response", alice.click, f"feedback_{feedback}", _break_id(card))
    assert "next card offers level 2" in reply.args["text"]
    card = next_card(deps, clock, store, standin)
    assert offered(card) == 2 and level_of(card) == 1
    # Ignored: the next card offers it again, still at level 1.
    card = next_card(deps, clock, store, standin)
    assert offered(card) == 2 and level_of(card) == 1
    assert people.get(store, team_id="T1", user_id="U1").level == 1
    # A forged click on another person's card, or on a made-up break, changes nothing.
    assert answer(standin, "response", alice.click, ids.ACTION_LEVEL_ACCEPT, "not-a-break").args["text"]
    assert people.get(store, team_id="T1", user_id="U1").level == 1


def test_status_and_home_show_the_level_and_the_days_to_the_next_offer(alice, standin, store, deps, clock):
    one_card_a_workday(alice)
    card = next_card(deps, clock, store, standin)
    answer(standin, "chat.update", alice.click, ids.ACTION_BREAK_DONE, _break_id(card))
    assert "Level 1 of 3 · 4 more days of practice to the next offer" in alice.reply_to("status")["text"]
    before = len(standin.calls_to("views.publish"))
    alice.open_home()
    home = json.dumps(standin.wait_for("views.publish", before + 1)[-1].args["view"])
    assert "Your level" in home and "Level 1 of 3" in home


def _check_variety(moves, allowed) -> None:
    keys = [m.key for m in moves]
    assert {m.key for m in moves} <= {m.key for m in allowed}
    assert all(a != b for a, b in zip(keys, keys[1:], strict=False))
    assert all(max(keys[i : i + 5].count(k) for k in keys[i : i + 5]) <= 2 for i in range(len(keys) - 4))


def test_forty_cards_default_vary_and_cover_every_family_each_week(alice, standin, store, deps, clock):
    alice.reply_to("on")
    alice.reply_to("every 120")  # four cards a work day: 40 cards over two and a half weeks
    cards = [next_card(deps, clock, store, standin) for _ in range(40)]
    moves = [move_of(c) for c in cards]
    _check_variety(moves, moves_for("standing"))
    weeks: dict[tuple[int, int], set[str]] = {}
    for card, move in zip(cards, moves, strict=True):
        weeks.setdefault(_week_of(card), set()).add(levels.family_of(move))
    assert all(found == set(levels.FAMILIES) for found in weeks.values())


def _week_of(card):
    return datetime.fromtimestamp(int(_break_id(card)) / 1000, UTC).isocalendar()[:2]


def test_forty_cards_seated_only_are_seated_and_at_their_level(alice, standin, store, deps, clock):
    alice.reply_to("on")
    alice.reply_to("moves seated")
    alice.reply_to("level up")
    cards = [next_card(deps, clock, store, standin) for _ in range(40)]
    moves = [move_of(c) for c in cards]
    _check_variety(moves, SEATED_LIBRARY)
    assert all(level_of(c) == 2 and shows_dose_of_its_level(c) for c in cards)
    assert all(by_key(m.key).seated for m in moves)


def test_the_self_tests_pain_answer_also_resets_the_level_and_stops_offers(alice, store):
    alice.reply_to("on")
    alice.reply_to("level up")
    alice.reply_to("level up")
    assert people.get(store, team_id="T1", user_id="U1").level == 3
    report_pain(alice)
    person = people.get(store, team_id="T1", user_id="U1")
    assert person.level == 1 and person.offers_stopped and person.offer is None


def test_a_feedback_tap_on_the_card_replaces_the_three_buttons_with_the_answer(
    alice, standin, store, deps, clock
):
    one_card_a_workday(alice)
    alice.reply_to("level up")
    card = next_card(deps, clock, store, standin)
    done = answer(standin, "chat.update", alice.click, ids.ACTION_BREAK_DONE, _break_id(card)).args
    # Slack sends the message as it is now with the click: here, the card after Done.
    body = slack_requests.block_action_body(ids.ACTION_FEEDBACK_TOO_HARD, _break_id(card), channel_id="DU1")
    payload = json.loads(parse_qs(body)["payload"][0])
    payload["message"] = {"ts": "1700000001.000100", "text": done["text"], "blocks": done["blocks"]}
    settled = answer(standin, "chat.update", alice.post, urlencode({"payload": json.dumps(payload)})).args
    assert all(b.get("block_id") != ids.BLOCK_CARD_FEEDBACK for b in settled["blocks"])
    assert (
        "your next cards are level 1" in json.dumps(settled["blocks"]) and "1 break today" in settled["text"]
    )
    assert people.get(store, team_id="T1", user_id="U1").level == 1
