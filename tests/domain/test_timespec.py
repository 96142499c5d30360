"""Parsing and formatting what people type: durations, interval settings, work hours and days."""

from __future__ import annotations

from datetime import timedelta

import pytest

from slackapp.domain.errors import InputError
from slackapp.domain.timespec import (
    format_days,
    format_duration,
    format_hours,
    parse_days,
    parse_duration,
    parse_hours,
    parse_interval_setting,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("30m", timedelta(minutes=30)),
        ("2h", timedelta(hours=2)),
        ("90s", timedelta(seconds=90)),
        ("1h30m", timedelta(minutes=90)),
        ("1h 30m", timedelta(minutes=90)),
        ("1 h 30 min", timedelta(minutes=90)),
        ("45", timedelta(minutes=45)),
        (" 45 ", timedelta(minutes=45)),
        ("15 min", timedelta(minutes=15)),
        ("15 mins", timedelta(minutes=15)),
        ("15 minutes", timedelta(minutes=15)),
        ("2 hours", timedelta(hours=2)),
        ("1 hour", timedelta(hours=1)),
        ("2hrs", timedelta(hours=2)),
        ("30 seconds", timedelta(seconds=30)),
        ("30M", timedelta(minutes=30)),
        ("2H", timedelta(hours=2)),
        ("1d", timedelta(days=1)),
        ("7 days", timedelta(days=7)),
        ("1s", timedelta(seconds=1)),
    ],
)
def test_parse_duration(text: str, expected: timedelta) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "`30m`"),
        ("   ", "`30m`"),
        ("0", "`30m`"),
        ("0m", "`30m`"),
        ("0h 0m", "`30m`"),
        ("-5m", "`30m`"),
        ("abc", "`30m`"),
        ("30x", "`30m`"),
        ("5mx", "`30m`"),
        ("m30", "`30m`"),
        ("1.5h", "`30m`"),
        ("30 m and more", "`30m`"),
        ("8d", "`2h`"),
        ("7d 1s", "`2h`"),
        ("10081", "`2h`"),
        ("99999999999999999999999d", "`2h`"),
    ],
)
def test_parse_duration_rejects(text: str, fragment: str) -> None:
    with pytest.raises(InputError) as info:
        parse_duration(text)
    assert fragment in info.value.message
    assert info.value.message.endswith(".")


def test_parse_duration_error_echoes_input() -> None:
    with pytest.raises(InputError, match=r"I couldn't read `soon` as a duration\. Try `30m`"):
        parse_duration("soon")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("50m", timedelta(minutes=50)),
        ("3s", timedelta(seconds=3)),
        ("1h", timedelta(hours=1)),
        ("50", timedelta(minutes=50)),
        (" 50M ", timedelta(minutes=50)),
        ("90S", timedelta(seconds=90)),
    ],
)
def test_parse_interval_setting(text: str, expected: timedelta) -> None:
    assert parse_interval_setting(text) == expected


@pytest.mark.parametrize(
    "text", ["", "0", "0m", "-5m", "50 min", "1h30m", "fifty", "5d", "1.5h", "999999999999999999999h"]
)
def test_parse_interval_setting_rejects(text: str) -> None:
    with pytest.raises(InputError) as info:
        parse_interval_setting(text)
    assert "GLUTES_BREAK_INTERVAL" in info.value.message
    assert "`50m`" in info.value.message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("08:30-17:00", (510, 1020)),
        ("8:30-17:00", (510, 1020)),
        ("8:30–17:00", (510, 1020)),
        ("08:30 - 17:00", (510, 1020)),
        ("9-17", (540, 1020)),
        ("00:00-24:00", (0, 1440)),
        ("0-24", (0, 1440)),
        ("18:00-00:00", (1080, 1440)),
        ("9am-5pm", (540, 1020)),
        ("9:30 AM - 5:45 PM", (570, 1065)),
        ("12am-12pm", (0, 720)),
        ("9 to 17", (540, 1020)),
        ("23:59-24:00", (1439, 1440)),
    ],
)
def test_parse_hours(text: str, expected: tuple[int, int]) -> None:
    assert parse_hours(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "9-5",
        "17:00-08:30",
        "09:00-09:00",
        "24:00-24:00",
        "24:00-01:00",
        "25:00-26:00",
        "09:60-17:00",
        "24:30-10:00",
        "9",
        "9-17-18",
        "nine to five",
        "13pm-14pm",
        "0am-5pm",
        "09:00-17:0",
    ],
)
def test_parse_hours_rejects(text: str) -> None:
    with pytest.raises(InputError) as info:
        parse_hours(text)
    assert "`08:30-17:00`" in info.value.message


def test_parse_hours_error_wording() -> None:
    with pytest.raises(InputError) as info:
        parse_hours("9-5")
    assert info.value.message.startswith("I couldn't read `9-5` as work hours")
    assert info.value.message.endswith("Try `08:30-17:00`.")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mon-fri", {0, 1, 2, 3, 4}),
        ("Mon-Fri", {0, 1, 2, 3, 4}),
        ("mon–fri", {0, 1, 2, 3, 4}),
        ("mon - fri", {0, 1, 2, 3, 4}),
        ("mon to fri", {0, 1, 2, 3, 4}),
        ("mon,wed,fri", {0, 2, 4}),
        ("mon, wed, fri", {0, 2, 4}),
        ("mon wed fri", {0, 2, 4}),
        ("mon and wed", {0, 2}),
        ("sat-sun", {5, 6}),
        ("weekdays", {0, 1, 2, 3, 4}),
        ("weekends", {5, 6}),
        ("daily", {0, 1, 2, 3, 4, 5, 6}),
        ("every day", {0, 1, 2, 3, 4, 5, 6}),
        ("Every  Day", {0, 1, 2, 3, 4, 5, 6}),
        ("all", {0, 1, 2, 3, 4, 5, 6}),
        ("mon-sun", {0, 1, 2, 3, 4, 5, 6}),
        ("monday", {0}),
        ("Monday-Thursday", {0, 1, 2, 3}),
        ("tues, thurs", {1, 3}),
        ("weds", {2}),
        ("fri-mon", {4, 5, 6, 0}),
        ("sun-tue", {6, 0, 1}),
        ("thu-thu", {3}),
        ("mon-wed, fri", {0, 1, 2, 4}),
        ("weekdays, sat", {0, 1, 2, 3, 4, 5}),
    ],
)
def test_parse_days(text: str, expected: set[int]) -> None:
    result = parse_days(text)
    assert result == frozenset(expected)
    assert isinstance(result, frozenset)


@pytest.mark.parametrize("text", ["", "   ", "funday", "m", "mon-", "-fri", "mon-tue-wed", "mon,xyz", ",,"])
def test_parse_days_rejects(text: str) -> None:
    with pytest.raises(InputError) as info:
        parse_days(text)
    assert "`mon-fri`" in info.value.message


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (510, 1020, "08:30–17:00"),
        (540, 1020, "09:00–17:00"),
        (0, 1440, "00:00–24:00"),
        (1439, 1440, "23:59–24:00"),
        (5, 65, "00:05–01:05"),
    ],
)
def test_format_hours(start: int, end: int, expected: str) -> None:
    assert format_hours(start, end) == expected


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        ({0, 1, 2, 3, 4}, "Mon–Fri"),
        ({0, 2, 4}, "Mon, Wed, Fri"),
        ({0, 1, 2, 3, 4, 5, 6}, "every day"),
        ({5, 6}, "Sat–Sun"),
        ({0}, "Mon"),
        ({6}, "Sun"),
        ({4, 5, 6, 0}, "Fri–Mon"),
        ({0, 2, 5, 6}, "Wed, Sat–Mon"),
        ({0, 1, 2, 4}, "Mon–Wed, Fri"),
        ({0, 1, 2, 3, 4, 5}, "Mon–Sat"),
        (set(), "no days"),
    ],
)
def test_format_days(days: set[int], expected: str) -> None:
    assert format_days(frozenset(days)) == expected


@pytest.mark.parametrize("text", ["mon-fri", "mon,wed,fri", "fri-mon", "sat-sun", "daily", "tue"])
def test_days_round_trip(text: str) -> None:
    days = parse_days(text)
    assert parse_days(format_days(days).replace("every day", "daily")) == days


def test_format_days_rejects_out_of_range() -> None:
    with pytest.raises(ValueError):
        format_days({7})


@pytest.mark.parametrize(
    ("td", "expected"),
    [
        (timedelta(minutes=50), "50 min"),
        (timedelta(minutes=90), "1 h 30 min"),
        (timedelta(seconds=3), "3 s"),
        (timedelta(hours=2), "2 h"),
        (timedelta(minutes=1, seconds=5), "1 min 5 s"),
        (timedelta(days=1, hours=4), "1 d 4 h"),
        (timedelta(0), "0 s"),
        (timedelta(seconds=3.7), "3 s"),
        (timedelta(minutes=-5), "-5 min"),
    ],
)
def test_format_duration(td: timedelta, expected: str) -> None:
    assert format_duration(td) == expected


@pytest.mark.parametrize("text", ["30m", "2h", "1h30m", "90s", "45"])
def test_duration_round_trip(text: str) -> None:
    td = parse_duration(text)
    assert parse_duration(format_duration(td)) == td
