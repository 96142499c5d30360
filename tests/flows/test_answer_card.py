"""A click on a break card, as the card listener makes it, including one that beats the card's record."""

from __future__ import annotations

import threading

from slackapp.domain.timestamps import to_ms
from slackapp.flows import breaks
from slackapp.store import cards, locks, people


def _sent_card(store, clock, break_id: str) -> None:
    cards.save(
        store,
        team_id="T1",
        user_id="U1",
        break_id=break_id,
        exercise="squats",
        local_date=clock().date().isoformat(),
        channel="D1",
        ts="1.2",
    )


def _click(deps, break_id: str):
    return breaks.answer_card(
        deps.redis,
        deps.settings,
        team_id="T1",
        user_id="U1",
        break_id=break_id,
        outcome="done",
        now=deps.clock(),
    )


def test_a_click_that_arrives_before_the_card_is_recorded_still_counts(deps, store, clock):
    people.opt_in(store, team_id="T1", user_id="U1", next_due_ms=to_ms(clock()))
    break_id = str(to_ms(clock()))
    # The worker holds the send lock, Slack has accepted the card, and the record follows a moment later.
    assert locks.take_send_lock(store, team_id="T1", user_id="U1", break_id=break_id, ttl_seconds=60)
    recorder = threading.Timer(0.3, _sent_card, args=(store, clock, break_id))
    recorder.start()
    result = _click(deps, break_id)
    recorder.join()
    assert result is not None and result.kind == "done" and result.today_done == 1


def test_a_click_on_a_card_never_sent_is_unknown(deps, store, clock):
    people.opt_in(store, team_id="T1", user_id="U1", next_due_ms=to_ms(clock()))
    assert _click(deps, "1700000000000") is None
    assert _click(deps, "not-a-break") is None
