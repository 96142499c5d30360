"""Natural breakpoints through the real listeners, scheduler tick and an RQ burst worker: huddles and DND
hold a card and their end releases it once; nothing is kept about people who are not opted in; the work
day's end wins; clock-aligned breaks with `/glutes every :50`."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from itertools import count
from zoneinfo import ZoneInfo

import pytest

from slackapp import ids
from slackapp.slack import lookups
from slackapp.slack.client import web_client
from slackapp.store import keys, people, profiles
from tests.conftest import SlackUser, eventually
from tests.privacy_scan import scan
from tests.test_breaks import _break_id, cards_to, deliver_due, next_due
from tests.test_operations import metric

_EVENT_IDS = count(1)


def send_event(person: SlackUser, event: dict) -> None:
    assert person.event(event, event_id=f"EvP{next(_EVENT_IDS)}").status_code == 200


def huddle(person: SlackUser, standin, on: bool, *, store=None) -> None:
    """The person's huddle starts or ends; with `store`, wait until the app has taken it in (the listener
    runs just after the ack)."""
    user = standin.set_huddle(person.user_id, on)
    send_event(person, {"type": ids.EVENT_USER_HUDDLE_CHANGED, "user": user})
    if store is not None:
        assert eventually(
            lambda: (
                (
                    person.user_id
                    in profiles.get_huddles(store, team_id=person.team_id, user_ids=[person.user_id])
                )
                is on
            )
        )


def meeting_over(card) -> bool:
    return "Meeting over" in str(card.args["blocks"])


def test_a_huddle_holds_every_due_card_and_its_end_sends_one(alice, client, standin, store, deps, clock):
    released = metric(client, "glutes_breaks_released_total", '{reason="huddle"}')
    alice.reply_to("hours 08:00-22:00")
    alice.reply_to("on")
    huddle(alice, standin, True, store=store)
    for _ in range(3):  # a long huddle: three whole intervals
        deliver_due(deps, clock, minutes=50)
    assert cards_to(standin, "U1") == []
    assert people.get(store, team_id="T1", user_id="U1").held == "huddle"

    clock.advance(minutes=7)
    huddle(alice, standin, False)
    # Brought forward to now (the listener runs just after the ack), not to the 10-minute re-check.
    assert eventually(lambda: next_due(store) == clock())
    deliver_due(deps, clock)
    [card] = cards_to(standin, "U1")
    assert meeting_over(card)
    assert metric(client, "glutes_breaks_released_total", '{reason="huddle"}') == released + 1
    # The next one is an ordinary card, one interval later.
    deliver_due(deps, clock, minutes=50)
    assert [meeting_over(c) for c in cards_to(standin, "U1")] == [True, False]


def test_dnd_turned_off_early_releases_the_card(alice, standin, store, deps, clock):
    alice.reply_to("on")
    now = int(clock().timestamp())
    standin.set_dnd("U1", start=now, end=now + 7200)
    deliver_due(deps, clock, minutes=50)
    assert cards_to(standin, "U1") == []

    clock.advance(minutes=5)
    standin.set_dnd("U1", start=now + 86400, end=now + 90000)
    status = {"dnd_enabled": True, "next_dnd_start_ts": now + 86400, "next_dnd_end_ts": now + 90000}
    send_event(alice, {"type": ids.EVENT_DND_UPDATED_USER, "user": "U1", "dnd_status": status})
    assert eventually(lambda: next_due(store) == clock())
    deliver_due(deps, clock)
    [card] = cards_to(standin, "U1")
    assert meeting_over(card)


def test_a_hold_that_runs_past_the_work_day_sends_nothing(alice, standin, store, deps, clock):
    alice.reply_to("on")  # Wednesday 15:00 UTC; work hours 09:00-17:00
    huddle(alice, standin, True, store=store)
    deliver_due(deps, clock, minutes=50)
    clock.advance(hours=2)  # 17:50: the work day is over when the huddle ends
    huddle(alice, standin, False, store=store)
    deliver_due(deps, clock)
    assert cards_to(standin, "U1") == []
    assert people.get(store, team_id="T1", user_id="U1").held is None
    # The morning's first card is an ordinary one.
    deliver_due(deps, clock, hours=16)
    [card] = cards_to(standin, "U1")
    assert not meeting_over(card)


def test_an_event_stamped_far_in_the_future_does_not_wedge_the_huddle(alice, standin, store, deps, clock):
    """A "joined" whose event_ts lies in the year 2286 is taken as of its arrival, not believed: otherwise
    every real event after it would look older and be ignored, and the card held for three hours."""
    alice.reply_to("on")
    joined = standin.set_huddle("U1", True)
    send_event(
        alice, {"type": ids.EVENT_USER_HUDDLE_CHANGED, "user": joined, "event_ts": "9999999999.000001"}
    )
    assert eventually(lambda: "U1" in profiles.get_huddles(store, team_id="T1", user_ids=["U1"]))
    deliver_due(deps, clock, minutes=50)
    assert people.get(store, team_id="T1", user_id="U1").held == "huddle"
    clock.advance(minutes=3)
    left = standin.set_huddle("U1", False)
    send_event(
        alice, {"type": ids.EVENT_USER_HUDDLE_CHANGED, "user": left, "event_ts": f"{clock().timestamp():.6f}"}
    )
    assert eventually(lambda: next_due(store) == clock())
    deliver_due(deps, clock)
    [card] = cards_to(standin, "U1")
    assert meeting_over(card)


def test_a_users_info_answer_asked_before_a_newer_status_event_keeps_the_events_word(
    alice, standin, store, deps, clock
):
    """A users.info answer is as new as the moment it was asked: a status event Slack stamped after that
    moment wins over it (the card stays held for the meeting), and a lookup asked later wins over the
    event."""
    alice.reply_to("on")
    client = web_client(deps.settings, "xoxb-test-token")
    asked = clock()
    meeting = standin.user_object("U1")
    meeting["profile"]["status_text"] = "In a meeting"  # users.info still answers with no status
    begun = f"{asked.timestamp() + 0.5:.6f}"
    send_event(alice, {"type": ids.EVENT_USER_STATUS_CHANGED, "user": meeting, "event_ts": begun})
    assert eventually(lambda: profiles.get(store, team_id="T1", user_id="U1").status_text == "In a meeting")
    answer = lookups.profile(store, client, team_id="T1", user_id="U1", now=asked, refresh=True)
    assert answer is not None and answer.status_text == "In a meeting"
    deliver_due(deps, clock, minutes=50)
    assert cards_to(standin, "U1") == []
    assert people.get(store, team_id="T1", user_id="U1").held == "status"
    # Asked after the event, the answer is the newer word (the meeting was cleared without an event).
    later = lookups.profile(store, client, team_id="T1", user_id="U1", now=clock(), refresh=True)
    assert later is not None and later.status_text == ""
    assert profiles.get(store, team_id="T1", user_id="U1").status_text == ""


def test_huddles_of_people_not_opted_in_are_dropped_and_forget_me_leaves_none(
    client, standin, store, deps, clock
):
    standin.add_user("U7", tz="UTC")
    outsider = SlackUser(client, standin, "U7", "T1")
    huddle(outsider, standin, True)
    time.sleep(0.5)  # the listener runs just after the ack; what it would write is written by now
    assert not store.exists(keys.huddle("T1", "U7"))
    assert scan(store, "U7").traces == []

    outsider.reply_to("on")
    huddle(outsider, standin, True, store=store)
    assert store.ttl(keys.huddle("T1", "U7")) > 0
    outsider.reply_to("forget-me")
    outsider.click(ids.ACTION_FORGET_CONFIRM, "forget")
    assert eventually(lambda: not store.exists(keys.huddle("T1", "U7")))
    assert scan(store, "U7").keys_with_traces() == {keys.forgotten("T1", "U7")}


def test_a_huddle_left_while_breaks_were_off_holds_nothing_once_they_are_on_again(
    alice, standin, store, deps, clock
):
    """In a huddle, breaks off, the huddle ends (Slack's event for someone whose breaks are off is not
    kept), breaks on again: the huddle is over, so the next card is sent, not held for up to 3 hours."""
    alice.reply_to("on")
    huddle(alice, standin, True, store=store)
    alice.reply_to("off")
    huddle(alice, standin, False)
    time.sleep(0.3)  # the listener runs just after the ack
    alice.reply_to("on")
    deliver_due(deps, clock, minutes=50)
    assert people.get(store, team_id="T1", user_id="U1").held is None
    assert len(cards_to(standin, "U1")) == 1


def test_every_50_past_the_hour(alice, standin, store, deps, clock):
    alice.reply_to("on")
    reply = alice.reply_to("every :50")["text"]
    assert "every :50" in reply and "3:50 PM" in reply
    deliver_due(deps, clock, minutes=50)  # 15:50
    assert next_due(store).strftime("%H:%M") == "16:50"
    assert "every :25 / :55" in alice.reply_to("every :55, :25")["text"]
    assert "at least 20 minutes apart" in alice.reply_to("every :50 :55")["text"]
    assert "every 45 min" in alice.reply_to("every 45")["text"]
    assert people.get(store, team_id="T1", user_id="U1").marks == ()


def test_the_rhythm_modal_offers_every_50_past_the_hour(alice, standin, store, deps, clock):
    alice.reply_to("on")
    alice.home_click(ids.ACTION_HOME_EDIT)
    modal = standin.wait_for("views.open")[0].args["view"]
    menu = next(b for b in modal["blocks"] if b.get("block_id") == ids.BLOCK_PREFS_INTERVAL)["element"]
    offered = {o["value"]: o["text"]["text"] for o in menu["options"]}
    assert offered[":50"] == "At :50 past each hour"
    state = {
        ids.BLOCK_PREFS_HOURS: {ids.ACTION_PREFS_HOURS: {"type": "plain_text_input", "value": "09:00-17:00"}},
        ids.BLOCK_PREFS_DAYS: {
            ids.ACTION_PREFS_DAYS: {"type": "checkboxes", "selected_options": [{"value": "2"}]}
        },
        ids.BLOCK_PREFS_INTERVAL: {
            ids.ACTION_PREFS_INTERVAL: {"type": "static_select", "selected_option": {"value": ":25 :55"}}
        },
    }
    assert alice.submit(ids.VIEW_PREFS, state).status_code == 200
    assert people.get(store, team_id="T1", user_id="U1").marks == (25, 55)
    assert next_due(store).strftime("%H:%M") == "15:25"  # Wednesday 15:00 UTC
    assert "every :25 / :55" in alice.reply_to("status")["text"]


@pytest.mark.parametrize(
    ("tz", "start"),
    [
        (
            "America/New_York",
            datetime(2026, 3, 8, 5, 0, tzinfo=UTC),
        ),  # 00:00 EST; 02:00 -> 03:00 at 07:00 UTC
        (
            "Europe/Berlin",
            datetime(2026, 10, 24, 22, 0, tzinfo=UTC),
        ),  # 00:00 CEST; 03:00 -> 02:00 at 01:00 UTC
    ],
)
def test_every_50_cards_arrive_at_50_local_across_a_dst_change(
    client, standin, store, deps, clock, tz, start
):
    clock.now = start
    standin.add_user("U1", tz=tz)
    person = SlackUser(client, standin, "U1", "T1")
    person.reply_to("hours 00:00-24:00 mon-sun")
    person.reply_to("on")
    person.reply_to("every :50")
    for _ in range(5):
        clock.now = next_due(store)
        deliver_due(deps, clock)
    sent = [datetime.fromtimestamp(int(_break_id(card)) / 1000, UTC) for card in cards_to(standin, "U1")]
    local = [t.astimezone(ZoneInfo(tz)) for t in sent]
    assert [t.minute for t in local] == [50] * 5
    assert [b - a for a, b in zip(sent, sent[1:], strict=False)] == [timedelta(hours=1)] * 4
    assert len({t.utcoffset() for t in local}) == 2  # the run crossed the change


def test_an_event_older_than_what_is_stored_is_ignored_and_counted(alice, client, standin, store, clock):
    """Slack does not promise delivery order: a "joined" stamped before the "left" that came first changes
    nothing, and /metrics says how many such events were ignored, by event type."""
    stale = metric(client, "glutes_presence_events_stale_total", '{event="user_huddle_changed"}')
    dnd_stale = metric(client, "glutes_presence_events_stale_total", '{event="dnd_updated_user"}')
    alice.reply_to("on")
    joined_at, left_at = f"{clock().timestamp() - 60:.6f}", f"{clock().timestamp() - 5:.6f}"
    left = standin.set_huddle("U1", False)
    send_event(alice, {"type": ids.EVENT_USER_HUDDLE_CHANGED, "user": left, "event_ts": left_at})
    assert eventually(lambda: store.exists(keys.huddle("T1", "U1")))  # kept as "left", with its time
    joined = standin.set_huddle("U1", True)
    send_event(alice, {"type": ids.EVENT_USER_HUDDLE_CHANGED, "user": joined, "event_ts": joined_at})
    assert eventually(
        lambda: (
            metric(client, "glutes_presence_events_stale_total", '{event="user_huddle_changed"}') == stale + 1
        )
    )
    assert "U1" not in profiles.get_huddles(store, team_id="T1", user_ids=["U1"])
    now = clock().timestamp()
    off = {"dnd_enabled": False, "next_dnd_start_ts": now + 86400, "next_dnd_end_ts": now + 90000}
    on = {"dnd_enabled": True, "next_dnd_start_ts": now - 60, "next_dnd_end_ts": now + 3600}
    send_event(alice, {"type": "dnd_updated_user", "user": "U1", "dnd_status": off, "event_ts": left_at})
    assert eventually(lambda: profiles.get_dnd(store, team_id="T1", user_ids=["U1"]).get("U1"))
    send_event(alice, {"type": "dnd_updated_user", "user": "U1", "dnd_status": on, "event_ts": joined_at})
    assert eventually(
        lambda: (
            metric(client, "glutes_presence_events_stale_total", '{event="dnd_updated_user"}')
            == dnd_stale + 1
        )
    )
    assert profiles.get_dnd(store, team_id="T1", user_ids=["U1"])["U1"][0] is False
