"""The at-home glute self-test: answers, how to read them against the last test, and their stored form."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal, get_args

from slackapp.domain.text import N_

Speed = Literal["instant", "second", "pulses", "unsure"]
Level = Literal["awake", "slow", "asleep", "unclear"]
Comparison = Literal["faster", "slower", "same"]
# How the test was done: on a step holding a rail, standing with a hand on a wall or chair, or seated.
Variant = Literal["step", "supported", "seated"]
VARIANTS: tuple[Variant, ...] = get_args(Variant)
DEFAULT_VARIANT: Variant = "step"

# Fastest first; the modal lists the answers in this order.
SPEEDS: tuple[Speed, ...] = get_args(Speed)

SPEED_LABELS: dict[Speed, str] = {
    "instant": N_("Instantly"),
    "second": N_("After a second"),
    "pulses": N_("Only after a few pulses"),
    "unsure": N_("Can't tell"),
}

RETEST_AFTER = timedelta(days=14)
# When to send someone to a professional (docs/health-content.md says the same): a pain answer (sharp
# pain, numbness or tingling, a back that feels stuck) at once; a delay only when it has not improved over
# at least PERSISTING_TESTS tests spread over PERSISTING_AFTER or more. Any other delay gets more breaks
# and a retest, because one slow test, or two close together, says little.
PERSISTING_AFTER = timedelta(days=28)
PERSISTING_TESTS = 3

# How slow each real answer is; "unsure" has no place on this scale, so it never outranks a real answer.
_SLOWNESS: dict[Speed, int] = {"instant": 0, "second": 1, "pulses": 2}
_LEVELS: dict[Speed, Level] = {"instant": "awake", "second": "slow", "pulses": "asleep", "unsure": "unclear"}
_DELAYED: frozenset[Speed] = frozenset({"second", "pulses"})
_SPEED_FIELDS = ("both", "left", "right")


def _check_speed(name: str, value: object) -> None:
    """Raise ValueError unless value is None or one of SPEEDS."""
    if value is not None and value not in SPEEDS:
        raise ValueError(f"{name} must be one of {SPEEDS} or None, got {value!r}")


@dataclass(frozen=True)
class SelfTestResult:
    """One self-test: the overall answer, optional per-side answers, whether a warning sign came up and
    which way the test was done."""

    taken_on: date
    both: Speed | None
    left: Speed | None
    right: Speed | None
    safety_flag: bool
    variant: Variant = DEFAULT_VARIANT

    def __post_init__(self) -> None:
        for name in _SPEED_FIELDS:
            _check_speed(name, getattr(self, name))
        if self.variant not in VARIANTS:
            raise ValueError(f"variant must be one of {VARIANTS}, got {self.variant!r}")

    def answers(self) -> tuple[Speed, ...]:
        """The speeds that were given, in both/left/right order."""
        return tuple(s for s in (self.both, self.left, self.right) if s is not None)

    def overall(self) -> Speed:
        """The overall answer as the person gave it; when they only answered per side, the slower side
        ("unsure" only if no side had a real answer). ValueError if nothing was answered."""
        if self.both is not None:
            return self.both
        given = self.answers()
        if not given:
            raise ValueError("the self-test has no speed answer")
        known = [s for s in given if s != "unsure"]
        if not known:
            return "unsure"
        return max(known, key=_SLOWNESS.__getitem__)


@dataclass(frozen=True)
class Assessment:
    """How to read a self-test: its level, the change since the last test and whether to get it checked."""

    level: Level
    comparison: Comparison | None
    previous_on: date | None
    see_professional: bool
    uneven: bool
    # A delay that persists (delay_persists_since): from when, so the result can say what it is compared with.
    persisting_since: date | None = None


def _overall_or_none(result: SelfTestResult | None) -> Speed | None:
    if result is None or not result.answers():
        return None
    return result.overall()


def _is_delay_not_better(now: Speed, before: Speed | None) -> bool:
    """Both delayed, and now no faster than before."""
    if before is None or now not in _DELAYED or before not in _DELAYED:
        return False
    return _SLOWNESS[now] >= _SLOWNESS[before]


def delay_persists_since(result: SelfTestResult, history: Sequence[SelfTestResult]) -> date | None:
    """The date a persisting delay is counted from, or None: the newest earlier test at least
    PERSISTING_AFTER before `result`, when it and every test since (at least PERSISTING_TESTS with this
    one) show a delay and this one is no faster than it."""
    answered = sorted((test for test in history if test.answers()), key=lambda test: test.taken_on)
    old_enough = [test for test in answered if result.taken_on - test.taken_on >= PERSISTING_AFTER]
    if not old_enough:
        return None
    start = old_enough[-1]
    window = [test for test in answered if test.taken_on >= start.taken_on] + [result]
    if len(window) < PERSISTING_TESTS or any(test.overall() not in _DELAYED for test in window):
        return None
    return start.taken_on if _is_delay_not_better(result.overall(), start.overall()) else None


def assess(
    result: SelfTestResult, previous: SelfTestResult | None, history: Sequence[SelfTestResult] = ()
) -> Assessment:
    """Read result against previous (the last test) and history (every earlier test, which decides whether
    a delay persists: see delay_persists_since). ValueError if result has no speed answer."""
    now = result.overall()
    before = _overall_or_none(previous)
    comparison: Comparison | None = None
    if before is not None and now != "unsure" and before != "unsure":
        delta = _SLOWNESS[now] - _SLOWNESS[before]
        comparison = "same" if delta == 0 else ("slower" if delta > 0 else "faster")
    earlier = list(history) + ([previous] if previous is not None and previous not in history else [])
    since = delay_persists_since(result, earlier)
    # "Can't tell" on one side is no evidence that the sides differ.
    uneven = (
        result.left is not None
        and result.right is not None
        and "unsure" not in (result.left, result.right)
        and result.left != result.right
    )
    return Assessment(
        level=_LEVELS[now],
        comparison=comparison,
        previous_on=previous.taken_on if previous is not None else None,
        see_professional=result.safety_flag or since is not None,
        uneven=uneven,
        persisting_since=since,
    )


def to_record(result: SelfTestResult) -> dict[str, str]:
    """A flat str dict for a Redis hash: ISO date, "" for a missing speed, safety as "1"/"0"."""
    return {
        "taken_on": result.taken_on.isoformat(),
        "both": result.both or "",
        "left": result.left or "",
        "right": result.right or "",
        "safety": "1" if result.safety_flag else "0",
        "variant": result.variant,
    }


def _speed_from_record(data: dict[str, str], name: str) -> Speed | None:
    raw = data.get(name, "")
    if raw == "":
        return None
    if raw not in SPEEDS:
        raise ValueError(f"stored self-test has an unknown {name} speed: {raw!r}")
    return raw  # type: ignore[return-value]


def from_record(data: dict[str, str]) -> SelfTestResult:
    """The result to_record stored; ValueError if the date, a speed or the safety flag is unreadable."""
    try:
        taken_on = date.fromisoformat(data["taken_on"])
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"stored self-test has no valid taken_on: {data.get('taken_on')!r}") from exc
    safety = data.get("safety", "0")
    if safety not in ("0", "1"):
        raise ValueError(f"stored self-test has an unknown safety flag: {safety!r}")
    variant = data.get("variant") or DEFAULT_VARIANT  # tests stored before variants were all on a step
    if variant not in VARIANTS:
        raise ValueError(f"stored self-test has an unknown variant: {variant!r}")
    return SelfTestResult(
        taken_on=taken_on,
        both=_speed_from_record(data, "both"),
        left=_speed_from_record(data, "left"),
        right=_speed_from_record(data, "right"),
        safety_flag=safety == "1",
        variant=variant,  # type: ignore[arg-type]
    )
