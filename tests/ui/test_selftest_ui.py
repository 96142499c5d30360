"""Tests for the self-test modal, reading its submission, the result view and the retest invite."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    InputBlock,
    PlainTextObject,
    RadioButtonsElement,
    SectionBlock,
)
from slack_sdk.models.views import View

from slackapp.domain.selftest import SPEED_LABELS, SPEEDS, Assessment, SelfTestResult, assess
from slackapp.ids import (
    ACTION_OPEN_SELFTEST,
    ACTION_RESUME_BREAKS,
    ACTION_SELFTEST_SAFETY,
    ACTION_SELFTEST_SPEED,
    ACTION_SELFTEST_VARIANT,
    ACTION_TURN_ON,
    BLOCK_SELFTEST_BOTH,
    BLOCK_SELFTEST_LEFT,
    BLOCK_SELFTEST_RIGHT,
    BLOCK_SELFTEST_SAFETY,
    BLOCK_SELFTEST_VARIANT,
    VIEW_SELFTEST,
    VIEW_SELFTEST_RESULT,
)
from slackapp.ui.selftest import (
    ERROR_NO_SPEED,
    field_errors,
    modal,
    parse_submission,
    parse_variant,
    result_view,
    retest_dm,
    summary_line,
)
from slackapp.ui.wording import NOT_MEDICAL_ADVICE, SEE_A_PROFESSIONAL, URGENT_SIGNS

NOV_3 = date(2024, 11, 3)
NOV_17 = date(2024, 11, 17)


def _check_blocks(blocks: list[Block]) -> None:
    """Validate every block as the SDK would before sending, and check the limits Slack enforces."""
    assert 0 < len(blocks) <= 100
    for block in blocks:
        block.validate_json()
        if isinstance(block, SectionBlock) and block.text is not None:
            assert len(block.text.text) <= 3000
        elements = getattr(block, "elements", None) or []
        accessory = getattr(block, "accessory", None)
        for element in [*elements, accessory]:
            if isinstance(element, ButtonElement):
                assert len(element.text.text) <= 75


def _check_view(view: View) -> str:
    """Validate a view and its blocks against Slack's limits; return its JSON for text searches."""
    view.validate_json()
    for part in (view.title, view.submit, view.close):
        assert part is None or 1 <= len(part.text) <= 24
    assert view.private_metadata is None or len(view.private_metadata) <= 3000
    _check_blocks(view.blocks)
    return json.dumps(view.to_dict(), ensure_ascii=False)


def _result(
    both: str | None = "second",
    left: str | None = None,
    right: str | None = None,
    *,
    safety: bool = False,
    on: date = NOV_17,
) -> SelfTestResult:
    return SelfTestResult(taken_on=on, both=both, left=left, right=right, safety_flag=safety)


def _assessment(**overrides: Any) -> Assessment:
    values: dict[str, Any] = {
        "level": "slow",
        "comparison": None,
        "previous_on": None,
        "see_professional": False,
        "uneven": False,
    }
    values.update(overrides)
    return Assessment(**values)


def _buttons(blocks: list[Block]) -> list[ButtonElement]:
    found: list[ButtonElement] = []
    for block in blocks:
        for element in [*(getattr(block, "elements", None) or []), getattr(block, "accessory", None)]:
            if isinstance(element, ButtonElement):
                found.append(element)
    return found


def _inputs(view: View) -> dict[str, InputBlock]:
    return {block.block_id: block for block in view.blocks if isinstance(block, InputBlock)}


# --- modal -----------------------------------------------------------------------------------------------


def test_modal_validates_with_its_ids_and_buttons() -> None:
    view = modal()
    _check_view(view)
    assert view.type == "modal"
    assert view.callback_id == VIEW_SELFTEST
    assert view.title.text == "Glute self-test"
    assert view.submit.text == "See my result"
    assert view.close.text == "Cancel"


def test_modal_inputs_in_order_with_the_four_speeds() -> None:
    inputs = _inputs(modal())
    assert list(inputs) == [
        BLOCK_SELFTEST_VARIANT,  # issue 12: which way the test was done, chosen on the form
        BLOCK_SELFTEST_BOTH,
        BLOCK_SELFTEST_LEFT,
        BLOCK_SELFTEST_RIGHT,
        BLOCK_SELFTEST_SAFETY,
    ]
    for block_id in (BLOCK_SELFTEST_BOTH, BLOCK_SELFTEST_LEFT, BLOCK_SELFTEST_RIGHT):
        element = inputs[block_id].element
        assert isinstance(element, RadioButtonsElement)
        assert element.action_id == ACTION_SELFTEST_SPEED
        assert [option.value for option in element.options] == list(SPEEDS)
        assert [option.to_dict()["text"]["text"] for option in element.options] == [
            "Instantly",
            "After a second",
            "Only after a few pulses",
            "Can't tell",
        ]
    assert inputs[BLOCK_SELFTEST_BOTH].label.text == "How fast did they firm up?"
    assert not inputs[BLOCK_SELFTEST_BOTH].optional
    assert inputs[BLOCK_SELFTEST_LEFT].label.text == "Left side (optional)"
    assert inputs[BLOCK_SELFTEST_RIGHT].label.text == "Right side (optional)"
    assert inputs[BLOCK_SELFTEST_LEFT].optional is True
    assert inputs[BLOCK_SELFTEST_RIGHT].optional is True


def test_modal_asks_the_safety_question_yes_or_no() -> None:
    safety = _inputs(modal())[BLOCK_SELFTEST_SAFETY]
    assert isinstance(safety.element, RadioButtonsElement)
    assert safety.element.action_id == ACTION_SELFTEST_SAFETY
    assert [option.value for option in safety.element.options] == ["yes", "no"]
    assert not safety.optional
    label = safety.label.text
    for words in ("sharp pain", "numbness or tingling down a leg", "back feel stuck"):
        assert words in label


def test_modal_explains_both_steps_and_ends_with_the_caveat() -> None:
    view = modal()
    steps = " ".join(block.text.text for block in view.blocks if isinstance(block, SectionBlock))
    assert "*1." in steps and "*2." in steps
    assert steps.index("*1.") < steps.index("*2.")
    for words in ("railing", "step", "hang", "soft", "both feet", "as hard as is comfortable"):
        assert words in steps
    last = view.blocks[-1]
    assert isinstance(last, ContextBlock)
    assert last.to_dict()["elements"][0]["text"] == NOT_MEDICAL_ADVICE


def test_modal_offers_a_supported_and_a_seated_way_and_says_what_is_kept() -> None:
    view = modal()
    text = _check_view(view)
    variant = _inputs(view)[BLOCK_SELFTEST_VARIANT]
    assert isinstance(variant.element, RadioButtonsElement)
    assert variant.element.action_id == ACTION_SELFTEST_VARIANT
    assert [o.value for o in variant.element.options] == ["step", "supported", "seated"]
    assert variant.element.initial_option.value == "step"
    for words in ("wall or a sturdy chair", "Seated", "firm chair"):
        assert words in text
    kept = [
        b.to_dict()["elements"][0]["text"]
        for b in view.blocks
        if isinstance(b, ContextBlock) and "forget-me" in json.dumps(b.to_dict())
    ]
    assert len(kept) == 1 and "/glutes forget-me" in kept[0] and "/glutes export" in kept[0]
    # The whole truth: what, for how long, what a pain answer does, and who else could read it.
    for words in ("your answers", "12 months", "pauses your break cards", "could read its database"):
        assert words in kept[0], words


@pytest.mark.parametrize(
    ("value", "variant"), [("seated", "seated"), ("supported", "supported"), ("step", "step"), ("x", "step")]
)
def test_parse_variant(value: str, variant: str) -> None:
    state = {BLOCK_SELFTEST_VARIANT: {ACTION_SELFTEST_VARIANT: _radio(value)}}
    assert parse_variant(state) == variant
    assert parse_variant({}) == "step"


# --- parse_submission / field_errors ------------------------------------------------------------------


def _radio(value: str | None, label: str = "x") -> dict[str, Any]:
    selected = None if value is None else {"text": {"type": "plain_text", "text": label}, "value": value}
    return {"type": "radio_buttons", "selected_option": selected}


def test_parse_submission_reads_a_realistic_state() -> None:
    state = {
        BLOCK_SELFTEST_BOTH: {ACTION_SELFTEST_SPEED: _radio("second", "After a second")},
        BLOCK_SELFTEST_LEFT: {ACTION_SELFTEST_SPEED: _radio(None)},
        BLOCK_SELFTEST_RIGHT: {ACTION_SELFTEST_SPEED: _radio("pulses", "Only after a few pulses")},
        BLOCK_SELFTEST_SAFETY: {ACTION_SELFTEST_SAFETY: _radio("no", "No")},
    }
    assert parse_submission(state) == ("second", None, "pulses", False)
    state[BLOCK_SELFTEST_SAFETY] = {ACTION_SELFTEST_SAFETY: _radio("yes", "Yes")}
    assert parse_submission(state)[3] is True


def test_parse_submission_round_trips_every_option_the_modal_offers() -> None:
    inputs = _inputs(modal())
    for index, speed in enumerate(SPEEDS):
        state = {
            block_id: {
                ACTION_SELFTEST_SPEED: {
                    "type": "radio_buttons",
                    "selected_option": inputs[block_id].element.options[index].to_dict(),
                }
            }
            for block_id in (BLOCK_SELFTEST_BOTH, BLOCK_SELFTEST_LEFT, BLOCK_SELFTEST_RIGHT)
        }
        assert parse_submission(state)[:3] == (speed, speed, speed)


@pytest.mark.parametrize(
    "state",
    [
        {},
        {BLOCK_SELFTEST_BOTH: None, BLOCK_SELFTEST_SAFETY: "junk"},
        {BLOCK_SELFTEST_BOTH: {ACTION_SELFTEST_SPEED: None}},
        {BLOCK_SELFTEST_BOTH: {ACTION_SELFTEST_SPEED: {"type": "radio_buttons"}}},
        {BLOCK_SELFTEST_BOTH: {ACTION_SELFTEST_SPEED: {"selected_option": {"value": 3}}}},
        {
            BLOCK_SELFTEST_BOTH: {ACTION_SELFTEST_SPEED: _radio("really fast")},
            BLOCK_SELFTEST_SAFETY: {ACTION_SELFTEST_SAFETY: _radio("maybe")},
        },
        # Right value, wrong action id: not ours.
        {BLOCK_SELFTEST_BOTH: {"other_action": _radio("instant")}},
    ],
)
def test_parse_submission_reads_broken_or_missing_parts_as_none(state: dict) -> None:
    assert parse_submission(state) == (None, None, None, None)


def test_parse_submission_tolerates_none() -> None:
    assert parse_submission(None) == (None, None, None, None)  # type: ignore[arg-type]


def test_field_errors_when_nothing_is_answered() -> None:
    assert field_errors(None, None, None, None) == {
        BLOCK_SELFTEST_BOTH: ERROR_NO_SPEED,
        BLOCK_SELFTEST_SAFETY: "Please answer yes or no.",
    }
    assert ERROR_NO_SPEED == "Pick how fast they firmed up."


def test_field_errors_accepts_a_single_side() -> None:
    assert field_errors(None, "second", None, False) == {}
    assert field_errors(None, None, "unsure", True) == {}


def test_field_errors_only_for_the_missing_safety_answer() -> None:
    assert list(field_errors("instant", None, None, None)) == [BLOCK_SELFTEST_SAFETY]


# --- result_view -----------------------------------------------------------------------------------------


LEVEL_PHRASES = {
    "awake": "seem to be awake",
    "slow": "slow to switch on",
    "asleep": "quite sleepy",
    "unclear": "Hard to say",
}


@pytest.mark.parametrize("speed", SPEEDS)
def test_result_view_for_each_level(speed: str) -> None:
    result = _result(speed)
    assessment = assess(result, None)
    view = result_view(result, assessment, breaks_on=True, care_text=None)
    text = _check_view(view)
    assert view.callback_id == VIEW_SELFTEST_RESULT
    assert view.title.text == "Your result"
    assert view.close.text == "Done"
    assert view.submit is None
    assert LEVEL_PHRASES[assessment.level] in text
    for other, phrase in LEVEL_PHRASES.items():
        if other != assessment.level:
            assert phrase not in text
    if assessment.level != "unclear":
        # Hedged wording: an at-home check can only suggest.
        assert "suggests" in text
    assert ":warning:" not in text


@pytest.mark.parametrize(
    ("comparison", "line"),
    [
        ("faster", "They firmed up faster than on Nov 3."),
        ("slower", "They firmed up slower than on Nov 3."),
        ("same", "They firmed up about the same as on Nov 3."),
    ],
)
def test_result_view_shows_the_comparison(comparison: str, line: str) -> None:
    assessment = _assessment(comparison=comparison, previous_on=NOV_3)
    text = _check_view(result_view(_result(), assessment, breaks_on=True, care_text=None))
    assert line in text


def test_result_view_without_comparison_has_no_trend_line() -> None:
    text = _check_view(result_view(_result(), _assessment(), breaks_on=True, care_text=None))
    assert "firmed up faster" not in text and "firmed up slower" not in text and "same as on" not in text


def test_result_view_notes_uneven_sides() -> None:
    result = _result("pulses", left="instant", right="pulses")
    uneven = _check_view(result_view(result, _assessment(uneven=True), breaks_on=True, care_text=None))
    even = _check_view(result_view(result, _assessment(uneven=False), breaks_on=True, care_text=None))
    assert "sides differ" in uneven and "left: instantly" in uneven
    assert "sides differ" not in even


def test_result_view_offers_the_turn_on_button_only_when_breaks_are_off() -> None:
    off = result_view(_result(), _assessment(), breaks_on=False, care_text=None)
    on = result_view(_result(), _assessment(), breaks_on=True, care_text=None)
    _check_view(off)
    buttons = _buttons(off.blocks)
    assert [(b.action_id, b.text.text) for b in buttons] == [(ACTION_TURN_ON, "Turn on 50-minute breaks")]
    assert _buttons(on.blocks) == []
    assert "already on" in _check_view(on)
    assert "already on" not in _check_view(off)


def test_result_view_explains_how_to_wake_them_up() -> None:
    text = _check_view(result_view(_result(), _assessment(), breaks_on=True, care_text=None))
    for words in (
        "Wake them up",
        "50 minutes",
        "fingertips",
        "march",
        "hip",
        "squats",
        "squeez",
        "Clamshells",
        "Hip thrusts",
        "Single-leg glute bridges",
        "Side planks",
        "a few weeks",
        "14 days",
    ):
        assert words in text


def test_result_view_warns_and_shows_the_admins_care_text() -> None:
    care = "Book a slot with the *workplace physio* via <https://intranet.example/health|Health>."
    result = _result("pulses", safety=True)
    view = result_view(result, assess(result, None), breaks_on=False, care_text=care, paused=True)
    text = _check_view(view)
    sections = [b.text.text for b in view.blocks if isinstance(b, SectionBlock)]
    warning = next(s for s in sections if s.startswith(":warning: *Talk to a professional*"))
    assert SEE_A_PROFESSIONAL in warning
    assert "Where to get help at work" in text
    assert any(s.endswith(care) for s in sections)
    assert "doctor or physiotherapist" not in text
    # Issue 12: a pain answer lists no moves at all (this asserted the warning came before them).
    assert "Wake them up" not in text and "Clamshells" not in text


def test_a_pain_answer_pauses_shows_no_moves_and_offers_resume() -> None:
    result = _result("second", left="instant", right="pulses", safety=True)
    view = result_view(result, assess(result, None), breaks_on=True, care_text=None, paused=True)
    text = _check_view(view)
    for moves in ("Wake them up", "Build them up", "Clamshells", "squats", "march", "sides differ"):
        assert moves not in text
    assert "keep nudging" not in text and ACTION_TURN_ON not in text
    assert "break cards are paused" in text
    assert [(b.action_id, b.text.text) for b in _buttons(view.blocks)] == [
        (ACTION_RESUME_BREAKS, "Resume breaks")
    ]
    assert "/glutes resume" in text
    assert URGENT_SIGNS in [b.text.text for b in view.blocks if isinstance(b, SectionBlock)]
    # The answers as given, each side on its own.
    assert "*After a second* overall (left: instantly, right: only after a few pulses)" in text
    assert view.blocks[-1].to_dict()["elements"][0]["text"] == NOT_MEDICAL_ADVICE


def test_care_text_is_plain_text_so_a_link_cannot_hide_its_address() -> None:
    care = "<https://evil.example|Official help> or <!channel>"
    result = _result("second", safety=True)
    view = result_view(result, assess(result, None), breaks_on=True, care_text=care, paused=True)
    _check_view(view)
    [shown] = [b for b in view.blocks if isinstance(b, SectionBlock) and care in b.text.text]
    assert isinstance(shown.text, PlainTextObject)
    assert shown.text.text == care  # shown exactly as typed: the real address is visible, nothing links
    assert not any(
        isinstance(b, SectionBlock) and b.text.type == "mrkdwn" and "evil.example" in b.text.text
        for b in view.blocks
    )


def test_a_paused_person_without_pain_today_is_not_told_they_will_be_nudged() -> None:
    view = result_view(
        _result("instant"), _assessment(level="awake"), breaks_on=True, care_text=None, paused=True
    )
    text = _check_view(view)
    assert "keep nudging" not in text
    assert ACTION_RESUME_BREAKS in text


def test_the_result_reports_the_overall_answer_as_given_and_the_variant() -> None:
    result = SelfTestResult(
        taken_on=NOV_17, both="instant", left="pulses", right=None, safety_flag=False, variant="seated"
    )
    text = _check_view(result_view(result, assess(result, None), breaks_on=True, care_text=None))
    assert "seem to be awake" in text and "quite sleepy" not in text
    assert "*Instantly* overall (left: only after a few pulses)" in text
    assert "done seated" in text


def test_an_improvement_says_so() -> None:
    result = _result("second")
    text = _check_view(
        result_view(result, assess(result, _result("pulses", on=NOV_3)), breaks_on=True, care_text=None)
    )
    assert "faster than on Nov 3. That's an improvement." in text
    assert "Talk to a professional" not in text


@pytest.mark.parametrize("care_text", [None, "", "   \n"])
def test_result_view_warns_with_a_generic_line_without_care_text(care_text: str | None) -> None:
    history = [_result("second", on=date(2024, 10, 6)), _result("second", on=NOV_3)]
    result = _result("pulses")
    assessment = assess(result, history[-1], history)
    assert assessment.see_professional
    text = _check_view(result_view(result, assessment, breaks_on=True, care_text=care_text))
    assert ":warning: *Talk to a professional*" in text
    assert "doctor or physiotherapist" in text
    assert "Where to get help at work" not in text
    assert "Oct 6" in text


def test_result_view_trims_a_huge_care_text_to_fit() -> None:
    view = result_view(_result(), _assessment(see_professional=True), breaks_on=True, care_text="x" * 5000)
    text = _check_view(view)
    assert "Where to get help at work" in text


def test_result_view_ignores_care_text_when_no_warning_is_due() -> None:
    text = _check_view(result_view(_result(), _assessment(), breaks_on=True, care_text="Call Sam in HR"))
    assert "Call Sam in HR" not in text
    assert "Talk to a professional" not in text


@pytest.mark.parametrize("see_professional", [False, True])
@pytest.mark.parametrize("breaks_on", [False, True])
def test_result_view_always_ends_with_the_caveat_and_names_no_clinic(
    see_professional: bool, breaks_on: bool
) -> None:
    view = result_view(
        _result(), _assessment(see_professional=see_professional), breaks_on=breaks_on, care_text=None
    )
    text = _check_view(view)
    last = view.blocks[-1]
    assert isinstance(last, ContextBlock)
    assert last.to_dict()["elements"][0]["text"] == NOT_MEDICAL_ADVICE
    assert "chiropract" not in text.lower()
    assert "clinic" not in text.lower()


# --- retest_dm / summary_line ----------------------------------------------------------------------------


def test_retest_dm_names_the_last_test_and_offers_the_button() -> None:
    message = retest_dm(_result("second", on=NOV_3))
    _check_blocks(message["blocks"])
    text = message["text"] + json.dumps([b.to_dict() for b in message["blocks"]], ensure_ascii=False)
    assert "Nov 3" in message["text"]
    assert "Nov 3" in text
    assert SPEED_LABELS["second"] in text
    buttons = _buttons(message["blocks"])
    assert [(b.action_id, b.text.text) for b in buttons] == [(ACTION_OPEN_SELFTEST, "Take the self-test")]
    assert isinstance(message["blocks"][-1], ContextBlock)
    assert any(isinstance(b, ActionsBlock) for b in message["blocks"])


def test_retest_dm_quotes_the_answers_given_and_survives_an_empty_one() -> None:
    # Issue 12: it quoted the slowest side ("Only after a few pulses") as if it were the answer given.
    quoted = json.dumps([b.to_dict() for b in retest_dm(_result("instant", right="pulses"))["blocks"]])
    assert "you answered *Instantly* overall (right: only after a few pulses)" in quoted
    sides = json.dumps([b.to_dict() for b in retest_dm(_result(None, left="second"))["blocks"]])
    assert "you answered left: after a second" in sides
    empty = retest_dm(_result(None, on=NOV_3))
    _check_blocks(empty["blocks"])
    assert "Nov 3" in empty["text"]


@pytest.mark.parametrize(
    ("result", "line"),
    [
        (None, "No self-test yet."),
        (_result("second", on=NOV_3), "Nov 3: firmed up after a second"),
        (_result("instant", on=date(2025, 1, 9)), "Jan 9: firmed up instantly"),
        # Issue 12: was "Nov 3: firmed up only after a few pulses" (the slowest side, not the answer).
        (
            _result("instant", left="pulses", on=NOV_3),
            "Nov 3: firmed up instantly (left: only after a few pulses)",
        ),
        (
            _result(None, left="second", right="instant", on=NOV_3),
            "Nov 3: left: after a second, right: instantly",
        ),
        (_result("unsure", on=NOV_3), "Nov 3: couldn't tell how fast they firmed up"),
        (_result(None, on=NOV_3), "Nov 3: no answer recorded"),
    ],
)
def test_summary_line(result: SelfTestResult | None, line: str) -> None:
    assert summary_line(result) == line
