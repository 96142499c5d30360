"""Sending due breaks for one workspace: decide (send or hold), pace, post the card, move the schedule on.

Idempotent: a break is identified by the person's stored next-due time, sent under a short lock, and the
schedule only advances by compare-and-set, so a retried or duplicated job never sends the same break twice.
"""

from __future__ import annotations

import logging
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from slackapp.deps import Deps
from slackapp.domain import exercises, progression, schedule
from slackapp.domain import workspace_moves as workspace_move_rules
from slackapp.domain.models import RELEASABLE_HOLDS, DndWindow, Hold, Rhythm, Send
from slackapp.domain.timestamps import to_ms
from slackapp.domain.workspace_moves import WorkspaceMove
from slackapp.flows import insights, pacing, workspace_moves
from slackapp.flows.breaks import first_break_spread, rhythm_for
from slackapp.ops import metrics
from slackapp.slack import lookups, messages, tokens
from slackapp.store import boards, cards, locks, people, profiles, workspace_config, workspaces

logger = logging.getLogger("glutes.delivery")

RETRY_LATER = timedelta(seconds=30)
# A break is due when its time has come; a little early is fine (scheduler ticks are coarse).
DUE_SLACK_MS = 1000

PERSON_GONE = {"user_not_found", "cannot_dm_bot", "user_disabled", "channel_not_found", "is_bot"}
WORKSPACE_GONE = {
    "invalid_auth",
    "token_revoked",
    "account_inactive",
    "not_authed",
    "team_access_not_granted",
}


def deliver(deps: Deps, client: WebClient | None, team_id: str, user_ids: list[str]) -> Counter[str]:
    """Handle the breaks due for user_ids in team_id; returns counts by outcome (sent, held:dnd, …).

    `client` speaks for the workspace; None while it is not installed or its sending is paused.
    """
    counts: Counter[str] = Counter()
    if client is None:
        counts["workspace_paused"] += len(user_ids)
        return counts
    r, settings, now = deps.redis, deps.settings, deps.clock()
    now_ms = to_ms(now)
    due = []
    # The batch's people and cached profiles: two pipelined round trips for the whole batch.
    for person in people.get_many(r, team_id=team_id, user_ids=user_ids):
        user_id = person.user_id
        if not person.opted_in:
            people.drop_from_due(r, team_id=team_id, user_id=user_id)  # a late re-add after an opt-out
            counts["stale"] += 1
            continue
        if person.paused is not None:
            # Cards are paused (a pain answer): hold them until the person resumes, which re-adds them.
            people.drop_from_due(r, team_id=team_id, user_id=user_id)
            counts["paused"] += 1
            continue
        if person.next_due_ms is None or person.next_due_ms > now_ms + DUE_SLACK_MS:
            counts["stale"] += 1  # snoozed or already sent since this job was queued
            continue
        due.append(person)
    cached = profiles.get_many(r, team_id=team_id, user_ids=[p.user_id for p in due])
    huddles = profiles.get_huddles(r, team_id=team_id, user_ids=[p.user_id for p in due]) if due else {}
    try:
        dnd = lookups.dnd_windows(r, client, team_id=team_id, user_ids=[p.user_id for p in due], now=now)
    except Exception:  # DND is advisory: never let it stop the breaks
        logger.warning("dnd lookup failed team=%s", team_id, exc_info=True)
        dnd = {}
    config = workspace_config.get(r, settings, team_id=team_id)
    own_moves = workspace_moves.active(r, team_id=team_id) if due else []
    spread = first_break_spread(r, settings, team_id=team_id) if due else timedelta(0)
    paused = threading.Event()

    def deliver_one(person: people.Person) -> str:
        if paused.is_set():
            return "workspace_paused"
        outcome = _deliver_one(
            deps, client, team_id, person, cached.get(person.user_id), dnd, config, spread, huddles, own_moves
        )
        if outcome == "workspace_paused":
            paused.set()  # the sends not yet started for this workspace are skipped
        return outcome

    # A send mostly waits on Slack, so a batch's sends overlap. The shared token bucket, the send lock
    # and the compare-and-set keep them paced and idempotent however many run at once.
    workers = max(1, min(settings.send_concurrency, len(due)))
    if workers == 1:
        counts.update(deliver_one(person) for person in due)
        return counts
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="send") as pool:
        for outcome in pool.map(deliver_one, due):
            counts[outcome] += 1
    return counts


def _deliver_one(
    deps: Deps,
    client: WebClient,
    team_id: str,
    person: people.Person,
    cached: profiles.Profile | None,
    dnd: dict[str, DndWindow],
    config: workspace_config.WorkspaceConfig,
    spread: timedelta = timedelta(0),
    huddles: dict[str, int] | None = None,
    own_moves: list[WorkspaceMove] | None = None,
) -> str:
    """One person's break: about two Redis round trips when it is sent (the claim and the record)."""
    r, now = deps.redis, deps.clock()
    user_id, due_ms = person.user_id, person.next_due_ms
    assert due_ms is not None
    try:
        profile = lookups.profile(r, client, team_id=team_id, user_id=user_id, now=now, cached=cached)
    except SlackApiError as error:
        return _slack_failure(deps, client, team_id, person, error)
    if profile is not None and (profile.deleted or profile.is_bot):
        people.opt_out(r, team_id=team_id, user_id=user_id)
        logger.info("opted out a deactivated person team=%s user=%s", team_id, user_id)
        return "opted_out:gone"
    rhythm = rhythm_for(config, person, profile.tz if profile else "UTC", spread=spread)
    presence = lookups.presence(profile, (huddles or {}).get(user_id))
    plan = schedule.plan_delivery(now, rhythm, presence=presence, dnd=dnd.get(user_id))
    if isinstance(plan, Hold):
        metrics.BREAKS_HELD.labels(reason=plan.reason).inc()
        # A card held for DND, a huddle or a status is released the moment that ends; one held for the
        # end of the work day is not (the morning's first card is a fresh one).
        releasable = plan.reason if plan.reason in RELEASABLE_HOLDS else None
        people.hold(
            r,
            team_id=team_id,
            user_id=user_id,
            expected_ms=due_ms,
            next_due_ms=to_ms(plan.until),
            reason=releasable,
        )
        return f"held:{plan.reason}"
    return _send_card(deps, client, team_id, person, profile, rhythm, plan, own_moves or [])


def send_now(deps: Deps, client: WebClient | None, team_id: str, user_id: str) -> str:
    """One card to the person now, outside their rhythm (a workflow step asks): the same hold decision and
    send as a due break. Returns "sent" or why not: "off", "paused", "snoozed", "held:<reason>",
    "in_flight"/"stale" (their card is going out this moment), "opted_out:<code>", "retry_later" or
    "workspace_paused".

    The card stands in for the person's next break (its id, and the schedule moves on from it to one
    interval from now), so they do not get another one minutes later; a hold changes nothing.
    """
    if client is None:
        return "workspace_paused"
    r, settings, now = deps.redis, deps.settings, deps.clock()
    person = people.get(r, team_id=team_id, user_id=user_id)
    if not person.opted_in or person.next_due_ms is None:
        return "off" if not person.opted_in else "held:outside_hours"
    if person.paused is not None:
        return "paused"
    if person.snoozed_until_ms is not None and person.snoozed_until_ms > to_ms(now):
        return "snoozed"
    try:
        profile = lookups.profile(r, client, team_id=team_id, user_id=user_id, now=now)
    except SlackApiError as error:
        return _slack_failure(deps, client, team_id, person, error)
    if profile is not None and (profile.deleted or profile.is_bot):
        return "off"
    try:
        dnd = lookups.dnd_windows(r, client, team_id=team_id, user_ids=[user_id], now=now).get(user_id)
    except Exception:  # DND is advisory, as for the scheduled sends
        logger.warning("dnd lookup failed team=%s", team_id, exc_info=True)
        dnd = None
    config = workspace_config.get(r, settings, team_id=team_id)
    rhythm = rhythm_for(config, person, profile.tz if profile else "UTC")
    huddle = profiles.get_huddles(r, team_id=team_id, user_ids=[user_id]).get(user_id)
    plan = schedule.plan_delivery(now, rhythm, presence=lookups.presence(profile, huddle), dnd=dnd)
    if isinstance(plan, Hold):
        return f"held:{plan.reason}"
    own_moves = workspace_moves.active(r, team_id=team_id)
    return _send_card(deps, client, team_id, person, profile, rhythm, plan, own_moves)


def _send_card(
    deps: Deps,
    client: WebClient,
    team_id: str,
    person: people.Person,
    profile: profiles.Profile | None,
    rhythm: Rhythm,
    plan: Send,
    own_moves: list[WorkspaceMove],
) -> str:
    """Post the card for the person's break due at person.next_due_ms, once, and move the schedule on."""
    r, settings, now = deps.redis, deps.settings, deps.clock()
    user_id, due_ms = person.user_id, person.next_due_ms
    assert due_ms is not None
    released = person.held if person.held in RELEASABLE_HOLDS else None
    break_id = str(due_ms)
    lock = {"team_id": team_id, "user_id": user_id, "break_id": break_id}
    # One step: the send lock, the person looked at again under it (an opt-out, snooze, pause or a
    # duplicate job's send may have happened meanwhile) and a slot from the workspace's pacing.
    claim = locks.claim_send(
        r,
        **lock,
        expected_due_ms=due_ms,
        ttl_seconds=settings.claim_lease_seconds,
        rate_per_second=settings.send_rate_per_second,
        burst=settings.send_burst,
    )
    if claim.status != "ok":
        return claim.status
    pacing.wait_reserved(claim.wait_ms)
    preference = exercises.preference_of(claim.moves)
    extra = workspace_move_rules.allowed_for(own_moves, preference)
    exercise = progression.pick_varied(claim.recent, seed=due_ms, preference=preference, extra=extra)
    try:
        posted = messages.send_break_card(
            client,
            user_id=user_id,
            exercise=exercise,
            break_id=break_id,
            locale=profile.preferred_locale if profile else None,
            after_hold=released is not None,
            level=claim.level,
            offer=claim.offer,
        )
    except SlackApiError as error:
        locks.release_send_lock(r, **lock)
        return _slack_failure(deps, client, team_id, person, error)
    except Exception:  # network trouble after the client's own retries: try again shortly
        locks.release_send_lock(r, **lock)
        logger.warning("send failed team=%s user=%s", team_id, user_id, exc_info=True)
        people.advance(
            r, team_id=team_id, user_id=user_id, expected_ms=due_ms, next_due_ms=to_ms(now + RETRY_LATER)
        )
        return "retry_later"
    # One step: the card (for its buttons), the day's tally, the exercise sent and the next break (and,
    # with the week's first card, the claim of the person's weekly picture).
    saved = cards.save_sent(
        r,
        team_id=team_id,
        user_id=user_id,
        break_id=break_id,
        exercise=exercise.key,
        local_date=schedule.local_date(now, rhythm.tz).isoformat(),
        channel=posted.channel,
        ts=posted.ts,
        expected_due_ms=due_ms,
        next_due_ms=to_ms(plan.next_due),
        now_ms=to_ms(now),
        recent=tuple(progression.remembered(claim.recent, exercise.key)),
        level=claim.level,
    )
    metrics.BREAKS_SENT.inc()
    if released is not None:
        metrics.BREAKS_RELEASED.labels(reason=released).inc()
    metrics.LATENESS.observe(max(0.0, deps.clock().timestamp() - due_ms / 1000))
    if saved.digest_due:
        insights.request_digest(deps, team_id=team_id, user_id=user_id)
    if not claim.boards_asked:
        _send_boards_notice(deps, client, team_id, user_id, profile.preferred_locale if profile else None)
    return "sent"


def _send_boards_notice(
    deps: Deps, client: WebClient, team_id: str, user_id: str, locale: str | None = None
) -> None:
    """Once, with their next card: tell someone who opted in before team boards became opt-in that they
    are no longer shown on them unless they say yes (people who already said no are not told)."""
    r = deps.redis
    if not people.claim_boards_notice(r, team_id=team_id, user_id=user_id):
        return
    if boards.is_hidden(r, team_id=team_id, user_id=user_id) or boards.is_shown(
        r, team_id=team_id, user_id=user_id
    ):
        return
    pacing.wait_for_send_slot(deps, team_id)
    try:
        messages.send_boards_notice(client, user_id=user_id, locale=locale)
    except Exception:  # the card went out; the notice is a courtesy and is not retried
        logger.warning("boards notice not sent team=%s user=%s", team_id, user_id, exc_info=True)


def _slack_failure(
    deps: Deps, client: WebClient, team_id: str, person: people.Person, error: SlackApiError
) -> str:
    r, now = deps.redis, deps.clock()
    code = error.response.get("error") or ""
    status = error.response.status_code
    metrics.slack_error(str(error.response.api_url).rstrip("/").rsplit("/", 1)[-1], code)
    assert person.next_due_ms is not None
    if code in WORKSPACE_GONE:
        fingerprint = tokens.fingerprint(client.token)
        workspaces.pause(r, team_id=team_id, reason=code, token_fingerprint=fingerprint)
        logger.error("paused workspace team=%s: %s", team_id, code)
        return "workspace_paused"
    if code in PERSON_GONE:
        people.opt_out(r, team_id=team_id, user_id=person.user_id)
        logger.info("opted out team=%s user=%s: %s", team_id, person.user_id, code)
        return f"opted_out:{code}"
    # Rate limited beyond the client's own retries, or Slack having trouble: keep the break, try later.
    delay = RETRY_LATER
    if status == 429:
        delay = timedelta(seconds=int(error.response.headers.get("Retry-After", 30) or 30))
    logger.warning("slack error team=%s user=%s status=%s error=%s", team_id, person.user_id, status, code)
    people.advance(
        r,
        team_id=team_id,
        user_id=person.user_id,
        expected_ms=person.next_due_ms,
        next_due_ms=to_ms(now + delay),
    )
    return "retry_later"
