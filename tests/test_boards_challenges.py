"""Leaderboards, admin settings and a full channel challenge, through signed Slack requests and real jobs."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

from slackapp import ids
from slackapp.devkit import slack_requests
from slackapp.devkit.standin import Failure
from slackapp.domain.timestamps import from_ms
from slackapp.store import boards, challenges, keys, people, tasks, workspace_config
from slackapp.ui import admin as admin_ui
from tests.conftest import SlackUser, eventually, run_jobs
from workers import scheduler


def text_of(value):
    return json.dumps(value, ensure_ascii=False)


def seed_done(store, user_id, count, day=date(2026, 11, 25), team_id="T1", shown=True):
    """Stored history: `count` Dones on `day` for an opted-in person (who said yes to team boards)."""
    people.opt_in(store, team_id=team_id, user_id=user_id, next_due_ms=0)
    if shown:
        boards.show(store, team_id=team_id, user_id=user_id)
    for key in boards.board_keys(team_id, day):
        store.zincrby(key, count, user_id)
    store.hincrby(keys.done_days(team_id, user_id), day.isoformat(), count)


def posts_to(standin, channel):
    return [c for c in standin.calls_to("chat.postMessage") if c.ok and c.args.get("channel") == channel]


def test_leaderboard_ranks_ties_and_privacy(alice, store):
    seed_done(store, "UA", 5)
    seed_done(store, "UB", 3)
    seed_done(store, "UC", 3)
    seed_done(store, "UD", 1)
    seed_done(store, "UHIDE", 9)
    boards.hide(store, team_id="T1", user_id="UHIDE")
    seed_done(store, "UGONE", 8)
    people.opt_out(store, team_id="T1", user_id="UGONE")
    text = alice.reply_to("leaderboard")["text"] + text_of(alice.reply_to("leaderboard")["blocks"])
    assert text.index("<@UA>") < text.index("<@UB>") < text.index("<@UC>") < text.index("<@UD>")
    assert "UHIDE" not in text and "UGONE" not in text
    assert "Ties share a rank" in text
    reply = alice.reply_to("leaderboard")
    rows = [b["text"]["text"] for b in reply["blocks"] if b.get("type") == "section"]
    joined = "\n".join(rows)
    assert "2." in joined and "4." in joined and "3." not in joined  # UB and UC share 2nd; UD is 4th


def test_leaderboard_shows_the_askers_rank_outside_the_top_ten(alice, store):
    for i in range(12):
        seed_done(store, f"U{i:03d}", 20 - i)
    seed_done(store, "U1", 1)
    reply = alice.reply_to("leaderboard all")
    assert "<@U1>" in text_of(reply["blocks"]) and "13." in text_of(reply["blocks"])
    assert "<@U010>" not in text_of(reply["blocks"])  # 11th place is off the top ten


def test_hidden_people_still_count_for_themselves(alice, store):
    seed_done(store, "U1", 2)
    assert "off the public boards" in alice.reply_to("hide")["text"]
    assert "<@U1>" not in text_of(alice.reply_to("leaderboard")["blocks"])
    assert "2 breaks done" in alice.reply_to("status")["text"]
    assert boards.score_of(store, team_id="T1", period_key="all", user_id="U1") == 2
    alice.reply_to("unhide")
    assert "<@U1>" in text_of(alice.reply_to("leaderboard")["blocks"])


def test_bad_period_gets_an_example(alice):
    assert "/glutes leaderboard month" in alice.reply_to("leaderboard yesterday")["text"]


def test_share_posts_the_board_in_the_channel_or_asks_for_an_invite(alice, standin, store):
    seed_done(store, "UA", 4)
    alice.click(ids.ACTION_SHARE_BOARD, "week", channel_id="C42")
    [post] = standin.wait_for("chat.postMessage", where=lambda c: c.args.get("channel") == "C42")
    assert "<@UA>" in text_of(post.args["blocks"])
    assert ids.ACTION_SHARE_BOARD not in text_of(post.args["blocks"])
    standin.fail("chat.postMessage", Failure(error="not_in_channel"))
    alice.click(ids.ACTION_SHARE_BOARD, "week", channel_id="C99")
    reply = standin.wait_for("response", where=lambda c: "/invite @Glutes" in str(c.args.get("text")))
    assert reply


def admin_state(channel="CBOARD", hours="08:00-16:00", tz="Europe/Berlin", care="EAP: call 0800 123"):
    def text(value):
        return {ids.ACTION_ADMIN_INPUT: {"type": "plain_text_input", "value": value}}

    def select(value):
        return {ids.ACTION_ADMIN_INPUT: {"type": "static_select", "selected_option": {"value": value}}}

    return {
        ids.BLOCK_ADMIN_HOURS: text(hours),
        ids.BLOCK_ADMIN_DAYS: {
            ids.ACTION_ADMIN_INPUT: {
                "type": "checkboxes",
                "selected_options": [{"value": str(d)} for d in range(5)],
            }
        },
        ids.BLOCK_ADMIN_INTERVAL: select("45"),
        ids.BLOCK_ADMIN_CHANNEL: {
            ids.ACTION_ADMIN_INPUT: {"type": "conversations_select", "selected_conversation": channel}
        },
        ids.BLOCK_ADMIN_POST_DAY: select("4"),
        ids.BLOCK_ADMIN_POST_TIME: text("16:00"),
        ids.BLOCK_ADMIN_TZ: text(tz),
        ids.BLOCK_ADMIN_ADMINS: {
            ids.ACTION_ADMIN_INPUT: {"type": "multi_users_select", "selected_users": ["U7"]}
        },
        ids.BLOCK_ADMIN_CARE: text(care),
        admin_ui.BLOCK_ADMIN_TEAM_BREAK: {
            ids.ACTION_ADMIN_INPUT: {"type": "checkboxes", "selected_options": []}
        },
    }


def boss(client, standin):
    standin.add_user("UBOSS", tz="Europe/Berlin", is_admin=True)
    return SlackUser(client, standin, "UBOSS")


def test_non_admins_are_refused_on_every_path(alice, client, standin, store, deps):
    assert "admins" in alice.reply_to("admin")["text"]
    assert standin.calls_to("views.open") == []
    answer = alice.submit(ids.VIEW_ADMIN, admin_state()).get_json()
    assert answer["response_action"] == "errors"
    assert workspace_config.get(store, deps.settings, team_id="T1").board_channel is None
    assert "admins" in alice.reply_to("challenge start 7 Sneaky", channel_id="C1")["text"]
    assert challenges.in_channel(store, team_id="T1", channel_id="C1") is None
    alice.home_click(ids.ACTION_OPEN_ADMIN, "admin")
    assert standin.wait_for("chat.postEphemeral")
    assert standin.calls_to("views.open") == []
    # A challenge someone else started cannot be stopped or used for team breaks by a non-admin.
    boss(client, standin).reply_to("challenge start 7 Real", channel_id="C1")
    assert "admins" in alice.reply_to("challenge stop", channel_id="C1")["text"]
    assert "admins" in alice.reply_to("challenge teambreak", channel_id="C1")["text"]
    assert challenges.in_channel(store, team_id="T1", channel_id="C1") is not None
    assert not [c for c in standin.calls_to("chat.postMessage") if "Team break" in str(c.args.get("text"))]


def test_admin_settings_modal_saves_and_schedules_the_weekly_post(client, standin, store, deps, clock):
    admin = boss(client, standin)
    admin.command("admin")
    [opened] = standin.wait_for("views.open")
    assert opened.args["view"]["callback_id"] == ids.VIEW_ADMIN
    bad = admin.submit(ids.VIEW_ADMIN, admin_state(tz="Mars/Olympus")).get_json()
    assert bad["response_action"] == "errors" and ids.BLOCK_ADMIN_TZ in bad["errors"]
    assert admin.submit(ids.VIEW_ADMIN, admin_state()).status_code == 200
    config = workspace_config.get(store, deps.settings, team_id="T1")
    assert (config.board_channel, config.tz, config.start_minute, config.app_admins) == (
        "CBOARD",
        "Europe/Berlin",
        480,
        ("U7",),
    )
    due = tasks.due_ms(store, team_id="T1", task=tasks.WEEKLY_BOARD)
    assert from_ms(due) == datetime(2026, 11, 27, 15, 0, tzinfo=UTC)  # Friday 16:00 in Berlin


def test_board_channel_the_app_is_not_in_is_refused_on_the_field(client, standin, store, deps):
    admin = boss(client, standin)
    standin.fail("chat.postMessage", Failure(error="not_in_channel"))
    answer = admin.submit(ids.VIEW_ADMIN, admin_state(channel="CSECRET")).get_json()
    assert answer["response_action"] == "errors"
    assert "/invite @Glutes" in answer["errors"][ids.BLOCK_ADMIN_CHANNEL]
    assert workspace_config.get(store, deps.settings, team_id="T1").board_channel is None


def test_weekly_board_is_posted_by_a_job_at_the_local_time(client, standin, store, deps, clock):
    admin = boss(client, standin)
    admin.submit(ids.VIEW_ADMIN, admin_state())
    seed_done(store, "UA", 6)
    clock.now = datetime(2026, 11, 27, 14, 59, tzinfo=UTC)
    scheduler.tick(deps, clock())
    run_jobs(deps)
    [note] = posts_to(standin, "CBOARD")  # only the note that the channel was picked
    assert "picked this channel" in note.args["text"]
    clock.now = datetime(2026, 11, 27, 15, 0, 5, tzinfo=UTC)
    scheduler.tick(deps, clock())
    run_jobs(deps)
    [_, post] = posts_to(standin, "CBOARD")
    assert "<@UA>" in text_of(post.args["blocks"])
    following = tasks.due_ms(store, team_id="T1", task=tasks.WEEKLY_BOARD)
    assert from_ms(following) == datetime(2026, 12, 4, 15, 0, tzinfo=UTC)


def test_a_full_channel_challenge(client, standin, store, deps, clock):
    admin = boss(client, standin)
    bob = SlackUser(client, standin, "UBOB")
    standin.add_user("UBOB", tz="UTC")
    reply = admin.reply_to("challenge start 3 Spring Glute Reset", channel_id="CFUN")
    assert "Spring Glute Reset" in reply["text"]
    [announcement] = posts_to(standin, "CFUN")
    join = next(e for b in announcement.args["blocks"] if b["type"] == "actions" for e in b["elements"])
    assert join["action_id"] == ids.ACTION_CHALLENGE_JOIN
    assert "Nov 25" in text_of(announcement.args) and "Nov 27" in text_of(announcement.args)
    # A second challenge in the same channel is refused.
    assert "already running" in admin.reply_to("challenge start 5 Again", channel_id="CFUN")["text"]

    bob.click(ids.ACTION_CHALLENGE_JOIN, join["value"], channel_id="CFUN")
    assert eventually(lambda: people.get(store, team_id="T1", user_id="UBOB").opted_in)

    # Bob's next break card, and his Done, count for the challenge.
    clock.advance(minutes=50)
    scheduler.tick(deps, clock())
    run_jobs(deps)
    card = next(c for c in posts_to(standin, "UBOB") if "Break time" in c.args["text"])
    done = next(b for b in card.args["blocks"] if b.get("block_id") == ids.BLOCK_BREAK_ACTIONS)["elements"][0]
    bob.click(ids.ACTION_BREAK_DONE, done["value"])
    standin.wait_for("chat.update")
    assert challenges.scores(store, team_id="T1", challenge_id=join["value"]) == [("UBOB", 1)]

    # A team break: each click counts once.
    admin.reply_to("challenge teambreak", channel_id="CFUN")
    team_post = next(c for c in posts_to(standin, "CFUN") if ids.ACTION_TEAM_BREAK_JOIN in text_of(c.args))
    for _ in range(2):
        bob.click(
            ids.ACTION_TEAM_BREAK_JOIN, join["value"], channel_id="CFUN", message_ts=team_post.answer["ts"]
        )
    # Both clicks answered: one counted, one "already got this team break's point".
    standin.wait_for("response", where=lambda c: "already got this team break" in str(c.args.get("text")))
    standin.wait_for("response", where=lambda c: "Counted as a break done" in str(c.args.get("text")))
    assert challenges.scores(store, team_id="T1", challenge_id=join["value"]) == [("UBOB", 2)]
    # A click on a made-up post (an edited payload) counts nothing.
    bob.click(ids.ACTION_TEAM_BREAK_JOIN, join["value"], channel_id="CFUN", message_ts="1699999999.000100")
    standin.wait_for("response", where=lambda c: "isn't on a team break" in str(c.args.get("text")))
    assert challenges.scores(store, team_id="T1", challenge_id=join["value"]) == [("UBOB", 2)]

    # Daily standings at 16:00 workspace time (UTC here), by the scheduler and a job.
    clock.now = datetime(2026, 11, 25, 16, 0, 1, tzinfo=UTC)
    scheduler.tick(deps, clock())
    run_jobs(deps)
    standings = [c for c in posts_to(standin, "CFUN") if "Day 1 of 3" in c.args["text"]]
    assert len(standings) == 1 and "<@UBOB>" in text_of(standings[0].args["blocks"])
    status = bob.reply_to("challenge status", channel_id="CFUN")
    assert "<@UBOB>" in text_of(status["blocks"])

    # After the last day the next standings run posts the final results, once.
    clock.now = datetime(2026, 11, 28, 16, 0, 1, tzinfo=UTC)
    for _ in range(3):
        scheduler.tick(deps, clock())
        run_jobs(deps)
        clock.advance(days=1)
    finals = [c for c in posts_to(standin, "CFUN") if "is over" in c.args["text"]]
    assert len(finals) == 1
    assert "<@UBOB>" in finals[0].args["text"] and "2 breaks" in finals[0].args["text"]
    assert challenges.in_channel(store, team_id="T1", channel_id="CFUN") is None


def test_admin_stops_a_challenge_with_a_final_post(client, standin, store):
    admin = boss(client, standin)
    admin.reply_to("challenge start 14", channel_id="CSTOP")
    reply = admin.reply_to("challenge stop", channel_id="CSTOP")
    assert "is over" in reply["text"]
    finals = [c for c in posts_to(standin, "CSTOP") if "final results" in text_of(c.args["blocks"])]
    assert len(finals) == 1
    assert "No challenge is running" in admin.reply_to("challenge stop", channel_id="CSTOP")["text"]


def test_challenge_in_a_channel_the_bot_is_not_in(client, standin, store):
    admin = boss(client, standin)
    standin.fail("chat.postMessage", Failure(error="not_in_channel"))
    reply = admin.reply_to("challenge start 7 Lonely", channel_id="CNOPE")
    assert "/invite @Glutes" in reply["text"]
    assert challenges.in_channel(store, team_id="T1", channel_id="CNOPE") is None


def test_bad_challenge_input_gets_an_example(client, standin, alice):
    admin = boss(client, standin)
    assert "/glutes challenge start 14" in admin.reply_to("challenge start soon", channel_id="C1")["text"]
    assert "/glutes challenge start" in alice.reply_to("challenge", channel_id="C1")["text"]


def test_admin_starts_a_challenge_from_the_modal(client, standin, store, alice):
    admin = boss(client, standin)
    admin.command("challenge", channel_id="CMODAL")
    [opened] = standin.wait_for("views.open")
    assert opened.args["view"]["callback_id"] == ids.VIEW_CHALLENGE_START
    assert opened.args["view"]["private_metadata"] == "CMODAL"

    def state(days, title):
        return {
            ids.BLOCK_CHALLENGE_DAYS: {
                ids.ACTION_CHALLENGE_INPUT: {"type": "plain_text_input", "value": days}
            },
            ids.BLOCK_CHALLENGE_TITLE: {
                ids.ACTION_CHALLENGE_INPUT: {"type": "plain_text_input", "value": title}
            },
        }

    def submit(person, days, title):
        body = slack_requests.view_submission_body(
            ids.VIEW_CHALLENGE_START, state(days, title), user_id=person.user_id, private_metadata="CMODAL"
        )
        return person.post(body)

    assert submit(alice, "7", "Sneaky").get_json()["response_action"] == "errors"  # not an admin
    bad = submit(admin, "400", "Too long").get_json()
    assert bad["response_action"] == "errors" and ids.BLOCK_CHALLENGE_DAYS in bad["errors"]
    assert challenges.in_channel(store, team_id="T1", channel_id="CMODAL") is None
    assert submit(admin, "10", "Desk Squad").status_code == 200
    started = challenges.in_channel(store, team_id="T1", channel_id="CMODAL")
    assert started.title == "Desk Squad" and (started.ends_on - started.starts_on).days == 9
    assert "Desk Squad" in posts_to(standin, "CMODAL")[0].args["text"]


def test_a_challenge_of_thousands_of_digits_of_days_is_refused_in_words(client, standin, store):
    # int() refuses more than 4,300 digits: this answered "Something went wrong… (ref …)" before.
    admin = boss(client, standin)
    for days in ("9" * 5000, "9" * 400):
        reply = admin.reply_to(f"challenge start {days} Squat Week", channel_id="CBIG")["text"]
        assert "1 to 90 days, not 9999999999999999999…" in reply
        assert len(reply) < 200
    assert (
        "Zeros" in admin.reply_to("challenge start 0000000000000000000007 Zeros", channel_id="CBIG")["text"]
    )
    assert challenges.in_channel(store, team_id="T1", channel_id="CBIG") is not None
