"""Schedule rules: break windows in local time, DST, holds for DND and status, snoozes and labels."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from slackapp.domain.models import DndWindow, Hold, Presence, Rhythm, Send, WorkHours
from slackapp.domain.schedule import (
    AWAY_EMOJI,
    dnd_hold_until,
    first_slot_at_or_after,
    is_work_time,
    local_date,
    local_time_label,
    next_break_after,
    plan_delivery,
    snooze_today,
    snooze_until,
    start_of_next_local_day,
    status_means_away,
    zone,
)

MON_FRI = frozenset(range(5))
EVERY_DAY = frozenset(range(7))
NY = "America/New_York"
BERLIN = "Europe/Berlin"
AUCKLAND = "Pacific/Auckland"
LA = "America/Los_Angeles"
KOLKATA = "Asia/Kolkata"


def at(tz: str, y: int, mo: int, d: int, h: int = 0, mi: int = 0, s: int = 0, fold: int = 0) -> datetime:
    """An aware datetime at local wall time in tz."""
    return datetime(y, mo, d, h, mi, s, tzinfo=ZoneInfo(tz), fold=fold)


def utc(y: int, mo: int, d: int, h: int = 0, mi: int = 0, s: int = 0) -> datetime:
    """An aware UTC datetime."""
    return datetime(y, mo, d, h, mi, s, tzinfo=UTC)


def office(tz: str = NY, minutes: int = 50, start: int = 9 * 60, end: int = 17 * 60, days=MON_FRI) -> Rhythm:
    """A rhythm with the given work window (default 09:00-17:00 Mon-Fri, 50 min)."""
    return Rhythm(tz, WorkHours(start, end, frozenset(days)), timedelta(minutes=minutes))


ALWAYS_3S = Rhythm("UTC", WorkHours(0, 1440, EVERY_DAY), timedelta(seconds=3))


def assert_utc_equal(actual: datetime | None, expected: datetime) -> None:
    """actual is a UTC datetime at the same instant as expected."""
    assert actual is not None
    assert actual.utcoffset() == timedelta(0)
    assert actual == expected


# 2026-03-02 is a Monday; 2026-03-06 a Friday.
@pytest.mark.parametrize(
    ("t", "expected"),
    [
        (at(NY, 2026, 3, 2, 8, 0), at(NY, 2026, 3, 2, 9, 50)),
        (at(NY, 2026, 3, 2, 9, 0), at(NY, 2026, 3, 2, 9, 50)),
        (at(NY, 2026, 3, 2, 9, 49, 59), at(NY, 2026, 3, 2, 9, 50)),
        (at(NY, 2026, 3, 2, 9, 50), at(NY, 2026, 3, 2, 9, 50)),
        (at(NY, 2026, 3, 2, 12, 34, 56), at(NY, 2026, 3, 2, 12, 34, 56)),
        (at(NY, 2026, 3, 2, 17, 0), at(NY, 2026, 3, 2, 17, 0)),
        (at(NY, 2026, 3, 2, 17, 0, 1), at(NY, 2026, 3, 3, 9, 50)),
        (at(NY, 2026, 3, 6, 17, 30), at(NY, 2026, 3, 9, 9, 50)),
        (at(NY, 2026, 3, 7, 12, 0), at(NY, 2026, 3, 9, 9, 50)),
        (at(NY, 2026, 3, 1, 23, 59), at(NY, 2026, 3, 2, 9, 50)),
        # The same instants given in UTC resolve in the rhythm's zone, not UTC.
        (utc(2026, 3, 2, 14, 0), at(NY, 2026, 3, 2, 9, 50)),
        (utc(2026, 3, 2, 22, 30), at(NY, 2026, 3, 3, 9, 50)),
    ],
)
def test_first_slot_office_hours(t: datetime, expected: datetime) -> None:
    assert_utc_equal(first_slot_at_or_after(t, office()), expected)


@pytest.mark.parametrize(
    ("t", "expected"),
    [
        (utc(2026, 3, 2, 12, 0, 0), utc(2026, 3, 2, 12, 0, 0)),
        # Midnight is still inside yesterday's 00:00-24:00 window (closed interval).
        (utc(2026, 3, 3, 0, 0, 0), utc(2026, 3, 3, 0, 0, 0)),
        # Day after day of 00:00-24:00 is one window: no fresh start (and no interval's gap) at midnight.
        (utc(2026, 3, 3, 0, 0, 1), utc(2026, 3, 3, 0, 0, 1)),
        (utc(2026, 3, 3, 0, 0, 3), utc(2026, 3, 3, 0, 0, 3)),
    ],
)
def test_first_slot_all_day(t: datetime, expected: datetime) -> None:
    assert_utc_equal(first_slot_at_or_after(t, ALWAYS_3S), expected)


@pytest.mark.parametrize(
    ("rhythm", "t"),
    [
        (office(start=9 * 60, end=9 * 60 + 30, minutes=50), at(NY, 2026, 3, 2, 8, 0)),
        (office(start=9 * 60, end=17 * 60, minutes=9 * 60), at(NY, 2026, 3, 2, 8, 0)),
    ],
)
def test_first_slot_none_when_window_shorter_than_interval(rhythm: Rhythm, t: datetime) -> None:
    assert first_slot_at_or_after(t, rhythm) is None
    assert next_break_after(t, rhythm) is None


def test_first_slot_window_exactly_one_interval() -> None:
    rhythm = office(start=9 * 60, end=9 * 60 + 50, minutes=50)
    assert_utc_equal(first_slot_at_or_after(at(NY, 2026, 3, 2, 7, 0), rhythm), at(NY, 2026, 3, 2, 9, 50))
    assert_utc_equal(first_slot_at_or_after(at(NY, 2026, 3, 2, 9, 51), rhythm), at(NY, 2026, 3, 3, 9, 50))


def test_first_slot_single_weekday_looks_a_week_ahead() -> None:
    rhythm = office(days={0})
    assert_utc_equal(first_slot_at_or_after(at(NY, 2026, 3, 2, 17, 1), rhythm), at(NY, 2026, 3, 9, 9, 50))


@pytest.mark.parametrize(
    ("sent_at", "expected"),
    [
        (at(NY, 2026, 3, 2, 9, 50), at(NY, 2026, 3, 2, 10, 40)),
        (at(NY, 2026, 3, 2, 10, 7, 30), at(NY, 2026, 3, 2, 10, 57, 30)),
        (at(NY, 2026, 3, 2, 16, 10), at(NY, 2026, 3, 2, 17, 0)),
        (at(NY, 2026, 3, 2, 16, 40), at(NY, 2026, 3, 3, 9, 50)),
        (at(NY, 2026, 3, 6, 16, 40), at(NY, 2026, 3, 9, 9, 50)),
        # Opting in before work: the first break is one interval after work starts.
        (at(NY, 2026, 3, 2, 7, 0), at(NY, 2026, 3, 2, 9, 50)),
        (at(NY, 2026, 3, 2, 9, 5), at(NY, 2026, 3, 2, 9, 55)),
        # Opting in on a Saturday.
        (at(NY, 2026, 3, 7, 11, 0), at(NY, 2026, 3, 9, 9, 50)),
    ],
)
def test_next_break_after_office(sent_at: datetime, expected: datetime) -> None:
    assert_utc_equal(next_break_after(sent_at, office()), expected)


@pytest.mark.parametrize(
    ("sent_at", "expected"),
    [
        (utc(2026, 3, 2, 12, 0, 0), utc(2026, 3, 2, 12, 0, 3)),
        (utc(2026, 3, 2, 23, 59, 57), utc(2026, 3, 3, 0, 0, 0)),
        (utc(2026, 3, 2, 23, 59, 58), utc(2026, 3, 3, 0, 0, 1)),
    ],
)
def test_next_break_after_all_day_3s(sent_at: datetime, expected: datetime) -> None:
    assert_utc_equal(next_break_after(sent_at, ALWAYS_3S), expected)


@pytest.mark.parametrize(
    ("tz", "sent_at", "expected_utc"),
    [
        # Auckland (NZDT, UTC+13): Monday 09:50 local is Sunday 20:50 UTC.
        (AUCKLAND, at(AUCKLAND, 2026, 2, 27, 16, 40), utc(2026, 3, 1, 20, 50)),
        (AUCKLAND, at(AUCKLAND, 2026, 3, 2, 9, 0), utc(2026, 3, 1, 20, 50)),
        # Los Angeles (PST, UTC-8): Friday 16:40 local is already Saturday in UTC.
        (LA, at(LA, 2026, 3, 6, 16, 40), utc(2026, 3, 9, 16, 50)),
        (LA, utc(2026, 3, 7, 0, 40), utc(2026, 3, 9, 16, 50)),
        # Kolkata (UTC+5:30, no DST).
        (KOLKATA, at(KOLKATA, 2026, 3, 2, 9, 0), utc(2026, 3, 2, 4, 20)),
        (KOLKATA, at(KOLKATA, 2026, 3, 6, 16, 40), utc(2026, 3, 9, 4, 20)),
    ],
)
def test_next_break_after_far_time_zones(tz: str, sent_at: datetime, expected_utc: datetime) -> None:
    result = next_break_after(sent_at, office(tz=tz))
    assert_utc_equal(result, expected_utc)
    assert result.astimezone(ZoneInfo(tz)).strftime("%a %H:%M") == "Mon 09:50"


@pytest.mark.parametrize(
    ("tz", "friday", "monday_utc", "offset_hours"),
    [
        # America/New_York springs forward on 2026-03-08 and falls back on 2026-11-01.
        (NY, date(2026, 3, 6), utc(2026, 3, 9, 13, 50), -4),
        (NY, date(2026, 10, 30), utc(2026, 11, 2, 14, 50), -5),
        # Europe/Berlin springs forward on 2026-03-29 and falls back on 2026-10-25.
        (BERLIN, date(2026, 3, 27), utc(2026, 3, 30, 7, 50), 2),
        (BERLIN, date(2026, 10, 23), utc(2026, 10, 26, 8, 50), 1),
    ],
)
def test_dst_keeps_local_wall_time(tz: str, friday: date, monday_utc: datetime, offset_hours: int) -> None:
    sent = datetime(friday.year, friday.month, friday.day, 16, 40, tzinfo=ZoneInfo(tz))
    result = next_break_after(sent, office(tz=tz))
    assert_utc_equal(result, monday_utc)
    local = result.astimezone(ZoneInfo(tz))
    assert (local.hour, local.minute) == (9, 50)
    assert local.utcoffset() == timedelta(hours=offset_hours)


@pytest.mark.parametrize(
    ("tz", "saturday", "sunday_utc"),
    [
        (NY, date(2026, 3, 7), utc(2026, 3, 8, 13, 50)),
        (NY, date(2026, 10, 31), utc(2026, 11, 1, 14, 50)),
        (BERLIN, date(2026, 3, 28), utc(2026, 3, 29, 7, 50)),
        (BERLIN, date(2026, 10, 24), utc(2026, 10, 25, 8, 50)),
    ],
)
def test_dst_day_itself_every_day_rhythm(tz: str, saturday: date, sunday_utc: datetime) -> None:
    sent = datetime(saturday.year, saturday.month, saturday.day, 16, 40, tzinfo=ZoneInfo(tz))
    assert_utc_equal(next_break_after(sent, office(tz=tz, days=EVERY_DAY)), sunday_utc)


@pytest.mark.parametrize(
    ("tz", "day", "start", "minutes", "expected_first_utc"),
    [
        # NY 01:30 EST = 06:30 UTC; one real hour later is 03:30 EDT (02:30 does not exist).
        (NY, date(2026, 3, 8), 90, 60, utc(2026, 3, 8, 7, 30)),
        # NY fall back: 01:00 is the first (EDT) occurrence, 05:00 UTC; +50 min = 05:50 UTC.
        (NY, date(2026, 11, 1), 60, 50, utc(2026, 11, 1, 5, 50)),
        # Berlin 01:30 CET = 00:30 UTC; one real hour later is 03:30 CEST.
        (BERLIN, date(2026, 3, 29), 90, 60, utc(2026, 3, 29, 1, 30)),
        # Berlin fall back: 02:00 first (CEST) occurrence = 00:00 UTC; +60 min is 02:00 CET.
        (BERLIN, date(2026, 10, 25), 120, 60, utc(2026, 10, 25, 1, 0)),
    ],
)
def test_dst_start_plus_interval_is_real_time(
    tz: str, day: date, start: int, minutes: int, expected_first_utc: datetime
) -> None:
    rhythm = office(tz=tz, start=start, end=6 * 60, minutes=minutes, days=EVERY_DAY)
    t = datetime(day.year, day.month, day.day, 0, 0, tzinfo=ZoneInfo(tz))
    assert_utc_equal(first_slot_at_or_after(t, rhythm), expected_first_utc)


def test_dst_next_break_across_the_jump_is_real_interval() -> None:
    rhythm = office(tz=NY, start=60, end=5 * 60, minutes=50, days=EVERY_DAY)
    # 01:50 EST + 50 real minutes = 07:40 UTC = 03:40 EDT on spring-forward day.
    result = next_break_after(at(NY, 2026, 3, 8, 1, 50), rhythm)
    assert_utc_equal(result, utc(2026, 3, 8, 7, 40))
    assert result.astimezone(ZoneInfo(NY)).strftime("%H:%M %Z") == "03:40 EDT"
    # 01:50 EDT + 50 real minutes = 06:40 UTC = 01:40 EST (the repeated hour) on fall-back day.
    result = next_break_after(at(NY, 2026, 11, 1, 1, 50, fold=0), rhythm)
    assert_utc_equal(result, utc(2026, 11, 1, 6, 40))
    assert result.astimezone(ZoneInfo(NY)).strftime("%H:%M %Z") == "01:40 EST"


@pytest.mark.parametrize(
    ("t", "expected"),
    [
        (at(NY, 2026, 3, 2, 8, 59, 59), False),
        (at(NY, 2026, 3, 2, 9, 0), True),
        (at(NY, 2026, 3, 2, 9, 20), True),
        (at(NY, 2026, 3, 2, 17, 0), True),
        (at(NY, 2026, 3, 2, 17, 0, 1), False),
        (at(NY, 2026, 3, 7, 12, 0), False),
        (at(NY, 2026, 3, 8, 12, 0), False),
        # 14:00 UTC on Monday is 09:00 in New York (EST).
        (utc(2026, 3, 2, 14, 0), True),
        (utc(2026, 3, 2, 13, 59), False),
    ],
)
def test_is_work_time_office(t: datetime, expected: bool) -> None:
    assert is_work_time(t, office()) is expected


@pytest.mark.parametrize(
    ("tz", "t", "expected"),
    [
        # Sunday 21:00 UTC is Monday 10:00 in Auckland.
        (AUCKLAND, utc(2026, 3, 1, 21, 0), True),
        # Friday 21:00 UTC is Saturday 10:00 in Auckland.
        (AUCKLAND, utc(2026, 3, 6, 21, 0), False),
        # Saturday 00:40 UTC is Friday 16:40 in Los Angeles.
        (LA, utc(2026, 3, 7, 0, 40), True),
        # Monday 03:29 UTC is 08:59 in Kolkata; 03:30 UTC is 09:00.
        (KOLKATA, utc(2026, 3, 2, 3, 29), False),
        (KOLKATA, utc(2026, 3, 2, 3, 30), True),
    ],
)
def test_is_work_time_far_zones(tz: str, t: datetime, expected: bool) -> None:
    assert is_work_time(t, office(tz=tz)) is expected


def test_is_work_time_all_day_window_includes_midnight() -> None:
    rhythm = office(tz="UTC", start=0, end=1440, days={0})
    assert is_work_time(utc(2026, 3, 2, 0, 0), rhythm) is True
    assert is_work_time(utc(2026, 3, 2, 23, 59, 59), rhythm) is True
    # Tuesday 00:00 is Monday's 24:00.
    assert is_work_time(utc(2026, 3, 3, 0, 0), rhythm) is True
    assert is_work_time(utc(2026, 3, 3, 0, 0, 1), rhythm) is False


@pytest.mark.parametrize(
    ("name", "expected_key"),
    [
        ("Europe/Berlin", "Europe/Berlin"),
        ("Pacific/Auckland", "Pacific/Auckland"),
        ("", "UTC"),
        ("Not/AZone", "UTC"),
        ("utc", "UTC"),
        ("../../etc/passwd", "UTC"),
        ("America", "UTC"),
    ],
)
def test_zone_falls_back_to_utc(name: str, expected_key: str) -> None:
    assert zone(name).key == expected_key


def test_bad_tz_does_not_crash_schedule() -> None:
    rhythm = office(tz="Mars/Olympus_Mons")
    assert_utc_equal(first_slot_at_or_after(utc(2026, 3, 2, 8, 0), rhythm), utc(2026, 3, 2, 9, 50))
    assert is_work_time(utc(2026, 3, 2, 9, 0), rhythm) is True
    assert local_date(utc(2026, 3, 2, 23, 0), "nope") == date(2026, 3, 2)


@pytest.mark.parametrize(
    ("t", "tz", "expected"),
    [
        (utc(2026, 3, 1, 21, 0), AUCKLAND, date(2026, 3, 2)),
        (utc(2026, 3, 7, 0, 40), LA, date(2026, 3, 6)),
        (utc(2026, 3, 2, 18, 29), KOLKATA, date(2026, 3, 2)),
        (utc(2026, 3, 2, 18, 30), KOLKATA, date(2026, 3, 3)),
        (at(AUCKLAND, 2026, 3, 2, 1, 0), "UTC", date(2026, 3, 1)),
    ],
)
def test_local_date(t: datetime, tz: str, expected: date) -> None:
    assert local_date(t, tz) == expected


# "now" is Wednesday 2026-03-04 10:00 in New York.
NOW_NY = at(NY, 2026, 3, 4, 10, 0)


@pytest.mark.parametrize(
    ("t", "expected"),
    [
        (at(NY, 2026, 3, 4, 14, 50), "2:50 PM"),
        (at(NY, 2026, 3, 4, 10, 0), "10:00 AM"),
        (at(NY, 2026, 3, 4, 0, 5), "12:05 AM"),
        (at(NY, 2026, 3, 4, 12, 30), "12:30 PM"),
        (at(NY, 2026, 3, 4, 23, 59), "11:59 PM"),
        (at(NY, 2026, 3, 5, 9, 50), "tomorrow 9:50 AM"),
        (at(NY, 2026, 3, 6, 9, 50), "Fri 9:50 AM"),
        (at(NY, 2026, 3, 9, 9, 50), "Mon 9:50 AM"),
        (at(NY, 2026, 3, 10, 16, 5), "Tue 4:05 PM"),
        # Seven days ahead would repeat today's weekday name, so it gets a date.
        (at(NY, 2026, 3, 11, 9, 50), "Mar 11 9:50 AM"),
        (at(NY, 2026, 3, 3, 9, 50), "Mar 3 9:50 AM"),
        (at(NY, 2026, 11, 30, 9, 50), "Nov 30 9:50 AM"),
        # Given in UTC, shown in New York time: 2026-03-05 02:00 UTC is 21:00 on the 4th.
        (utc(2026, 3, 5, 2, 0), "9:00 PM"),
    ],
)
def test_local_time_label(t: datetime, expected: str) -> None:
    assert local_time_label(t, NY, NOW_NY) == expected


def test_local_time_label_uses_local_day_not_utc_day() -> None:
    # 2026-03-01 22:00 UTC is Monday 11:00 in Auckland; now is Monday 08:00 there (Sunday in UTC).
    now = at(AUCKLAND, 2026, 3, 2, 8, 0)
    assert local_time_label(utc(2026, 3, 1, 22, 0), AUCKLAND, now) == "11:00 AM"
    assert local_time_label(utc(2026, 3, 2, 20, 50), AUCKLAND, now) == "tomorrow 9:50 AM"


@pytest.mark.parametrize(
    ("t", "tz", "expected"),
    [
        (at(NY, 2026, 3, 2, 15, 0), NY, utc(2026, 3, 3, 5, 0)),
        (at(NY, 2026, 3, 2, 0, 0), NY, utc(2026, 3, 3, 5, 0)),
        # The night before spring forward is still EST; the next midnight is EDT.
        (at(NY, 2026, 3, 7, 15, 0), NY, utc(2026, 3, 8, 5, 0)),
        (at(NY, 2026, 3, 8, 10, 0), NY, utc(2026, 3, 9, 4, 0)),
        (at(NY, 2026, 11, 1, 10, 0), NY, utc(2026, 11, 2, 5, 0)),
        (utc(2026, 3, 2, 19, 0), KOLKATA, utc(2026, 3, 3, 18, 30)),
        (utc(2026, 3, 1, 21, 0), AUCKLAND, utc(2026, 3, 2, 11, 0)),
    ],
)
def test_start_of_next_local_day(t: datetime, tz: str, expected: datetime) -> None:
    assert_utc_equal(start_of_next_local_day(t, tz), expected)


NOW = at(NY, 2026, 3, 2, 10, 15)


@pytest.mark.parametrize(
    ("dnd", "expected"),
    [
        (None, None),
        (DndWindow(True, utc(2026, 3, 2, 15, 0), utc(2026, 3, 2, 16, 0)), utc(2026, 3, 2, 16, 0)),
        (DndWindow(True, NOW, utc(2026, 3, 2, 16, 0)), utc(2026, 3, 2, 16, 0)),
        (DndWindow(False, utc(2026, 3, 2, 15, 0), utc(2026, 3, 2, 16, 0)), None),
        (DndWindow(True, utc(2026, 3, 2, 16, 0), utc(2026, 3, 2, 17, 0)), None),
        (DndWindow(True, utc(2026, 3, 2, 13, 0), utc(2026, 3, 2, 15, 0)), None),
        # The end is exclusive: DND that ends right now no longer holds.
        (DndWindow(True, utc(2026, 3, 2, 14, 0), NOW), None),
        (DndWindow(True, None, utc(2026, 3, 2, 16, 0)), None),
        (DndWindow(True, utc(2026, 3, 2, 15, 0), None), None),
    ],
)
def test_dnd_hold_until(dnd: DndWindow | None, expected: datetime | None) -> None:
    result = dnd_hold_until(NOW, dnd)
    if expected is None:
        assert result is None
    else:
        assert_utc_equal(result, expected)


SPEC_EMOJI = [
    ":calendar:",
    ":spiral_calendar_pad:",
    ":date:",
    ":headphones:",
    ":palm_tree:",
    ":face_with_thermometer:",
    ":thermometer:",
    ":airplane:",
    ":beach_with_umbrella:",
    ":phone:",
    ":telephone_receiver:",
    ":studio_microphone:",
    ":no_entry:",
    ":red_circle:",
]


def test_away_emoji_set_is_the_documented_list() -> None:
    assert AWAY_EMOJI == frozenset(SPEC_EMOJI)


@pytest.mark.parametrize("emoji", [*SPEC_EMOJI, ":CALENDAR:", "palm_tree", " :Headphones: "])
def test_status_emoji_means_away(emoji: str) -> None:
    assert status_means_away(Presence(status_emoji=emoji), NOW) is True


@pytest.mark.parametrize(
    "text",
    [
        "In a meeting",
        "meeting",
        "Meetings all afternoon",
        "on a call",
        "Call with Acme",
        "calls until 3",
        "In a huddle",
        "huddle",
        "vacation",
        "Vacationing in Lisbon",
        "Public holiday",
        "PTO",
        "pto until Monday",
        "OOO",
        "ooo back on the 12th",
        "Out of office",
        "out-of-office",
        "Out sick",
        "sick",
        "off today",
        "Presenting at all-hands",
        "interview",
        "Interviewing candidates",
        "On call, in a meeting",
    ],
)
def test_status_text_means_away(text: str) -> None:
    assert status_means_away(Presence(status_text=text), NOW) is True


@pytest.mark.parametrize(
    ("text", "emoji"),
    [
        ("", ""),
        ("recall", ""),
        ("Recalling the good old days", ""),
        ("callback hell", ""),
        ("Callum's birthday", ""),
        ("laptop died", ""),
        ("Working from my laptop", ""),
        ("Calendar cleanup", ""),
        ("Commuting", ":bus:"),
        ("Working remotely", ":house_with_garden:"),
        ("Lunch", ":hamburger:"),
        ("Mooo", ":cow:"),
        ("On call this week", ":pager:"),
        ("on-call", ""),
        ("", ":large_red_square:"),
        ("", ":calendar_extra:"),
    ],
)
def test_status_false_positives(text: str, emoji: str) -> None:
    assert status_means_away(Presence(status_text=text, status_emoji=emoji), NOW) is False


@pytest.mark.parametrize(
    ("expiration", "expected"),
    [
        (None, True),
        (NOW + timedelta(seconds=1), True),
        (NOW + timedelta(hours=3), True),
        (NOW, False),
        (NOW - timedelta(minutes=5), False),
    ],
)
def test_status_expiration(expiration: datetime | None, expected: bool) -> None:
    presence = Presence("In a meeting", ":calendar:", expiration)
    assert status_means_away(presence, NOW) is expected


def test_no_presence_is_not_away() -> None:
    assert status_means_away(None, NOW) is False


MONDAY_10 = at(NY, 2026, 3, 2, 10, 0)
AWAY = Presence("In a meeting", ":calendar:")


@pytest.mark.parametrize(
    ("now", "presence", "dnd", "expected"),
    [
        # 1. outside hours: weekend, before the first slot, after work.
        (at(NY, 2026, 3, 7, 12, 0), None, None, Hold(at(NY, 2026, 3, 9, 9, 50), "outside_hours")),
        (at(NY, 2026, 3, 2, 7, 0), None, None, Hold(at(NY, 2026, 3, 2, 9, 50), "outside_hours")),
        (at(NY, 2026, 3, 2, 9, 20), None, None, Hold(at(NY, 2026, 3, 2, 9, 50), "outside_hours")),
        (at(NY, 2026, 3, 2, 17, 30), None, None, Hold(at(NY, 2026, 3, 3, 9, 50), "outside_hours")),
        (at(NY, 2026, 3, 6, 17, 0, 1), None, None, Hold(at(NY, 2026, 3, 9, 9, 50), "outside_hours")),
        # Outside hours wins over DND and status.
        (
            at(NY, 2026, 3, 7, 12, 0),
            AWAY,
            DndWindow(True, at(NY, 2026, 3, 7, 11, 0), at(NY, 2026, 3, 7, 13, 0)),
            Hold(at(NY, 2026, 3, 9, 9, 50), "outside_hours"),
        ),
        # 2. DND covering now: hold until its end, or the next slot if it ends after work.
        (
            MONDAY_10,
            None,
            DndWindow(True, at(NY, 2026, 3, 2, 9, 30), at(NY, 2026, 3, 2, 11, 0)),
            Hold(at(NY, 2026, 3, 2, 11, 0), "dnd"),
        ),
        (
            MONDAY_10,
            None,
            DndWindow(True, at(NY, 2026, 3, 2, 9, 30), at(NY, 2026, 3, 2, 18, 0)),
            Hold(at(NY, 2026, 3, 3, 9, 50), "dnd"),
        ),
        # DND wins over status.
        (
            MONDAY_10,
            AWAY,
            DndWindow(True, at(NY, 2026, 3, 2, 9, 30), at(NY, 2026, 3, 2, 11, 0)),
            Hold(at(NY, 2026, 3, 2, 11, 0), "dnd"),
        ),
        # 3. away status: retry in 10 minutes, or the next slot if that is after work.
        (MONDAY_10, AWAY, None, Hold(at(NY, 2026, 3, 2, 10, 10), "status")),
        (at(NY, 2026, 3, 2, 16, 55), AWAY, None, Hold(at(NY, 2026, 3, 3, 9, 50), "status")),
        (at(NY, 2026, 3, 2, 16, 50), AWAY, None, Hold(at(NY, 2026, 3, 2, 17, 0), "status")),
        # 4. send; DND not covering now, disabled, or expired status do not hold.
        (MONDAY_10, None, None, Send(at(NY, 2026, 3, 2, 10, 50))),
        (at(NY, 2026, 3, 2, 9, 50), None, None, Send(at(NY, 2026, 3, 2, 10, 40))),
        (at(NY, 2026, 3, 2, 17, 0), None, None, Send(at(NY, 2026, 3, 3, 9, 50))),
        (at(NY, 2026, 3, 6, 16, 40), None, None, Send(at(NY, 2026, 3, 9, 9, 50))),
        (
            MONDAY_10,
            Presence("Lunch", ":hamburger:"),
            DndWindow(True, at(NY, 2026, 3, 2, 12, 0), at(NY, 2026, 3, 2, 13, 0)),
            Send(at(NY, 2026, 3, 2, 10, 50)),
        ),
        (
            MONDAY_10,
            Presence("In a meeting", ":calendar:", at(NY, 2026, 3, 2, 9, 59)),
            DndWindow(False, at(NY, 2026, 3, 2, 9, 0), at(NY, 2026, 3, 2, 11, 0)),
            Send(at(NY, 2026, 3, 2, 10, 50)),
        ),
    ],
)
def test_plan_delivery(
    now: datetime, presence: Presence | None, dnd: DndWindow | None, expected: Hold | Send
) -> None:
    result = plan_delivery(now, office(), presence=presence, dnd=dnd)
    assert result == expected
    moment = result.until if isinstance(result, Hold) else result.next_due
    assert moment.utcoffset() == timedelta(0)


def test_plan_delivery_custom_status_retry() -> None:
    result = plan_delivery(MONDAY_10, office(), presence=AWAY, dnd=None, status_retry=timedelta(minutes=3))
    assert result == Hold(at(NY, 2026, 3, 2, 10, 3), "status")


def test_plan_delivery_all_day_3s_sends() -> None:
    now = utc(2026, 3, 2, 12, 0, 0)
    assert plan_delivery(now, ALWAYS_3S, presence=None, dnd=None) == Send(utc(2026, 3, 2, 12, 0, 3))


def test_plan_delivery_without_any_slot_falls_back_one_day() -> None:
    rhythm = office(start=9 * 60, end=9 * 60 + 30, minutes=50)
    result = plan_delivery(MONDAY_10, rhythm, presence=None, dnd=None)
    assert result == Hold(MONDAY_10 + timedelta(days=1), "outside_hours")
    assert result.until.utcoffset() == timedelta(0)


def test_plan_delivery_far_zone_dnd() -> None:
    now = at(AUCKLAND, 2026, 3, 2, 14, 0)
    dnd = DndWindow(True, utc(2026, 3, 2, 0, 0), utc(2026, 3, 2, 2, 30))
    assert plan_delivery(now, office(tz=AUCKLAND), presence=None, dnd=dnd) == Hold(
        at(AUCKLAND, 2026, 3, 2, 15, 30), "dnd"
    )


@pytest.mark.parametrize(
    ("now", "duration", "expected"),
    [
        (MONDAY_10, timedelta(minutes=30), at(NY, 2026, 3, 2, 10, 30)),
        (MONDAY_10, timedelta(hours=7), at(NY, 2026, 3, 2, 17, 0)),
        (at(NY, 2026, 3, 2, 16, 45), timedelta(minutes=30), at(NY, 2026, 3, 3, 9, 50)),
        (at(NY, 2026, 3, 6, 16, 45), timedelta(hours=2), at(NY, 2026, 3, 9, 9, 50)),
        (at(NY, 2026, 3, 2, 9, 0), timedelta(minutes=15), at(NY, 2026, 3, 2, 9, 50)),
    ],
)
def test_snooze_until(now: datetime, duration: timedelta, expected: datetime) -> None:
    assert_utc_equal(snooze_until(now, office(), duration), expected)


def test_snooze_until_none_without_slots() -> None:
    assert snooze_until(MONDAY_10, office(end=9 * 60 + 30), timedelta(minutes=30)) is None


@pytest.mark.parametrize(
    ("rhythm", "now", "expected"),
    [
        (office(), MONDAY_10, at(NY, 2026, 3, 3, 9, 50)),
        (office(), at(NY, 2026, 3, 6, 10, 0), at(NY, 2026, 3, 9, 9, 50)),
        (office(), at(NY, 2026, 3, 2, 23, 59), at(NY, 2026, 3, 3, 9, 50)),
        (office(tz=AUCKLAND), utc(2026, 3, 1, 21, 0), at(AUCKLAND, 2026, 3, 3, 9, 50)),
        (office(tz=BERLIN, days=EVERY_DAY), at(BERLIN, 2026, 3, 28, 15, 0), utc(2026, 3, 29, 7, 50)),
        # Midnight is the 24:00 end of yesterday's all-day window, so it is a valid slot.
        (ALWAYS_3S, utc(2026, 3, 2, 12, 0), utc(2026, 3, 3, 0, 0)),
    ],
)
def test_snooze_today(rhythm: Rhythm, now: datetime, expected: datetime) -> None:
    assert_utc_equal(snooze_today(now, rhythm), expected)


@pytest.mark.parametrize(
    "call",
    [
        lambda: first_slot_at_or_after(datetime(2026, 3, 2, 9, 0), office()),
        lambda: next_break_after(datetime(2026, 3, 2, 9, 0), office()),
        lambda: is_work_time(datetime(2026, 3, 2, 9, 0), office()),
        lambda: plan_delivery(datetime(2026, 3, 2, 9, 0), office(), presence=None, dnd=None),
        lambda: local_date(datetime(2026, 3, 2, 9, 0), NY),
    ],
)
def test_naive_datetimes_are_rejected(call) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        call()


@pytest.mark.parametrize(
    ("start", "end", "days"),
    [
        (-1, 60, {0}),
        (1440, 1440, {0}),
        (60, 0, {0}),
        (60, 1441, {0}),
        (600, 600, {0}),
        (600, 540, {0}),
        (540, 1020, set()),
        (540, 1020, {7}),
        (540, 1020, {-1}),
    ],
)
def test_work_hours_rejects_impossible_values(start: int, end: int, days: set[int]) -> None:
    with pytest.raises(ValueError):
        WorkHours(start, end, frozenset(days))


def test_work_hours_accepts_bounds_and_coerces_days() -> None:
    hours = WorkHours(0, 1440, {0, 6})  # type: ignore[arg-type]
    assert hours.days == frozenset({0, 6})
    assert isinstance(hours.days, frozenset)
    assert WorkHours(1439, 1440, frozenset({3})).start_minute == 1439


@pytest.mark.parametrize(
    "build",
    [
        lambda: Rhythm(NY, WorkHours(540, 1020, MON_FRI), timedelta(0)),
        lambda: Hold(utc(2026, 3, 2), "lunch"),
        lambda: Hold(datetime(2026, 3, 2), "dnd"),
        lambda: Send(datetime(2026, 3, 2)),
        lambda: DndWindow(True, datetime(2026, 3, 2), None),
        lambda: Presence("x", "", datetime(2026, 3, 2)),
    ],
)
def test_models_reject_invalid_values(build) -> None:
    with pytest.raises(ValueError):
        build()


# --- The first breaks of a day, spread over the time the workspace's send rate needs ---------------------


def test_the_first_break_window_is_what_the_send_rate_needs_but_never_more_than_an_interval():
    from slackapp.domain.schedule import first_break_window

    fifty = timedelta(minutes=50)
    assert first_break_window(1000, 10.0, fifty) == timedelta(seconds=100)
    assert first_break_window(10_000, 10.0, timedelta(minutes=20)) == timedelta(seconds=1000)
    assert first_break_window(100_000, 10.0, fifty) == fifty  # more than a round can carry: one interval
    assert first_break_window(5, 10.0, fifty) == timedelta(0)  # under a second's worth: no spread
    assert first_break_window(1, 10.0, fifty) == timedelta(0)


def test_a_persons_place_in_the_window_is_stable_whole_seconds_and_spreads_a_workspace():
    from slackapp.domain.schedule import first_break_offset

    window = timedelta(seconds=100)
    offsets = [first_break_offset(f"U{n:05d}", window) for n in range(1000)]
    assert offsets == [first_break_offset(f"U{n:05d}", window) for n in range(1000)]  # the same every day
    assert all(timedelta(0) <= o < window and o.microseconds == 0 for o in offsets)
    per_second = {o: offsets.count(o) for o in set(offsets)}
    assert len(per_second) == 100  # every second of the window has someone
    assert max(per_second.values()) <= 30  # about 10 a second, as the send rate allows
    assert first_break_offset("U1", timedelta(0)) == timedelta(0)


def test_the_first_break_of_a_fresh_day_moves_by_the_offset_and_the_next_day_keeps_it():
    spread = replace(office(), first_offset=timedelta(seconds=37))
    evening = at(NY, 2026, 11, 24, 16, 50)  # Tuesday's last break
    assert_utc_equal(next_break_after(evening, spread), at(NY, 2026, 11, 25, 9, 50, 37).astimezone(UTC))
    # During the day the next break is an interval after the last one: the offset is already in it.
    assert_utc_equal(
        next_break_after(at(NY, 2026, 11, 25, 9, 50, 37), spread), at(NY, 2026, 11, 25, 10, 40, 37)
    )
    # Held at 09:50 (the usual first break) until the person's place in the spread.
    held = plan_delivery(at(NY, 2026, 11, 25, 9, 50), spread, presence=None, dnd=None)
    assert held == Hold(at(NY, 2026, 11, 25, 9, 50, 37).astimezone(UTC), "outside_hours")


def test_an_offset_never_pushes_the_first_break_past_the_end_of_the_work_day():
    short = Rhythm(NY, WorkHours(9 * 60, 10 * 60, MON_FRI), timedelta(minutes=50), timedelta(minutes=15))
    # 09:50 + 15 min is after 10:00: the break stays at 09:50 rather than the day losing it.
    assert_utc_equal(first_slot_at_or_after(at(NY, 2026, 11, 25, 6), short), at(NY, 2026, 11, 25, 9, 50))


def test_a_day_that_continues_yesterdays_has_no_fresh_start_to_spread():
    always = Rhythm("UTC", WorkHours(0, 1440, EVERY_DAY), timedelta(minutes=50), timedelta(seconds=40))
    t = utc(2026, 11, 25, 0, 0, 5)
    assert_utc_equal(first_slot_at_or_after(t, always), t)
