"""The benchmark's workspaces and people, written by the app's own stores (or the same keys, pipelined)."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator

import redis
from slack_sdk.oauth.installation_store import Bot

from slackapp.store import keys, people, profiles
from slackapp.store.installations import RedisInstallationStore

SIGNING_SECRET = "bench-signing-secret"
CLIENT_ID = "1.2"
CLIENT_SECRET = "bench-client-secret"


def team_ids(count: int) -> list[str]:
    return [f"T{index:02d}" for index in range(1, count + 1)]


def user_id(team_index: int, index: int) -> str:
    """Unique across workspaces, so a DM's channel names its person."""
    return f"U{team_index:02d}{index:06d}"


def token_of(team_id: str) -> str:
    """The stand-in reads the workspace out of tokens shaped xoxb-<team>-<n>."""
    return f"xoxb-{team_id}-1"


def app_env(redis_url: str, api_url: str, ca_file: str | None = None, **extra: str) -> dict[str, str]:
    """The environment of a real app process: distribution mode, one installation per workspace; with
    `ca_file`, the TLS stand-in's CA is the one trusted for Slack's HTTPS."""
    env = {
        "PATH": os.environ.get("PATH", ""),
        "LANG": "C.UTF-8",
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_CLIENT_ID": CLIENT_ID,
        "SLACK_CLIENT_SECRET": CLIENT_SECRET,
        "SLACK_API_URL": api_url,
        "REDIS_URL": redis_url,
        "GLUTES_WORK_HOURS": "00:00-24:00",
        "GLUTES_WORK_DAYS": "mon-sun",
        "GLUTES_LOG_FORMAT": "json",
    }
    if ca_file:
        env["GLUTES_SLACK_CA_FILE"] = ca_file
    env.update(extra)
    return env


def install(r: redis.Redis, teams: list[str]) -> None:
    """One bot installation per workspace, as the OAuth flow stores it."""
    store = RedisInstallationStore(r)
    for team in teams:
        store.save_bot(
            Bot(
                team_id=team,
                bot_token=token_of(team),
                bot_id=f"B{team}",
                bot_user_id=f"UBOT{team}",
                installed_at=time.time(),
            )
        )


def people_of(teams: list[str], per_team: int) -> Iterator[tuple[str, str]]:
    for team_index, team in enumerate(teams, start=1):
        for index in range(per_team):
            yield team, user_id(team_index, index)


def midday_tz() -> str:
    """A time zone where it is about noon now. Inside work hours 00:00-24:00 a break is still held until one
    interval after local midnight (the first break of a day), so people live where that is hours away."""
    hour = time.gmtime().tm_hour
    offset = 12 - hour  # -11 ... +12 hours from UTC
    return "UTC" if offset == 0 else f"Etc/GMT{-offset:+d}"  # the Etc zones' signs are inverted


def opt_in_everyone(r: redis.Redis, everyone: list[tuple[str, str]], next_due_ms: int) -> None:
    """people.opt_in for each person (one transaction each, as the app does) and a fresh cached profile,
    so no users.info storm: what a workspace looks like once people have used the app for a day."""
    now = int(time.time())
    profile = profiles.Profile(midday_tz(), "", "", 0, False, False, False, now)
    pipe = r.pipeline(transaction=False)
    for count, (team, user) in enumerate(everyone, start=1):
        people.opt_in(r, team_id=team, user_id=user, next_due_ms=next_due_ms)
        profiles.save(pipe, team_id=team, user_id=user, profile=profile)  # type: ignore[arg-type]
        if count % 2000 == 0:
            pipe.execute()
    pipe.execute()


def move_due(r: redis.Redis, everyone: list[tuple[str, str]], due_ms: int) -> None:
    """Make everyone's next break due at due_ms: the hash field and the due index, as reschedule does."""
    pipe = r.pipeline(transaction=False)
    for count, (team, user) in enumerate(everyone, start=1):
        pipe.hset(keys.user(team, user), "next_due", due_ms)
        pipe.zadd(keys.due(team), {user: due_ms})
        if count % 5000 == 0:
            pipe.execute()
    pipe.execute()


def store_opted_in(r: redis.Redis, everyone: list[tuple[str, str]], due_ms: list[int]) -> None:
    """The keys people.opt_in writes, pipelined (for 100,000 people a round trip each is too slow)."""
    pipe = r.pipeline(transaction=False)
    for count, ((team, user), due) in enumerate(zip(everyone, due_ms, strict=True), start=1):
        pipe.hset(keys.user(team, user), mapping={"opted_in": "1", "next_due": due})
        pipe.sadd(keys.opted_in(team), user)
        pipe.zadd(keys.due(team), {user: due})
        pipe.sadd(keys.TEAMS, team)
        if count % 5000 == 0:
            pipe.execute()
    pipe.execute()
