"""Posts in channels made because someone clicked or typed: a shared team board, a team break, a
challenge's announcement and its final standings.

Each goes through the workspace's send pacing (flows/pacing), like the break cards. A listener never waits
for Slack: when the pacing has no slot free right now, or Slack answers 429, the post is handed to a job
(ids only) that waits in a worker instead. A Workflow Builder step's team break is the exception: its run
is acked already and needs the post's ts for its output, so it waits for a slot itself (within the step's
deadline, listeners/functions.py). A board is shared in a channel at most once per SHARE_EVERY.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import cast

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from slackapp.deps import DEFAULT_QUEUE, JOB_FAILURE_TTL, Deps
from slackapp.domain import challenge as challenge_rules
from slackapp.domain import schedule
from slackapp.domain.challenge import Challenge
from slackapp.domain.ranking import Period
from slackapp.flows import boards as board_flows
from slackapp.flows import challenges as challenge_flows
from slackapp.flows import language, pacing
from slackapp.slack import messages
from slackapp.slack.client import (
    answering_within,
    slack_did_nothing,
    slack_was_busy,
    without_rate_limit_waits,
)
from slackapp.store import challenges, rate_limits, workspace_config

logger = logging.getLogger("glutes.posts")

# One share of a board (week, month or all time) per channel in this many seconds; later clicks are told.
SHARE_EVERY_SECONDS = 5 * 60

BOARD = "board"
TEAM_BREAK = "team_break"
ANNOUNCEMENT = "announcement"
FINAL_STANDINGS = "final_standings"


@dataclass(frozen=True)
class ChannelPost:
    """What to post, by ids only (it may travel in a job): the kind, the channel, and the board period
    (for a board) or the challenge id (for the others)."""

    kind: str
    channel_id: str
    ref: str
    moves: str = ""  # a team break's moves: "" or "standing" (the default), or "seated"


@dataclass(frozen=True)
class Posted:
    """What became of a channel post: "posted" (with its ts when made here), "queued", or why not."""

    status: str
    ts: str = ""


def announce_board_channel(
    client: WebClient, *, channel_id: str, user_id: str, locale: str | None, within_seconds: float
) -> None:
    """Post the note that a channel was chosen for the weekly board, which proves the app is a member
    before the choice is saved: raises Slack's refusal (not in the channel), or what says Slack is busy
    and did not post it.
    Slack waits on the admin's form meanwhile: `within_seconds` to connect and as long to answer, once."""
    try:
        messages.post_board_channel_chosen(
            answering_within(client, within_seconds), channel=channel_id, user_id=user_id, locale=locale
        )
    except Exception as error:
        if not slack_was_busy(error) or slack_did_nothing(error):
            raise
        # Slack was slow to answer, not refusing: the note is most likely posted, and a try again would
        # post another. The choice is saved; a channel the app is not in shows when the board is posted.
        logger.info("board channel note unconfirmed channel=%s", channel_id)


def share_board(deps: Deps, client: WebClient, *, team_id: str, channel_id: str, period: Period) -> bool:
    """Share a team board in a channel; False (nothing posted) when it was shared there moments ago."""
    claimed = rate_limits.claim_share(
        deps.redis, team_id=team_id, channel_id=channel_id, board=period, ttl_seconds=SHARE_EVERY_SECONDS
    )
    if not claimed:
        return False
    try:
        post_soon(deps, client, team_id=team_id, post=ChannelPost(BOARD, channel_id, period))
    except Exception:
        # Not posted (the app is not in the channel, say): the next click may try again.
        rate_limits.release_share(deps.redis, team_id=team_id, channel_id=channel_id, board=period)
        raise
    return True


def start_challenge(
    deps: Deps,
    client: WebClient,
    *,
    team_id: str,
    channel_id: str,
    user_id: str,
    args: str,
    now: datetime,
    within_seconds: float | None = None,
) -> Challenge:
    """Start a challenge and announce it in its channel; undone when Slack refuses the announcement (not
    when it only asks to wait or is slow: then the announcement follows from a job). `within_seconds`: as
    post_soon's, for a start Slack waits on (the modal's submission)."""
    r, settings = deps.redis, deps.settings
    started = challenge_flows.start(
        r, settings, team_id=team_id, channel_id=channel_id, user_id=user_id, args=args, now=now
    )
    try:
        post_soon(
            deps,
            client,
            team_id=team_id,
            post=ChannelPost(ANNOUNCEMENT, channel_id, started.challenge_id),
            within_seconds=within_seconds,
        )
    except SlackApiError:
        challenge_flows.stop(r, settings, team_id=team_id, challenge=started, now=now)
        raise
    return started


def team_break(
    deps: Deps, client: WebClient, *, team_id: str, channel_id: str, moves: str = "", wait: bool = False
) -> Posted:
    """Post an everyone-break-now for the challenge running in the channel (`/glutes challenge teambreak`
    and the workflow step both come here). A listener has it posted soon (queued when the pacing has no
    slot free); a workflow step, which needs the post's ts for its link, waits for a slot as a job does."""
    found = challenge_flows.in_channel(deps.redis, team_id=team_id, channel_id=channel_id)
    post = ChannelPost(TEAM_BREAK, channel_id, found.challenge_id, moves)
    if not wait:
        return post_soon(deps, client, team_id=team_id, post=post)
    pacing.wait_for_send_slot(deps, team_id)
    return _send(deps, client, team_id, post)


def stop_challenge(
    deps: Deps, client: WebClient, *, team_id: str, channel_id: str, now: datetime
) -> Challenge:
    """End the challenge running in the channel and post its final standings there (once)."""
    r = deps.redis
    found = challenge_flows.in_channel(r, team_id=team_id, channel_id=channel_id)
    if challenge_flows.stop(r, deps.settings, team_id=team_id, challenge=found, now=now) is not None:
        post_soon(
            deps, client, team_id=team_id, post=ChannelPost(FINAL_STANDINGS, channel_id, found.challenge_id)
        )
    return found


def post_soon(
    deps: Deps, client: WebClient, *, team_id: str, post: ChannelPost, within_seconds: float | None = None
) -> Posted:
    """Post now when the pacing has a slot free and Slack takes it at once; else queue it (status
    "queued"), also when Slack asks to wait or failed before acting. When Slack may have posted it (an
    answer that timed out or broke off), it is not posted again: status "unconfirmed". Slack's refusals
    (not in the channel, …) are raised to the caller. `within_seconds`: Slack waits on the caller's ack,
    so the post gets that long to connect and as long to answer, once (slack.client.answering_within)."""
    if pacing.take_slot_now(deps, team_id):
        now_client = (
            without_rate_limit_waits(client)
            if within_seconds is None
            else answering_within(client, within_seconds)
        )
        try:
            return _send(deps, now_client, team_id, post)
        except Exception as error:
            if not slack_was_busy(error):
                raise
            if not slack_did_nothing(error):  # Slack may have posted it: a job would post it twice
                logger.warning("channel post unconfirmed team=%s kind=%s", team_id, post.kind, exc_info=True)
                return Posted("unconfirmed")
    deps.queue(DEFAULT_QUEUE).enqueue(
        "workers.jobs.post_to_channel",
        team_id,
        post.kind,
        post.channel_id,
        post.ref,
        post.moves,
        result_ttl=0,
        failure_ttl=JOB_FAILURE_TTL,
    )
    return Posted("queued")


def post_queued(deps: Deps, client: WebClient | None, *, team_id: str, post: ChannelPost) -> str:
    """The job's work: wait for the pacing, then post (the client itself honours Slack's Retry-After)."""
    if client is None:
        return "workspace_paused"
    pacing.wait_for_send_slot(deps, team_id)
    try:
        return _send(deps, client, team_id, post).status
    except SlackApiError as error:
        code = error.response.get("error")
        logger.warning("%s not posted to %s: %s", post.kind, post.channel_id, code)
        return f"failed:{code}"


def _send(deps: Deps, client: WebClient, team_id: str, post: ChannelPost) -> Posted:
    r, settings, now = deps.redis, deps.settings, deps.clock()
    locale = language.workspace_locale(r, settings, team_id=team_id)  # a channel post: the workspace's
    if post.kind == BOARD:
        period = cast(Period, post.ref if post.ref in board_flows.PERIOD_LABELS else "week")
        board = board_flows.leaderboard(r, settings, team_id=team_id, period=period, now=now)
        messages.post_shared_board(
            client, channel=post.channel_id, period_label=board.label, rows=board.rows, locale=locale
        )
        return Posted("posted")
    found = challenges.get(r, team_id=team_id, challenge_id=post.ref)
    if found is None:
        return Posted("gone")
    if post.kind == ANNOUNCEMENT:
        messages.post_announcement(client, challenge=found, locale=locale)
    elif post.kind == TEAM_BREAK:
        today = schedule.local_date(now, workspace_config.get(r, settings, team_id=team_id).tz)
        if challenge_rules.has_ended(found, today):
            return Posted("ended")
        ts = challenge_flows.post_team_break(
            r, client, team_id=team_id, challenge=found, now=now, locale=locale, moves=post.moves
        )
        return Posted("posted", ts)
    elif post.kind == FINAL_STANDINGS:
        final = challenge_flows.standings(r, settings, team_id=team_id, challenge=found, now=now)
        messages.post_standings(
            client,
            challenge=found,
            rows=final.rows,
            today=final.today,
            total=final.total,
            final=True,
            locale=locale,
        )
    else:
        return Posted("unknown")
    return Posted("posted")
