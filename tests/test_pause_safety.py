"""Issue 12 through signed Slack requests and the real worker: a pain answer pauses break cards (no cards,
no retest, a check-in days later, Resume on the result, Home, the check-in and `/glutes resume`), urgent
signs wherever the app sends people to a professional, the stop line on every card and team break, and
care text that cannot pose as a link."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from urllib.parse import urlencode

from slackapp import ids
from slackapp.domain import exercises
from slackapp.store import people, selftests, tasks
from slackapp.ui.wording import STOP_IF_IT_HURTS, URGENT_SIGNS
from tests.conftest import SlackUser, eventually, run_jobs
from tests.test_boards_challenges import admin_state, boss, posts_to
from tests.test_selftest_home import answers, radio
from workers import scheduler


def text_of(value):
    return json.dumps(value, ensure_ascii=False)


def unescaped(value):
    """JSON text with mrkdwn's quotes and newlines as a person reads them."""
    return text_of(value).replace("\\n", "\n").replace('\\"', '"')


def cards_to(standin, user_id="U1"):
    return [
        c
        for c in standin.calls_to("chat.postMessage")
        if c.ok
        and c.args.get("channel") == user_id
        and any(b.get("block_id") == ids.BLOCK_BREAK_ACTIONS for b in c.args.get("blocks") or [])
    ]


def dms_with(standin, action_id, user_id="U1"):
    return [
        c
        for c in standin.calls_to("chat.postMessage")
        if c.ok and c.args.get("channel") == user_id and action_id in text_of(c.args.get("blocks"))
    ]


def retests_to(standin, user_id="U1"):
    return [c for c in dms_with(standin, ids.ACTION_OPEN_SELFTEST, user_id) if "retake" in c.args["text"]]


def deliver(deps, clock, **advance):
    if advance:
        clock.advance(**advance)
    scheduler.tick(deps, clock())
    run_jobs(deps)


def report_pain(user: SlackUser, *, variant=None):
    state = answers(both="second", safety="yes")
    if variant:
        state[ids.BLOCK_SELFTEST_VARIANT] = {ids.ACTION_SELFTEST_VARIANT: radio(variant)}
    response = user.submit(ids.VIEW_SELFTEST, state)
    assert response.status_code == 200
    return response.get_json()["view"]


def home_of(user: SlackUser, standin):
    before = len(standin.calls_to("views.publish"))
    user.open_home()
    return standin.wait_for("views.publish", before + 1)[-1].args["view"]


def click_in_modal(user: SlackUser, action_id: str, value: str):
    """A button tapped inside an open modal (the self-test result)."""
    payload = {
        "type": "block_actions",
        "team": {"id": user.team_id, "domain": "example"},
        "user": {"id": user.user_id, "team_id": user.team_id},
        "api_app_id": "A1",
        "token": "legacy-unused",
        "container": {"type": "view", "view_id": "VRESULT"},
        "trigger_id": "1337.42.abcd",
        "view": {"id": "VRESULT", "type": "modal", "team_id": user.team_id},
        "actions": [{"type": "button", "action_id": action_id, "block_id": "b", "value": value}],
    }
    return user.post(urlencode({"payload": json.dumps(payload)}))


def test_a_pain_answer_holds_the_next_card_until_resume_on_home(alice, standin, store, deps, clock):
    alice.reply_to("on")
    result = report_pain(alice)
    shown = text_of(result)
    assert "break cards are paused" in shown and ids.ACTION_RESUME_BREAKS in shown
    assert "keep nudging" not in shown and "Wake them up" not in shown and "Clamshells" not in shown

    deliver(deps, clock, minutes=50)
    assert cards_to(standin) == []
    assert people.get(store, team_id="T1", user_id="U1").opted_in  # settings untouched: still on

    home = home_of(alice, standin)
    assert "Breaks are paused" in text_of(home)
    resume = [
        b["accessory"]
        for b in home["blocks"]
        if (b.get("accessory") or {}).get("action_id") == ids.ACTION_RESUME_BREAKS
    ]
    assert [button["text"]["text"] for button in resume] == ["Resume breaks"]
    assert "Your cards are paused" in alice.reply_to("status")["text"]

    published = len(standin.calls_to("views.publish"))
    alice.home_click(ids.ACTION_RESUME_BREAKS, "home")
    standin.wait_for("views.publish", published + 1)
    assert "Breaks are paused" not in text_of(standin.calls_to("views.publish")[-1].args["view"])
    assert people.get(store, team_id="T1", user_id="U1").paused is None
    deliver(deps, clock, minutes=50)
    assert len(cards_to(standin)) == 1


def test_glutes_resume_brings_cards_back(alice, standin, store, deps, clock):
    alice.reply_to("on")
    report_pain(alice)
    deliver(deps, clock, minutes=50)
    assert cards_to(standin) == []
    reply = alice.reply_to("resume")["text"]
    assert "Breaks resumed" in reply and "4:40 PM" in reply
    deliver(deps, clock, minutes=50)
    assert len(cards_to(standin)) == 1


def test_resume_on_the_result_modal(alice, standin, store, deps, clock):
    alice.reply_to("on")
    report_pain(alice)
    click_in_modal(alice, ids.ACTION_RESUME_BREAKS, "result")
    [updated] = standin.wait_for("views.update")
    assert updated.args["view_id"] == "VRESULT" and "Breaks resumed" in text_of(updated.args["view"])
    deliver(deps, clock, minutes=50)
    assert len(cards_to(standin)) == 1


def test_a_card_already_queued_when_pain_is_reported_is_not_sent(alice, standin, store, deps, clock):
    alice.reply_to("on")
    clock.advance(minutes=50)
    assert scheduler.tick(deps, clock()) == 1  # the send job is queued
    report_pain(alice)
    run_jobs(deps)
    assert cards_to(standin) == []


def test_no_retest_while_paused_and_a_check_in_a_few_work_days_later(alice, standin, store, deps, clock):
    alice.reply_to("on")
    report_pain(alice)  # Wednesday Nov 25, 15:00 UTC
    # Thursday and Friday are work days 1 and 2: no check-in yet.
    clock.now = datetime(2026, 11, 27, 16, 0, tzinfo=UTC)
    deliver(deps, clock)
    assert dms_with(standin, ids.ACTION_RESUME_BREAKS) == []
    # Monday is the third work day: the check-in comes in work hours, once, with a Resume button.
    clock.now = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)
    deliver(deps, clock)
    deliver(deps, clock, hours=1)
    [checkin] = dms_with(standin, ids.ACTION_RESUME_BREAKS)
    assert "checking in" in text_of(checkin.args).lower()
    assert URGENT_SIGNS in unescaped(checkin.args["blocks"])
    assert cards_to(standin) == []

    # Fourteen days on: no retest invitation while paused.
    clock.now = datetime(2026, 12, 9, 16, 0, tzinfo=UTC)
    deliver(deps, clock)
    deliver(deps, clock, days=1)
    assert retests_to(standin) == []
    assert cards_to(standin) == []

    # Resume from the check-in DM: the DM says so, cards come back, the retest follows within a day.
    alice.click(ids.ACTION_RESUME_BREAKS, "checkin")
    [replaced] = standin.wait_for("response", where=lambda c: c.args["response_url"] == "/response/act-U1")
    assert replaced.args["replace_original"] is True and "Breaks resumed" in replaced.args["text"]
    deliver(deps, clock, minutes=50)
    assert len(cards_to(standin)) == 1
    deliver(deps, clock, days=1)
    [invite] = retests_to(standin)
    assert "you answered *After a second* overall" in text_of(invite.args["blocks"])


def test_no_check_in_after_a_resume(alice, standin, store, deps, clock):
    alice.reply_to("on")
    report_pain(alice)
    alice.reply_to("resume")
    assert tasks.due_ms(store, team_id="T1", task=tasks.checkin_task("U1")) is None
    clock.now = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
    deliver(deps, clock)
    assert dms_with(standin, ids.ACTION_RESUME_BREAKS) == []


def test_forget_me_removes_the_pause_and_its_check_in(alice, standin, store, deps, clock):
    alice.reply_to("on")
    report_pain(alice)
    alice.click(ids.ACTION_FORGET_CONFIRM, "confirm")
    assert eventually(lambda: people.get(store, team_id="T1", user_id="U1").paused is None)
    assert tasks.due_ms(store, team_id="T1", task=tasks.checkin_task("U1")) is None
    assert people.paused_count(store, team_id="T1") == 0


def test_admin_home_shows_no_paused_count_with_3_paused_among_10_opted_in(client, standin, store, deps):
    people_ = []
    for n in range(10):
        standin.add_user(f"U{n + 1}", tz="UTC")
        person = SlackUser(client, standin, f"U{n + 1}", "T1")
        person.reply_to("on")
        people_.append(person)
    for person in people_[:3]:
        report_pain(person)
    assert people.paused_count(store, team_id="T1") == 3 and people.opted_in_count(store, team_id="T1") == 10
    admin = boss(client, standin)
    home = home_of(admin, standin)
    admin_section = next(b["text"]["text"] for b in home["blocks"] if "*Admin*" in text_of(b))
    assert "10 people have breaks on" in admin_section  # the admin summary is there ...
    assert "paused" not in admin_section and "3" not in admin_section  # ... with no paused count
    assert "paused" not in text_of(home).lower() and "pain" not in admin_section.lower()


def test_urgent_signs_on_the_result_the_faq_and_home(alice, standin, store):
    assert URGENT_SIGNS in unescaped(report_pain(alice)["blocks"])
    faq = alice.reply_to("faq")
    assert URGENT_SIGNS in faq["text"] and URGENT_SIGNS in unescaped(faq["blocks"])
    assert URGENT_SIGNS in unescaped(home_of(alice, standin)["blocks"])


def test_care_text_with_a_disguised_link_is_shown_as_typed(alice, client, standin, store, deps):
    admin = boss(client, standin)
    care = "<https://evil.example|Official help>"
    assert admin.submit(ids.VIEW_ADMIN, admin_state(care=care)).status_code == 200
    view = report_pain(alice)
    [shown] = [b for b in view["blocks"] if b["type"] == "section" and "evil.example" in text_of(b)]
    assert shown["text"] == {"type": "plain_text", "text": care, "emoji": False}


def test_the_self_test_records_the_seated_variant(alice, store):
    report_pain(alice, variant="seated")
    [record] = selftests.all_records(store, team_id="T1", user_id="U1")
    assert record["variant"] == "seated" and record["safety"] == "1"


def test_every_card_and_team_break_says_stop_if_it_hurts(alice, client, standin, store, deps, clock):
    alice.reply_to("on")
    deliver(deps, clock, minutes=50)
    [card] = cards_to(standin)
    assert STOP_IF_IT_HURTS in text_of(card.args["blocks"])

    admin = boss(client, standin)
    admin.reply_to("challenge start 3 Spring Glute Reset", channel_id="CFUN")
    admin.reply_to("challenge teambreak", channel_id="CFUN")
    [team_break] = [c for c in posts_to(standin, "CFUN") if ids.ACTION_TEAM_BREAK_JOIN in text_of(c.args)]
    rendered = text_of(team_break.args["blocks"])
    assert STOP_IF_IT_HURTS in rendered
    [move] = [m for m in exercises.LIBRARY if f"*{m.name}*" in rendered]
    assert move.dose in rendered and move.cue in rendered


def test_someone_paused_who_turns_breaks_on_or_joins_a_challenge_is_told_cards_stay_paused(
    alice, client, standin, store, deps, clock
):
    alice.reply_to("on")
    report_pain(alice)
    alice.reply_to("off")
    again = alice.reply_to("on")["text"]
    # The welcome DM came with the first `on`; this time the reply itself says the cards stay paused.
    assert "Your cards are paused" in again and "next break" not in again and "DM" not in again
    welcomes = [c for c in standin.calls_to("chat.postMessage") if c.args.get("channel") == "U1"]
    assert len([c for c in welcomes if "Welcome" in str(c.args)]) == 1

    admin = boss(client, standin)
    admin.reply_to("challenge start 3 Spring Glute Reset", channel_id="CFUN")
    [announcement] = posts_to(standin, "CFUN")
    join = next(
        e
        for b in announcement.args["blocks"]
        for e in b.get("elements") or []
        if e.get("action_id") == ids.ACTION_CHALLENGE_JOIN
    )
    alice.click(ids.ACTION_CHALLENGE_JOIN, join["value"], channel_id="CFUN")
    reply = standin.wait_for("response", where=lambda c: "Spring Glute Reset" in str(c.args.get("text")))[-1]
    assert "paused" in reply.args["text"] and "cards will arrive" not in reply.args["text"]
    deliver(deps, clock, minutes=50)
    assert cards_to(standin) == []
