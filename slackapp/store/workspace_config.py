"""The workspace's admin settings, over the defaults the environment gives."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta

import redis
from redis.client import Pipeline

from slackapp.config import Settings
from slackapp.store import keys


@dataclass(frozen=True)
class WorkspaceConfig:
    start_minute: int
    end_minute: int
    days: frozenset[int]
    interval: timedelta
    board_channel: str | None = None
    post_weekday: int = 4  # Friday
    post_minute: int = 16 * 60
    tz: str = "UTC"
    app_admins: tuple[str, ...] = ()
    care_text: str = ""
    daily_team_break: bool = False
    language: str = "en"  # channel posts' language (domain.languages code)


def defaults(settings: Settings) -> WorkspaceConfig:
    return WorkspaceConfig(
        start_minute=settings.work_start_minute,
        end_minute=settings.work_end_minute,
        days=settings.work_days,
        interval=settings.break_interval,
    )


def get(r: redis.Redis, settings: Settings, *, team_id: str) -> WorkspaceConfig:
    """The workspace's settings; anything an admin has not set comes from the environment."""
    return from_stored(settings, r.hgetall(keys.settings(team_id)))


def from_stored(settings: Settings, data: dict[str, str]) -> WorkspaceConfig:
    """The config a stored settings hash (HGETALL of keys.settings) describes, over the defaults."""
    config = defaults(settings)
    if not data:
        return config
    return replace(
        config,
        start_minute=int(data.get("start_minute") or config.start_minute),
        end_minute=int(data.get("end_minute") or config.end_minute),
        days=frozenset(int(d) for d in data["days"].split(",")) if data.get("days") else config.days,
        interval=timedelta(seconds=int(data["interval_s"])) if data.get("interval_s") else config.interval,
        board_channel=data.get("board_channel") or None,
        post_weekday=int(data.get("post_weekday") or config.post_weekday),
        post_minute=int(data.get("post_minute") or config.post_minute),
        tz=data.get("tz") or config.tz,
        app_admins=tuple(a for a in (data.get("app_admins") or "").split(",") if a),
        care_text=data.get("care_text") or "",
        daily_team_break=data.get("daily_team_break") == "1",
        language=data.get("language") or config.language,
    )


def save(r: redis.Redis, *, team_id: str, config: WorkspaceConfig, pipeline: Pipeline | None = None) -> None:
    """Store every setting (the whole config, not a patch)."""
    (pipeline if pipeline is not None else r).hset(
        keys.settings(team_id),
        mapping={
            "start_minute": config.start_minute,
            "end_minute": config.end_minute,
            "days": ",".join(str(d) for d in sorted(config.days)),
            "interval_s": int(config.interval.total_seconds()),
            "board_channel": config.board_channel or "",
            "post_weekday": config.post_weekday,
            "post_minute": config.post_minute,
            "tz": config.tz,
            "app_admins": ",".join(config.app_admins),
            "care_text": config.care_text,
            "daily_team_break": int(config.daily_team_break),
            "language": config.language,
        },
    )
