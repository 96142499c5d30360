"""Issue 26, point 6, through signed Slack requests and the real worker: an admin adds a seated workspace
move through the modal, a seated-only person gets it (with the stop line and "Added by your workspace"),
a non-admin's submission and management clicks are refused, bad input is named on its field, a report from
a card reaches the admin's Home, and a paused or removed move leaves the rotation."""

from __future__ import annotations

import json

from slackapp import ids
from slackapp.domain import workspace_moves as rules
from slackapp.store import workspace_moves as store_moves
from slackapp.ui.wording import STOP_IF_IT_HURTS
from tests.conftest import SlackUser
from tests.test_boards_challenges import boss
from tests.test_breaks import _break_id
from tests.test_progression import answer, next_card

HOW = "Sit tall in a chair that can't roll, holding the armrests.\nPress both heels down and squeeze."


def move_state(
    name="Heel press", how=HOW, dose="6 presses of 5 s", cue="Squeeze both glutes evenly.", **pick
):
    def text(value):
        return {ids.ACTION_WSMOVE_INPUT: {"type": "plain_text_input", "value": value}}

    def select(value):
        return {ids.ACTION_WSMOVE_INPUT: {"type": "static_select", "selected_option": {"value": value}}}

    state = {
        ids.BLOCK_WSMOVE_NAME: text(name),
        ids.BLOCK_WSMOVE_HOW: text(how),
        ids.BLOCK_WSMOVE_DOSE: text(dose),
        ids.BLOCK_WSMOVE_CUE: text(cue),
        ids.BLOCK_WSMOVE_POSITION: select(pick.get("position", "seated")),
    }
    if "seated_version" in pick:
        state[ids.BLOCK_WSMOVE_SEATED] = select(pick["seated_version"])
    return state


def home_of(user: SlackUser, standin) -> str:
    before = len(standin.calls_to("views.publish"))
    user.open_home()
    return json.dumps(standin.wait_for("views.publish", before + 1)[-1].args["view"], ensure_ascii=False)


def test_an_admin_adds_a_seated_move_a_seated_person_gets_it_and_a_report_reaches_the_admin(
    alice, client, standin, store, deps, clock
):
    admin = boss(client, standin)
    # The admin Home carries the button; it opens the modal.
    assert "Add a workspace move" in home_of(admin, standin)
    admin.home_click(ids.ACTION_OPEN_WORKSPACE_MOVE, "add")
    assert standin.wait_for("views.open")[-1].args["view"]["callback_id"] == ids.VIEW_WORKSPACE_MOVE

    # Someone who is not an admin cannot add one, whatever they submit.
    refused = alice.submit(ids.VIEW_WORKSPACE_MOVE, move_state(name="Sneaky")).get_json()
    assert refused["response_action"] == "errors" and "admins" in json.dumps(refused)
    assert store_moves.all_moves(store, team_id="T1") == []

    # Bad input is named on its field.
    bad = admin.submit(ids.VIEW_WORKSPACE_MOVE, move_state(name="<!channel> look", dose="")).get_json()
    assert bad["response_action"] == "errors"
    assert set(bad["errors"]) == {ids.BLOCK_WSMOVE_NAME, ids.BLOCK_WSMOVE_DOSE}
    assert admin.submit(ids.VIEW_WORKSPACE_MOVE, move_state()).status_code == 200
    [move] = store_moves.all_moves(store, team_id="T1")
    assert (move.name, move.position, move.seated_version) == ("Heel press", "seated", None)

    alice.reply_to("on")
    alice.reply_to("moves seated")
    for _ in range(8):  # the variety rule brings every family round within a few cards
        card = next_card(deps, clock, store, standin)
        if "Heel press" in json.dumps(card.args["blocks"]):
            break
    else:
        raise AssertionError("the seated person never got the workspace's move")
    text = json.dumps(card.args["blocks"], ensure_ascii=False)
    assert "Added by your workspace" in text and STOP_IF_IT_HURTS in text
    assert "Press both heels down" in text

    # Done counts on it; a report from the card reaches the admin's Home (counts only).
    done = answer(standin, "chat.update", alice.click, ids.ACTION_BREAK_DONE, _break_id(card))
    assert "1 break today" in done.args["text"]
    reply = answer(
        standin, "response", alice.click, ids.ACTION_REPORT_MOVE, f"unsafe:{move.move_id}", select=True
    )
    assert "admins will see" in reply.args["text"]
    home = home_of(admin, standin)
    assert "Heel press" in home and "1 time unsafe" in home

    # A non-admin's management click is refused; the admin's pause takes it out of the rotation.
    alice.home_click(ids.ACTION_MANAGE_WORKSPACE_MOVE, f"remove:{move.move_id}", select=True)
    assert store_moves.get(store, team_id="T1", move_id=move.move_id) is not None
    admin.home_click(ids.ACTION_MANAGE_WORKSPACE_MOVE, f"pause:{move.move_id}", select=True)
    assert store_moves.get(store, team_id="T1", move_id=move.move_id).paused
    later = [next_card(deps, clock, store, standin) for _ in range(6)]
    assert not any("Heel press" in json.dumps(c.args["blocks"]) for c in later)
    admin.home_click(ids.ACTION_MANAGE_WORKSPACE_MOVE, f"remove:{move.move_id}", select=True)
    assert store_moves.all_moves(store, team_id="T1") == []


def test_a_standing_move_reaches_only_standing_people_and_names_its_seated_version(
    alice, client, standin, store, deps, clock
):
    admin = boss(client, standin)
    state = move_state(name="Wall lean squeeze", how="Stand a step from a wall.", position="standing")
    state.update(move_state(position="standing", seated_version="seated_squeeze"))
    state[ids.BLOCK_WSMOVE_NAME] = move_state(name="Wall lean squeeze")[ids.BLOCK_WSMOVE_NAME]
    assert admin.submit(ids.VIEW_WORKSPACE_MOVE, state).status_code == 200
    [move] = store_moves.all_moves(store, team_id="T1")
    assert move.seated_version == "seated_squeeze"
    assert rules.allowed_for([move], "seated") == [] and len(rules.allowed_for([move], "floor")) == 1
    alice.reply_to("on")
    cards = [next_card(deps, clock, store, standin) for _ in range(8)]
    own = [c for c in cards if "Wall lean squeeze" in json.dumps(c.args["blocks"])]
    assert own and "Seated glute squeeze" in json.dumps(own[0].args["blocks"])


def test_the_checks_refuse_links_mentions_and_overlong_text() -> None:
    ok = rules.MoveInput("Heel press", HOW, "6 presses", "Squeeze.", "seated", "")
    assert isinstance(rules.check(ok, move_id="a1"), rules.WorkspaceMove)
    for field, value in (
        ("name", "x" * (rules.MAX_NAME + 1)),
        ("how", "See <https://example.com|this>"),
        ("cue", "Tell @here to join"),
        ("dose", "10\nreps"),
        ("how", "<@U123> knows"),
    ):
        entered = rules.MoveInput(**{**ok.__dict__, field: value})
        assert field in rules.check(entered, move_id="a1"), (field, value)
    assert "position" in rules.check(rules.MoveInput(**{**ok.__dict__, "position": "lying"}), move_id="a1")


def test_made_up_values_on_the_new_buttons_get_a_friendly_line_and_change_nothing(
    alice, client, standin, store, deps
):
    admin = boss(client, standin)
    for action_id, value, select in (
        (ids.ACTION_FEEDBACK_TOO_HARD, "not-a-break", False),
        (ids.ACTION_FEEDBACK_TOO_EASY, "99999", False),
        (ids.ACTION_LEVEL_STAY, "", False),
        (ids.ACTION_REPORT_MOVE, "unsafe:nosuchmove", True),
        (ids.ACTION_REPORT_MOVE, "bogus", True),
    ):
        before = len(standin.calls_to("response"))
        assert alice.click(action_id, value, select=select).status_code == 200
        reply = standin.wait_for("response", before + 1)[-1].args
        assert reply["response_type"] == "ephemeral" and "Traceback" not in reply["text"], (action_id, value)
    assert admin.home_click(ids.ACTION_MANAGE_WORKSPACE_MOVE, "explode:zzz", select=True).status_code == 200
    assert store_moves.all_moves(store, team_id="T1") == [] and store_moves.reports(store, team_id="T1") == {}
    from slackapp.store import people

    assert people.get(store, team_id="T1", user_id="U1").level == 1
