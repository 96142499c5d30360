"""Slack's epoch-second fields read as numbers a datetime can hold, whatever an event carries."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from slackapp.domain.timestamps import LATEST_EPOCH_S, epoch_seconds


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
