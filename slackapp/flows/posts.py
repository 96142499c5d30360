"""Timed workspace work (weekly leaderboard, daily challenge standings, the purge) and retest invitations."""

from __future__ import annotations

import logging
from collections.abc import Callable

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from slackapp.deps import Deps
from slackapp.domain import challenge as challenge_rules
from slackapp.domain import ranking, schedule
from slackapp.domain.timestamps import to_ms
from slackapp.flows import boards as board_flows
from slackapp.flows import challenges as challenge_flows
from slackapp.flows import language, pacing, privacy, workspace
from slackapp.flows import pause as pause_flows
from slackapp.flows.selftest import last_result
from slackapp.slack import messages
from slackapp.store import challenges, locks, selftests, tasks, workspace_config

logger = logging.getLogger("glutes.posts")

DAY_MS = 24 * 3600 * 1000
RUN_LOCK_SECONDS = 120


def run_task(deps: Deps, client: WebClient | None, team_id: str, task: str) -> str:
    """Do one timed workspace task and schedule its next run; returns what happened.

    `client` speaks for the workspace; None while it is not installed or its sending is paused.
    """
    # A task is run once per due time: a re-claim after its lease ran out (a busy queue) finds it already
    # moved to its next time, and a parallel duplicate finds the lock taken.
    due = tasks.due_ms(deps.redis, team_id=team_id, task=task)
    if due is None or due > to_ms(deps.clock()) + int(deps.settings.claim_lease_seconds * 1000):
        return "not_due"
    if not locks.take_task_lock(deps.redis, team_id=team_id, task=task, ttl_seconds=RUN_LOCK_SECONDS):
        return "running"
    try:
        return _run_task(deps, client, team_id, task)
    finally:
        locks.release_task_lock(deps.redis, team_id=team_id, task=task)


def _run_task(deps: Deps, client: WebClient | None, team_id: str, task: str) -> str:
    if task == tasks.RETENTION:  # Redis only: runs whether or not the workspace can be reached
        return privacy.forget_inactive(deps, team_id=team_id)
    if task == tasks.PURGE:
        purged = workspace.purge(deps.redis, deps.rq_redis, deps.settings, team_id=team_id, now=deps.clock())
        return f"purged:{purged}"
    if client is None:
        # Not installed or paused: look again in an hour rather than every lease.
        tasks.schedule(deps.redis, team_id=team_id, task=task, due_ms=to_ms(deps.clock()) + 3600 * 1000)
        return "paused"
    if task == tasks.WEEKLY_BOARD:
        return post_weekly_board(deps, client, team_id)
    if task.startswith(tasks.STANDINGS_PREFIX):
        return post_standings(deps, client, team_id, task.removeprefix(tasks.STANDINGS_PREFIX))
    if task.startswith(tasks.CHECKIN_PREFIX):
        return pause_flows.send_checkin(deps, client, team_id, task.removeprefix(tasks.CHECKIN_PREFIX))
    tasks.cancel(deps.redis, team_id=team_id, task=task)
    return "unknown"


def post_weekly_board(deps: Deps, client: WebClient, team_id: str) -> str:
    r, now = deps.redis, deps.clock()
    config = workspace_config.get(r, deps.settings, team_id=team_id)
    if not config.board_channel:
        tasks.cancel(r, team_id=team_id, task=tasks.WEEKLY_BOARD)
        return "no_channel"
    channel = config.board_channel
    board = board_flows.leaderboard(r, deps.settings, team_id=team_id, period="week", now=now)
    week_start = ranking.period_start("week", now, config.tz)
    outcome = _post(
        deps,
        team_id,
        channel,
        lambda: messages.post_weekly_board(
            client, channel=channel, week_start=week_start, rows=board.rows[:10], locale=config.language
        ),
    )
    board_flows.schedule_weekly_post(r, deps.settings, team_id=team_id, now=now)
    return outcome


def post_standings(deps: Deps, client: WebClient, team_id: str, challenge_id: str) -> str:
    r, now = deps.redis, deps.clock()
    found = challenges.get(r, team_id=team_id, challenge_id=challenge_id)
    task = tasks.standings_task(challenge_id)
    if found is None:
        tasks.cancel(r, team_id=team_id, task=task)
        return "gone"
    config = workspace_config.get(r, deps.settings, team_id=team_id)
    today = schedule.local_date(now, config.tz)
    if found.stopped or today > found.ends_on:
        final = challenge_flows.stop(r, deps.settings, team_id=team_id, challenge=found, now=now)
        if final is None:
            return "already_final"
        return _post(
            deps,
            team_id,
            found.channel_id,
            lambda: messages.post_standings(
                client,
                challenge=found,
                rows=final.rows,
                today=today,
                total=final.total,
                final=True,
                locale=config.language,
            ),
        )
    current = challenge_flows.standings(r, deps.settings, team_id=team_id, challenge=found, now=now)
    outcome = _post(
        deps,
        team_id,
        found.channel_id,
        lambda: messages.post_standings(
            client,
            challenge=found,
            rows=current.rows,
            today=today,
            total=current.total,
            locale=config.language,
        ),
    )
    if config.daily_team_break and challenge_rules.is_running(found, today):
        try:
            pacing.wait_for_send_slot(deps, team_id)
            challenge_flows.post_team_break(
                r, client, team_id=team_id, challenge=found, now=now, locale=config.language
            )
        except SlackApiError as error:
            logger.warning("team break not posted to %s: %s", found.channel_id, error.response.get("error"))
    tasks.schedule(
        r,
        team_id=team_id,
        task=task,
        due_ms=to_ms(ranking.next_daily_post(now, config.tz, config.post_minute)),
    )
    return outcome


def _post(deps: Deps, team_id: str, channel: str, send: Callable[[], None]) -> str:
    pacing.wait_for_send_slot(deps, team_id)  # the same pacing as the break cards (a worker may wait)
    try:
        send()
    except SlackApiError as error:
        code = error.response.get("error")
        # Not in the channel: nothing to retry until someone invites the bot; the next run tries again.
        logger.warning("could not post to %s: %s", channel, code)
        return f"failed:{code}"
    return "posted"


def send_retest_invites(deps: Deps, client: WebClient | None, team_id: str, user_ids: list[str]) -> int:
    """DM each person whose 14 days are up an invitation to retake the self-test; returns how many."""
    r, now = deps.redis, deps.clock()
    if client is None:
        return 0
    sent = 0
    for user_id in user_ids:
        if pause_flows.is_paused(r, team_id=team_id, user_id=user_id):
            # No retest while their cards are paused: look again tomorrow (it comes after a resume).
            selftests.postpone_retest(r, team_id=team_id, user_id=user_id, until_ms=to_ms(now) + DAY_MS)
            continue
        # Take the invitation first: it is sent at most once, and a newer test's invitation (weeks away)
        # is left alone. The lease pushed a due one only minutes out.
        if not selftests.drop_retest_if_before(
            r, team_id=team_id, user_id=user_id, before_ms=to_ms(now) + DAY_MS
        ):
            continue
        previous = last_result(r, team_id=team_id, user_id=user_id, now=now)
        if previous is None:
            continue
        try:
            messages.send_retest_invite(
                client,
                user_id=user_id,
                previous=previous,
                locale=language.person_locale(r, team_id=team_id, user_id=user_id),
            )
            sent += 1
        except SlackApiError as error:
            logger.warning(
                "retest invite not sent team=%s user=%s: %s", team_id, user_id, error.response.get("error")
            )
    return sent
