"""Pausing a person's break cards after a pain answer, resuming them, and the check-in DM days later.

A pause is not an opt-out: hours, interval and on/off stay as they were. While paused, delivery sends no
card, the retest invitation waits, and only the person is told why (their own hash holds the reason;
workspace totals count paused people without one).
"""

from __future__ import annotations

import logging
from datetime import datetime

import redis
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from slackapp.config import Settings
from slackapp.deps import Deps
from slackapp.domain import pause as pause_rules
from slackapp.domain import schedule
from slackapp.domain.timestamps import to_ms
from slackapp.flows import breaks, language, progress
from slackapp.flows.results import Overview
from slackapp.slack import messages
from slackapp.store import people, tasks

logger = logging.getLogger("glutes.pause")


def is_paused(r: redis.Redis, *, team_id: str, user_id: str) -> bool:
    return people.get(r, team_id=team_id, user_id=user_id).paused is not None


def pause_for_pain(r: redis.Redis, settings: Settings, *, team_id: str, user_id: str, now: datetime) -> None:
    """The one pain path: hold the person's cards and book a gentle check-in a few of their work days from
    now; their level goes back to 1 and step-up offers stop until they choose to step up again. The
    self-test's pain answer and every "It hurts" button (break card, team break) call this, so anything a
    pain report must also do belongs here."""
    person = people.get(r, team_id=team_id, user_id=user_id)
    rhythm = breaks.person_rhythm(r, settings, team_id=team_id, person=person)
    people.pause(r, team_id=team_id, user_id=user_id, reason=pause_rules.REASON_PAIN, at_ms=to_ms(now))
    progress.after_pain(r, team_id=team_id, user_id=user_id, today=schedule.local_date(now, rhythm.tz))
    checkin = pause_rules.checkin_at(now, rhythm)
    tasks.schedule(r, team_id=team_id, task=tasks.checkin_task(user_id), due_ms=to_ms(checkin))


def resume(
    r: redis.Redis, settings: Settings, *, team_id: str, user_id: str, now: datetime
) -> tuple[bool, Overview]:
    """End a pause: with breaks on, the next card comes one interval from now. Returns (was paused,
    overview)."""
    person = people.get(r, team_id=team_id, user_id=user_id)
    was_paused = person.paused is not None
    if was_paused:
        people.unpause(r, team_id=team_id, user_id=user_id)
        tasks.cancel(r, team_id=team_id, task=tasks.checkin_task(user_id))
        if person.opted_in:
            rhythm = breaks.person_rhythm(r, settings, team_id=team_id, person=person)
            next_break = schedule.next_break_after(now, rhythm)
            if next_break is not None:
                people.reschedule(r, team_id=team_id, user_id=user_id, next_due_ms=to_ms(next_break))
    return was_paused, breaks.overview(r, settings, team_id=team_id, user_id=user_id, now=now)


def send_checkin(deps: Deps, client: WebClient, team_id: str, user_id: str) -> str:
    """The timed check-in: one DM with a Resume button, only if the person is still paused."""
    r = deps.redis
    tasks.cancel(r, team_id=team_id, task=tasks.checkin_task(user_id))  # once, even if the send fails
    if not is_paused(r, team_id=team_id, user_id=user_id):
        return "not_paused"
    try:
        messages.send_pause_checkin(
            client, user_id=user_id, locale=language.person_locale(r, team_id=team_id, user_id=user_id)
        )
    except SlackApiError as error:
        logger.warning("check-in not sent team=%s user=%s: %s", team_id, user_id, error.response.get("error"))
        return f"failed:{error.response.get('error')}"
    return "sent"
