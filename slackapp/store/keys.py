"""Every Redis key the app uses, spelled only here. All keys carry the workspace (team) id.

The exceptions belong to no workspace: TEAMS (the registry of workspaces the scheduler walks), OAuth
states issued before a workspace is known, the published total of people scheduled, and the web edge's
abuse counters (keyed by client address).
"""

from __future__ import annotations

import re

PREFIX = "glutes"

# Registry of workspaces with people opted in (the scheduler walks it each tick).
TEAMS = f"{PREFIX}:teams"


def glob_literal(text: str) -> str:
    """`text` with SCAN/KEYS pattern characters escaped, so an id is matched as itself, never as a pattern."""
    return re.sub(r"([*?\[\]\\])", r"\\\1", text)


def team(team_id: str) -> str:
    return f"{PREFIX}:{team_id}"


def user(team_id: str, user_id: str) -> str:
    """Hash: opt-in state, personal hours/days/interval, next due break."""
    return f"{team(team_id)}:user:{user_id}"


def opted_in(team_id: str) -> str:
    """Set of user ids currently opted in."""
    return f"{team(team_id)}:opted-in"


def due(team_id: str) -> str:
    """Sorted set: user id -> next due time (epoch ms). Claimed atomically by schedulers."""
    return f"{team(team_id)}:due"


def profile(team_id: str, user_id: str) -> str:
    """Hash: cached users.info facts (tz, status, deleted) with when they were fetched."""
    return f"{team(team_id)}:profile:{user_id}"


def dnd(team_id: str, user_id: str) -> str:
    """Hash with a short TTL: cached dnd.teamInfo answer for one person."""
    return f"{team(team_id)}:dnd:{user_id}"


def huddle(team_id: str, user_id: str) -> str:
    """Hash with a short TTL: the person is in a Slack huddle (and when Slack says that state lapses).
    Kept only for people whose breaks are on."""
    return f"{team(team_id)}:huddle:{user_id}"


def card(team_id: str, user_id: str, break_id: str) -> str:
    """Hash: one sent break card (exercise, channel, ts, outcome). Outcome is set once."""
    return f"{team(team_id)}:card:{user_id}:{break_id}"


def sending(team_id: str, user_id: str, break_id: str) -> str:
    """Short lock while one worker sends one break, so a re-claimed break is not sent twice."""
    return f"{team(team_id)}:sending:{user_id}:{break_id}"


def done_days(team_id: str, user_id: str) -> str:
    """Hash: local date (YYYY-MM-DD) -> breaks done that day."""
    return f"{team(team_id)}:done-days:{user_id}"


def skipped_days(team_id: str, user_id: str) -> str:
    """Hash: local date (YYYY-MM-DD) -> breaks skipped that day."""
    return f"{team(team_id)}:skipped-days:{user_id}"


def sent_days(team_id: str, user_id: str) -> str:
    """Hash: local date (YYYY-MM-DD) -> break cards sent that day (days without cards keep streaks)."""
    return f"{team(team_id)}:sent-days:{user_id}"


def days(team_id: str, user_id: str) -> str:
    """String: the person's history, a character per local date (see store.stats): 0 nothing, 1 a card sent,
    n + 1 a card sent and n breaks done. Replaces `sent_days` and `done_days`, which are still read."""
    return f"{team(team_id)}:days:{user_id}"


def skips(team_id: str, user_id: str) -> str:
    """String: breaks skipped per local date, a character per date (see store.stats). Replaces
    `skipped_days`, which is still read."""
    return f"{team(team_id)}:skips:{user_id}"


def send_bucket(team_id: str) -> str:
    """Token bucket pacing chat.postMessage for the workspace, shared by all workers."""
    return f"{team(team_id)}:send-bucket"


def paused(team_id: str) -> str:
    """Hash: why the workspace's sending is paused, and for which token."""
    return f"{team(team_id)}:paused"


def paused_people(team_id: str) -> str:
    """Set of people whose break cards are paused (after a pain answer); the reason is on their hash only."""
    return f"{team(team_id)}:paused-people"


def event_seen(team_id: str, event_id: str) -> str:
    """Marker so a retried Events API delivery is handled once."""
    return f"{team(team_id)}:event:{event_id}"


def step_card(team_id: str, user_id: str) -> str:
    """String: when (ms) a Workflow Builder step last sent the person a card; expires after the gap."""
    return f"{team(team_id)}:step-card:{user_id}"


def step_run(team_id: str, execution_id: str) -> str:
    """Marker so a redelivered Workflow Builder step run (same function_execution_id) is handled once."""
    return f"{team(team_id)}:step:{execution_id}"


def retests(team_id: str) -> str:
    """Sorted set: user id -> when to invite them to retake the self-test (epoch ms)."""
    return f"{team(team_id)}:retest-due"


def selftests(team_id: str, user_id: str) -> str:
    """List of the person's self-test results, newest last (JSON records)."""
    return f"{team(team_id)}:selftests:{user_id}"


def home_seen(team_id: str) -> str:
    """Set of people who have opened the App Home (their view is kept up to date)."""
    return f"{team(team_id)}:home-seen"


def settings(team_id: str) -> str:
    """Hash: the workspace's admin settings (defaults, board channel, post time, care text, app admins)."""
    return f"{team(team_id)}:settings"


def board(team_id: str, period_key: str) -> str:
    """Sorted set: user id -> breaks done in a period ("week:2026-W48", "month:2026-11", "all")."""
    return f"{team(team_id)}:board:{period_key}"


def last_active(team_id: str) -> str:
    """Sorted set: person -> epoch ms of their last activity (store/retention.py: the expiry rule)."""
    return f"{team(team_id)}:last-active"


def hidden(team_id: str) -> str:
    """Set of people who said no to team boards (`/glutes hide`): kept off challenge standings too."""
    return f"{team(team_id)}:hidden"


def shown(team_id: str) -> str:
    """Set of people who said yes to appearing on team boards (nobody is shown without it)."""
    return f"{team(team_id)}:shown"


def challenge(team_id: str, challenge_id: str) -> str:
    """Hash: one channel challenge."""
    return f"{team(team_id)}:challenge:{challenge_id}"


def challenge_members(team_id: str, challenge_id: str) -> str:
    return f"{team(team_id)}:challenge:{challenge_id}:members"


def challenge_scores(team_id: str, challenge_id: str) -> str:
    """Sorted set: participant -> breaks done during the challenge."""
    return f"{team(team_id)}:challenge:{challenge_id}:scores"


def challenge_team_breaks(team_id: str, challenge_id: str, post_ts: str) -> str:
    """Set of people who joined one team-break post (a click counts once)."""
    return f"{team(team_id)}:challenge:{challenge_id}:team-break:{post_ts}"


def channel_challenge(team_id: str, channel_id: str) -> str:
    """String: the id of the challenge running in a channel (one at a time)."""
    return f"{team(team_id)}:channel-challenge:{channel_id}"


def running_challenges(team_id: str) -> str:
    """Set of running challenge ids."""
    return f"{team(team_id)}:challenges:running"


def user_challenges(team_id: str, user_id: str) -> str:
    """Set of challenge ids the person joined."""
    return f"{team(team_id)}:user-challenges:{user_id}"


def jobs_due(team_id: str) -> str:
    """Sorted set: workspace-level timed work (weekly board, daily standings) -> due epoch ms."""
    return f"{team(team_id)}:jobs-due"


def installation(scope: str, part: str) -> str:
    """Bolt installation data for a workspace (or "enterprise-<id>" for an org-wide install)."""
    return f"{PREFIX}:{scope}:installation:{part}"


def oauth_state(state: str) -> str:
    """A single-use OAuth state issued for the install page (not tied to a workspace yet)."""
    return f"{PREFIX}:oauth-state:{state}"


def enterprise_of(team_id: str) -> str:
    """String: the Enterprise Grid org a workspace belongs to, when it does."""
    return f"{team(team_id)}:enterprise"


def task_lock(team_id: str, task: str) -> str:
    """Short lock while one worker runs one timed workspace task."""
    return f"{team(team_id)}:task-lock:{task}"


def challenge_team_break_posts(team_id: str, challenge_id: str) -> str:
    """Set of message timestamps of the team-break posts the app made for a challenge."""
    return f"{team(team_id)}:challenge:{challenge_id}:team-break-posts"


def forgotten(team_id: str, user_id: str) -> str:
    """Short-lived tombstone after forget-me: work already in flight for the person writes nothing."""
    return f"{team(team_id)}:forgotten:{user_id}"


def work_batch(team_id: str, batch_id: str) -> str:
    """Set of the people one queued job is for, so RQ's job data carries a batch id rather than people."""
    return f"{team(team_id)}:batch:{batch_id}"


def breaks_of(team_id: str, user_id: str) -> str:
    """Sorted set: break id -> when its card or send lock expires (epoch s), so export and forget-me
    find the person's `card:` and `sending:` keys without scanning the keyspace."""
    return f"{team(team_id)}:breaks:{user_id}"


def batches_of(team_id: str, user_id: str) -> str:
    """Sorted set: id of a work batch the person is in -> when that batch expires (epoch s)."""
    return f"{team(team_id)}:batches:{user_id}"


def started_challenges(team_id: str, user_id: str) -> str:
    """Set of ids of the challenges the person started (their id is the challenge's `started_by`)."""
    return f"{team(team_id)}:started-challenges:{user_id}"


def exported(team_id: str, user_id: str) -> str:
    """String with a short TTL: when the person last asked for an export (one a minute at most)."""
    return f"{team(team_id)}:exported:{user_id}"


def board_shared(team_id: str, channel_id: str, board: str) -> str:
    """Short-lived marker: a board (week, month, all) was just shared in a channel (the share throttle)."""
    return f"{team(team_id)}:shared:{channel_id}:{board}"


def people_scheduled_total() -> str:
    """String with a TTL: people in every workspace's due index, published by the scheduler for /metrics."""
    return f"{PREFIX}:stats:people-scheduled"


def throttle(kind: str, subject: str) -> str:
    """Counter with a TTL: how often `subject` (a client address, or "all") did `kind` in the window."""
    return f"{PREFIX}:throttle:{kind}:{subject}"


def language(team_id: str, user_id: str) -> str:
    """The language a person chose with `/glutes language` or on Home (absent: their Slack language)."""
    return f"{team(team_id)}:language:{user_id}"


def slack_locale(team_id: str, user_id: str) -> str:
    """String with a short TTL: the Slack locale (users.info) of a person with no cached profile, looked up
    at their first contact so glutes answers in their language before they turn breaks on."""
    return f"{team(team_id)}:slack-locale:{user_id}"


def locale_lookups(team_id: str) -> str:
    """Counter with a TTL: first-contact locale lookups (users.info) made in the workspace's current
    minute; set past the cap for Slack's Retry-After when Slack says to slow down."""
    return f"{team(team_id)}:locale-lookups"


def insights_day(team_id: str, day: str) -> str:
    """Hash: the workspace's aggregate counts for one local date (YYYY-MM-DD): Dones, people with a first
    Done that day or that week (by the week they started), people who started. No person in it."""
    return f"{team(team_id)}:insights:day:{day}"


def done_hours(team_id: str, user_id: str) -> str:
    """Hash: local hour (0-23) -> the person's Dones in it (the digest's "most often at")."""
    return f"{team(team_id)}:done-hours:{user_id}"


def digest(team_id: str, user_id: str) -> str:
    """Hash: the person's weekly picture: turned off, the week last sent, the chart file of each week."""
    return f"{team(team_id)}:digest:{user_id}"


def workspace_charts(team_id: str) -> str:
    """Hash: the pulse chart's Slack file per week (so a new week's chart replaces the old file)."""
    return f"{team(team_id)}:insights:charts"


def workspace_moves(team_id: str) -> str:
    """Hash: move id -> JSON of a move the workspace's admins added (no personal data)."""
    return f"{team(team_id)}:workspace-moves"


def move_reports(team_id: str) -> str:
    """Hash: "<move id>:<unclear|unsafe>" -> how many reports; who reported is not kept."""
    return f"{team(team_id)}:move-reports"


def clock_offset(team_id: str) -> str:
    """String: seconds the playground's clock runs ahead (its time control; the playground only)."""
    return f"{team(team_id)}:clock-offset"
