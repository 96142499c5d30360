"""Tests for the self-test rules: the overall answer, the assessment and the stored record."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from slackapp.domain.selftest import (
    RETEST_AFTER,
    SPEED_LABELS,
    SPEEDS,
    VARIANTS,
    SelfTestResult,
    assess,
    delay_persists_since,
    from_record,
    to_record,
)

NOV_3 = date(2024, 11, 3)
NOV_17 = date(2024, 11, 17)
NOV_20 = date(2024, 11, 20)


def _result(
    both: str | None = None,
    left: str | None = None,
    right: str | None = None,
    *,
    safety: bool = False,
    on: date = NOV_17,
    variant: str = "step",
) -> SelfTestResult:
    return SelfTestResult(taken_on=on, both=both, left=left, right=right, safety_flag=safety, variant=variant)


def test_speeds_are_fastest_first_with_their_labels() -> None:
    assert SPEEDS == ("instant", "second", "pulses", "unsure")
    assert [SPEED_LABELS[s] for s in SPEEDS] == [
        "Instantly",
        "After a second",
        "Only after a few pulses",
        "Can't tell",
    ]


def test_retest_comes_after_two_weeks() -> None:
    assert RETEST_AFTER == timedelta(days=14)


@pytest.mark.parametrize(
    ("both", "left", "right", "expected"),
    [
        ("instant", None, None, "instant"),
        ("instant", "pulses", None, "instant"),
        ("second", "instant", "instant", "second"),
        (None, "instant", "second", "second"),
        ("pulses", "second", "instant", "pulses"),
        ("unsure", "instant", None, "unsure"),
        ("unsure", None, "second", "unsure"),
        ("unsure", "unsure", None, "unsure"),
        (None, None, "unsure", "unsure"),
        (None, "unsure", "pulses", "pulses"),
    ],
)
def test_overall_is_the_answer_as_given_else_the_slower_side(both, left, right, expected) -> None:
    # Issue 12: the overall answer used to be replaced by the slowest side; now it stands as given, and
    # only a test answered per side alone is read by its slower side.
    assert _result(both, left, right).overall() == expected


def test_overall_without_any_answer_raises() -> None:
    with pytest.raises(ValueError, match="no speed"):
        _result().overall()


def test_unknown_speed_is_rejected() -> None:
    with pytest.raises(ValueError, match="left"):
        _result("instant", left="fast")


@pytest.mark.parametrize(
    ("speed", "level"),
    [("instant", "awake"), ("second", "slow"), ("pulses", "asleep"), ("unsure", "unclear")],
)
def test_assess_maps_the_overall_speed_to_a_level(speed: str, level: str) -> None:
    assessment = assess(_result(speed), None)
    assert assessment.level == level
    assert assessment.comparison is None
    assert assessment.previous_on is None


def test_assess_reads_the_level_from_the_overall_answer_not_the_slowest_side() -> None:
    # Issue 12: changed from "asleep" (the slowest side); the side shows separately on the result.
    assert assess(_result("instant", left="pulses"), None).level == "awake"
    assert assess(_result(None, left="pulses", right="instant"), None).level == "asleep"


@pytest.mark.parametrize(
    ("before", "now", "comparison"),
    [
        ("pulses", "instant", "faster"),
        ("second", "instant", "faster"),
        ("pulses", "second", "faster"),
        ("instant", "second", "slower"),
        ("instant", "pulses", "slower"),
        ("second", "second", "same"),
        ("instant", "instant", "same"),
    ],
)
def test_assess_compares_with_the_previous_overall(before: str, now: str, comparison: str) -> None:
    assessment = assess(_result(now), _result(before, on=NOV_3))
    assert assessment.comparison == comparison
    assert assessment.previous_on == NOV_3


def test_assess_compares_the_overall_answers_as_given() -> None:
    # Issue 12: was "faster" (the previous slowest side, pulses, stood in for its overall answer).
    previous = _result("instant", right="pulses", on=NOV_3)
    assert assess(_result("second"), previous).comparison == "slower"
    sides_only = _result(None, left="pulses", right="second", on=NOV_3)
    assert assess(_result("second"), sides_only).comparison == "faster"


@pytest.mark.parametrize(
    ("before", "now"), [("unsure", "instant"), ("second", "unsure"), ("unsure", "unsure")]
)
def test_assess_does_not_compare_when_either_is_unsure(before: str, now: str) -> None:
    assessment = assess(_result(now), _result(before, on=NOV_3))
    assert assessment.comparison is None
    assert assessment.previous_on == NOV_3


def test_assess_tolerates_a_previous_result_without_answers() -> None:
    assessment = assess(_result("second"), _result(on=NOV_3))
    assert assessment.comparison is None
    assert assessment.see_professional is False


def test_assess_without_an_answer_raises() -> None:
    with pytest.raises(ValueError):
        assess(_result(), None)


def test_safety_flag_alone_means_see_a_professional() -> None:
    assert assess(_result("instant", safety=True), None).see_professional is True


OCT_20 = date(2024, 10, 20)
NOV_1 = date(2024, 11, 1)


@pytest.mark.parametrize(
    ("first", "middle", "now"),
    [("second", "second", "second"), ("second", "pulses", "pulses"), ("pulses", "pulses", "pulses")],
)
def test_a_delay_not_better_over_three_tests_four_weeks_apart_means_see_a_professional(
    first: str, middle: str, now: str
) -> None:
    history = [_result(first, on=OCT_20), _result(middle, on=NOV_1)]
    assessment = assess(_result(now), history[-1], history)
    assert assessment.see_professional is True
    assert assessment.persisting_since == OCT_20


def test_two_delays_are_not_enough_however_far_apart() -> None:
    # Issue 23: a delay alone, seen twice, gets more breaks and a retest, not a professional.
    assert assess(_result("pulses"), _result("pulses", on=OCT_20)).see_professional is False
    assert assess(_result("pulses"), _result("pulses", on=NOV_3)).see_professional is False


def test_three_delays_within_four_weeks_do_not_yet_persist() -> None:
    history = [_result("pulses", on=NOV_1), _result("pulses", on=NOV_3)]
    assert assess(_result("pulses"), history[-1], history).see_professional is False


def test_an_improving_delay_is_not_sent_to_a_professional() -> None:
    # Issue 12: ("pulses" then "second") used to count as a persisting delay; it is an improvement.
    history = [_result("pulses", on=OCT_20), _result("pulses", on=NOV_1)]
    assessment = assess(_result("second"), history[-1], history)
    assert assessment.see_professional is False
    assert assessment.comparison == "faster"


def test_a_test_without_a_delay_in_the_window_breaks_the_run() -> None:
    history = [_result("pulses", on=OCT_20), _result("instant", on=NOV_1), _result("pulses", on=NOV_3)]
    assert assess(_result("pulses"), history[-1], history).see_professional is False


def test_persistence_counts_from_the_newest_test_four_weeks_or_more_before() -> None:
    history = [
        _result("instant", on=date(2024, 10, 1)),
        _result("second", on=OCT_20),
        _result("second", on=NOV_1),
    ]
    assert delay_persists_since(_result("second"), history) == OCT_20
    assert delay_persists_since(_result("second", on=NOV_3), history) is None  # less than 4 weeks back


@pytest.mark.parametrize(
    ("before", "now"),
    [
        (None, "pulses"),
        (None, "second"),
        ("instant", "pulses"),
        ("pulses", "instant"),
        ("unsure", "pulses"),
        ("pulses", "second"),
    ],
)
def test_a_single_delay_does_not_mean_see_a_professional(before: str | None, now: str) -> None:
    previous = None if before is None else _result(before, on=NOV_3)
    assert assess(_result(now), previous).see_professional is False


@pytest.mark.parametrize(
    ("left", "right", "uneven"),
    [
        ("instant", "pulses", True),
        ("second", "instant", True),
        ("second", "second", False),
        ("second", None, False),
        (None, "pulses", False),
        ("unsure", "pulses", False),
    ],
)
def test_uneven_needs_two_different_sides(left: str | None, right: str | None, uneven: bool) -> None:
    assert assess(_result("second", left, right), None).uneven is uneven


@pytest.mark.parametrize(
    "result",
    [
        _result("second", safety=False, on=NOV_3),
        _result("pulses", "instant", "unsure", safety=True),
        _result(None, "second", None, safety=False, on=date(2025, 1, 31)),
        _result(),
        _result("second", variant="seated"),
        _result("instant", variant="supported"),
    ],
)
def test_record_round_trips(result: SelfTestResult) -> None:
    record = to_record(result)
    assert all(isinstance(key, str) and isinstance(value, str) for key, value in record.items())
    assert from_record(record) == result


def test_record_is_flat_strings_with_empty_for_missing() -> None:
    assert to_record(_result(None, "pulses", None, safety=True, on=NOV_3)) == {
        "taken_on": "2024-11-03",
        "both": "",
        "left": "pulses",
        "right": "",
        "safety": "1",
        "variant": "step",  # issue 12: the record keeps which way the test was done
    }
    assert to_record(_result("instant"))["safety"] == "0"


def test_from_record_reads_missing_speeds_as_none() -> None:
    assert from_record({"taken_on": "2024-11-03", "both": "second"}) == _result("second", on=NOV_3)


def test_a_record_from_before_variants_reads_as_the_step_test() -> None:
    assert VARIANTS == ("step", "supported", "seated")
    assert from_record({"taken_on": "2024-11-03", "both": "second"}).variant == "step"
    assert from_record({"taken_on": "2024-11-03", "both": "second", "variant": "seated"}).variant == "seated"


def test_unknown_variant_is_rejected() -> None:
    with pytest.raises(ValueError, match="variant"):
        _result("second", variant="handstand")


@pytest.mark.parametrize(
    "record",
    [
        {},
        {"taken_on": "yesterday"},
        {"taken_on": "2024-11-03", "both": "fast"},
        {"taken_on": "2024-11-03", "both": "second", "safety": "yes"},
        {"taken_on": "2024-11-03", "both": "second", "variant": "upside-down"},
    ],
)
def test_from_record_rejects_unreadable_data(record: dict[str, str]) -> None:
    with pytest.raises(ValueError):
        from_record(record)
