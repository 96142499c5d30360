"""Fair streaks through the real path: a day on which no card came (sick all day) keeps the streak."""

from __future__ import annotations

from datetime import UTC, datetime

from slackapp import ids
from slackapp.store import people, profiles
from tests.conftest import eventually, run_jobs
from tests.test_breaks import _break_id, cards_to, next_due
from workers import scheduler


def set_status(person, standin, store, text, emoji=""):
    user = dict(standin.users["U1"], profile={"status_text": text, "status_emoji": emoji})
    standin.users["U1"] = user
    assert (
        person.event({"type": "user_change", "user": user}, event_id=f"Ev-{text or 'clear'}").status_code
        == 200
    )
    assert eventually(lambda: profiles.get(store, team_id="T1", user_id="U1").status_text == text)


def run_until(deps, clock, store, until):
    """Tick the scheduler at every due time before `until`, running the jobs each time."""
    while next_due(store) < until:
        clock.now = next_due(store)
        scheduler.tick(deps, clock())
        run_jobs(deps)
    clock.now = until


def do_next_card(person, standin, deps, clock, store):
    """Let the next card arrive and tap Done; returns the updated card's text."""
    before = len(cards_to(standin, "U1"))
    clock.now = next_due(store)
    scheduler.tick(deps, clock())
    run_jobs(deps)
    cards = cards_to(standin, "U1")
    assert len(cards) == before + 1
    updates = len(standin.calls_to("chat.update"))
    person.click(ids.ACTION_BREAK_DONE, _break_id(cards[-1]))
    return standin.wait_for("chat.update", updates + 1)[-1].args["text"]


def test_an_all_day_out_sick_status_keeps_the_streak(alice, standin, store, deps, clock):
    alice.reply_to("on")  # Wednesday 15:00 UTC
    assert "streak 1 day" in do_next_card(alice, standin, deps, clock, store)

    # Thursday: "Out sick" all day. Every due break is held; no card is sent.
    clock.now = datetime(2026, 11, 26, 7, 0, tzinfo=UTC)
    set_status(alice, standin, store, "Out sick", ":face_with_thermometer:")
    sent_before = len(cards_to(standin, "U1"))
    run_until(deps, clock, store, datetime(2026, 11, 27, 8, 0, tzinfo=UTC))
    assert len(cards_to(standin, "U1")) == sent_before
    assert people.get(store, team_id="T1", user_id="U1").opted_in

    # Friday: back at work. The first Done makes it two days in a row of the days that had cards.
    set_status(alice, standin, store, "")
    assert "streak 2 days" in do_next_card(alice, standin, deps, clock, store)
    status = alice.reply_to("status")["text"]
    assert "Streak: 2 days" in status


def test_a_day_with_cards_and_no_done_ends_the_streak_without_blame(alice, standin, store, deps, clock):
    alice.reply_to("on")
    do_next_card(alice, standin, deps, clock, store)
    # Thursday: cards come, none is done.
    clock.now = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)
    run_until(deps, clock, store, datetime(2026, 11, 27, 8, 0, tzinfo=UTC))
    assert len(cards_to(standin, "U1")) > 2
    text = do_next_card(alice, standin, deps, clock, store)
    assert "streak 1 day" in text
    for word in ("broke", "lost", "failed", "missed"):
        assert word not in text.lower()
