"""Break use cases shared by listeners and jobs: opt in/out, snooze, hours, and card outcomes.

Store + domain only: no Slack calls here. Callers pass `now` and whatever Slack facts they fetched.
"""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import datetime, timedelta

import redis
from slack_sdk import WebClient

from slackapp.config import Settings
from slackapp.domain import rhythm as rhythm_rules
from slackapp.domain import schedule, streaks
from slackapp.domain.errors import InputError
from slackapp.domain.models import Rhythm, WorkHours
from slackapp.domain.text import N_
from slackapp.domain.timestamps import from_ms, to_ms
from slackapp.flows import progress, workspace_moves
from slackapp.flows.results import CardKind, CardResult, Overview
from slackapp.ops import metrics
from slackapp.slack import lookups
from slackapp.store import (
    boards,
    cards,
    challenges,
    insights,
    locks,
    people,
    person_state,
    profiles,
    tombstones,
    workspace_config,
)
from slackapp.store.workspace_config import WorkspaceConfig

CARD_SNOOZE = timedelta(minutes=15)
# `/glutes on` looks the person's profile up again when the cached one is older than this (the user_change
# event keeps it fresh in between).
PROFILE_FRESH_ON_ASKING_SECONDS = 3600


def rhythm_for(
    config: WorkspaceConfig, person: people.Person, tz: str, *, spread: timedelta = timedelta(0)
) -> Rhythm:
    """The person's schedule: their own hours/days/interval where set, the workspace's elsewhere.

    `spread` (first_break_spread) places their first break of a fresh work day within the workspace's
    spread, at most one interval after the usual time."""
    start = person.start_minute if person.start_minute is not None else config.start_minute
    end = person.end_minute if person.end_minute is not None else config.end_minute
    interval = timedelta(seconds=person.interval_s) if person.interval_s else config.interval
    offset = schedule.first_break_offset(person.user_id, min(spread, interval))
    return Rhythm(
        tz=tz,
        hours=WorkHours(start, end, person.days or config.days),
        interval=interval,
        first_offset=offset,
        marks=person.marks,
    )


def first_break_spread(r: redis.Redis, settings: Settings, *, team_id: str) -> timedelta:
    """The window the workspace's first breaks of a day are spread over: as long as its send pacing needs
    for everyone opted in (rhythm_for caps it at each person's interval). One Redis call."""
    if not settings.spread_first_breaks:
        return timedelta(0)
    return schedule.first_break_window(
        people.opted_in_count(r, team_id=team_id), settings.send_rate_per_second, timedelta(days=1)
    )


def person_rhythm(r: redis.Redis, settings: Settings, *, team_id: str, person: people.Person) -> Rhythm:
    """rhythm_for with the workspace's settings and the person's cached time zone."""
    config = workspace_config.get(r, settings, team_id=team_id)
    return rhythm_for(config, person, tz_of(r, team_id, person.user_id))


def tz_of(r: redis.Redis, team_id: str, user_id: str) -> str:
    profile = profiles.get(r, team_id=team_id, user_id=user_id)
    return profile.tz if profile else "UTC"


def overview(r: redis.Redis, settings: Settings, *, team_id: str, user_id: str, now: datetime) -> Overview:
    """What a status reply shows, read in one round trip (with the person's language, to reply in)."""
    return _overview(person_state.read(r, settings, team_id=team_id, user_id=user_id), now)


def _overview(state: person_state.PersonState, now: datetime) -> Overview:
    person = state.person
    rhythm = rhythm_for(state.config, person, state.tz)
    today = schedule.local_date(now, rhythm.tz)
    done = state.done_by_day
    paused = person.paused is not None
    sent = state.sent_days
    return Overview(
        opted_in=person.opted_in,
        rhythm=rhythm,
        next_break=from_ms(person.next_due_ms)
        if person.opted_in and person.next_due_ms and not paused
        else None,
        snoozed_until=from_ms(person.snoozed_until_ms) if person.snoozed_until_ms else None,
        today_done=done.get(today, 0),
        today_skipped=state.skipped_on(today),
        streak=streaks.current_streak(done, today, rhythm.hours.days, sent),
        best_streak=streaks.best_streak(done, rhythm.hours.days, sent),
        paused=paused,
        locale=state.locale,
        level=progress.level_view(person, done, today, rhythm.hours.days),
    )


def _schedule_from(rhythm: Rhythm, now: datetime) -> datetime:
    nxt = schedule.next_break_after(now, rhythm)
    if nxt is None:
        raise InputError(
            N_(
                "Your work window is shorter than your break interval, so no break would ever come. "
                "Try longer hours, e.g. `/glutes hours 09:00-17:00`, or `/glutes every 30`."
            )
        )
    return nxt


def turn_on(
    r: redis.Redis,
    settings: Settings,
    *,
    team_id: str,
    user_id: str,
    now: datetime,
    client: WebClient | None = None,
    refresh_profile: bool = False,
) -> tuple[bool, Overview]:
    """Opt in (first break one interval from now, inside work hours). Returns (was already on, overview).

    With a client, the person's Slack profile (their time zone) is looked up first, so the first break
    falls in their own work hours. `refresh_profile` (someone asking in person) takes a cached profile only
    when it is under PROFILE_FRESH_ON_ASKING old, so on/off cycles do not each call users.info.
    """
    tombstones.lift(r, team_id=team_id, user_id=user_id)  # back after forget-me: keep what they do now
    if client is not None:
        max_age = PROFILE_FRESH_ON_ASKING_SECONDS if refresh_profile else lookups.PROFILE_MAX_AGE_SECONDS
        lookups.profile(r, client, team_id=team_id, user_id=user_id, now=now, max_age_seconds=max_age)
    person = people.get(r, team_id=team_id, user_id=user_id)
    if not person.opted_in:
        rhythm = person_rhythm(r, settings, team_id=team_id, person=person)
        people.opt_in(r, team_id=team_id, user_id=user_id, next_due_ms=to_ms(_schedule_from(rhythm, now)))
        # The week they started, once, for the pulse's "still active" cohorts (a count, not the person).
        insights.mark_started(r, team_id=team_id, user_id=user_id, day=schedule.local_date(now, rhythm.tz))
    return person.opted_in, overview(r, settings, team_id=team_id, user_id=user_id, now=now)


def first_welcome(r: redis.Redis, *, team_id: str, user_id: str) -> bool:
    """True only the first time the person turns breaks on: the welcome DM is sent once, not per cycle."""
    return people.claim_welcome(r, team_id=team_id, user_id=user_id)


def turn_off(r: redis.Redis, *, team_id: str, user_id: str) -> bool:
    """Opt out at once; returns whether breaks were on."""
    was_on = people.get(r, team_id=team_id, user_id=user_id).opted_in
    people.opt_out(r, team_id=team_id, user_id=user_id)
    return was_on


def _require_on(person: people.Person) -> None:
    if not person.opted_in:
        raise InputError(N_("Your breaks are off. Turn them on first with `/glutes on`."))


def snooze(
    r: redis.Redis,
    settings: Settings,
    *,
    team_id: str,
    user_id: str,
    now: datetime,
    duration: timedelta | None,
) -> Overview:
    """Hold breaks for `duration`, or for the rest of today when duration is None."""
    person = people.get(r, team_id=team_id, user_id=user_id)
    _require_on(person)
    rhythm = person_rhythm(r, settings, team_id=team_id, person=person)
    until = (
        schedule.snooze_today(now, rhythm)
        if duration is None
        else schedule.snooze_until(now, rhythm, duration)
    )
    people.reschedule(
        r,
        team_id=team_id,
        user_id=user_id,
        next_due_ms=to_ms(until or _schedule_from(rhythm, now)),
        snoozed=True,
    )
    return overview(r, settings, team_id=team_id, user_id=user_id, now=now)


def resume(
    r: redis.Redis, settings: Settings, *, team_id: str, user_id: str, now: datetime
) -> tuple[bool, Overview]:
    """End a snooze: the next break comes one interval from now. Returns (was snoozed, overview)."""
    person = people.get(r, team_id=team_id, user_id=user_id)
    _require_on(person)
    if person.snoozed_until_ms is not None:
        rhythm = person_rhythm(r, settings, team_id=team_id, person=person)
        people.reschedule(r, team_id=team_id, user_id=user_id, next_due_ms=to_ms(_schedule_from(rhythm, now)))
    return person.snoozed_until_ms is not None, overview(
        r, settings, team_id=team_id, user_id=user_id, now=now
    )


def set_rhythm(
    r: redis.Redis,
    settings: Settings,
    *,
    team_id: str,
    user_id: str,
    now: datetime,
    start_minute: int | None = None,
    end_minute: int | None = None,
    days: frozenset[int] | None = None,
    interval_minutes: int | None = None,
    marks: tuple[int, ...] | None = None,
) -> Overview:
    """Change any of a person's hours, days and interval (or clock-aligned marks) together: checked as a
    whole before anything is saved, and an opted-in person's next break moves to fit at once. Choosing an
    interval ends clock-aligned breaks; choosing marks keeps the interval for when they end."""
    if interval_minutes is not None:
        rhythm_rules.check_interval_minutes(interval_minutes, example="`/glutes every 50`")
        marks = ()
    person = people.get(r, team_id=team_id, user_id=user_id)
    changes: dict[str, object] = {}
    if marks is not None:
        changes["marks"] = marks
    if start_minute is not None and end_minute is not None:
        changes.update(start_minute=start_minute, end_minute=end_minute)
    if days:
        changes["days"] = days
    if interval_minutes is not None:
        changes["interval_s"] = interval_minutes * 60
    changed = replace(person, **changes)
    rhythm = person_rhythm(r, settings, team_id=team_id, person=changed)
    next_break = _schedule_from(rhythm, now)  # refuse a rhythm that can never hold a break, before saving
    people.save_rhythm(
        r,
        team_id=team_id,
        user_id=user_id,
        start_minute=changed.start_minute,
        end_minute=changed.end_minute,
        days=changed.days,
        interval_s=changed.interval_s,
    )
    if marks is not None:
        people.save_marks(r, team_id=team_id, user_id=user_id, marks=marks)
    if person.opted_in:
        people.reschedule(r, team_id=team_id, user_id=user_id, next_due_ms=to_ms(next_break))
    return overview(r, settings, team_id=team_id, user_id=user_id, now=now)


def score_keys(
    r: redis.Redis, settings: Settings, *, team_id: str, user_id: str, now: datetime
) -> tuple[str, ...]:
    """Every sorted set a Done by this person now adds a point to: the boards and their running challenges.

    Periods and challenge days follow the workspace's time zone.
    """
    config = workspace_config.get(r, settings, team_id=team_id)
    today = schedule.local_date(now, config.tz)
    return boards.board_keys(team_id, today) + challenges.score_keys_for(
        r, team_id=team_id, user_id=user_id, today=today
    )


# --- the buttons on a break card ------------------------------------------------------------------


# A card is recorded just after Slack accepts it, so a click can (rarely) arrive first: while the send
# lock shows the card is being sent, look again for up to this long before calling it unknown.
CARD_RECORD_WAIT_SECONDS = 2.0


def _card_of(r: redis.Redis, *, team_id: str, user_id: str, break_id: str) -> cards.Card | None:
    card = cards.get(r, team_id=team_id, user_id=user_id, break_id=break_id)
    if card is not None or not locks.send_in_flight(r, team_id=team_id, user_id=user_id, break_id=break_id):
        return card
    for _ in range(int(CARD_RECORD_WAIT_SECONDS / 0.05)):
        time.sleep(0.05)
        card = cards.get(r, team_id=team_id, user_id=user_id, break_id=break_id)
        if card is not None:
            break
    return card


# What a click's outcome reads as: newly recorded, or the one an earlier click already recorded.
_RECORDED: dict[str, CardKind] = {"done": "done", "snoozed": "snoozed", "skipped": "skipped"}
_ALREADY: dict[str, CardKind] = {"done": "already_done", "skipped": "already_skipped", "snoozed": "snoozed"}


def answer_card(
    r: redis.Redis,
    settings: Settings,
    *,
    team_id: str,
    user_id: str,
    break_id: str,
    outcome: str,
    now: datetime,
) -> CardResult | None:
    """Record Done/Snooze/Skip on one card exactly once, whatever the number of clicks or retries.

    None when the card is unknown (never sent, or its record expired).
    """
    if not break_id.isdigit():  # break ids are due times in epoch ms; anything else names no card
        return None
    # One round trip for the card, the person, their settings, challenges and whether they use the Home;
    # one for the answer and the numbers the updated card shows.
    before = person_state.read(
        r,
        settings,
        team_id=team_id,
        user_id=user_id,
        history=False,
        break_id=break_id,
        challenges=True,
        home=True,
    )
    card = before.card or _card_of(r, team_id=team_id, user_id=user_id, break_id=break_id)
    exercise = workspace_moves.exercise_for(r, team_id=team_id, key=card.exercise) if card else None
    if card is None or exercise is None:
        return None
    person, tz, locale = before.person, before.tz, before.locale
    today = schedule.local_date(now, tz)
    if not person.opted_in and card.outcome is None:
        return CardResult("opted_out", exercise, tz=tz, locale=locale)
    if card.outcome is None and card.local_date != today.isoformat():
        return CardResult("expired", exercise, tz=tz, locale=locale)
    board_day = schedule.local_date(now, before.config.tz)  # boards and challenges: the workspace's days
    joined = before.challenge_ids
    answer = {
        "team_id": team_id,
        "user_id": user_id,
        "break_id": break_id,
        "outcome": outcome,
        "local_date": today.isoformat(),
        "hour": schedule.local_hour(now, tz),
        "score_keys": boards.board_keys(team_id, board_day)
        + challenges.score_keys_among(r, team_id=team_id, challenge_ids=joined, today=board_day),
    }
    if outcome == "snoozed":  # the next break moves between the answer and the numbers shown
        result, after = cards.record_outcome(r, **answer), None
    else:  # the answer and the numbers the updated card shows, in one round trip
        result, after = cards.record_outcome_then(
            r,
            **answer,
            then=lambda pipe: person_state.queue(pipe, settings, team_id=team_id, user_id=user_id),
        )
    kind = _RECORDED[outcome] if result == "ok" else _ALREADY.get(result.removeprefix("already:"), "snoozed")
    if kind in ("done", "snoozed", "skipped"):
        metrics.CARD_ANSWERS.labels(outcome=kind).inc()
    if result == "ok" and outcome == "done" and after is not None:
        progress.after_done(
            r,
            team_id=team_id,
            user_id=user_id,
            person=after.person,
            done_by_day=after.done_by_day,
            today=today,
            work_days=rhythm_for(before.config, person, tz).hours.days,
        )
    if result == "ok" and outcome == "snoozed":
        rhythm = rhythm_for(before.config, person, tz)
        until = schedule.snooze_until(now, rhythm, CARD_SNOOZE) or _schedule_from(rhythm, now)
        people.reschedule(r, team_id=team_id, user_id=user_id, next_due_ms=to_ms(until), snoozed=True)
    view = (
        _overview(after, now) if after else overview(r, settings, team_id=team_id, user_id=user_id, now=now)
    )
    return CardResult(
        kind, exercise, view.today_done, view.streak, view.next_break, tz, view.locale, before.uses_home
    )
