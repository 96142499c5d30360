"""Is this person free for a card now? The one place that reads what the answer needs (cached profile and
status, DND window, huddle) and asks the rule (domain.schedule.held_now), and where the events that end a
hold (a huddle over, a status cleared or changed, DND off) bring a held card forward.

Callers other than the break sender (a Workflow Builder step, say) use `held_now` for the same answer.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from slack_sdk import WebClient

from slackapp.deps import Deps
from slackapp.domain import schedule
from slackapp.domain.models import DndWindow, Held, HoldReason
from slackapp.domain.timestamps import epoch_seconds, to_ms
from slackapp.flows import breaks
from slackapp.flows import profiles as profile_flows
from slackapp.ops import metrics
from slackapp.slack import lookups
from slackapp.store import people, profiles
from slackapp.store.profiles import Written

# Slack's profile.huddle_state while the person is in a huddle (any other value, or none, means not).
IN_A_HUDDLE = "in_a_huddle"


def held_now(deps: Deps, client: WebClient, *, team_id: str, user_id: str) -> Held | None:
    """Whether a card sent to the person now would interrupt them, why (HoldReason) and until when, if
    known. Reads the cached profile (users.info when stale), the DND window (dnd.teamInfo when not cached)
    and the huddle state; work hours are not part of it."""
    r, now = deps.redis, deps.clock()
    profile = lookups.profile(r, client, team_id=team_id, user_id=user_id, now=now)
    dnd = lookups.dnd_windows(r, client, team_id=team_id, user_ids=[user_id], now=now).get(user_id)
    huddle = profiles.get_huddles(r, team_id=team_id, user_ids=[user_id]).get(user_id)
    return schedule.held_now(now, presence=lookups.presence(profile, huddle), dnd=dnd)


def person_changed(
    deps: Deps,
    *,
    team_id: str,
    event_type: str,
    user: dict[str, Any],
    now: datetime,
    at_us: int,
) -> None:
    """A user_change, user_status_changed or user_huddle_changed, which Slack says happened at `at_us`
    (epoch µs). For an opted-in person (anyone else's is dropped by the profile cache): cache the profile,
    keep the huddle state (only from the huddle event, whose user object says it), and if a status or
    huddle hold ended, bring the held card forward. An event older than what is stored changes nothing, so
    it neither releases a card nor undoes a newer change; the release is decided on the state as stored
    after the writes."""
    r = deps.redis
    user_id = user["id"]
    profile_written = profile_flows.profile_changed(r, team_id=team_id, user=user, now=now, at_us=at_us)
    if profile_written is Written.DROPPED:
        return
    changed = profile_written is Written.APPLIED
    stale = profile_written is Written.STALE
    if event_type == "user_huddle_changed":
        profile = user.get("profile")
        profile = profile if isinstance(profile, dict) else {}
        joined = profile.get("huddle_state") == IN_A_HUDDLE
        written = profiles.save_huddle(
            r,
            team_id=team_id,
            user_id=user_id,
            in_huddle=joined,
            at_us=at_us,
            now_s=int(now.timestamp()),
            expires_s=epoch_seconds(profile.get("huddle_state_expiration_ts")),
        )
        if joined and written is Written.APPLIED:
            return  # a huddle starting ends no hold
        changed = changed or written is Written.APPLIED
        stale = stale or written is Written.STALE
    if stale and not changed:  # counted when nothing the event said was newer than what is stored
        metrics.PRESENCE_EVENTS_STALE.labels(event=event_type).inc()
    if not changed:
        return  # stale: a newer event already said what is true now (and released what it ended)
    cached = profiles.get(r, team_id=team_id, user_id=user_id)
    huddle = profiles.get_huddles(r, team_id=team_id, user_ids=[user_id]).get(user_id)
    held = schedule.held_now(now, presence=lookups.presence(cached, huddle), dnd=None)
    ended = {HoldReason.STATUS, HoldReason.HUDDLE} - ({held.reason} if held else set())
    _release(deps, team_id=team_id, user_id=user_id, now=now, reasons=frozenset(ended))


def dnd_changed(
    deps: Deps, *, team_id: str, user_id: str, dnd_status: dict[str, Any], now: datetime, at_us: int
) -> None:
    """A dnd_updated_user for an opted-in person (anyone else's is dropped), which Slack says happened at
    `at_us` (epoch µs): refresh the cached window unless a newer one is cached, and when the window as
    stored no longer covers now, bring a card held for DND forward. An older event changes nothing."""
    r = deps.redis
    if not people.get(r, team_id=team_id, user_id=user_id).opted_in:
        return
    enabled = bool(dnd_status.get("dnd_enabled"))
    start = epoch_seconds(dnd_status.get("next_dnd_start_ts"))
    end = epoch_seconds(dnd_status.get("next_dnd_end_ts"))
    written = profiles.save_dnd(
        r, team_id=team_id, windows={user_id: (enabled, start, end)}, at_us=at_us, now_s=int(now.timestamp())
    )
    if written[user_id] is Written.STALE:
        metrics.PRESENCE_EVENTS_STALE.labels(event="dnd_updated_user").inc()
    if written[user_id] is not Written.APPLIED:
        return
    stored = profiles.get_dnd(r, team_id=team_id, user_ids=[user_id]).get(user_id)
    if stored is not None:
        enabled, start, end = stored
    window = DndWindow(enabled, datetime.fromtimestamp(start, UTC), datetime.fromtimestamp(end, UTC))
    if schedule.dnd_hold_until(now, window) is None:
        _release(deps, team_id=team_id, user_id=user_id, now=now, reasons=frozenset({HoldReason.DND}))


def _release(deps: Deps, *, team_id: str, user_id: str, now: datetime, reasons: frozenset[str]) -> None:
    """End a hold for `reasons`: the held card is due now if now is inside the person's break window; if
    their work day ended meanwhile nothing is sent, and the next card is the next day's ordinary one."""
    r = deps.redis
    person = people.get(r, team_id=team_id, user_id=user_id)
    if person.held not in reasons:
        return  # the common case (nothing held): one read, no rhythm to work out
    rhythm = breaks.person_rhythm(r, deps.settings, team_id=team_id, person=person)
    in_window = schedule.first_slot_at_or_after(now, rhythm) == now
    people.release_held(
        r, team_id=team_id, user_id=user_id, now_ms=to_ms(now), reasons=reasons, in_window=in_window
    )
