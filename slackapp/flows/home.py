"""What the App Home shows one person, gathered from the stores (no Slack here)."""

from __future__ import annotations

from datetime import datetime, timedelta

import redis

from slackapp.config import Settings
from slackapp.domain import schedule, timespec
from slackapp.flows import boards as board_flows
from slackapp.flows import breaks
from slackapp.flows.selftest import last_result
from slackapp.store import boards, challenges, home_tab, people, stats
from slackapp.ui import selftest as selftest_ui
from slackapp.ui.home import AdminSummary, HomeData

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
        opted_in=view.person.opted_in,
        next_break_label=schedule.local_time_label(view.next_break, tz, now) if view.next_break else None,
        snoozed_until_label=schedule.local_time_label(view.snoozed_until, tz, now)
        if view.snoozed_until
        else None,
        hours_label=timespec.format_hours(hours.start_minute, hours.end_minute),
        days_label=timespec.format_days(hours.days),
        interval_label=timespec.format_duration(view.rhythm.interval),
        tz=tz,
        today_done=view.today_done,
        week_done=week_done,
        week_rank=week_rank,
        streak=view.streak,
        best_streak=view.best_streak,
        last7=last7,
        selftest_line=selftest_ui.summary_line(last_result(r, team_id=team_id, user_id=user_id)),
        admin=admin_summary(r, settings, team_id=team_id, now=now) if admin else None,
    )


def admin_summary(r: redis.Redis, settings: Settings, *, team_id: str, now: datetime) -> AdminSummary:
    week_key = board_flows.period_key(r, settings, team_id=team_id, period="week", now=now)
    running = tuple(
        f"<#{c.channel_id}>: {c.title} (ends {c.ends_on:%b} {c.ends_on.day})"
        for c in challenges.running(r, team_id=team_id)
    )
    return AdminSummary(
        opted_in=people.opted_in_count(r, team_id=team_id),
        breaks_this_week=sum(done for _, done in boards.scores(r, team_id=team_id, period_key=week_key)),
        running_challenges=running,
    )


def mark_seen(r: redis.Redis, *, team_id: str, user_id: str) -> None:
    """Remember that this person uses the Home tab, so changes republish it."""
    home_tab.mark_seen(r, team_id=team_id, user_id=user_id)


def has_seen(r: redis.Redis, *, team_id: str, user_id: str) -> bool:
    return home_tab.has_seen(r, team_id=team_id, user_id=user_id)
