"""Moves a workspace's admins add: what one holds, the checks it must pass, and how it becomes a card's move.

A workspace move is an Exercise whose key starts with KEY_PREFIX; it has one level (its own dose), carries
the stop-if-it-hurts line and "Added by your workspace" on every card (ui/), and joins the rotation only
for people whose move preference allows its position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, get_args

from slackapp.domain.exercises import SEATED_LIBRARY, Exercise
from slackapp.domain.text import N_

KEY_PREFIX = "ws_"
Position = Literal["standing", "seated", "floor"]
POSITIONS: tuple[Position, ...] = get_args(Position)
POSITION_LABELS: dict[Position, str] = {
    "standing": N_("Standing"),
    "seated": N_("Seated (from a chair or a wheelchair)"),
    "floor": N_("Floor"),
}
NO_SEATED_VERSION = "none"
SEATED_VERSIONS: tuple[str, ...] = tuple(m.key for m in SEATED_LIBRARY)
ReportReason = Literal["unclear", "unsafe"]
REPORT_REASONS: tuple[ReportReason, ...] = get_args(ReportReason)

# Lengths that keep a card readable (and far inside Block Kit's limits).
MAX_NAME = 40
MAX_HOW = 400
MAX_DOSE = 60
MAX_CUE = 160
MAX_MOVES = 20

# Slack mrkdwn that could ping, link or hide text: <@U…>, <!here>, <http…|…>, and the bare @channel/@here.
_SLACK_MARKUP = re.compile(r"<[^>]*>|@(?:channel|here|everyone)\b|[<>]", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@dataclass(frozen=True)
class WorkspaceMove:
    """One move an admin added: its words, its position, its seated version (a library key, or None)."""

    move_id: str
    name: str
    how: str
    dose: str
    cue: str
    position: Position
    seated_version: str | None = None
    paused: bool = False

    @property
    def key(self) -> str:
        return KEY_PREFIX + self.move_id


@dataclass(frozen=True)
class MoveInput:
    """What the admin typed, before the checks."""

    name: str
    how: str
    dose: str
    cue: str
    position: str
    seated_version: str


def is_workspace_key(key: str) -> bool:
    return key.startswith(KEY_PREFIX)


def _text_problem(text: str, limit: int) -> str | None:
    if not text:
        return N_("Please fill this in.")
    if len(text) > limit:
        return N_("Please keep this shorter.")
    if _SLACK_MARKUP.search(text) or _CONTROL.search(text):
        return N_("Plain words only: no links, mentions, @channel or angle brackets.")
    return None


def check(entered: MoveInput, *, move_id: str) -> WorkspaceMove | dict[str, str]:
    """The move, or the problems by field (name, how, dose, cue, position, seated_version)."""
    fields = {
        "name": (entered.name.strip(), MAX_NAME),
        "how": (entered.how.strip(), MAX_HOW),
        "dose": (entered.dose.strip(), MAX_DOSE),
        "cue": (entered.cue.strip(), MAX_CUE),
    }
    problems = {name: p for name, (text, limit) in fields.items() if (p := _text_problem(text, limit))}
    if "\n" in fields["name"][0] or "\n" in fields["dose"][0]:
        problems.setdefault(
            "name" if "\n" in fields["name"][0] else "dose", N_("Please keep this to one line.")
        )
    if entered.position not in POSITIONS:
        problems["position"] = N_("Pick standing, seated or floor.")
    seated_version = entered.seated_version or NO_SEATED_VERSION
    if entered.position != "seated" and seated_version not in (*SEATED_VERSIONS, NO_SEATED_VERSION):
        problems["seated_version"] = N_("Pick one of the seated moves, or none.")
    if problems:
        return problems
    return WorkspaceMove(
        move_id=move_id,
        name=fields["name"][0],
        how=fields["how"][0],
        dose=fields["dose"][0],
        cue=fields["cue"][0],
        position=entered.position,  # type: ignore[arg-type]
        seated_version=None
        if entered.position == "seated" or seated_version == NO_SEATED_VERSION
        else seated_version,
    )


def as_exercise(move: WorkspaceMove) -> Exercise:
    """The move as a card shows it (its text is the admin's own, so the ui does not translate it)."""
    return Exercise(
        key=move.key,
        name=move.name,
        emoji=":office:",
        how=move.how,
        dose=move.dose,
        cue=move.cue,
        needs_floor=move.position == "floor",
        seated=move.position == "seated",
        seated_alternative=move.seated_version,
    )


def allowed_for(moves: list[WorkspaceMove], preference: str) -> list[Exercise]:
    """The active moves a person's preference allows: seated ones for seated, standing ones for standing,
    standing and floor ones for floor."""
    fits = {"seated": ("seated",), "standing": ("standing",), "floor": ("standing", "floor")}.get(
        preference, ("standing",)
    )
    return [as_exercise(m) for m in moves if not m.paused and m.position in fits]
