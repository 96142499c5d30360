"""Workspace moves: an admin adds, pauses or removes one; delivery offers the active ones a person's
preference allows; anyone reports one as unclear or unsafe from a card, and admins see the counts."""

from __future__ import annotations

import redis

from slackapp.domain import exercises
from slackapp.domain import workspace_moves as rules
from slackapp.domain.errors import InputError
from slackapp.domain.exercises import Exercise
from slackapp.domain.text import N_
from slackapp.store import workspace_moves as store

# A card whose workspace move was removed since still answers (its Done counts); it shows this name.
_REMOVED = Exercise(
    key=rules.KEY_PREFIX + "removed",
    name=N_("A workspace move"),
    emoji=":office:",
    how="",
    dose="",
    cue="",
    needs_floor=False,
)


def add(r: redis.Redis, *, team_id: str, entered: rules.MoveInput) -> rules.WorkspaceMove | dict[str, str]:
    """Check and save a new move (admins only: the listener's middleware checks); problems by field."""
    checked = rules.check(entered, move_id=store.new_id())
    if isinstance(checked, dict):
        return checked
    if store.count(r, team_id=team_id) >= rules.MAX_MOVES:
        return {"name": N_("Your workspace has as many moves as it can hold; remove one first.")}
    store.save(r, team_id=team_id, move=checked)
    return checked


def manage(r: redis.Redis, *, team_id: str, value: str) -> None:
    """The admin Home's pause / resume / remove of one move ("<verb>:<move id>")."""
    verb, _, move_id = value.partition(":")
    if verb == "remove":
        store.remove(r, team_id=team_id, move_id=move_id[:16])
    elif verb in ("pause", "resume"):
        store.set_paused(r, team_id=team_id, move_id=move_id[:16], paused=verb == "pause")


def active(r: redis.Redis, *, team_id: str) -> list[rules.WorkspaceMove]:
    """Every move the workspace added (delivery reads them once per batch and filters per person)."""
    return store.all_moves(r, team_id=team_id)


def exercise_for(r: redis.Redis, *, team_id: str, key: str) -> Exercise | None:
    """The library move, or the workspace's own move, a card was sent with."""
    if not rules.is_workspace_key(key):
        return exercises.by_key(key)
    move = store.get(r, team_id=team_id, move_id=key.removeprefix(rules.KEY_PREFIX))
    return rules.as_exercise(move) if move else _REMOVED


def report(r: redis.Redis, *, team_id: str, value: str) -> None:
    """Count a report ("<unclear|unsafe>:<move id>") for the admins; who sent it is not kept."""
    reason, _, move_id = value.partition(":")
    if reason not in rules.REPORT_REASONS or store.get(r, team_id=team_id, move_id=move_id[:16]) is None:
        raise InputError(
            N_("That move is no longer in your workspace's rotation, so there is nothing to report.")
        )
    store.add_report(r, team_id=team_id, move_id=move_id[:16], reason=reason)


def for_admins(r: redis.Redis, *, team_id: str) -> tuple[tuple[rules.WorkspaceMove, int, int], ...]:
    """Each move with its unclear and unsafe report counts, for the admin Home."""
    counts = store.reports(r, team_id=team_id)
    return tuple(
        (m, counts.get((m.move_id, "unclear"), 0), counts.get((m.move_id, "unsafe"), 0))
        for m in store.all_moves(r, team_id=team_id)
    )
