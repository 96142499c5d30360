"""Facts about people that only Slack knows, fetched sparingly and cached in Redis.

users.info (Tier 4) is called when a profile is missing or older than a day; the user_change event keeps
it fresh in between. A person with no profile cached gets one locale-only users.info at their first
contact (flows.language.reply_locale). DND comes from dnd.teamInfo (Tier 2), up to 50 people a
call, cached 5 minutes.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import UTC, datetime

import redis
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from slackapp.domain.models import DndWindow, Presence
from slackapp.domain.timestamps import epoch_seconds, to_us
from slackapp.store import profiles
from slackapp.store.profiles import Written

logger = logging.getLogger("glutes")

PROFILE_MAX_AGE_SECONDS = 24 * 3600
DND_BATCH = 50


def profile(
    r: redis.Redis,
    client: WebClient,
    *,
    team_id: str,
    user_id: str,
    now: datetime,
    refresh: bool = False,
    max_age_seconds: int = PROFILE_MAX_AGE_SECONDS,
    cached: profiles.Profile | None = None,
) -> profiles.Profile | None:
    """The cached profile; users.info fetches it when missing, older than max_age_seconds, or on refresh.

    `cached`: the profile the caller already read (a batch reads them all at once); read here when None.
    """
    if cached is None:
        cached = profiles.get(r, team_id=team_id, user_id=user_id)
    now_s, asked_us = int(now.timestamp()), to_us(now)
    if cached and not refresh and now_s - cached.fetched_at < max_age_seconds:
        return cached
    try:
        user = client.users_info(user=user_id, include_locale=True)["user"]
    except SlackApiError as error:
        # account_inactive means the workspace token is dead, not the person: let it pause the workspace.
        if error.response.get("error") == "user_not_found":
            gone = profiles.Profile(
                "UTC", "", "", 0, deleted=True, is_bot=False, is_admin=False, fetched_at=now_s
            )
            profiles.save(r, team_id=team_id, user_id=user_id, profile=gone, as_of_us=asked_us)
            return gone
        raise
    fresh = profiles.from_slack_user(user, fetched_at=now_s)
    # The answer is at least as new as the moment it was asked; an event stored meanwhile that Slack says
    # happened after that moment is newer still, and the write is ignored: then the cached copy is the truth.
    if profiles.save(r, team_id=team_id, user_id=user_id, profile=fresh, as_of_us=asked_us) is Written.STALE:
        newer = profiles.get(r, team_id=team_id, user_id=user_id)
        if newer is not None:
            return newer
    chosen = cached.language if cached else profiles.get_language(r, team_id=team_id, user_id=user_id)
    return replace(fresh, language=chosen)


def slack_locale(client: WebClient, *, user_id: str) -> str:
    """The person's Slack locale (users.info with include_locale), e.g. "de-DE"; "" when Slack gives none.
    Only the locale is taken from the answer; nothing is cached here (flows.language decides that)."""
    user = client.users_info(user=user_id, include_locale=True)["user"]
    return profiles.from_slack_user(user if isinstance(user, dict) else {}, fetched_at=0).locale


def presence(profile: profiles.Profile | None, huddle_expires: int | None = None) -> Presence | None:
    """The person's status and huddle as the schedule rules take them. `huddle_expires`: None when not in a
    huddle, else when Slack says the state lapses (epoch s, 0 = not said; see profiles.get_huddles)."""
    if profile is None and huddle_expires is None:
        return None
    huddle_until = datetime.fromtimestamp(huddle_expires, UTC) if huddle_expires else None
    if profile is None:
        return Presence(in_huddle=True, huddle_expiration=huddle_until)
    expires = datetime.fromtimestamp(profile.status_expiration, UTC) if profile.status_expiration else None
    return Presence(
        profile.status_text,
        profile.status_emoji,
        expires,
        in_huddle=huddle_expires is not None,
        huddle_expiration=huddle_until,
    )


def dnd_windows(
    r: redis.Redis, client: WebClient, *, team_id: str, user_ids: list[str], now: datetime
) -> dict[str, DndWindow]:
    """DND windows for user_ids, from the cache where fresh and from dnd.teamInfo in batches otherwise.

    A failed lookup is logged and treated as "no DND": a late break beats a lost one. An answer is cached as
    of `now` (asked then), unless a dnd_updated_user Slack says happened later is cached meanwhile: that
    newer window is the one used.
    """
    known = profiles.get_dnd(r, team_id=team_id, user_ids=user_ids)
    missing = [u for u in user_ids if u not in known]
    for start in range(0, len(missing), DND_BATCH):
        batch = missing[start : start + DND_BATCH]
        try:
            answer = client.dnd_teamInfo(users=batch)
        except SlackApiError as error:
            logger.warning("dnd.teamInfo failed team=%s error=%s", team_id, error.response.get("error"))
            continue
        fetched = {
            uid: (
                bool(info.get("dnd_enabled")),
                epoch_seconds(info.get("next_dnd_start_ts")),
                epoch_seconds(info.get("next_dnd_end_ts")),
            )
            for uid, info in (answer.get("users") or {}).items()
        }
        written = profiles.save_dnd(
            r, team_id=team_id, windows=fetched, at_us=to_us(now), now_s=int(now.timestamp())
        )
        newer = [uid for uid, answer in written.items() if answer is Written.STALE]
        known.update(fetched)
        known.update(profiles.get_dnd(r, team_id=team_id, user_ids=newer) if newer else {})
    return {
        uid: DndWindow(enabled, datetime.fromtimestamp(start, UTC), datetime.fromtimestamp(end, UTC))
        for uid, (enabled, start, end) in known.items()
    }
