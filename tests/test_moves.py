"""Move preferences through signed requests and the real worker: seated only, floor moves, team breaks."""

from __future__ import annotations

import json

from slackapp import ids
from slackapp.domain.exercises import LIBRARY, SEATED_LIBRARY
from slackapp.store import people, stats
from tests.conftest import SlackUser, run_jobs
from tests.test_breaks import _break_id, cards_to, next_due
from workers import scheduler

SEATED_NAMES = {exercise.name for exercise in SEATED_LIBRARY}
FLOOR_NAMES = {exercise.name for exercise in LIBRARY if exercise.needs_floor}
STANDING_NAMES = {exercise.name for exercise in LIBRARY if not exercise.needs_floor}


def move_name(card) -> str:
    """The move a break card carries, from its header ("Break time: :emoji: Name")."""
    header = next(b for b in card.args["blocks"] if b["type"] == "header")["text"]["text"]
    return header.split(": ", 1)[1].split(" ", 1)[1]


def next_cards(deps, clock, store, standin, count):
    """Let `count` more cards arrive, one per due time; returns the move names in order."""
    for _ in range(count):
        before = len(cards_to(standin, "U1"))
        clock.now = next_due(store)
        scheduler.tick(deps, clock())
        run_jobs(deps)
        assert len(cards_to(standin, "U1")) == before + 1
    return [move_name(card) for card in cards_to(standin, "U1")]


def test_seated_only_gets_only_seated_moves_over_20_cards(alice, standin, store, deps, clock):
    alice.reply_to("on")
    reply = alice.reply_to("moves seated")
    assert "Seated moves only" in reply["text"] and reply["response_type"] == "ephemeral"
    names = next_cards(deps, clock, store, standin, 20)
    assert set(names) <= SEATED_NAMES
    assert len(set(names)) >= 4  # the rotation goes round the seated library
    assert all(a != b for a, b in zip(names, names[1:], strict=False))  # never the same move twice running
    # A seated move's Done counts like any other.
    last = cards_to(standin, "U1")[-1]
    assert "Squeeze" in json.dumps(last.args["blocks"]) or "squeeze" in json.dumps(last.args["blocks"])
    alice.click(ids.ACTION_BREAK_DONE, _break_id(last))
    assert "1 break today" in standin.wait_for("chat.update")[0].args["text"]
    assert sum(stats.done_by_day(store, team_id="T1", user_id="U1").values()) == 1


def test_standing_is_the_default_and_floor_moves_come_only_when_asked(alice, standin, store, deps, clock):
    alice.reply_to("on")
    names = next_cards(deps, clock, store, standin, 12)
    assert set(names) <= STANDING_NAMES
    # Every standing card names its seated version.
    assert all(":chair: *In a chair today?*" in json.dumps(c.args["blocks"]) for c in cards_to(standin, "U1"))

    assert "floor" in alice.reply_to("moves floor-ok")["text"].lower()
    names = next_cards(deps, clock, store, standin, 30)[12:]
    floor_cards = [c for c in cards_to(standin, "U1")[12:] if move_name(c) in FLOOR_NAMES]
    assert floor_cards and set(names) <= STANDING_NAMES | FLOOR_NAMES
    # A floor card carries its easier version.
    assert all("*Easier:*" in json.dumps(c.args["blocks"]) for c in floor_cards)


def test_synonyms_bad_words_and_asking_what_is_set(alice, store):
    assert "Seated moves only" in alice.reply_to("moves chair")["text"]
    assert people.get(store, team_id="T1", user_id="U1").moves == "seated"
    refused = alice.reply_to("moves lying-down")
    assert refused["response_type"] == "ephemeral"
    assert all(word in refused["text"] for word in ("`standing`", "`seated`", "`floor`"))
    assert people.get(store, team_id="T1", user_id="U1").moves == "seated"  # unchanged
    assert "Seated moves only" in alice.reply_to("moves")["text"]
    assert "/glutes moves" in alice.reply_to("help")["text"]


def test_the_welcome_dm_and_the_home_tab_set_the_moves(alice, standin, store):
    alice.reply_to("on")
    welcome = standin.wait_for("chat.postMessage", where=lambda c: "Welcome" in c.args.get("text", ""))[0]
    blocks = json.dumps(welcome.args["blocks"])
    assert ids.ACTION_MOVES_CHOICE in blocks and "Seated moves only" in blocks

    # Picked in the welcome DM: a private confirmation.
    alice.click(ids.ACTION_MOVES_CHOICE, "seated", select=True)
    assert standin.wait_for("response", where=lambda c: "Seated moves only" in str(c.args.get("text")))
    assert people.get(store, team_id="T1", user_id="U1").moves == "seated"

    # Picked on the Home tab: the tab is published again showing it.
    alice.home_click(ids.ACTION_MOVES_CHOICE, "floor", select=True)
    [published] = standin.wait_for("views.publish")
    assert "Standing and floor moves" in json.dumps(published.args["view"])
    assert people.get(store, team_id="T1", user_id="U1").moves == "floor"


def test_team_breaks_pick_a_standing_move_and_give_its_seated_version(client, standin, store, clock):
    standin.add_user("UBOSS", tz="UTC", is_admin=True)
    boss = SlackUser(client, standin, "UBOSS")
    boss.reply_to("challenge start 7 Desk Squad", channel_id="CFUN")
    for _ in range(8):
        boss.reply_to("challenge teambreak", channel_id="CFUN")
        clock.advance(minutes=7)
    posts = [
        c for c in standin.calls_to("chat.postMessage") if ids.ACTION_TEAM_BREAK_JOIN in json.dumps(c.args)
    ]
    assert len(posts) == 8
    for post in posts:
        text = json.dumps(post.args["blocks"], ensure_ascii=False)
        standing = [name for name in STANDING_NAMES if f"*{name}*" in text]
        assert len(standing) == 1, text
        assert not any(f"*{name}*" in text for name in FLOOR_NAMES)
        assert "Seated version:" in text and any(name in text for name in SEATED_NAMES)
