"""Slack's epoch-second fields read as numbers a datetime can hold, whatever an event carries."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from slackapp.domain.timestamps import LATEST_EPOCH_S, epoch_seconds, event_time_us, to_us


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        (1_765_000_000, 1_765_000_000),
        ("1765000000", 1_765_000_000),
        (1_765_000_000.9, 1_765_000_000),
        (None, 0),
        ("soon", 0),
        ([1], 0),
        (float("nan"), 0),
        (-(10**15), 0),
        (float("-inf"), 0),
        (10**12, LATEST_EPOCH_S),  # the year 33658
        (float("inf"), LATEST_EPOCH_S),
        (10**400, LATEST_EPOCH_S),
    ],
)
def test_epoch_seconds_is_bounded(value, seconds):
    assert epoch_seconds(value) == seconds
    datetime.fromtimestamp(epoch_seconds(value), UTC)  # never "year out of range"


def test_the_latest_moment_is_the_year_3000():
    assert datetime.fromtimestamp(LATEST_EPOCH_S, UTC) == datetime(3000, 1, 1, tzinfo=UTC)


NOW = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)
NOW_US = to_us(NOW)
NOW_S = NOW_US // 1_000_000


def test_to_us_keeps_every_microsecond():
    assert to_us(NOW + timedelta(microseconds=999_999)) == NOW_US + 999_999
    assert to_us(datetime(1970, 1, 1, 0, 0, 1, 1, tzinfo=UTC)) == 1_000_001


@pytest.mark.parametrize(
    ("event_ts", "event_time", "expected"),
    [
        # event_ts (a string with microseconds) is the most precise time Slack gives: it wins.
        (f"{NOW_S - 5}.000123", NOW_S - 4, NOW_US - 5_000_000 + 123),
        (f"{NOW_S - 5}.1234567", None, NOW_US - 5_000_000 + 123_456),  # cut to microseconds
        (f"{NOW_S - 5}", None, NOW_US - 5_000_000),
        (NOW_S - 5.5, None, NOW_US - 5_500_000),
        # No event_ts, or one that is not a time: the envelope's event_time (whole seconds).
        (None, NOW_S - 4, NOW_US - 4_000_000),
        ("soon", NOW_S - 4, NOW_US - 4_000_000),
        (True, NOW_S - 4, NOW_US - 4_000_000),
        ("-5.0", NOW_S - 4, NOW_US - 4_000_000),
        ("0", NOW_S - 4, NOW_US - 4_000_000),
        (float("nan"), NOW_S - 4, NOW_US - 4_000_000),
        (float("inf"), NOW_S - 4, NOW_US - 4_000_000),
        # Slightly ahead of our clock (clocks drift): believed. Far ahead: not, so it cannot wedge a state.
        (f"{NOW_S + 30}.5", None, NOW_US + 30_500_000),
        (f"{NOW_S + 61}.0", NOW_S - 4, NOW_US - 4_000_000),
        ("1" * 11, NOW_S - 4, NOW_US - 4_000_000),
        # Neither is a believable time: the moment it arrived.
        (None, None, NOW_US),
        (str(10**12), 10**12, NOW_US),
        ({"a": 1}, "later", NOW_US),
    ],
)
def test_an_event_time_is_the_most_precise_believable_time_slack_gives(event_ts, event_time, expected):
    assert event_time_us(event_ts, event_time, NOW) == expected
