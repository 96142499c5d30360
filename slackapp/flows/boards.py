"""Leaderboards and challenge standings assembled from stored points (no Slack here)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import redis

from slackapp.config import Settings
from slackapp.domain import ranking, schedule, streaks
from slackapp.domain.ranking import Entry, Period, Ranked
from slackapp.domain.text import N_
from slackapp.domain.timestamps import to_ms
from slackapp.store import boards, people, stats, tasks, workspace_config

# Marked for translation; the ui translates them when it shows a board.
PERIOD_LABELS = {"week": N_("this week"), "month": N_("this month"), "all": N_("all time")}


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
    r: redis.Redis,
    settings: Settings,
    *,
    team_id: str,
    points: Iterable[tuple[str, int]],
    now: datetime,
    joiners: bool = False,
) -> list[Ranked]:
    """Rank (user, points) pairs of opted-in people who may be shown, with their current streaks.

    Team boards show only people who said yes to them. With `joiners` (a challenge's own standings, whose
    points only its joiners have), joining was the yes, unless the person said no with `/glutes hide`.
    """
    opted_in = people.opted_in_ids(r, team_id=team_id)
    if joiners:
        hidden = boards.hidden(r, team_id=team_id)
        may_show = {uid for uid, _ in points if uid not in hidden}
    else:
        may_show = boards.shown(r, team_id=team_id)
    visible = [(uid, done) for uid, done in points if uid in opted_in and uid in may_show and done > 0]
    config = workspace_config.get(r, settings, team_id=team_id)
    today = schedule.local_date(now, config.tz)
    # One pipelined round trip for the whole board's streaks, not two per person.
    inputs = stats.streak_inputs(r, team_id=team_id, user_ids=[uid for uid, _ in visible])
    entries = []
    for user_id, done in visible:
        found = inputs[user_id]
        work_days = found.own_days or config.days
        streak = streaks.current_streak(found.done_days, today, work_days, found.sent_days)
        entries.append(Entry(user_id, done, streak))
    return ranking.rank(entries)


def leaderboard(r: redis.Redis, settings: Settings, *, team_id: str, period: Period, now: datetime) -> Board:
    key = period_key(r, settings, team_id=team_id, period=period, now=now)
    points = boards.scores(r, team_id=team_id, period_key=key)
    rows = rank_people(r, settings, team_id=team_id, points=points, now=now)
    return Board(period, PERIOD_LABELS[period], rows, key)


def week_standing(
    r: redis.Redis, settings: Settings, *, team_id: str, user_id: str, now: datetime
) -> tuple[int, int | None]:
    """(breaks this week, rank on this week's team board or None when unranked or not shown on it).

    Ranks are decided by the count alone, so this needs only the sorted set, not everyone's streak.
    """
    key = period_key(r, settings, team_id=team_id, period="week", now=now)
    done = boards.score_of(r, team_id=team_id, period_key=key, user_id=user_id)
    shown = boards.shown(r, team_id=team_id)
    opted_in = people.opted_in_ids(r, team_id=team_id)
    if done <= 0 or user_id not in shown or user_id not in opted_in:
        return done, None
    above = boards.ahead_of(r, team_id=team_id, period_key=key, done=done)
    return done, 1 + sum(1 for uid in above if uid in opted_in and uid in shown)


def schedule_weekly_post(
    r: redis.Redis, settings: Settings, *, team_id: str, now: datetime
) -> datetime | None:
    """(Re)schedule the weekly board post from the workspace's settings; none without a board channel."""
    config = workspace_config.get(r, settings, team_id=team_id)
    if not config.board_channel:
        tasks.cancel(r, team_id=team_id, task=tasks.WEEKLY_BOARD)
        return None
    when = ranking.next_weekly_post(now, config.tz, config.post_weekday, config.post_minute)
    tasks.schedule(r, team_id=team_id, task=tasks.WEEKLY_BOARD, due_ms=to_ms(when))
    return when


def hide(r: redis.Redis, *, team_id: str, user_id: str) -> None:
    """The person says no to team boards; their breaks still count for them."""
    boards.hide(r, team_id=team_id, user_id=user_id)


def unhide(r: redis.Redis, *, team_id: str, user_id: str) -> None:
    """The person says yes to team boards (`/glutes unhide`, or "Show me on team boards")."""
    boards.show(r, team_id=team_id, user_id=user_id)


def choose(r: redis.Redis, *, team_id: str, user_id: str, show: bool) -> None:
    """The "Show me on team boards" choice from the welcome DM, the notice or the Home tab."""
    (boards.show if show else boards.hide)(r, team_id=team_id, user_id=user_id)


def on_boards(r: redis.Redis, *, team_id: str, user_id: str) -> bool:
    """Whether the person said yes to team boards."""
    return boards.is_shown(r, team_id=team_id, user_id=user_id)
