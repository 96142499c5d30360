"""Ephemeral answers to `/glutes` subcommands: each names what changed and when the next break is."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from slackapp.domain import schedule, timespec
from slackapp.flows.results import Overview
from slackapp.ids import COMMAND

Reply = dict[str, Any]


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _when(view: Overview, now: datetime) -> str:
    """A sentence: "Your next break is at *2:50 PM*.", that cards are paused, or that none is scheduled."""
    if view.paused:
        return f":pause_button: Your cards are paused. `{COMMAND} resume` starts them again."
    if view.next_break is None:
        return "No break is scheduled."
    return f"Your next break is at *{schedule.local_time_label(view.next_break, view.rhythm.tz, now)}*."


def _rhythm(view: Overview) -> str:
    hours = view.rhythm.hours
    return (
        f"every {timespec.format_duration(view.rhythm.interval)}, "
        f"{timespec.format_hours(hours.start_minute, hours.end_minute)} {timespec.format_days(hours.days)} "
        f"({view.rhythm.tz})"
    )


def turned_on(view: Overview, *, already: bool, now: datetime, welcomed: bool = True) -> Reply:
    """`welcomed`: the welcome DM went out now (only the first time someone turns breaks on)."""
    if already:
        return {"text": f":muscle: Your breaks are already on. {_when(view, now)}"}
    dm = " I've sent you a DM with the details." if welcomed else ""
    return {"text": f":muscle: Breaks are on, {_rhythm(view)}. {_when(view, now)}{dm}"}


def turned_off(*, was_on: bool) -> Reply:
    if not was_on:
        return {"text": f"Your breaks were already off. `{COMMAND} on` starts them."}
    return {"text": f":zzz: Breaks are off; no more cards. `{COMMAND} on` brings them back any time."}


def status(view: Overview, now: datetime) -> Reply:
    state = "*on*" if view.opted_in else "*off*"
    lines = [f"Breaks are {state}, {_rhythm(view)}."]
    if view.opted_in:
        if view.snoozed_until is not None and not view.paused:
            lines.append(
                f"Snoozed until *{schedule.local_time_label(view.snoozed_until, view.rhythm.tz, now)}*."
            )
        else:
            lines.append(_when(view, now))
    else:
        lines.append(f"`{COMMAND} on` starts them.")
    lines.append(
        f"Today: {_plural(view.today_done, 'break')} done"
        + (f", {view.today_skipped} skipped" if view.today_skipped else "")
        + f". Streak: {_plural(view.streak, 'day')} (best {view.best_streak})."
    )
    return {"text": "\n".join(lines)}


def snoozed(view: Overview, now: datetime) -> Reply:
    return {"text": f":sleeping: Snoozed. {_when(view, now)} `{COMMAND} resume` ends the snooze early."}


def resumed(view: Overview, *, was_snoozed: bool, now: datetime) -> Reply:
    if not was_snoozed:
        return {"text": f"You weren't snoozed. {_when(view, now)}"}
    return {"text": f":arrow_forward: Snooze over. {_when(view, now)}"}


def hours_set(view: Overview, now: datetime) -> Reply:
    hours = view.rhythm.hours
    text = (
        f":clock9: Work hours set to {timespec.format_hours(hours.start_minute, hours.end_minute)}, "
        f"{timespec.format_days(hours.days)} ({view.rhythm.tz})."
    )
    return {"text": text + (f" {_when(view, now)}" if view.opted_in else "")}


def interval_set(view: Overview, now: datetime) -> Reply:
    text = f":stopwatch: Breaks now come every {timespec.format_duration(view.rhythm.interval)}."
    return {"text": text + (f" {_when(view, now)}" if view.opted_in else "")}
