"""Workflow Builder steps' use cases: each goes through the same flows as the command or the scheduled
send it stands for, so a step's team break, card or challenge is the one people already know.

The listener (listeners/functions.py) hands in the step's raw inputs; the rules in domain/workflow_steps
check them. A step refuses by raising a UserError or InputError, whose sentence the listener passes to
Slack's `fail`.

Posts, cards and lookups go out with the workspace's own bot client, as the command's and the scheduler's
do, not with the run's short-lived workflow token (which only ends the run): Slack ties clicks on a
message posted with that token to the run, and a card's or team break's buttons must keep working for days.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient

from slackapp.deps import Deps
from slackapp.domain import workflow_steps as rules
from slackapp.domain.challenge import Challenge
from slackapp.domain.errors import InputError
from slackapp.domain.text import N_
from slackapp.domain.timestamps import to_ms
from slackapp.errors import UserError
from slackapp.flows import admin, channel_posts, delivery
from slackapp.slack import messages, tokens
from slackapp.store import step_runs


@dataclass(frozen=True)
class TeamBreakRun:
    link: str  # the team break post's permalink


@dataclass(frozen=True)
class CardRun:
    sent: bool
    reason: str  # "" when sent, else one of domain.workflow_steps.REASONS


def first_run(deps: Deps, *, team_id: str, execution_id: Any) -> bool:
    """True the first time a step run (its function_execution_id) is seen; False for a redelivery."""
    if not rules.execution_id_ok(execution_id):
        raise InputError(N_("Slack sent this step without a run id, so glutes did nothing."))
    return step_runs.claim_run(deps.redis, team_id=team_id, execution_id=str(execution_id))


def _workspace_client(deps: Deps, team_id: str) -> WebClient:
    client = tokens.workspace_client(deps.settings, deps.redis, team_id)
    if client is None:  # not installed, or its sending paused after a revoked token
        raise UserError(_NO_SENDING)
    return client


_NO_SENDING = N_("glutes can't send messages in this workspace right now. Ask an admin to reinstall it.")


def team_break(
    deps: Deps,
    *,
    team_id: str,
    channel_id: Any,
    moves: Any,
    run_by: Any,
    refusal: str,
) -> TeamBreakRun:
    """Post the team break `/glutes challenge teambreak` posts, in the step's channel; its link out. As the
    command, only for a workspace or app admin (the person running the workflow)."""
    channel = rules.channel_input(channel_id)
    chosen = rules.moves_input(moves)
    person = rules.runner_input(run_by)
    client = _workspace_client(deps, team_id)
    admin.require_admin(
        deps.redis, client, deps.settings, team_id=team_id, user_id=person, now=deps.clock(), refusal=refusal
    )
    posted = channel_posts.team_break(
        deps, client, team_id=team_id, channel_id=channel, moves=chosen, wait=True
    )
    if posted.status != "posted" or not posted.ts:
        raise InputError(N_("The challenge in that channel is over, so no team break was posted."))
    return TeamBreakRun(messages.permalink(client, channel=channel, ts=posted.ts))


def break_card(deps: Deps, *, team_id: str, user_id: Any) -> CardRun:
    """Send the person one break card now, unless their breaks are off, paused or snoozed, the hold
    decision every send uses holds it (Do Not Disturb, a busy status, outside their work hours), or a step
    sent them one less than STEP_CARD_GAP_SECONDS ago."""
    person = rules.person_input(user_id)
    now_ms = to_ms(deps.clock())
    if not step_runs.claim_card(
        deps.redis, team_id=team_id, user_id=person, now_ms=now_ms, gap_s=rules.STEP_CARD_GAP_SECONDS
    ):
        return CardRun(sent=False, reason=rules.SENT_RECENTLY)
    outcome = "error"
    try:
        outcome = delivery.send_now(
            deps, tokens.workspace_client(deps.settings, deps.redis, team_id), team_id, person
        )
    finally:
        if outcome != "sent":
            step_runs.release_card(deps.redis, team_id=team_id, user_id=person)
    if outcome == "workspace_paused":
        raise UserError(_NO_SENDING)
    if outcome == "retry_later":
        raise UserError(N_("Slack didn't take the card just now. glutes will send it within a minute."))
    reason = rules.card_reason(outcome)
    return CardRun(sent=not reason, reason=reason)


def start_challenge(
    deps: Deps,
    *,
    team_id: str,
    channel_id: Any,
    days: Any,
    title: Any,
    run_by: Any,
    refusal: str,
) -> Challenge:
    """Start a channel challenge and announce it, as `/glutes challenge start` does; only a workspace or
    app admin running the workflow may (NotAdmin with `refusal` otherwise, before anything is written)."""
    channel = rules.channel_input(channel_id)
    person = rules.runner_input(run_by)
    client = _workspace_client(deps, team_id)
    now = deps.clock()
    admin.require_admin(
        deps.redis, client, deps.settings, team_id=team_id, user_id=person, now=now, refusal=refusal
    )
    return channel_posts.start_challenge(
        deps,
        client,
        team_id=team_id,
        channel_id=channel,
        user_id=person,
        args=rules.challenge_words(days, title),
        now=now,
    )
