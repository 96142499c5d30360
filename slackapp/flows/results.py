"""What use cases hand back: typed results that ui/ renders. Pure data, importing only domain/.

ui/ may import this module (and no other part of flows/), so a result type never drags storage or
Slack calls into rendering code.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal, get_args

from slackapp.domain.exercises import Exercise
from slackapp.domain.insights import Digest, Pulse
from slackapp.domain.models import Rhythm
from slackapp.domain.selftest import SelfTestResult
from slackapp.domain.workspace_moves import WorkspaceMove

# What a click on a break card's Done / Snooze / Skip did.
CardKind = Literal["done", "snoozed", "skipped", "already_done", "already_skipped", "expired", "opted_out"]
CARD_KINDS: tuple[str, ...] = get_args(CardKind)


@dataclass(frozen=True)
class LevelView:
    """A person's level as they alone see it (Home, status): never on boards or posts."""

    level: int = 1
    days_to_offer: int | None = None  # more days of practice before the next offer; 0 = waiting now
    offers_stopped: bool = False  # after pain: no offers until they step up themselves


@dataclass(frozen=True)
class OfferAnswer:
    """What a tap on a card's step-up offer did: "accepted", "stayed", or "no_offer" (none was waiting)."""

    kind: str
    level: int
    exercise: Exercise
    break_id: str


@dataclass(frozen=True)
class FeedbackAnswer:
    """What a Too easy / Just right / Too hard tap did: the answer kept (or "already"), the level now,
    whether it stepped down, and a step-up offer it brought forward."""

    kind: str
    level: int
    stepped_down: bool = False
    offer: int | None = None
    locale: str | None = None


@dataclass(frozen=True)
class Overview:
    """Everything a status reply shows about one person."""

    opted_in: bool
    rhythm: Rhythm
    next_break: datetime | None
    snoozed_until: datetime | None
    today_done: int
    today_skipped: int
    streak: int
    best_streak: int
    paused: bool = False  # cards held after a pain answer until the person resumes
    locale: str | None = None  # the person's language as read with the rest (None: not read; look it up)
    level: LevelView = LevelView()


@dataclass(frozen=True)
class CardResult:
    """What a click on a card did, with the numbers the updated card shows."""

    kind: CardKind
    exercise: Exercise
    today_done: int = 0
    streak: int = 0
    next_break: datetime | None = None
    tz: str = "UTC"
    locale: str | None = None  # the person's language as read with the rest (None: not read; look it up)
    uses_home: bool | None = None  # whether they opened the App Home, read with the rest (None: not read)


@dataclass(frozen=True)
class AdminSummary:
    """Workspace numbers only admins see; challenges read like "#general: Spring Glute Reset (ends Dec 9)"."""

    # Live counts, each shown only when it covers at least 5 people (None: "fewer than 5"), as the pulse's:
    # an admin who refreshes Home must not watch one person's opt-in or Done arrive.
    opted_in: int | None
    breaks_this_week: int | None  # None while fewer than 5 people have a break done this week
    running_challenges: tuple[str, ...]
    # No count of paused people: the only reason for a pause is pain, so in a team of any size the count
    # (or its change the day after a team break) tells an admin who reported pain.
    # The same challenges as (channel id, title, last day), for the ui to write in the reader's language.
    running: tuple[tuple[str, str, date], ...] = ()
    # The workspace's own moves, each with its unclear and unsafe report counts.
    own_moves: tuple[tuple[WorkspaceMove, int, int], ...] = ()


@dataclass(frozen=True)
class HomeData:
    """Everything the Home tab shows for one person, already formatted for display where it's text."""

    opted_in: bool
    next_break_label: str | None
    snoozed_until_label: str | None
    hours_label: str
    days_label: str
    interval_label: str
    tz: str
    today_done: int
    week_done: int
    week_rank: int | None
    streak: int
    best_streak: int
    last7: tuple[tuple[str, int], ...]
    last_selftest: SelfTestResult | None
    admin: AdminSummary | None
    paused: bool = False  # the person's cards are paused (only they see this)
    moves: str = "standing"  # the person's move preference
    level: LevelView = LevelView()  # their level: shown to them alone
    on_boards: bool = False  # said yes to being shown on team boards
    language: str = ""  # the language the person chose ("" = their Slack language)
    # The values behind the labels above, for the ui to write in the reader's language (ui.when).
    now: datetime | None = None
    next_break: datetime | None = None
    snoozed_until: datetime | None = None
    start_minute: int | None = None
    end_minute: int | None = None
    days: frozenset[int] | None = None
    interval: timedelta | None = None
    marks: tuple[int, ...] = ()  # clock-aligned breaks (minutes past the hour); interval_label shows them
    # The weekly picture (its chart file in Slack, when uploaded) and, for admins, the workspace pulse.
    picture: Digest | None = None
    picture_file: str | None = None
    pulse: Pulse | None = None
    pulse_file: str | None = None
