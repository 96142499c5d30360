"""Which language to speak to a person or a channel, and changing it.

A person: the language they chose (`/glutes language`, Home), else their Slack locale (users.info with
include_locale, cached with the profile, or for someone with no profile cached, looked up at their first
contact and kept an hour: reply_locale), else English. A channel post: the workspace's default
language an admin set. Values are raw codes (`de-DE`, `pt_BR`); ui.i18n negotiates them.
"""

from __future__ import annotations

import logging
from datetime import datetime

import redis
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from slackapp.config import Settings
from slackapp.domain import languages
from slackapp.domain.errors import InputError
from slackapp.domain.text import LANGUAGE_CHOICE, N_, Filled, Listing, Phrase
from slackapp.domain.timestamps import to_ms
from slackapp.slack import lookups
from slackapp.slack.client import answering_within, slack_was_busy
from slackapp.store import profiles, rate_limits, workspace_config

logger = logging.getLogger("glutes")

# First-contact lookups a workspace may make a minute: half of users.info's Tier 4 (100+ a minute per
# workspace), leaving the rest to turning breaks on, admin checks and the daily profile refresh.
FIRST_CONTACT_LOOKUPS_PER_MINUTE = 50
# After Slack did not answer a lookup (a timeout, a 5xx, no connection), none in the workspace for this
# long: while Slack is slow, each never-seen person would otherwise wait out the timeout before a reply.
PAUSE_AFTER_FAILURE_SECONDS = 30
# A Retry-After past this is not believed in full: admin checks wait on the same pause.
LONGEST_PAUSE_SECONDS = 120


def person_locale(r: redis.Redis, *, team_id: str, user_id: str) -> str:
    """From Redis only (never users.info): their choice, else the Slack locale cached with their profile,
    else the one looked up at their first contact (reply_locale)."""
    return profiles.language_facts(r, team_id=team_id, user_id=user_id).preferred


def reply_locale(
    r: redis.Redis,
    client: WebClient | None,
    *,
    team_id: str,
    user_id: str,
    now: datetime,
    within_seconds: float | None,
    per_minute: int = FIRST_CONTACT_LOOKUPS_PER_MINUTE,
) -> str:
    """The language of a reply to the person: person_locale, and when that knows nothing (no language
    chosen, no profile cached, no first-contact locale kept), their Slack locale asked first, if
    `within_seconds` is given. Only the locale is kept, for store.profiles.SLACK_LOCALE_TTL_SECONDS, so
    their next replies speak it too; an answer with no locale (someone users.info does not know) is kept as
    "" for as long, so they are not asked about again meanwhile. Slack gets `within_seconds` to connect and
    as long to answer, with no retry (slack.client.answering_within): a reply may be waiting inside Slack's
    ack window.

    Nothing is asked past the workspace's `per_minute`, while Slack asked to slow down, or after Slack
    failed; then "" (English). `now`: when the person's request came; a forget-me since then keeps the
    locale from being kept (store.profiles.save_slack_locale).
    """
    facts = profiles.language_facts(r, team_id=team_id, user_id=user_id)
    if not facts.unknown or within_seconds is None or client is None:
        return facts.preferred
    if not rate_limits.take_locale_lookup(r, team_id=team_id, per_minute=per_minute):
        return ""
    try:
        locale = lookups.slack_locale(answering_within(client, within_seconds), user_id=user_id)
    except Exception as error:
        if isinstance(error, SlackApiError) and error.response.get("error") == "user_not_found":
            locale = ""  # Slack does not know them (a guest from elsewhere): an answer all the same
        else:
            busy = slack_was_busy(error)
            if not (busy or isinstance(error, SlackApiError)):
                raise
            if busy:
                pause_lookups_after(r, team_id=team_id, error=error)
            logger.info("first-contact locale lookup failed team=%s error=%s", team_id, _named(error))
            return ""
    # Kept even when Slack gave no locale, so the person's next replies do not each ask again.
    profiles.save_slack_locale(r, team_id=team_id, user_id=user_id, locale=locale, asked_ms=to_ms(now))
    return locale


def pause_lookups_after(r: redis.Redis, *, team_id: str, error: BaseException) -> None:
    """No more users.info lookups that Slack is waited on for (first contacts, admin checks) in the workspace
    for a 429's Retry-After, or PAUSE_AFTER_FAILURE_SECONDS after Slack was slow or failing."""
    seconds = PAUSE_AFTER_FAILURE_SECONDS
    if isinstance(error, SlackApiError) and error.response.status_code == 429:
        seconds = _retry_after(error.response.headers)
    rate_limits.hold_locale_lookups(r, team_id=team_id, seconds=seconds)


def _named(error: BaseException) -> str:
    """A failed lookup as a log shows it: Slack's status and error, or the exception's type."""
    if isinstance(error, SlackApiError):
        return f"{error.response.status_code} {error.response.get('error')}"
    return type(error).__name__


def _retry_after(headers: dict[str, object]) -> int:
    """Slack's Retry-After in seconds (header names may come in any case), at most LONGEST_PAUSE_SECONDS;
    30 when missing or odd."""
    for name, value in (headers or {}).items():
        if name.lower() == "retry-after":
            try:
                return min(
                    LONGEST_PAUSE_SECONDS, max(1, int(str(value[0] if isinstance(value, list) else value)))
                )
            except ValueError:
                break
    return PAUSE_AFTER_FAILURE_SECONDS


def workspace_locale(r: redis.Redis, settings: Settings, *, team_id: str) -> str:
    """The language channel posts use (challenges, standings, boards, team breaks)."""
    return workspace_config.get(r, settings, team_id=team_id).language


def chosen(r: redis.Redis, *, team_id: str, user_id: str) -> str:
    """The language the person chose, or "" when glutes follows their Slack language."""
    return profiles.get_language(r, team_id=team_id, user_id=user_id)


def choose(r: redis.Redis, *, team_id: str, user_id: str, text: str) -> str:
    """Set the person's language from what they typed or picked; `auto` follows Slack's again.

    Returns the code (or `auto`); raises InputError naming the choices for anything else.
    """
    code = languages.parse(text)
    if code is None:
        raise InputError(
            N_('I don\'t speak "{typed}" yet. Pick one of: {choices}.'),
            typed=text.strip()[:30],
            choices=Listing(
                (
                    *(
                        Filled(LANGUAGE_CHOICE, (("code", c), ("name", name)))
                        for c, name in languages.NAMES.items()
                    ),
                    Phrase(N_("auto for your Slack language")),
                ),
                style="or",
            ),
        )
    profiles.set_language(r, team_id=team_id, user_id=user_id, code=None if code == languages.AUTO else code)
    return code
