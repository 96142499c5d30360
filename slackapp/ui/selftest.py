"""The glute self-test modal, reading its answers, the result view and the two-week retest invite."""

from __future__ import annotations

from datetime import date
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextObject,
    RadioButtonsElement,
    SectionBlock,
)
from slack_sdk.models.views import View

from slackapp.domain.selftest import (
    DEFAULT_VARIANT,
    RETEST_AFTER,
    SPEED_LABELS,
    SPEEDS,
    VARIANTS,
    Assessment,
    SelfTestResult,
    Speed,
    Variant,
)
from slackapp.ids import (
    ACTION_OPEN_SELFTEST,
    ACTION_SELFTEST_SAFETY,
    ACTION_SELFTEST_SPEED,
    ACTION_SELFTEST_VARIANT,
    ACTION_TURN_ON,
    BLOCK_SELFTEST_BOTH,
    BLOCK_SELFTEST_LEFT,
    BLOCK_SELFTEST_RIGHT,
    BLOCK_SELFTEST_SAFETY,
    BLOCK_SELFTEST_VARIANT,
    COMMAND,
    VIEW_SELFTEST,
    VIEW_SELFTEST_RESULT,
)
from slackapp.ui import pause as pause_ui
from slackapp.ui.i18n import N_, _, format_month_day, localized
from slackapp.ui.wording import NOT_MEDICAL_ADVICE, PAIN_ADVICE, SEE_A_PROFESSIONAL, URGENT_SIGNS

# Slack rejects a section whose text is longer than this.
SECTION_TEXT_MAX = 3000

SAFETY_QUESTION = N_("Any sharp pain, numbness or tingling down a leg, or does your back feel stuck?")
ERROR_NO_SPEED = N_("Pick how fast they firmed up.")
ERROR_NO_SAFETY = N_("Please answer yes or no.")

# What the form keeps, for whom, and how to delete it: one line on the modal.
KEPT_LINE = N_(
    ":lock: glutes keeps your answers (a pain answer included), which way you did the test and the date "
    "for 12 months, so it can compare next time. A pain answer also pauses your break cards. No one else "
    "in Slack sees them; the people who run glutes for your workspace could read its database. "
    "`{command} export` gets you a copy; `{command} forget-me` deletes them."
)

# The ways to do the test, as the modal offers them and the result names them.
VARIANT_LABELS: dict[Variant, str] = {
    "step": N_("On a step, holding a railing"),
    "supported": N_("Standing, a hand on a wall or chair"),
    "seated": N_("Sitting on a chair"),
}
_VARIANT_PHRASES: dict[Variant, str] = {
    "step": N_("on a step"),
    "supported": N_("standing with support"),
    "seated": N_("seated"),
}

_SPEED_HINTS: dict[Speed, str] = {
    "instant": N_("Firm the moment I squeezed"),
    "second": N_("A short lag before they tightened"),
    "pulses": N_("I had to squeeze a few times first"),
    "unsure": N_("I couldn't feel a clear change"),
}

# Lower-case phrases that finish "Nov 3: ..." on the Home tab and in the retest invite.
_SPEED_PHRASES: dict[Speed, str] = {
    "instant": N_("firmed up instantly"),
    "second": N_("firmed up after a second"),
    "pulses": N_("firmed up only after a few pulses"),
    "unsure": N_("couldn't tell how fast they firmed up"),
}

_LEVEL_TEXT: dict[str, str] = {
    "awake": (
        N_(
            ":sunny: *Your glutes seem to be awake.*\n"
            "They tightened the moment you squeezed, which suggests the signal from your brain is getting "
            "through without a lag. Regular breaks from sitting help keep it that way."
        )
    ),
    "slow": (
        N_(
            ":hourglass_flowing_sand: *Your glutes look a little slow to switch on.*\n"
            "A lag of about a second suggests long stretches of sitting have dulled the link between your "
            "brain and these muscles. That kind of lag usually responds well to short, frequent activation."
        )
    ),
    "asleep": (
        N_(
            ":zzz: *Your glutes look quite sleepy.*\n"
            "Needing a few squeezes before they went firm suggests they're slow to answer the call, so your "
            "lower back and hamstrings may be picking up some of their work. Frequent short wake-ups are the "
            "usual way back."
        )
    ),
    "unclear": (
        N_(
            ":thinking_face: *Hard to say this time.*\n"
            "If you couldn't feel a clear change, try again with your fingertips resting on the muscle while "
            "you squeeze, and compare with how it felt when your leg was hanging loose."
        )
    ),
}

_WAKE_UP = N_(
    "*Wake them up*\n"
    "• Every 50 minutes, get up out of your chair.\n"
    "• Tap your glutes lightly with your fingertips: the touch reminds your brain which muscles to use.\n"
    "• Then move for a minute: march on the spot, circle your hips or do a few squats, "
    "squeezing your glutes on every rep."
)

_WORKOUT = N_(
    "*Build them up*\n"
    "A few times a week, add some glute strength work, within what feels comfortable:\n"
    "• Single-leg glute bridges (both feet down until one leg feels easy)\n"
    "• Clamshells, lying on your side\n"
    "• Side planks (from the knees at first)\n"
    "• Hip thrusts, upper back on a sofa or a bench against a wall (never a chair)\n"
    "• From a chair: seated squeeze holds and knees-out presses"
)


@localized
def short_date(day: date) -> str:
    """A date as "Nov 3", independent of the server locale."""
    return format_month_day(day)  # Babel: "Nov 25", "25. Nov.", "11月25日"


def _section(text: str) -> SectionBlock:
    return SectionBlock(text=MarkdownTextObject(text=text))


def _caveat() -> ContextBlock:
    return ContextBlock(elements=[MarkdownTextObject(text=_(NOT_MEDICAL_ADVICE))])


def _speed_options() -> list[Option]:
    return [
        Option(value=speed, label=_(SPEED_LABELS[speed]), description=_(_SPEED_HINTS[speed]))
        for speed in SPEEDS
    ]


def _speed_input(block_id: str, label: str, *, optional: bool) -> InputBlock:
    return InputBlock(
        block_id=block_id,
        label=PlainTextObject(text=label),
        element=RadioButtonsElement(action_id=ACTION_SELFTEST_SPEED, options=_speed_options()),
        optional=optional,
    )


def _variant_input() -> InputBlock:
    options = [Option(value=variant, label=_(VARIANT_LABELS[variant])) for variant in VARIANTS]
    return InputBlock(
        block_id=BLOCK_SELFTEST_VARIANT,
        label=PlainTextObject(text=_("Which way did you do it?")),
        element=RadioButtonsElement(
            action_id=ACTION_SELFTEST_VARIANT,
            options=options,
            initial_option=options[VARIANTS.index(DEFAULT_VARIANT)],
        ),
    )


@localized
def modal() -> View:
    """The self-test modal: three ways to do it, the two steps, which way was used, the speed answers
    (overall, left, right), the safety check and what is kept."""
    blocks: list[Block] = [
        _section(
            _(
                "Two quick moves show whether your glutes switch on straight away or lag behind. "
                "Pick the way that suits you; each works, and none needs you to balance unsupported."
            )
        ),
        _section(
            _(
                "*1. Let one side go soft*\n"
                "• *On a step:* stand on the step with a hand on the railing so you stay balanced, and let "
                "one leg hang loose over the edge.\n"
                "• *With support:* on flat floor, rest a hand on a wall or a sturdy chair, put your "
                "weight on "
                "one leg and let the other rest lightly, knee soft.\n"
                "• *Seated:* sit in a firm chair that can't roll (or with your wheelchair brakes on), "
                "holding the armrests or the seat, feet flat, and shift your weight a little to one side so "
                "the other buttock barely presses on the seat.\n"
                "Press on the glute of the relaxed side with your fingers: it should feel soft."
            )
        ),
        _section(
            _(
                "*2. Squeeze*\n"
                "Standing, step down or stand evenly so both feet are on the floor; seated, sit evenly "
                "again. Keep your fingers on the muscle and clench your glutes as hard as is comfortable. "
                "Notice how quickly they turn firm."
            )
        ),
        _variant_input(),
        _speed_input(BLOCK_SELFTEST_BOTH, _("How fast did they firm up?"), optional=False),
        ContextBlock(
            elements=[MarkdownTextObject(text=_("Tested each side on its own? Add them below if you like."))]
        ),
        _speed_input(BLOCK_SELFTEST_LEFT, _("Left side (optional)"), optional=True),
        _speed_input(BLOCK_SELFTEST_RIGHT, _("Right side (optional)"), optional=True),
        InputBlock(
            block_id=BLOCK_SELFTEST_SAFETY,
            label=PlainTextObject(text=_(SAFETY_QUESTION)),
            element=RadioButtonsElement(
                action_id=ACTION_SELFTEST_SAFETY,
                options=[Option(value="yes", label=_("Yes")), Option(value="no", label=_("No"))],
            ),
        ),
        ContextBlock(elements=[MarkdownTextObject(text=_(KEPT_LINE).format(command=COMMAND))]),
        _caveat(),
    ]
    return View(
        type="modal",
        callback_id=VIEW_SELFTEST,
        # Translators: a Slack modal title: at most 24 characters.
        title=PlainTextObject(text=_("Glute self-test")),
        submit=PlainTextObject(text=_("See my result")),
        close=PlainTextObject(text=_("Cancel")),
        blocks=blocks,
    )


def _selected_value(state_values: Any, block_id: str, action_id: str) -> str | None:
    """The selected option's value for one radio input, or None when anything along the way is missing."""
    if not isinstance(state_values, dict):
        return None
    block = state_values.get(block_id)
    if not isinstance(block, dict):
        return None
    action = block.get(action_id)
    if not isinstance(action, dict):
        return None
    option = action.get("selected_option")
    if not isinstance(option, dict):
        return None
    value = option.get("value")
    return value if isinstance(value, str) else None


def _speed(state_values: Any, block_id: str) -> Speed | None:
    value = _selected_value(state_values, block_id, ACTION_SELFTEST_SPEED)
    return value if value in SPEEDS else None  # type: ignore[return-value]


@localized
def parse_submission(
    state_values: dict,
) -> tuple[Speed | None, Speed | None, Speed | None, bool | None]:
    """(both, left, right, safety) from view.state.values; anything missing or unknown reads as None."""
    safety_value = _selected_value(state_values, BLOCK_SELFTEST_SAFETY, ACTION_SELFTEST_SAFETY)
    safety = {"yes": True, "no": False}.get(safety_value or "")
    return (
        _speed(state_values, BLOCK_SELFTEST_BOTH),
        _speed(state_values, BLOCK_SELFTEST_LEFT),
        _speed(state_values, BLOCK_SELFTEST_RIGHT),
        safety,
    )


@localized
def parse_variant(state_values: Any) -> Variant:
    """Which way the test was done; the step (the form's preselected answer) when missing or unknown."""
    value = _selected_value(state_values, BLOCK_SELFTEST_VARIANT, ACTION_SELFTEST_VARIANT)
    return value if value in VARIANTS else DEFAULT_VARIANT  # type: ignore[return-value]


@localized
def field_errors(
    both: Speed | None, left: Speed | None, right: Speed | None, safety: bool | None
) -> dict[str, str]:
    """Per-block messages for a `response_action: errors` reply; empty when the submission is usable."""
    errors: dict[str, str] = {}
    if both is None and left is None and right is None:
        errors[BLOCK_SELFTEST_BOTH] = _(ERROR_NO_SPEED)
    if safety is None:
        errors[BLOCK_SELFTEST_SAFETY] = _(ERROR_NO_SAFETY)
    return errors


def _comparison_line(assessment: Assessment) -> str | None:
    if assessment.comparison is None or assessment.previous_on is None:
        return None
    when = short_date(assessment.previous_on)
    match assessment.comparison:
        case "faster":
            return _(
                ":chart_with_upwards_trend: They firmed up faster than on {when}. That's an improvement."
            ).format(when=when)
        case "slower":
            return _(":chart_with_downwards_trend: They firmed up slower than on {when}.").format(when=when)
        case "same":
            return _(":left_right_arrow: They firmed up about the same as on {when}.").format(when=when)
    return None


def _uneven_line(result: SelfTestResult) -> str:
    # Only called when assess() found both sides answered.
    left = _(SPEED_LABELS[result.left]).lower() if result.left else _("no answer")
    right = _(SPEED_LABELS[result.right]).lower() if result.right else _("no answer")
    return _(
        ":scales: *Your sides differ* (left: {left}, right: {right}).\n"
        "One side lagging is common. "
        "Give the slower side a little extra attention in one-sided moves like clamshells and "
        "single-leg bridges."
    ).format(left=left, right=right)


# Punctuation that joins translated pieces is translated too (Japanese uses 、 and full-width brackets).
# Translators: two per-side answers, e.g. "left: instantly, right: after a second".
SIDES_JOIN = N_("{first}, {second}")
# Translators: the overall answer followed by the per-side answers in brackets.
WITH_SIDES = N_("{overall} ({sides})")
# Translators: a Home tab line: a date, then what the self-test found that day.
DATED = N_("{when}: {answer}")


def _join(sides: list[str]) -> str:
    return sides[0] if len(sides) == 1 else _(SIDES_JOIN).format(first=sides[0], second=sides[1])


def _side_phrases(result: SelfTestResult) -> list[str]:
    # Translators: one side's self-test answer, e.g. "left: after a second".
    sides = ((N_("left: {speed}"), result.left), (N_("right: {speed}"), result.right))
    return [
        _(side).format(speed=_(SPEED_LABELS[speed]).lower()) for side, speed in sides if speed is not None
    ]


@localized
def answers_phrase(result: SelfTestResult) -> str:
    """The answers exactly as given, e.g. "*After a second* overall (left: instantly, right: …)"."""
    sides = _side_phrases(result)
    if result.both is not None:
        phrase = _("*{value}* overall").format(value=_(SPEED_LABELS[result.both]))
        return _(WITH_SIDES).format(overall=phrase, sides=_join(sides)) if sides else phrase
    return _join(sides) if sides else _("no answer")


def _answers_line(result: SelfTestResult) -> str:
    return _(":memo: You answered {answers_phrase}; done {value}.").format(
        answers_phrase=answers_phrase(result), value=_(_VARIANT_PHRASES[result.variant])
    )


def _professional_blocks(
    result: SelfTestResult, assessment: Assessment, care_text: str | None
) -> list[Block]:
    if result.safety_flag:
        why = _(
            "You mentioned sharp pain, numbness or tingling down a leg, or a back that feels stuck. "
            "{pain_advice}"
        ).format(pain_advice=_(PAIN_ADVICE))
    else:
        first = assessment.persisting_since or assessment.previous_on
        since = _(" on {short_date}").format(short_date=short_date(first)) if first else ""
        why = _(
            "The lag showed up in your self-test{since} as well and hasn't got better since. "
            "A delay that persists is worth talking through with someone qualified, "
            "especially if your back still hurts."
        ).format(since=since)
    blocks: list[Block] = [
        DividerBlock(),
        _section(
            _(":warning: *Talk to a professional*\n{why}\n{see_a_professional}").format(
                why=why, see_a_professional=_(SEE_A_PROFESSIONAL)
            )
        ),
        _section(_(URGENT_SIGNS)),
    ]
    care = (care_text or "").strip()
    if care:
        # The admin's text has no length cap of its own, so trim it rather than let Slack reject the view.
        if len(care) > SECTION_TEXT_MAX:
            care = care[: SECTION_TEXT_MAX - 1] + "…"
        blocks.append(_section(_("*Where to get help at work*")))
        # Plain text: links and mentions show as typed, so nothing can pose as a trusted link.
        blocks.append(SectionBlock(text=PlainTextObject(text=care, emoji=False)))
    else:
        blocks.append(_section(_("A doctor or physiotherapist is a good place to start.")))
    blocks.append(DividerBlock())
    return blocks


@localized
def result_view(
    result: SelfTestResult,
    assessment: Assessment,
    *,
    breaks_on: bool,
    care_text: str | None,
    paused: bool = False,
) -> View:
    """The result modal: the answers as given, what they suggest, the trend, any warning, how to wake
    them and what's next. After a pain answer: no moves, only the pause and how to resume it."""
    lead = [_(_LEVEL_TEXT[assessment.level]), _answers_line(result)]
    comparison = _comparison_line(assessment)
    if comparison:
        lead.append(comparison)
    blocks: list[Block] = [_section("\n\n".join(lead))]
    if assessment.uneven and not result.safety_flag:
        blocks.append(_section(_uneven_line(result)))
    if assessment.see_professional:
        # Shown before the exercises so nobody reads the moves first and the warning second.
        blocks.extend(_professional_blocks(result, assessment, care_text))
    if paused:
        blocks.extend(pause_ui.result_blocks())
    if result.safety_flag:
        blocks.append(_caveat())
        return _result_modal(blocks)
    blocks.append(_section(_(_WAKE_UP)))
    # While paused, the pause blocks above already say how the cards come back.
    if breaks_on and not paused:
        blocks.append(
            _section(_(":white_check_mark: Your break reminders are already on, so I'll keep nudging you."))
        )
    elif not paused:
        blocks.append(
            ActionsBlock(
                elements=[
                    ButtonElement(
                        text=PlainTextObject(text=_("Turn on 50-minute breaks"), emoji=True),
                        action_id=ACTION_TURN_ON,
                        value="on",
                        style="primary",
                    )
                ]
            )
        )
    blocks.append(_section(_(_WORKOUT)))
    blocks.append(
        _section(
            _(
                "*What to expect*\n"
                "Some people notice a difference within a few weeks of short daily bursts; it varies. "
                "I'll invite you to take the test again in {days} days so you can compare."
            ).format(days=RETEST_AFTER.days)
        )
    )
    blocks.append(_caveat())
    return _result_modal(blocks)


def _result_modal(blocks: list[Block]) -> View:
    return View(
        type="modal",
        callback_id=VIEW_SELFTEST_RESULT,
        # Translators: a Slack modal title: at most 24 characters.
        title=PlainTextObject(text=_("Your result")),
        close=PlainTextObject(text=_("Done")),
        blocks=blocks,
    )


@localized
def retest_dm(previous: SelfTestResult) -> dict[str, Any]:
    """chat.postMessage kwargs (text, blocks) inviting a retest, naming the last test's date and answer."""
    when = short_date(previous.taken_on)
    last = _("Your last glute self-test was on {when}").format(when=when)
    if previous.answers():
        last += _(", when you answered {answers_phrase}").format(answers_phrase=answers_phrase(previous))
    blocks: list[Block] = [
        _section(
            _(
                ":repeat: *Time for a retest?*\n{last}. "
                "Take it again to see whether the breaks are making a difference. "
                "It takes about a minute."
            ).format(last=last)
        ),
        ActionsBlock(
            elements=[
                ButtonElement(
                    text=PlainTextObject(text=_("Take the self-test"), emoji=True),
                    action_id=ACTION_OPEN_SELFTEST,
                    value="retest",
                    style="primary",
                )
            ]
        ),
        _caveat(),
    ]
    return {
        "text": _("Time to retake your glute self-test (last one: {when}).").format(when=when),
        "blocks": blocks,
    }


@localized
def summary_line(result: SelfTestResult | None) -> str:
    """One Home tab line such as "Nov 3: firmed up after a second", or "No self-test yet."."""
    if result is None:
        return _("No self-test yet.")
    when = short_date(result.taken_on)
    if not result.answers():
        return _("{when}: no answer recorded").format(when=when)
    sides = _side_phrases(result)
    if result.both is None:
        return _(DATED).format(when=when, answer=_join(sides))
    overall = _(_SPEED_PHRASES[result.both])
    return _(DATED).format(
        when=when, answer=_(WITH_SIDES).format(overall=overall, sides=_join(sides)) if sides else overall
    )


@localized
def breaks_on_view(message: str) -> View:
    """What the result modal turns into after its "turn on breaks" button: a confirmation."""
    return View(
        type="modal",
        callback_id=VIEW_SELFTEST_RESULT,
        # Translators: a Slack modal title: at most 24 characters.
        title=PlainTextObject(text=_("Breaks are on")),
        close=PlainTextObject(text=_("Done")),
        blocks=[_section(message), _caveat()],
    )
