"""Channel challenges: start, join, standings, stop, and team breaks (no Slack here)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

import redis
from slack_sdk import WebClient

from slackapp.config import Settings
from slackapp.domain import challenge as rules
from slackapp.domain import exercises, ranking, schedule, slack_ids
from slackapp.domain.challenge import Challenge
from slackapp.domain.errors import InputError
from slackapp.domain.exercises import MovePreference
from slackapp.domain.ranking import Ranked
from slackapp.domain.text import N_
from slackapp.domain.timestamps import to_ms
from slackapp.flows import boards as board_flows
from slackapp.flows import breaks
from slackapp.slack import messages
from slackapp.store import challenges, tasks, workspace_config


@dataclass(frozen=True)
class Standings:
    challenge: Challenge
    rows: list[Ranked]
    total: int  # every participant's breaks during the challenge, hidden people included
    today: date  # in the workspace's time zone, which decides the challenge's days


def _today(r: redis.Redis, settings: Settings, team_id: str, now: datetime) -> date:
    return schedule.local_date(now, workspace_config.get(r, settings, team_id=team_id).tz)


def start(
    r: redis.Redis,
    settings: Settings,
    *,
    team_id: str,
    channel_id: str,
    user_id: str,
    args: str,
    now: datetime,
) -> Challenge:
    """Start a challenge in a channel (admin checked by the caller); one running per channel."""
    if not slack_ids.is_slack_id(channel_id):  # it becomes part of a key
        raise InputError(N_("Challenges run in a channel: start one from the channel it is for."))
    spec = rules.parse_start(args)
    running = challenges.in_channel(r, team_id=team_id, channel_id=channel_id)
    if running is not None:
        raise InputError(
            N_("*{title}* is already running here until {ends_on}. `/glutes challenge stop` ends it first."),
            title=running.title,
            ends_on=running.ends_on,
        )
    plan = rules.plan(
        spec,
        challenge_id=uuid.uuid4().hex[:12],
        channel_id=channel_id,
        started_by=user_id,
        today=_today(r, settings, team_id, now),
    )
    if not challenges.create(r, team_id=team_id, challenge=plan):
        raise InputError(
            N_("Another challenge just started in this channel. `/glutes challenge status` shows it.")
        )
    config = workspace_config.get(r, settings, team_id=team_id)
    first_post = ranking.next_daily_post(now, config.tz, config.post_minute)
    tasks.schedule(r, team_id=team_id, task=tasks.standings_task(plan.challenge_id), due_ms=to_ms(first_post))
    return plan


@dataclass(frozen=True)
class Joined:
    challenge: Challenge
    turned_on: bool
    already: bool
    paused: bool = False  # their cards are paused (after a pain answer): none will come until they resume


def join(
    r: redis.Redis,
    settings: Settings,
    *,
    team_id: str,
    challenge_id: str,
    user_id: str,
    now: datetime,
    client: WebClient | None = None,
) -> Joined:
    """Join a running challenge; it turns breaks on for people who had them off (see breaks.turn_on)."""
    found = challenges.get(r, team_id=team_id, challenge_id=challenge_id)
    if found is None or rules.has_ended(found, _today(r, settings, team_id, now)):
        raise InputError(
            N_("That challenge is over, so there's nothing to join. Ask an admin to start a new one.")
        )
    added = challenges.join(r, team_id=team_id, challenge_id=challenge_id, user_id=user_id)
    was_on, view = breaks.turn_on(r, settings, team_id=team_id, user_id=user_id, now=now, client=client)
    return Joined(found, turned_on=not was_on, already=not added, paused=view.paused)


def standings(
    r: redis.Redis, settings: Settings, *, team_id: str, challenge: Challenge, now: datetime
) -> Standings:
    points = challenges.scores(r, team_id=team_id, challenge_id=challenge.challenge_id)
    rows = board_flows.rank_people(r, settings, team_id=team_id, points=points, now=now, joiners=True)
    return Standings(
        challenge, rows, total=sum(done for _, done in points), today=_today(r, settings, team_id, now)
    )


def in_channel(r: redis.Redis, *, team_id: str, channel_id: str) -> Challenge:
    found = challenges.in_channel(r, team_id=team_id, channel_id=channel_id)
    if found is None:
        raise InputError(
            N_(
                "No challenge is running in this channel. An admin can start one with "
                "`/glutes challenge start 14 Spring Glute Reset`."
            )
        )
    return found


def stop(
    r: redis.Redis, settings: Settings, *, team_id: str, challenge: Challenge, now: datetime
) -> Standings | None:
    """End a challenge; returns the final standings, or None if it had already ended (posted once)."""
    if not challenges.finish(r, team_id=team_id, challenge=challenge):
        return None
    tasks.cancel(r, team_id=team_id, task=tasks.standings_task(challenge.challenge_id))
    return standings(r, settings, team_id=team_id, challenge=challenge, now=now)


def post_team_break(
    r: redis.Redis,
    client: WebClient,
    *,
    team_id: str,
    challenge: Challenge,
    now: datetime,
    locale: str | None = None,
    moves: str = "",
) -> str:
    """Post an everyone-break-now in the challenge's channel (in the workspace's language, `locale`); only
    clicks on posts made here count. Returns the post's ts."""
    # A standing move by default, so a room can do it together; the post carries its seated version too.
    # `moves="seated"` (a workflow step's choice) picks a chair move instead.
    preference: MovePreference = "seated" if moves == "seated" else "standing"
    move = exercises.pick_next(None, seed=to_ms(now), preference=preference)
    post_ts = messages.post_team_break(client, challenge=challenge, exercise=move, locale=locale)
    challenges.add_team_break_post(r, team_id=team_id, challenge_id=challenge.challenge_id, post_ts=post_ts)
    return post_ts


def count_team_break(
    r: redis.Redis,
    settings: Settings,
    *,
    team_id: str,
    challenge_id: str,
    post_ts: str,
    user_id: str,
    now: datetime,
) -> tuple[bool, int]:
    """A team-break click counts as a Done once per person per post; returns (counted, clicks so far)."""
    found = challenges.get(r, team_id=team_id, challenge_id=challenge_id)
    if found is None or rules.has_ended(found, _today(r, settings, team_id, now)):
        raise InputError(N_("That challenge is over; this team break no longer counts."))
    if not challenges.is_team_break_post(r, team_id=team_id, challenge_id=challenge_id, post_ts=post_ts):
        raise InputError(N_("That button isn't on a team break I posted, so nothing was counted."))
    challenges.join(r, team_id=team_id, challenge_id=challenge_id, user_id=user_id)
    breaks.turn_on(r, settings, team_id=team_id, user_id=user_id, now=now)  # as joining does
    counted = challenges.count_team_break(
        r,
        team_id=team_id,
        challenge_id=challenge_id,
        post_ts=post_ts,
        user_id=user_id,
        local_date=schedule.local_date(now, breaks.tz_of(r, team_id, user_id)).isoformat(),
        score_keys=breaks.score_keys(r, settings, team_id=team_id, user_id=user_id, now=now),
    )
    return counted, challenges.clicks(r, team_id=team_id, challenge_id=challenge_id, post_ts=post_ts)
