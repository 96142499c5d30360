"""The App Home: what it shows one person, publishing it, and asking for it to be redone after a change."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import redis
from slack_sdk import WebClient

from slackapp.config import Settings
from slackapp.deps import DEFAULT_QUEUE, JOB_FAILURE_TTL, Deps
from slackapp.domain import insights as insight_rules
from slackapp.domain import rhythm, schedule, timespec
from slackapp.flows import admin, breaks, insights, language, moves, scheduling, workspace_moves
from slackapp.flows import boards as board_flows
from slackapp.flows.results import AdminSummary, HomeData
from slackapp.flows.selftest import last_result
from slackapp.slack import messages
from slackapp.store import boards, challenges, home_tab, people, stats

WEEKDAY_LABELS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def home_data(
    r: redis.Redis, settings: Settings, *, team_id: str, user_id: str, now: datetime, admin: bool
) -> HomeData:
    """The person's Home tab numbers; the admin section only when `admin`."""
    view = breaks.overview(r, settings, team_id=team_id, user_id=user_id, now=now)
    tz, hours = view.rhythm.tz, view.rhythm.hours
    today = schedule.local_date(now, tz)
    done = stats.done_by_day(r, team_id=team_id, user_id=user_id)
    last7 = tuple(
        (WEEKDAY_LABELS[day.weekday()], done.get(day, 0))
        for day in (today - timedelta(days=n) for n in range(6, -1, -1))
    )
    week_done, week_rank = board_flows.week_standing(r, settings, team_id=team_id, user_id=user_id, now=now)
    return HomeData(
        opted_in=view.opted_in,
        next_break_label=schedule.local_time_label(view.next_break, tz, now) if view.next_break else None,
        snoozed_until_label=schedule.local_time_label(view.snoozed_until, tz, now)
        if view.snoozed_until
        else None,
        hours_label=timespec.format_hours(hours.start_minute, hours.end_minute),
        days_label=timespec.format_days(hours.days),
        interval_label=rhythm.format_marks(view.rhythm.marks)
        if view.rhythm.marks
        else timespec.format_duration(view.rhythm.interval),
        marks=view.rhythm.marks,
        tz=tz,
        today_done=view.today_done,
        week_done=week_done,
        week_rank=week_rank,
        streak=view.streak,
        best_streak=view.best_streak,
        last7=last7,
        last_selftest=last_result(r, team_id=team_id, user_id=user_id, now=now),
        admin=admin_summary(r, settings, team_id=team_id, now=now) if admin else None,
        paused=view.paused,
        level=view.level,
        moves=moves.moves_of(r, team_id=team_id, user_id=user_id),
        on_boards=board_flows.on_boards(r, team_id=team_id, user_id=user_id),
        language=language.chosen(r, team_id=team_id, user_id=user_id),
        now=now,
        next_break=view.next_break,
        snoozed_until=view.snoozed_until,
        start_minute=hours.start_minute,
        end_minute=hours.end_minute,
        days=frozenset(hours.days),
        interval=view.rhythm.interval,
    )


def admin_summary(r: redis.Redis, settings: Settings, *, team_id: str, now: datetime) -> AdminSummary:
    week_key = board_flows.period_key(r, settings, team_id=team_id, period="week", now=now)
    running = tuple(
        f"<#{c.channel_id}>: {c.title} (ends {c.ends_on:%b} {c.ends_on.day})"
        for c in challenges.running(r, team_id=team_id)
    )
    week = boards.scores(r, team_id=team_id, period_key=week_key)
    took_a_break = sum(1 for _, done in week if done > 0)
    return AdminSummary(
        running=tuple((c.channel_id, c.title, c.ends_on) for c in challenges.running(r, team_id=team_id)),
        opted_in=insight_rules.shown(people.opted_in_count(r, team_id=team_id)),
        breaks_this_week=sum(done for _, done in week) if insight_rules.shown(took_a_break) else None,
        running_challenges=running,
        own_moves=workspace_moves.for_admins(r, team_id=team_id),
    )


def publish_home(deps: Deps, client: WebClient, *, team_id: str, user_id: str) -> None:
    """Build and publish the person's Home tab (views.publish)."""
    now = deps.clock()
    is_admin = admin.is_admin(deps.redis, client, deps.settings, team_id=team_id, user_id=user_id, now=now)
    data = home_data(deps.redis, deps.settings, team_id=team_id, user_id=user_id, now=now, admin=is_admin)
    locale = language.person_locale(deps.redis, team_id=team_id, user_id=user_id)
    picture, picture_file = insights.home_picture(deps, client, team_id=team_id, user_id=user_id)
    data = replace(data, picture=picture, picture_file=picture_file)
    if is_admin:
        pulse = insights.pulse(deps, client, team_id=team_id, now=now)
        pulse_file = insights.pulse_chart(deps, client, team_id=team_id, found=pulse, locale=locale)
        data = replace(data, pulse=pulse, pulse_file=pulse_file)
    messages.publish_home(client, user_id=user_id, data=data, locale=locale)


def request_home_refresh(deps: Deps, *, team_id: str, user_id: str, uses_home: bool | None = None) -> None:
    """Republish the person's Home tab in the background, if they use it (`uses_home` when the caller
    already read it, else looked up here).

    The job carries a batch id, not the person (see store.batches), and a failure is kept a day at most.
    """
    if uses_home is None:
        uses_home = has_seen(deps.redis, team_id=team_id, user_id=user_id)
    if uses_home:
        [(_, batch)] = scheduling.hand_over(deps.redis, [(team_id, [user_id])])
        deps.queue(DEFAULT_QUEUE).enqueue(
            "workers.jobs.refresh_home", team_id, batch, result_ttl=0, failure_ttl=JOB_FAILURE_TTL
        )


def refresh_batch(deps: Deps, client: WebClient | None, *, team_id: str, batch: str | list[str]) -> None:
    """The refresh job's work: republish the Home of each person in the batch who still uses it."""
    if client is None:
        return
    for user_id in scheduling.batch_members(deps.redis, team_id=team_id, batch=batch):
        if has_seen(deps.redis, team_id=team_id, user_id=user_id):  # forget-me takes them out of it
            publish_home(deps, client, team_id=team_id, user_id=user_id)
    scheduling.batch_done(deps.redis, team_id=team_id, batch=batch)


def mark_seen(r: redis.Redis, *, team_id: str, user_id: str) -> None:
    """Remember that this person uses the Home tab, so changes republish it."""
    home_tab.mark_seen(r, team_id=team_id, user_id=user_id)


def has_seen(r: redis.Redis, *, team_id: str, user_id: str) -> bool:
    return home_tab.has_seen(r, team_id=team_id, user_id=user_id)
