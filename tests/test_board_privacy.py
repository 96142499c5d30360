"""Private by default: nobody is on a team board (leaderboard, weekly post, shared board) without a yes.

Through signed requests and the real worker; people who opted in before boards became opt-in get one notice.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from slackapp import ids
from slackapp.store import keys, people
from tests.conftest import SlackUser, run_jobs
from tests.test_boards_challenges import admin_state, boss, posts_to, seed_done
from tests.test_breaks import _break_id, cards_to, next_due
from workers import scheduler


def board_text(person) -> str:
    reply = person.reply_to("leaderboard")
    return reply["text"] + json.dumps(reply["blocks"])


def weekly_post(client, standin, deps, clock) -> str:
    """Have an admin pick the board channel, then let the Friday post go out; returns its text."""
    boss(client, standin).submit(ids.VIEW_ADMIN, admin_state())
    clock.now = datetime(2026, 11, 27, 15, 0, 5, tzinfo=UTC)
    scheduler.tick(deps, clock())
    run_jobs(deps)
    return json.dumps(posts_to(standin, "CBOARD")[-1].args["blocks"])


def test_nobody_is_on_a_board_without_a_yes(alice, client, standin, store, deps, clock):
    seed_done(store, "UA", 5, shown=False)
    seed_done(store, "U1", 2, shown=False)
    assert "<@UA>" not in board_text(alice) and "<@U1>" not in board_text(alice)
    alice.click(ids.ACTION_SHARE_BOARD, "week", channel_id="C42")
    [shared] = standin.wait_for("chat.postMessage", where=lambda c: c.args.get("channel") == "C42")
    assert "<@UA>" not in json.dumps(shared.args["blocks"])
    # Their own numbers stay theirs: the status still counts them.
    assert "2 breaks done" in alice.reply_to("status")["text"]

    # UA says yes from the Home tab, alice with /glutes unhide.
    SlackUser(client, standin, "UA").home_click(ids.ACTION_BOARDS_CHOICE, "show")
    standin.wait_for("views.publish")
    assert "on team boards" in alice.reply_to("unhide")["text"]
    text = board_text(alice)
    assert text.index("<@UA>") < text.index("<@U1>")
    assert "<@UA>" in weekly_post(client, standin, deps, clock)


def test_the_weekly_post_leaves_out_people_who_never_said_yes(client, standin, store, deps, clock):
    seed_done(store, "UA", 6)
    seed_done(store, "UQUIET", 9, shown=False)
    post = weekly_post(client, standin, deps, clock)
    assert "<@UA>" in post and "UQUIET" not in post


def test_the_welcome_dm_asks_and_home_shows_the_private_state(alice, standin, store, deps, clock):
    alice.reply_to("on")
    welcome = standin.wait_for("chat.postMessage", where=lambda c: "Welcome" in c.args.get("text", ""))[0]
    assert "Show me on team boards" in json.dumps(welcome.args["blocks"])
    # A Done this week: Home says where she stands without putting her on the board.
    clock.now = next_due(store)
    scheduler.tick(deps, clock())
    run_jobs(deps)
    alice.click(ids.ACTION_BREAK_DONE, _break_id(cards_to(standin, "U1")[0]))
    standin.wait_for("chat.update")
    alice.open_home()
    home = json.dumps(standin.wait_for("views.publish")[-1].args["view"])
    assert "not on the team board" in home and "Show me on team boards" in home
    assert "<@U1>" not in board_text(alice)

    alice.click(ids.ACTION_BOARDS_CHOICE, "show")  # the welcome DM's button
    assert standin.wait_for("response", where=lambda c: "on team boards now" in str(c.args.get("text")))
    assert "<@U1>" in board_text(alice)


def test_joining_a_challenge_shows_in_its_standings_but_not_on_team_boards(
    client, standin, store, deps, clock
):
    admin = boss(client, standin)
    bob = SlackUser(client, standin, "UBOB")
    standin.add_user("UBOB", tz="UTC")
    admin.reply_to("challenge start 3 Spring", channel_id="CFUN")
    join = next(
        e
        for c in posts_to(standin, "CFUN")
        for b in c.args["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
    )
    bob.click(ids.ACTION_CHALLENGE_JOIN, join["value"], channel_id="CFUN")
    admin.reply_to("challenge teambreak", channel_id="CFUN")
    team_post = next(c for c in posts_to(standin, "CFUN") if ids.ACTION_TEAM_BREAK_JOIN in json.dumps(c.args))
    bob.click(ids.ACTION_TEAM_BREAK_JOIN, join["value"], channel_id="CFUN", message_ts=team_post.answer["ts"])
    standin.wait_for("response", where=lambda c: "Counted" in str(c.args.get("text")))
    assert "<@UBOB>" in json.dumps(bob.reply_to("challenge status", channel_id="CFUN")["blocks"])
    assert "<@UBOB>" not in board_text(bob)


def test_people_who_opted_in_before_get_one_notice_and_are_not_shown(
    alice, client, standin, store, deps, clock
):
    # Before boards became opt-in: alice is on, never asked; UHID had said no with /glutes hide.
    for user_id in ("U1", "UHID"):
        standin.add_user(user_id, tz="UTC")
        seed_done(store, user_id, 3, shown=False)
        store.hdel(keys.user("T1", user_id), "boards_asked")
        people.reschedule(store, team_id="T1", user_id=user_id, next_due_ms=int(clock().timestamp() * 1000))
    SlackUser(client, standin, "UHID").reply_to("hide")
    assert "<@U1>" not in board_text(alice)

    def notices(user_id):
        return [
            c
            for c in standin.calls_to("chat.postMessage")
            if c.args.get("channel") == user_id and "now opt-in" in c.args.get("text", "")
        ]

    for _ in range(3):  # three cards each
        scheduler.tick(deps, clock())
        run_jobs(deps)
        clock.now = max(next_due(store, "U1"), next_due(store, "UHID"))
    assert len(cards_to(standin, "U1")) == 3
    assert len(notices("U1")) == 1 and notices("UHID") == []
    assert "Show me on team boards" in json.dumps(notices("U1")[0].args["blocks"])
    assert "<@U1>" not in board_text(alice)

    alice.click(ids.ACTION_BOARDS_CHOICE, "show")  # the notice's button
    standin.wait_for("response", where=lambda c: "on team boards now" in str(c.args.get("text")))
    assert "<@U1>" in board_text(alice) and "UHID" not in board_text(alice)
