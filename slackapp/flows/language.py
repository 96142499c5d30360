"""Which language to speak to a person or a channel, and changing it.

A person: the language they chose (`/glutes language`, Home), else their Slack locale (users.info with
include_locale, cached with the profile), else English. A channel post: the workspace's default
language an admin set. Values are raw codes (`de-DE`, `pt_BR`); ui.i18n negotiates them.
"""

from __future__ import annotations

import redis

from slackapp.config import Settings
from slackapp.domain import languages
from slackapp.domain.errors import InputError
from slackapp.domain.text import N_, Listing, Phrase
from slackapp.store import profiles, workspace_config


def person_locale(r: redis.Redis, *, team_id: str, user_id: str) -> str:
    """From Redis only (never users.info): their choice, else the Slack locale cached with their profile,
    else the one looked up at their first contact (store.profiles.save_slack_locale)."""
    return profiles.language_facts(r, team_id=team_id, user_id=user_id).preferred


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
                    *(f"{c} ({name})" for c, name in languages.NAMES.items()),
                    Phrase(N_("auto for your Slack language")),
                ),
                style="or",
            ),
        )
    profiles.set_language(r, team_id=team_id, user_id=user_id, code=None if code == languages.AUTO else code)
    return code
