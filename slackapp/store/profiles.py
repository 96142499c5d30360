"""Cached facts about people from Slack (users.info, user_change) and their DND windows (dnd.teamInfo).

Each of the three (profile, huddle state, DND window) keeps the time of what it says, in epoch microseconds
(`as_of` / `at`), and every write compares it in the same step: a write older than what is stored is
ignored (Written.STALE). Events can be applied out of order (Bolt's listener pool, redeliveries, two web
processes), so the newest word Slack gave must win, not the last one applied. An event's time is when Slack
says it happened (domain.timestamps.event_time_us); a lookup's is when glutes asked, since a users.info or
dnd.teamInfo answer is at least as new as anything that happened before the question.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

import redis
from redis.client import Pipeline

from slackapp.domain.timestamps import epoch_seconds
from slackapp.store import keys
from slackapp.store.scripts import LuaScript

DND_TTL_SECONDS = 300
# A huddle state is kept at most this long (or until Slack's own expiry, if sooner): a lost "huddle ended"
# event then holds cards for a few hours at worst, and nothing about a huddle outlives the afternoon.
HUDDLE_TTL_SECONDS = 3 * 3600
# Twice the age at which slack.lookups asks users.info again: an older copy is never used, so keep none.
PROFILE_TTL_SECONDS = 2 * 24 * 3600
# The Slack locale looked up at a person's first contact (no profile cached) is kept this long: a first
# look around (help, status, the self-test, a button) costs one users.info, and nothing lasting is kept
# about someone who never turns breaks on.
SLACK_LOCALE_TTL_SECONDS = 3600


class Written(enum.Enum):
    """What a compare-and-set write did."""

    APPLIED = 1
    DROPPED = 0  # not kept: the person ran forget-me, or their breaks are off
    STALE = 2  # older than what is stored (or too old to keep): ignored


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


# Write the profile hash unless the person was forgotten (KEYS[1] exists), or, when KEYS[3] names a set,
# is not in it, or the hash already says something newer. KEYS: tombstone, profile hash, set or "".
# ARGV: ttl seconds, user id, as_of (epoch µs), field, value, … Returns a Written value.
_SAVE_PROFILE = LuaScript("""
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
if KEYS[3] ~= '' and redis.call('SISMEMBER', KEYS[3], ARGV[2]) == 0 then return 0 end
local stored = tonumber(redis.call('HGET', KEYS[2], 'as_of') or '0') or 0
if tonumber(ARGV[3]) < stored then return 2 end
redis.call('HSET', KEYS[2], 'as_of', ARGV[3], unpack(ARGV, 4))
redis.call('EXPIRE', KEYS[2], ARGV[1])
return 1
""")


def save(
    r: redis.Redis,
    *,
    team_id: str,
    user_id: str,
    profile: Profile,
    as_of_us: int | None = None,
    pipeline: Pipeline | None = None,
) -> Written | None:
    """Cache what Slack said about the person for two days (a pipeline batches many people; then the
    answer comes with its results and None is returned).

    `as_of_us`: when what the profile says was true (epoch µs; for a users.info answer, when it was asked);
    by default its fetched_at. Ignored (STALE) when the cache holds something newer. Nothing is cached for
    someone who ran forget-me while the lookup was in flight.
    """
    return _save_profile(
        pipeline if pipeline is not None else r, team_id, user_id, profile, as_of_us, only_if_member_of=""
    )


def save_if_opted_in(
    r: redis.Redis, *, team_id: str, user_id: str, profile: Profile, as_of_us: int
) -> Written:
    """Cache the profile from an event that happened at `as_of_us` (epoch µs), only if the person's breaks
    are on (one SISMEMBER in the same step as the write) and nothing newer is cached.

    Slack sends a user_change for every member of the workspace; glutes keeps nothing of the others.
    """
    written = _save_profile(r, team_id, user_id, profile, as_of_us, only_if_member_of=keys.opted_in(team_id))
    assert written is not None
    return written


def _save_profile(
    r: redis.Redis | Pipeline,
    team_id: str,
    user_id: str,
    profile: Profile,
    as_of_us: int | None,
    *,
    only_if_member_of: str,
) -> Written | None:
    as_of = profile.fetched_at * 1_000_000 if as_of_us is None else as_of_us
    pairs = [item for field, value in _fields(profile).items() for item in (field, value)]
    answer = _SAVE_PROFILE(
        r,  # type: ignore[arg-type]
        keys=[keys.forgotten(team_id, user_id), keys.profile(team_id, user_id), only_if_member_of],
        args=[PROFILE_TTL_SECONDS, user_id, as_of, *pairs],
    )
    return None if isinstance(r, Pipeline) else Written(answer)


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


@dataclass(frozen=True)
class LanguageFacts:
    """What glutes knows of the language to speak to a person."""

    chosen: str  # their choice in glutes (`/glutes language`, Home); "" = none
    profile_locale: str | None  # the cached profile's Slack locale; None = no profile cached
    # The first-contact lookup's Slack locale (save_slack_locale); "" = asked, and Slack gave none (someone
    # users.info does not know, such as a guest from another organisation); None = not asked.
    slack_locale: str | None

    @property
    def preferred(self) -> str:
        """Their choice, else Slack's locale from the profile, else from the first contact ("" = unknown)."""
        return self.chosen or self.profile_locale or self.slack_locale or ""

    @property
    def unknown(self) -> bool:
        """Nothing to go by and nothing asked: no choice, no cached profile, no first-contact answer."""
        return not self.chosen and self.profile_locale is None and self.slack_locale is None


def language_facts(r: redis.Redis, *, team_id: str, user_id: str) -> LanguageFacts:
    """The person's chosen language, cached profile locale and first-contact locale, in one round trip."""
    pipe = r.pipeline(transaction=False)
    pipe.get(keys.language(team_id, user_id))
    pipe.hmget(keys.profile(team_id, user_id), "locale", "fetched_at")
    pipe.get(keys.slack_locale(team_id, user_id))
    chosen, (locale, fetched_at), slack_locale = pipe.execute()
    profile_locale = None if locale is None and fetched_at is None else locale or ""
    return LanguageFacts(chosen or "", profile_locale, slack_locale)


# Keep a first-contact Slack locale unless the person ran forget-me at or after the moment it was asked (a
# lookup in flight then writes nothing; one asked later, for their next command, may). A tombstone that
# holds no moment (older versions wrote "1") stops it too. KEYS: tombstone, slack-locale key. ARGV: asked
# (epoch ms), locale, ttl seconds. Returns 1 when written.
_SAVE_SLACK_LOCALE = LuaScript("""
local forgotten = redis.call('GET', KEYS[1])
local forgotten_at = tonumber(forgotten or '')
if forgotten and not (forgotten_at and forgotten_at > 1e12 and forgotten_at < tonumber(ARGV[1])) then
  return 0
end
redis.call('SET', KEYS[2], ARGV[2], 'EX', ARGV[3])
return 1
""")


def save_slack_locale(r: redis.Redis, *, team_id: str, user_id: str, locale: str, asked_ms: int) -> bool:
    """Keep the Slack locale users.info gave (asked at `asked_ms`, epoch ms) for SLACK_LOCALE_TTL_SECONDS,
    and nothing else of the answer ("" when it gave none: not asked again meanwhile); False when not kept
    (forgotten meanwhile)."""
    written = _SAVE_SLACK_LOCALE(
        r,
        keys=[keys.forgotten(team_id, user_id), keys.slack_locale(team_id, user_id)],
        args=[asked_ms, locale, SLACK_LOCALE_TTL_SECONDS],
    )
    return bool(written)


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


# Cache DND windows, skipping anyone who ran forget-me meanwhile and any window older than the one cached.
# KEYS: tombstone, dnd hash, tombstone, dnd hash, … ARGV: at (epoch µs) and ttl, then enabled, start, end
# for each person. Returns a Written value for each person, in order.
_SAVE_DND = LuaScript("""
local written = {}
for i = 1, #KEYS, 2 do
  local j = 3 + (i - 1) / 2 * 3
  local answer = 0
  if redis.call('EXISTS', KEYS[i]) == 0 then
    answer = 2
    local stored = tonumber(redis.call('HGET', KEYS[i + 1], 'at') or '0') or 0
    if tonumber(ARGV[1]) >= stored then
      local window = {'enabled', ARGV[j], 'start', ARGV[j + 1], 'end', ARGV[j + 2], 'at', ARGV[1]}
      redis.call('HSET', KEYS[i + 1], unpack(window))
      redis.call('EXPIRE', KEYS[i + 1], ARGV[2])
      answer = 1
    end
  end
  written[#written + 1] = answer
end
return written
""")


def save_dnd(
    r: redis.Redis, *, team_id: str, windows: dict[str, tuple[bool, int, int]], at_us: int, now_s: int
) -> dict[str, Written]:
    """Cache DND windows briefly: user id -> (enabled, next start ts, next end ts), as Slack said them at
    `at_us` (epoch µs: a dnd_updated_user's time, or when dnd.teamInfo was asked). A window is kept
    DND_TTL_SECONDS from then, so one older than that is not kept at all (STALE), nor is one older than
    the window cached."""
    ttl = DND_TTL_SECONDS - max(0, now_s - at_us // 1_000_000)
    if not windows:
        return {}
    if ttl <= 0:
        return dict.fromkeys(windows, Written.STALE)
    script_keys: list[str] = []
    args: list[int] = [at_us, ttl]
    for user_id, (enabled, start, end) in windows.items():
        script_keys += [keys.forgotten(team_id, user_id), keys.dnd(team_id, user_id)]
        args += [int(enabled), start, end]
    answers = _SAVE_DND(r, keys=script_keys, args=args)
    return {user_id: Written(answer) for user_id, answer in zip(windows, answers, strict=True)}


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


# Keep a huddle joined or left, as of `at`, for a person whose breaks are on (anyone else's is deleted
# unread), unless the person was forgotten or the hash already says something newer. A left huddle is kept
# too ("in" = 0), so an older "joined" applied after it is known to be older. KEYS: tombstone, huddle hash,
# opted-in set. ARGV: user id, at (epoch µs), in (1/0), expires (epoch s, 0 = not said), ttl seconds.
# Returns a Written value.
_SAVE_HUDDLE = LuaScript("""
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
if redis.call('SISMEMBER', KEYS[3], ARGV[1]) == 0 then
  redis.call('DEL', KEYS[2])
  return 0
end
local stored = tonumber(redis.call('HGET', KEYS[2], 'at') or '0') or 0
if tonumber(ARGV[2]) < stored then return 2 end
redis.call('HSET', KEYS[2], 'at', ARGV[2], 'in', ARGV[3], 'expires', ARGV[4])
redis.call('EXPIRE', KEYS[2], ARGV[5])
return 1
""")


def save_huddle(
    r: redis.Redis,
    *,
    team_id: str,
    user_id: str,
    in_huddle: bool,
    at_us: int,
    now_s: int,
    expires_s: int = 0,
) -> Written:
    """The person joined (`in_huddle`) or left a huddle at `at_us` (epoch µs, when Slack says so). Kept
    only for a person whose breaks are on, and at most HUDDLE_TTL_SECONDS from `at_us` or until
    `expires_s` (Slack's huddle_state_expiration_ts), whichever is sooner. Older than what is stored, or
    than HUDDLE_TTL_SECONDS, it is ignored (STALE): it can neither hold a card nor undo a newer change."""
    at_s = at_us // 1_000_000
    ttl = HUDDLE_TTL_SECONDS - max(0, now_s - at_s)
    expires = expires_s if in_huddle and expires_s > now_s else 0
    if expires:
        ttl = min(ttl, expires - now_s)
    if ttl <= 0:
        return Written.STALE
    answer = _SAVE_HUDDLE(
        r,
        keys=[keys.forgotten(team_id, user_id), keys.huddle(team_id, user_id), keys.opted_in(team_id)],
        args=[user_id, at_us, int(in_huddle), expires, min(ttl, HUDDLE_TTL_SECONDS)],
    )
    return Written(answer)


def get_huddles(r: redis.Redis, *, team_id: str, user_ids: list[str]) -> dict[str, int]:
    """Those of user_ids in a huddle -> when Slack says the state lapses (epoch s, 0 = not said). One
    pipelined round trip. A record without "in" predates the left-huddle records: it means "in"."""
    pipe = r.pipeline(transaction=False)
    for user_id in user_ids:
        pipe.hmget(keys.huddle(team_id, user_id), "in", "expires")
    return {
        user_id: epoch_seconds(expires)
        for user_id, (in_huddle, expires) in zip(user_ids, pipe.execute(), strict=True)
        if expires is not None and in_huddle != "0"
    }
