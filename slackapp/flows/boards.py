"""Leaderboards and challenge standings assembled from stored points (no Slack here)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import redis

from slackapp.config import Settings
from slackapp.domain import ranking, schedule, streaks
from slackapp.domain.ranking import Entry, Period, Ranked
from slackapp.store import boards, keys, people, stats, tasks, workspace_config

PERIOD_LABELS = {"week": "this week", "month": "this month", "all": "all time"}


@dataclass(frozen=True)
class Board:
    period: Period
    label: str
    rows: list[Ranked]  # everyone ranked
    key: str


def period_key(r: redis.Redis, settings: Settings, *, team_id: str, period: Period, now: datetime) -> str:
    config = workspace_config.get(r, settings, team_id=team_id)
    week, month, all_time = boards.period_keys(schedule.local_date(now, config.tz))
    return {"week": week, "month": month, "all": all_time}[period]


def rank_people(
    r: redis.Redis, settings: Settings, *, team_id: str, points: Iterable[tuple[str, int]], now: datetime
) -> list[Ranked]:
    """Rank (user, points) pairs of people who are opted in and not hiding, with their current streaks."""
    hidden = boards.hidden(r, team_id=team_id)
    opted_in = r.smembers(keys.opted_in(team_id))
    visible = [(uid, done) for uid, done in points if uid in opted_in and uid not in hidden and done > 0]
    config = workspace_config.get(r, settings, team_id=team_id)
    today = schedule.local_date(now, config.tz)
    entries = []
    for user_id, done in visible:
        person = people.get(r, team_id=team_id, user_id=user_id)
        days = stats.done_by_day(r, team_id=team_id, user_id=user_id)
        entries.append(Entry(user_id, done, streaks.current_streak(days, today, person.days or config.days)))
    return ranking.rank(entries)


def leaderboard(r: redis.Redis, settings: Settings, *, team_id: str, period: Period, now: datetime) -> Board:
    key = period_key(r, settings, team_id=team_id, period=period, now=now)
    points = boards.scores(r, team_id=team_id, period_key=key)
    rows = rank_people(r, settings, team_id=team_id, points=points, now=now)
    return Board(period, PERIOD_LABELS[period], rows, key)


def week_standing(
    r: redis.Redis, settings: Settings, *, team_id: str, user_id: str, now: datetime
) -> tuple[int, int | None]:
    """(breaks this week, rank on this week's board or None when unranked or hidden)."""
    board = leaderboard(r, settings, team_id=team_id, period="week", now=now)
    done = boards.score_of(r, team_id=team_id, period_key=board.key, user_id=user_id)
    rank = next((row.rank for row in board.rows if row.user_id == user_id), None)
    return done, rank


def schedule_weekly_post(
    r: redis.Redis, settings: Settings, *, team_id: str, now: datetime
) -> datetime | None:
    """(Re)schedule the weekly board post from the workspace's settings; none without a board channel."""
    config = workspace_config.get(r, settings, team_id=team_id)
    if not config.board_channel:
        tasks.cancel(r, team_id=team_id, task=tasks.WEEKLY_BOARD)
        return None
    when = ranking.next_weekly_post(now, config.tz, config.post_weekday, config.post_minute)
    tasks.schedule(r, team_id=team_id, task=tasks.WEEKLY_BOARD, due_ms=int(when.timestamp() * 1000))
    return when
