"""One person's state as a reply shows it, read in one pipelined round trip.

A `/glutes status` reply and an answered break card need the person, the workspace's settings, the cached
profile (time zone, language), the history of Dones and the day's skips; the card's answer first needs the
card and the person's challenges too. Each read alone was a round trip of its own (seven for a status
reply, fourteen for a Done); here they share one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

import redis
from redis.client import Pipeline

from slackapp.config import Settings
from slackapp.store import cards, keys, people, profiles, stats, workspace_config
from slackapp.store.scripts import LuaScript, run_in_one_step
from slackapp.store.workspace_config import WorkspaceConfig


@dataclass(frozen=True)
class PersonState:
    person: people.Person
    config: WorkspaceConfig
    profile: profiles.Profile | None
    language: str  # the language they chose, "" = Slack's
    slack_locale: str = ""  # Slack's locale from their first contact (no profile cached), "" = none
    done_by_day: dict[date, int] = field(default_factory=dict)  # empty unless read with history
    sent_days: set[date] = field(default_factory=set)
    skips: str | None = None
    skipped_earlier: dict[str, str] = field(default_factory=dict)
    card: cards.Card | None = None  # only when read with a break id
    challenge_ids: frozenset[str] = frozenset()  # only when read with challenges
    uses_home: bool = False  # only when read with home: whether they opened the App Home

    @property
    def tz(self) -> str:
        """The person's cached time zone (UTC when no profile is cached)."""
        return self.profile.tz if self.profile else "UTC"

    @property
    def locale(self) -> str:
        """The language to speak to them, as flows.language.person_locale gives it; "" when nothing is
        known (no choice, no profile, no first-contact locale), so a reply asks the request's language
        (listeners.middleware: a first contact asks Slack). A profile without a locale means English."""
        found = self.language or (self.profile.locale if self.profile else "") or self.slack_locale
        return found or ("en" if self.profile is not None else "")

    def skipped_on(self, day: date) -> int:
        return stats.skipped_from(self.skips, self.skipped_earlier, day)


# Every read a reply needs, in one command: redis-py spends more CPU queuing, sending and parsing nine
# commands of a pipeline (and turning each HGETALL into a dict in Python) than the server does running
# them. KEYS are read in order, ARGV[i] saying how: GET, HGETALL, SMEMBERS, or SISMEMBER of the member
# after the last of them. Read-only; a missing key reads as nil (GET) or empty.
_READ = LuaScript("""
local member = ARGV[#KEYS + 1]
local out = {}
for i, key in ipairs(KEYS) do
  if ARGV[i] == 'SISMEMBER' then
    out[i] = redis.call('SISMEMBER', key, member)
  else
    out[i] = redis.call(ARGV[i], key)
  end
end
return out
""")


def read(
    r: redis.Redis,
    settings: Settings,
    *,
    team_id: str,
    user_id: str,
    history: bool = True,
    break_id: str | None = None,
    challenges: bool = False,
    home: bool = False,
) -> PersonState:
    """The person's state in one round trip: with `history` their Dones, card days and skips; with a
    `break_id` that card; with `challenges` the ids of the challenges they joined; with `home` whether
    they use the App Home (so a change knows whether to republish it)."""

    def fill(pipe: Pipeline) -> Callable[[Iterator[Any]], PersonState]:
        return queue(
            pipe,
            settings,
            team_id=team_id,
            user_id=user_id,
            history=history,
            break_id=break_id,
            challenges=challenges,
            home=home,
        )

    replies, parse = run_in_one_step(r, fill, _READ)
    return parse(iter(replies))


def queue(
    pipe: Pipeline,
    settings: Settings,
    *,
    team_id: str,
    user_id: str,
    history: bool = True,
    break_id: str | None = None,
    challenges: bool = False,
    home: bool = False,
) -> Callable[[Iterator[Any]], PersonState]:
    """read()'s script queued on a caller's pipeline (run it with scripts.run_in_one_step, which loads it
    if the server lacks it); returns how to read its reply. Behind a write script, call read() first (as
    answer_card does): then the server knows this script, and the write never runs a second time."""
    reads = [
        (keys.user(team_id, user_id), "HGETALL"),
        (keys.settings(team_id), "HGETALL"),
        (keys.profile(team_id, user_id), "HGETALL"),
        (keys.language(team_id, user_id), "GET"),
        (keys.slack_locale(team_id, user_id), "GET"),
    ]
    if history:
        reads += stats.history_reads(team_id=team_id, user_id=user_id)
        reads += stats.skips_reads(team_id=team_id, user_id=user_id)
    if break_id is not None:
        reads.append((keys.card(team_id, user_id, break_id), "HGETALL"))
    if challenges:
        reads.append((keys.user_challenges(team_id, user_id), "SMEMBERS"))
    if home:
        reads.append((keys.home_seen(team_id), "SISMEMBER"))
    _READ.queue(pipe, keys=[key for key, _ in reads], args=[how for _, how in reads] + [user_id])
    hashes = [how == "HGETALL" for _, how in reads]

    def parse(replies: Iterator[Any]) -> PersonState:
        values = [
            _as_hash(value) if is_hash else value
            for value, is_hash in zip(next(replies), hashes, strict=True)
        ]
        return _parse(iter(values), settings, user_id, history, break_id, challenges, home)

    return parse


def _as_hash(flat: list[Any]) -> dict[Any, Any]:
    """HGETALL's reply from a script (field, value, field, value, ...) as redis-py gives it: a dict."""
    pairs = iter(flat)
    return dict(zip(pairs, pairs, strict=True))


def _parse(
    replies: Iterator[Any],
    settings: Settings,
    user_id: str,
    history: bool,
    break_id: str | None,
    challenges: bool,
    home: bool,
) -> PersonState:
    person, config, profile, language = next(replies), next(replies), next(replies), next(replies)
    found = PersonState(
        person=people.from_stored(user_id, person),
        config=workspace_config.from_stored(settings, config),
        profile=profiles.from_stored(profile, language),
        language=language or "",
        slack_locale=next(replies) or "",
    )
    extra: dict[str, object] = {}
    if history:
        done_by, sent = stats.history_from(next(replies), next(replies), next(replies))
        extra.update(done_by_day=done_by, sent_days=sent, skips=next(replies), skipped_earlier=next(replies))
    if break_id is not None:
        extra["card"] = cards.from_stored(break_id, next(replies))
    if challenges:
        extra["challenge_ids"] = frozenset(next(replies))
    if home:
        extra["uses_home"] = bool(next(replies))
    return replace(found, **extra) if extra else found  # type: ignore[arg-type]
