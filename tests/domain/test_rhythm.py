"""The break-rhythm bounds, stated once in domain/rhythm.py."""

from __future__ import annotations

import pytest

from slackapp.domain import rhythm
from slackapp.domain.errors import InputError


@pytest.mark.parametrize("minutes", [20, 47, 120])
def test_intervals_inside_the_bounds_pass(minutes: int) -> None:
    assert rhythm.check_interval_minutes(minutes) == minutes


@pytest.mark.parametrize("minutes", [0, 19, 121])
def test_intervals_outside_the_bounds_are_refused_with_the_bounds_named(minutes: int) -> None:
    with pytest.raises(InputError, match="between 20 and 120 minutes"):
        rhythm.check_interval_minutes(minutes, example="`/glutes every 50`")


def test_the_offered_choices_are_the_5_minute_grid_plus_an_allowed_current_value() -> None:
    assert rhythm.INTERVAL_CHOICES[0] == 20 and rhythm.INTERVAL_CHOICES[-1] == 120
    assert 47 in rhythm.interval_choices(47) and 500 not in rhythm.interval_choices(500)
    assert rhythm.nearest_interval_choice(52) == 50 and rhythm.nearest_interval_choice(500) == 120


@pytest.mark.parametrize(("text", "minutes"), [("45", 45), ("45m", 45), ("45 min", 45), ("45 minutes", 45)])
def test_interval_text_reads_as_minutes(text: str, minutes: int) -> None:
    assert rhythm.parse_interval_minutes(text, example="") == minutes


@pytest.mark.parametrize(("days", "words"), [((), "at least one"), ((0, 7), "Monday to Sunday")])
def test_work_days_need_one_real_weekday(days: tuple[int, ...], words: str) -> None:
    with pytest.raises(InputError, match=words):
        rhythm.check_work_days(days)
