"""Insights' use cases: the weekly picture (DM and Home), turning it on or off, and the workspace pulse.

The picture is claimed by the week's first break card (store.cards.save_sent) and sent by a job; its chart
is drawn and uploaded once per (person, week) and reused by the Home until the next week's replaces it,
when the old file is deleted from Slack. The pulse reads the workspace's day counters: O(weeks) keys.
"""

from __future__ import annotations

import logging
from datetime import datetime

import redis
from rq import Retry
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError

from slackapp.config import Settings
from slackapp.deps import DEFAULT_QUEUE, JOB_FAILURE_TTL, Deps
from slackapp.domain import insights as rules
from slackapp.domain import schedule, streaks
from slackapp.domain.errors import InputError
from slackapp.domain.text import N_
from slackapp.flows import scheduling
from slackapp.slack import messages
from slackapp.store import challenges, insights, people, person_state, tombstones, workspace_config

logger = logging.getLogger("glutes.insights")
DIGEST_RETRY = Retry(max=3, interval=[30, 120, 600])
LAST_ZONE = "Etc/GMT+12"  # UTC-12: the last zone to finish any day


# --- the weekly picture -----------------------------------------------------------------------------


def request_digest(deps: Deps, *, team_id: str, user_id: str) -> None:
    """Queue the person's weekly picture (the job carries a batch id, not the person)."""
    [(_, batch)] = scheduling.hand_over(deps.redis, [(team_id, [user_id])])
    deps.queue(DEFAULT_QUEUE).enqueue(
        "workers.jobs.send_digests",
        team_id,
        batch,
        result_ttl=0,
        failure_ttl=JOB_FAILURE_TTL,
        retry=DIGEST_RETRY,  # Slack busy (429, 5xx): the week's picture is tried again, never sent twice
    )


def picture(
    r: redis.Redis, settings: Settings, *, team_id: str, user_id: str, now: datetime
) -> tuple[rules.Digest | None, str, str | None]:
    """(the picture of the last full week, or None when there is nothing to show; the person's language;
    the week's chart file if one was uploaded already)."""
    state = person_state.read(r, settings, team_id=team_id, user_id=user_id)
    tz = state.tz
    today = schedule.local_date(now, tz)
    days = state.person.days or state.config.days
    digest_state = insights.digest_state(r, team_id=team_id, user_id=user_id)
    if not rules.worth_sending(state.done_by_day, state.sent_days, today=today):
        return None, state.locale, None
    hours = insights.done_hours(r, team_id=team_id, user_id=user_id)
    streak = streaks.current_streak(state.done_by_day, today, days, state.sent_days)
    found = rules.digest(state.done_by_day, hours, today=today, streak=streak, level=state.person.level)
    return found, state.locale, insights.chart_file(digest_state, found.week)


def chart_for(
    deps: Deps, client: WebClient, *, team_id: str, user_id: str, digest: rules.Digest, locale: str
) -> str | None:
    """The week's chart file: drawn and uploaded once per (person, week); the earlier week's file is
    deleted from Slack once this one is kept. None when the upload failed (the text chart stands in)."""
    try:
        file_id = messages.upload_days_chart(client, daily=digest.daily, locale=locale)
    except (SlackApiError, SlackRequestError) as error:  # refused, or the upload URL's POST failed
        logger.warning("chart not uploaded team=%s: %s", team_id, error)
        return None
    older = insights.save_chart(
        deps.redis, team_id=team_id, user_id=user_id, monday=digest.week, file_id=file_id
    )
    if tombstones.is_marked(deps.redis, team_id=team_id, user_id=user_id):
        older.append(file_id)  # forget-me ran meanwhile: nothing of theirs stays in Slack either
        file_id = ""
    _delete_quietly(client, team_id, older)
    return file_id or None


def _delete_quietly(client: WebClient, team_id: str, file_ids: list[str]) -> None:
    try:
        messages.delete_files(client, file_ids=file_ids)
    except SlackApiError as error:  # an old chart left behind is retried by nothing; it is only an image
        logger.warning("old chart not deleted team=%s: %s", team_id, error.response.get("error"))


def send_digest(deps: Deps, client: WebClient | None, *, team_id: str, user_id: str) -> str:
    """Send the person's weekly picture (claimed for this week by their first card); returns what happened."""
    if client is None:
        return "workspace_paused"
    r = deps.redis
    if insights.digest_state(r, team_id=team_id, user_id=user_id).get("off") == "1":
        return "off"
    if not people.get(r, team_id=team_id, user_id=user_id).opted_in:
        return "opted_out"
    found, locale, file_id = picture(r, deps.settings, team_id=team_id, user_id=user_id, now=deps.clock())
    if found is None:
        return "nothing_to_show"
    if file_id is None:
        file_id = chart_for(deps, client, team_id=team_id, user_id=user_id, digest=found, locale=locale)
    with_image = messages.send_digest(client, user_id=user_id, digest=found, file_id=file_id, locale=locale)
    return "sent" if with_image else "sent_text"


def home_picture(
    deps: Deps, client: WebClient, *, team_id: str, user_id: str
) -> tuple[rules.Digest | None, str | None]:
    """The picture the person's Home shows (the week's chart, uploaded now if this week has none yet)."""
    found, locale, file_id = picture(
        deps.redis, deps.settings, team_id=team_id, user_id=user_id, now=deps.clock()
    )
    if found is not None and file_id is None:
        file_id = chart_for(deps, client, team_id=team_id, user_id=user_id, digest=found, locale=locale)
    return found, file_id


DIGEST_USAGE = N_("Say `/glutes digest on` or `/glutes digest off`.")


def set_digest(r: redis.Redis, *, team_id: str, user_id: str, text: str) -> bool:
    """`/glutes digest on|off` (or the DM's off button): returns whether it is now on."""
    word = text.strip().lower()
    if word not in ("on", "off"):
        raise InputError(DIGEST_USAGE)
    insights.set_digest_off(r, team_id=team_id, user_id=user_id, off=word == "off")
    return word == "on"


def forget_charts(client: WebClient | None, r: redis.Redis, *, team_id: str, user_id: str) -> list[str]:
    """The person's chart files, deleted from Slack (forget-me); returns their ids. Read before the
    records go; a failure to delete is logged and does not stop forget-me."""
    file_ids = insights.chart_files(insights.digest_state(r, team_id=team_id, user_id=user_id))
    if client is not None and file_ids:
        _delete_quietly(client, team_id, file_ids)
    return file_ids


# --- the workspace pulse ----------------------------------------------------------------------------


def pulse(deps: Deps, client: WebClient | None, *, team_id: str, now: datetime) -> rules.Pulse:
    """The anonymous pulse: one pipelined read of the weeks' day counters, the opted-in count, the union
    of running challenges' members (counted in Redis) and the member count (users.list, once a day)."""
    r = deps.redis
    config = workspace_config.get(r, deps.settings, team_id=team_id)
    # The date where it is earliest, not the workspace's: a week is read only once it is over in every
    # zone, so no Done (dated in the person's zone) can change a figure after it was shown.
    today = schedule.local_date(now, LAST_ZONE)
    weeks = insights.weeks(r, team_id=team_id, mondays=rules.pulse_weeks(today))
    running = challenges.running(r, team_id=team_id)
    in_challenges = insights.challenge_people(
        r, team_id=team_id, challenge_ids=[c.challenge_id for c in running]
    )
    return rules.pulse(
        weeks,
        opted_in=people.opted_in_count(r, team_id=team_id),
        members=_members(deps, client, team_id, now),
        challenge_people=in_challenges,
        work_days=len(config.days),
    )


def send_pulse_csv(client: WebClient, *, user_id: str, found: rules.Pulse, locale: str | None) -> None:
    """The pulse's weekly aggregates as a CSV in the admin's DM (the same "fewer than 5" rule)."""
    messages.send_pulse_csv(client, user_id=user_id, pulse=found, locale=locale)


def _members(deps: Deps, client: WebClient | None, team_id: str, now: datetime) -> int | None:
    now_s = int(now.timestamp())
    known = insights.members(deps.redis, team_id=team_id, now_s=now_s)
    if known is not None or client is None:
        return known
    try:
        count = messages.member_count(client)
    except SlackApiError as error:  # the share is left out, the rest of the pulse stands
        logger.warning("members not counted team=%s: %s", team_id, error.response.get("error"))
        return None
    insights.save_members(deps.redis, team_id=team_id, count=count, now_s=now_s)
    return count


def pulse_chart(
    deps: Deps, client: WebClient, *, team_id: str, found: rules.Pulse, locale: str | None
) -> str | None:
    """The pulse chart of its newest week, uploaded once per week and language (the earlier weeks' files
    deleted)."""
    newest = found.weeks[-1].week
    known = insights.workspace_chart(deps.redis, team_id=team_id, monday=newest, locale=locale)
    if known:
        return known
    try:
        file_id = messages.upload_pulse_chart(client, pulse=found, locale=locale)
    except (SlackApiError, SlackRequestError) as error:
        logger.warning("pulse chart not uploaded team=%s: %s", team_id, error)
        return None
    _delete_quietly(
        client,
        team_id,
        insights.save_workspace_chart(
            deps.redis, team_id=team_id, monday=newest, locale=locale, file_id=file_id
        ),
    )
    return file_id
