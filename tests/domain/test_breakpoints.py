"""Natural breakpoints: the one "held now, and why" rule, holds that end when Slack says, and
clock-aligned breaks (":50") in local time across DST changes."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from slackapp.domain import rhythm as rhythm_rules
from slackapp.domain.errors import InputError
from slackapp.domain.models import DndWindow, Held, Hold, HoldReason, Presence, Rhythm, Send, WorkHours
from slackapp.domain.schedule import (
    first_slot_at_or_after,
    held_now,
    next_break_after,
    next_mark,
    plan_delivery,
)
from tests.domain.test_schedule import MON_FRI, NY, at, office, utc

BERLIN = "Europe/Berlin"
EVERY_DAY = frozenset(range(7))
MONDAY_10 = at(NY, 2026, 3, 2, 10, 0)
MEETING = "In a meeting"


def test_held_now_names_the_reason_and_the_known_end() -> None:
    dnd = DndWindow(True, at(NY, 2026, 3, 2, 9, 30), at(NY, 2026, 3, 2, 11, 0))
    ends = at(NY, 2026, 3, 2, 10, 30)
    assert held_now(MONDAY_10, presence=None, dnd=dnd) == Held(HoldReason.DND, at(NY, 2026, 3, 2, 11, 0))
    assert held_now(MONDAY_10, presence=Presence(in_huddle=True), dnd=None) == Held(HoldReason.HUDDLE)
    assert held_now(MONDAY_10, presence=Presence(MEETING, "", ends), dnd=None) == Held(
        HoldReason.STATUS, ends
    )
    assert held_now(MONDAY_10, presence=Presence(MEETING), dnd=None) == Held(HoldReason.STATUS, None)
    assert held_now(MONDAY_10, presence=Presence("Lunch", ":hamburger:"), dnd=None) is None
    # A huddle state whose own expiry has passed no longer holds.
    lapsed = Presence(in_huddle=True, huddle_expiration=at(NY, 2026, 3, 2, 9, 59))
    assert held_now(MONDAY_10, presence=lapsed, dnd=None) is None


def test_a_status_with_an_expiry_holds_until_exactly_then() -> None:
    ends = at(NY, 2026, 3, 2, 10, 25)
    assert plan_delivery(MONDAY_10, office(), presence=Presence(MEETING, "", ends), dnd=None) == Hold(
        ends, "status"
    )
    # Without an expiry: the periodic re-check.
    assert plan_delivery(MONDAY_10, office(), presence=Presence(MEETING), dnd=None) == Hold(
        at(NY, 2026, 3, 2, 10, 10), "status"
    )


def test_a_status_hold_is_capped_at_the_end_of_the_work_day() -> None:
    vacation = Presence("Vacationing", ":palm_tree:", at(NY, 2026, 3, 6, 12, 0))
    # Not Friday noon: the next work day's first break, where the status is looked at again.
    assert plan_delivery(MONDAY_10, office(), presence=vacation, dnd=None) == Hold(
        at(NY, 2026, 3, 3, 9, 50), "status"
    )


def test_a_huddle_holds_with_a_recheck_and_no_card_is_sent_during_it() -> None:
    result = plan_delivery(MONDAY_10, office(), presence=Presence(in_huddle=True), dnd=None)
    assert result == Hold(at(NY, 2026, 3, 2, 10, 10), "huddle")
    assert plan_delivery(MONDAY_10, office(), presence=Presence(), dnd=None) == Send(
        at(NY, 2026, 3, 2, 10, 50)
    )


def marks_rhythm(tz: str, *marks: int, start: int = 0, end: int = 1440, days=EVERY_DAY) -> Rhythm:
    return Rhythm(tz, WorkHours(start, end, frozenset(days)), timedelta(minutes=50), marks=marks)


def chain(first, rhythm: Rhythm, n: int) -> list:
    times = [first]
    for _ in range(n - 1):
        following = next_break_after(times[-1], rhythm)
        assert following is not None
        times.append(following)
    return times


@pytest.mark.parametrize(
    ("tz", "start"),
    [
        (NY, at(NY, 2026, 3, 7, 23, 50)),  # spring forward: 02:00 EST -> 03:00 EDT on Mar 8
        (NY, at(NY, 2026, 10, 31, 23, 50)),  # fall back: 02:00 EDT -> 01:00 EST on Nov 1 (01:xx twice)
        (BERLIN, at(BERLIN, 2026, 3, 28, 23, 50)),  # 02:00 CET -> 03:00 CEST on Mar 29
        (BERLIN, at(BERLIN, 2026, 10, 24, 23, 50)),  # 03:00 CEST -> 02:00 CET on Oct 25
    ],
)
def test_every_50_lands_on_50_local_each_hour_across_dst(tz: str, start) -> None:
    times = chain(start, marks_rhythm(tz, 50), 6)
    assert [t.astimezone(ZoneInfo(tz)).minute for t in times] == [50] * 6
    # One real hour apart each time, however the local clock jumped.
    assert [later - earlier for earlier, later in zip(times, times[1:], strict=False)] == [
        timedelta(hours=1)
    ] * 5


def test_two_marks_and_the_first_break_of_an_office_day() -> None:
    r = marks_rhythm(NY, 25, 55, start=9 * 60, end=17 * 60, days=MON_FRI)
    # The day's first break: the first mark at least 20 minutes after 09:00.
    assert first_slot_at_or_after(at(NY, 2026, 3, 9, 8, 0), r) == at(NY, 2026, 3, 9, 9, 25)
    assert next_break_after(at(NY, 2026, 3, 9, 9, 25), r) == at(NY, 2026, 3, 9, 9, 55)
    # A card released off the grid at 10:48 (after a meeting): the next is not 7 minutes later but 11:25.
    assert next_break_after(at(NY, 2026, 3, 9, 10, 48), r) == at(NY, 2026, 3, 9, 11, 25)
    # The last mark of Friday is 16:55; the next is Monday's first.
    assert next_break_after(at(NY, 2026, 3, 13, 16, 55), r) == at(NY, 2026, 3, 16, 9, 25)


def test_next_mark_rounds_up_to_the_minute() -> None:
    assert next_mark(utc(2026, 3, 2, 12, 49, 30), (50,), "UTC") == utc(2026, 3, 2, 12, 50)
    assert next_mark(utc(2026, 3, 2, 12, 50), (50,), "UTC") == utc(2026, 3, 2, 12, 50)
    # India is 5:30 ahead: :50 local is :20 UTC.
    assert next_mark(utc(2026, 3, 2, 12, 0), (50,), "Asia/Kolkata") == utc(2026, 3, 2, 12, 20)


@pytest.mark.parametrize(
    ("text", "marks"),
    [(":50", (50,)), (":25 :55", (25, 55)), (":55,:25", (25, 55)), (":25 and :55", (25, 55)), (":0", (0,))],
)
def test_parse_marks(text: str, marks: tuple[int, ...]) -> None:
    assert rhythm_rules.is_marks_text(text)
    assert rhythm_rules.parse_marks(text) == marks


@pytest.mark.parametrize(
    ("text", "says"),
    [
        (":75", ":00 to :59"),
        (":50 :55", "at least 20 minutes apart"),
        (":05 :55", "at least 20 minutes apart"),  # 10 minutes apart across the hour
        (":00 :15 :30 :45", "at most 3"),
        (":fifty", "minutes past the hour"),
    ],
)
def test_parse_marks_explains_what_is_wrong(text: str, says: str) -> None:
    with pytest.raises(InputError, match=says):
        rhythm_rules.parse_marks(text)
    assert not rhythm_rules.is_marks_text("45")


def test_a_shared_meeting_end_releases_each_card_at_the_persons_place_in_the_spread() -> None:
    ends = at(NY, 2026, 3, 2, 11, 0)
    placed = Rhythm(NY, WorkHours(9 * 60, 17 * 60, MON_FRI), timedelta(minutes=50), timedelta(seconds=17))
    meeting = Presence(MEETING, ":calendar:", ends)
    assert plan_delivery(MONDAY_10, placed, presence=meeting, dnd=None) == Hold(
        ends + timedelta(seconds=17), "status"
    )
