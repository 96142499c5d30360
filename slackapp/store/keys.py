"""Every Redis key the app uses, spelled only here. All keys carry the workspace (team) id.

The one exception is TEAMS, the registry of workspaces the scheduler walks.
"""

from __future__ import annotations

PREFIX = "glutes"

# Registry of workspaces with people opted in (the scheduler walks it each tick).
TEAMS = f"{PREFIX}:teams"


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


def send_bucket(team_id: str) -> str:
    """Token bucket pacing chat.postMessage for the workspace, shared by all workers."""
    return f"{team(team_id)}:send-bucket"


def paused(team_id: str) -> str:
    """Hash: why the workspace's sending is paused, and for which token."""
    return f"{team(team_id)}:paused"


def event_seen(team_id: str, event_id: str) -> str:
    """Marker so a retried Events API delivery is handled once."""
    return f"{team(team_id)}:event:{event_id}"
