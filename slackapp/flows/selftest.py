"""Self-test use cases: record a result against the last one, and the 14-day retest invitation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import redis

from slackapp.config import Settings
from slackapp.domain import schedule
from slackapp.domain.selftest import (
    DEFAULT_VARIANT,
    RETEST_AFTER,
    Assessment,
    SelfTestResult,
    Speed,
    Variant,
    assess,
    from_record,
    to_record,
)
from slackapp.domain.timestamps import to_ms
from slackapp.flows import pause
from slackapp.flows.breaks import tz_of
from slackapp.store import people, selftests, workspace_config


@dataclass(frozen=True)
class Outcome:
    result: SelfTestResult
    assessment: Assessment
    breaks_on: bool
    care_text: str
    paused: bool = False  # their break cards are paused (by this pain answer or an earlier one)


def last_result(
    r: redis.Redis, *, team_id: str, user_id: str, now: datetime | None = None
) -> SelfTestResult | None:
    """The newest result kept; with `now`, results older than 12 months are forgotten first."""
    today = now.date() if now is not None else None
    record = selftests.last_record(r, team_id=team_id, user_id=user_id, today=today)
    return from_record(record) if record else None


def record(
    r: redis.Redis,
    settings: Settings,
    *,
    team_id: str,
    user_id: str,
    now: datetime,
    both: Speed | None,
    left: Speed | None,
    right: Speed | None,
    safety_flag: bool,
    variant: Variant = DEFAULT_VARIANT,
) -> Outcome:
    """Store today's result, compare it with the last one (and, for a lasting delay, with the last one a
    week or more before), and invite a retest 14 days from now. A pain answer pauses the break cards."""
    history = [
        from_record(rec)
        for rec in selftests.all_records(r, team_id=team_id, user_id=user_id, today=now.date())
    ]
    previous = history[-1] if history else None
    taken_on = schedule.local_date(now, tz_of(r, team_id, user_id))
    result = SelfTestResult(
        taken_on=taken_on, both=both, left=left, right=right, safety_flag=safety_flag, variant=variant
    )
    selftests.add(
        r, team_id=team_id, user_id=user_id, record=to_record(result), retest_at_ms=to_ms(now + RETEST_AFTER)
    )
    if safety_flag:
        pause.pause_for_pain(r, settings, team_id=team_id, user_id=user_id, now=now)
    config = workspace_config.get(r, settings, team_id=team_id)
    person = people.get(r, team_id=team_id, user_id=user_id)
    return Outcome(
        result=result,
        assessment=assess(result, previous, history),
        breaks_on=person.opted_in,
        care_text=config.care_text,
        paused=person.paused is not None,
    )
