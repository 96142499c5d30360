"""Cached facts about people from Slack (users.info, user_change) and their DND windows (dnd.teamInfo)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import redis
from redis.client import Pipeline

from slackapp.domain.timestamps import epoch_seconds
from slackapp.store import keys, tombstones
from slackapp.store.scripts import LuaScript

DND_TTL_SECONDS = 300
# A huddle state is kept at most this long (or until Slack's own expiry, if sooner): a lost "huddle ended"
# event then holds cards for a few hours at worst, and nothing about a huddle outlives the afternoon.
HUDDLE_TTL_SECONDS = 3 * 3600
# Twice the age at which slack.lookups asks users.info again: an older copy is never used, so keep none.
PROFILE_TTL_SECONDS = 2 * 24 * 3600


@dataclass(frozen=True)
class Profile:
    tz: str
    status_text: str
    status_emoji: str
    status_expiration: int  # epoch seconds, 0 = never
    deleted: bool
    is_bot: bool
    is_admin: bool
    fetched_at: int  # epoch seconds
    locale: str = ""  # Slack's locale for the person (users.info with include_locale), e.g. "de-DE"
    language: str = ""  # the language they chose in glutes (kept apart: see set_language), "" = Slack's

    @property
    def preferred_locale(self) -> str:
        """The language to speak to them: their own choice, else Slack's locale ("" = unknown)."""
        return self.language or self.locale


def from_slack_user(user: dict[str, Any], fetched_at: int) -> Profile:
    """A Profile from a users.info `user` object (or a user_change event's user). A field of the wrong type
    reads as unset, so an odd event still refreshes what it says right (a status with a bad expiry)."""
    profile = user.get("profile")
    profile = profile if isinstance(profile, dict) else {}
    return Profile(
        tz=_text(user.get("tz")) or "UTC",
        status_text=_text(profile.get("status_text")),
        status_emoji=_text(profile.get("status_emoji")),
        status_expiration=epoch_seconds(profile.get("status_expiration")),
        deleted=bool(user.get("deleted")),
        is_bot=bool(user.get("is_bot")),
        is_admin=bool(user.get("is_admin") or user.get("is_owner")),
        fetched_at=fetched_at,
        locale=_text(user.get("locale")),
    )


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _fields(profile: Profile) -> dict[str, str | int]:
    return {
        "tz": profile.tz,
        "status_text": profile.status_text,
        "status_emoji": profile.status_emoji,
        "status_expiration": profile.status_expiration,
        "deleted": int(profile.deleted),
        "is_bot": int(profile.is_bot),
        "is_admin": int(profile.is_admin),
        "fetched_at": profile.fetched_at,
        # A user_change event carries no locale: keep the one users.info gave rather than blank it.
        **({"locale": profile.locale} if profile.locale else {}),
    }


def save(
    r: redis.Redis, *, team_id: str, user_id: str, profile: Profile, pipeline: Pipeline | None = None
) -> None:
    """Cache what Slack said about the person for two days (a pipeline batches many people).

    Nothing is cached for someone who ran forget-me while the lookup was in flight.
    """
    tombstones.guarded_hset(
        pipeline if pipeline is not None else r,
        team_id=team_id,
        user_id=user_id,
        key=keys.profile(team_id, user_id),
        mapping=_fields(profile),
        ttl_seconds=PROFILE_TTL_SECONDS,
    )


def save_if_opted_in(r: redis.Redis, *, team_id: str, user_id: str, profile: Profile) -> bool:
    """Cache the profile only if the person's breaks are on (one SISMEMBER in the same step as the write).

    Slack sends a user_change for every member of the workspace; glutes keeps nothing of the others.
    """
    return tombstones.guarded_hset(
        r,
        team_id=team_id,
        user_id=user_id,
        key=keys.profile(team_id, user_id),
        mapping=_fields(profile),
        ttl_seconds=PROFILE_TTL_SECONDS,
        only_if_member_of=keys.opted_in(team_id),
    )


def get(r: redis.Redis, *, team_id: str, user_id: str) -> Profile | None:
    """The cached profile, with the language the person chose (one round trip for both)."""
    pipe = r.pipeline(transaction=False)
    pipe.hgetall(keys.profile(team_id, user_id))
    pipe.get(keys.language(team_id, user_id))
    data, language = pipe.execute()
    return _profile(data, language)


def get_many(r: redis.Redis, *, team_id: str, user_ids: list[str]) -> dict[str, Profile]:
    """The cached profiles of those of user_ids that have one, each with the person's chosen language, in
    one pipelined round trip."""
    pipe = r.pipeline(transaction=False)
    for user_id in user_ids:
        pipe.hgetall(keys.profile(team_id, user_id))
        pipe.get(keys.language(team_id, user_id))
    replies = pipe.execute()
    found = {u: _profile(replies[2 * i], replies[2 * i + 1]) for i, u in enumerate(user_ids)}
    return {u: profile for u, profile in found.items() if profile is not None}


def from_stored(data: dict[str, str], language: str | None) -> Profile | None:
    """The profile a stored hash (HGETALL of keys.profile) and chosen language (GET of keys.language)
    describe; None when no profile is cached."""
    return _profile(data, language)


def _profile(data: dict[str, str], language: str | None) -> Profile | None:
    if not data:
        return None
    return Profile(
        tz=data.get("tz") or "UTC",
        status_text=data.get("status_text", ""),
        status_emoji=data.get("status_emoji", ""),
        status_expiration=epoch_seconds(data.get("status_expiration")),
        deleted=data.get("deleted") == "1",
        is_bot=data.get("is_bot") == "1",
        is_admin=data.get("is_admin") == "1",
        fetched_at=int(data.get("fetched_at") or 0),
        locale=data.get("locale") or "",
        language=language or "",
    )


def get_language(r: redis.Redis, *, team_id: str, user_id: str) -> str:
    """The language the person chose in glutes, or "" for their Slack language."""
    return r.get(keys.language(team_id, user_id)) or ""


def set_language(r: redis.Redis, *, team_id: str, user_id: str, code: str | None) -> None:
    """Keep the person's language choice (no expiry: it outlives the two-day profile cache, and forget-me
    deletes it); None forgets it. Only the person's own command or click writes it."""
    key = keys.language(team_id, user_id)
    if code is None:
        r.delete(key)
    else:
        r.set(key, code)


# Cache DND windows, skipping anyone who ran forget-me meanwhile. KEYS: tombstone, dnd hash, tombstone,
# dnd hash, … ARGV: ttl, then enabled, start, end for each person.
_SAVE_DND = LuaScript("""
for i = 1, #KEYS, 2 do
  if redis.call('EXISTS', KEYS[i]) == 0 then
    local j = 2 + (i - 1) / 2 * 3
    redis.call('HSET', KEYS[i + 1], 'enabled', ARGV[j], 'start', ARGV[j + 1], 'end', ARGV[j + 2])
    redis.call('EXPIRE', KEYS[i + 1], ARGV[1])
  end
end
return 1
""")


def save_dnd(r: redis.Redis, *, team_id: str, windows: dict[str, tuple[bool, int, int]]) -> None:
    """Cache DND windows briefly: user id -> (enabled, next start ts, next end ts)."""
    if not windows:
        return
    script_keys: list[str] = []
    args: list[int] = [DND_TTL_SECONDS]
    for user_id, (enabled, start, end) in windows.items():
        script_keys += [keys.forgotten(team_id, user_id), keys.dnd(team_id, user_id)]
        args += [int(enabled), start, end]
    _SAVE_DND(r, keys=script_keys, args=args)


def get_dnd(r: redis.Redis, *, team_id: str, user_ids: list[str]) -> dict[str, tuple[bool, int, int]]:
    """Cached DND windows for those of user_ids that have one cached."""
    pipe = r.pipeline(transaction=False)
    for user_id in user_ids:
        pipe.hgetall(keys.dnd(team_id, user_id))
    found: dict[str, tuple[bool, int, int]] = {}
    for user_id, data in zip(user_ids, pipe.execute(), strict=True):
        if data:
            found[user_id] = (
                data.get("enabled") == "1",
                epoch_seconds(data.get("start")),
                epoch_seconds(data.get("end")),
            )
    return found


def save_huddle_if_opted_in(
    r: redis.Redis, *, team_id: str, user_id: str, now_s: int, expires_s: int = 0
) -> bool:
    """Keep "in a huddle" for a person whose breaks are on (anyone else's is dropped unread), for at most
    HUDDLE_TTL_SECONDS or until `expires_s` (Slack's huddle_state_expiration_ts), whichever is sooner."""
    ttl = HUDDLE_TTL_SECONDS
    if expires_s > now_s:
        ttl = min(ttl, expires_s - now_s)
    return tombstones.guarded_hset(
        r,
        team_id=team_id,
        user_id=user_id,
        key=keys.huddle(team_id, user_id),
        mapping={"since": now_s, "expires": expires_s if expires_s > now_s else 0},
        ttl_seconds=ttl,
        only_if_member_of=keys.opted_in(team_id),
    )


def end_huddle(r: redis.Redis, *, team_id: str, user_id: str) -> bool:
    """The person left the huddle: forget it. True when one was kept."""
    return bool(r.delete(keys.huddle(team_id, user_id)))


def get_huddles(r: redis.Redis, *, team_id: str, user_ids: list[str]) -> dict[str, int]:
    """Those of user_ids in a huddle -> when Slack says the state lapses (epoch s, 0 = not said). One
    pipelined round trip."""
    pipe = r.pipeline(transaction=False)
    for user_id in user_ids:
        pipe.hget(keys.huddle(team_id, user_id), "expires")
    return {
        user_id: epoch_seconds(expires)
        for user_id, expires in zip(user_ids, pipe.execute(), strict=True)
        if expires is not None
    }
