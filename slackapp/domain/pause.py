"""Pausing a person's break cards after they report pain, and when to check in with them."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from slackapp.domain import schedule
from slackapp.domain.models import Rhythm

# Why cards are paused; only the person ever sees it.
REASON_PAIN = "pain"

# The check-in DM comes on this many of the person's work days after the pause.
CHECKIN_AFTER_WORK_DAYS = 3


def checkin_at(now: datetime, rhythm: Rhythm, work_days: int = CHECKIN_AFTER_WORK_DAYS) -> datetime:
    """When to check in: on the `work_days`-th work day after today, at the time that day's first break
    would come (so during their work hours, in their time zone). Always after `now`."""
    z = schedule.zone(rhythm.tz)
    day = schedule.local_date(now, rhythm.tz)
    counted = 0
    for _ in range(work_days * 7 + 7):  # at least one work day a week, so this always finds one
        day += timedelta(days=1)
        if day.weekday() in rhythm.hours.days:
            counted += 1
            if counted == work_days:
                break
    start_of_day = datetime.combine(day, time(0, 0), tzinfo=z)
    found = schedule.first_slot_at_or_after(start_of_day, rhythm)
    return found if found is not None and found > now else now + timedelta(days=work_days)
