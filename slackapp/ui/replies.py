"""Ephemeral answers to `/glutes` subcommands: each names what changed and when the next break is."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from slackapp.flows.results import Overview
from slackapp.ids import COMMAND
from slackapp.ui import progress, when
from slackapp.ui.i18n import _, localized, nformat

Reply = dict[str, Any]


def _when(view: Overview, now: datetime) -> str:
    """A sentence: "Your next break is at *2:50 PM*.", that cards are paused, or that none is scheduled."""
    if view.paused:
        return _(":pause_button: Your cards are paused. `{command} resume` starts them again.").format(
            command=COMMAND
        )
    if view.next_break is None:
        return _("No break is scheduled.")
    return _("Your next break is at *{local_time_label}*.").format(
        local_time_label=when.time_label(view.next_break, view.rhythm.tz, now)
    )


def _rhythm(view: Overview) -> str:
    hours = view.rhythm.hours
    return _("every {format_duration}, {format_hours} {format_days} ({tz})").format(
        format_duration=when.rhythm_label(view.rhythm),
        format_hours=when.hours_label(hours.start_minute, hours.end_minute),
        format_days=when.days_label(hours.days),
        tz=view.rhythm.tz,
    )


@localized
def turned_on(view: Overview, *, already: bool, now: datetime, welcomed: bool = True) -> Reply:
    """`welcomed`: the welcome DM went out now (only the first time someone turns breaks on)."""
    if already:
        return {"text": _(":muscle: Your breaks are already on. {when}").format(when=_when(view, now))}
    dm = _(" I've sent you a DM with the details.") if welcomed else ""
    return {
        "text": _(":muscle: Breaks are on, {rhythm}. {when}{dm}").format(
            rhythm=_rhythm(view), when=_when(view, now), dm=dm
        )
    }


@localized
def turned_off(*, was_on: bool) -> Reply:
    if not was_on:
        return {
            "text": _("Your breaks were already off. `{command} on` starts them.").format(command=COMMAND)
        }
    return {
        "text": _(":zzz: Breaks are off; no more cards. `{command} on` brings them back any time.").format(
            command=COMMAND
        )
    }


@localized
def status(view: Overview, now: datetime) -> Reply:
    state = _("*on*") if view.opted_in else _("*off*")
    lines = [_("Breaks are {state}, {rhythm}.").format(state=state, rhythm=_rhythm(view))]
    if view.opted_in:
        if view.snoozed_until is not None and not view.paused:
            lines.append(
                _("Snoozed until *{local_time_label}*.").format(
                    local_time_label=when.time_label(view.snoozed_until, view.rhythm.tz, now)
                )
            )
        else:
            lines.append(_when(view, now))
    else:
        lines.append(_("`{command} on` starts them.").format(command=COMMAND))
    lines.append(
        _("Today: {plural} done").format(plural=nformat("{count} break", "{count} breaks", view.today_done))
        + (
            _(", {today_skipped} skipped").format(today_skipped=view.today_skipped)
            if view.today_skipped
            else ""
        )
        + _(". Streak: {plural} (best {best_streak}).").format(
            plural=nformat("{count} day", "{count} days", view.streak),
            best_streak=view.best_streak,
        )
    )
    lines.append(progress.level_line(view.level))
    return {"text": "\n".join(lines)}


@localized
def snoozed(view: Overview, now: datetime) -> Reply:
    return {
        "text": _(":sleeping: Snoozed. {when} `{command} resume` ends the snooze early.").format(
            when=_when(view, now), command=COMMAND
        )
    }


@localized
def resumed(view: Overview, *, was_snoozed: bool, now: datetime) -> Reply:
    if not was_snoozed:
        return {"text": _("You weren't snoozed. {when}").format(when=_when(view, now))}
    return {"text": _(":arrow_forward: Snooze over. {when}").format(when=_when(view, now))}


@localized
def hours_set(view: Overview, now: datetime) -> Reply:
    hours = view.rhythm.hours
    text = _(":clock9: Work hours set to {format_hours}, {format_days} ({tz}).").format(
        format_hours=when.hours_label(hours.start_minute, hours.end_minute),
        format_days=when.days_label(hours.days),
        tz=view.rhythm.tz,
    )
    return {"text": text + (f" {_when(view, now)}" if view.opted_in else "")}


@localized
def interval_set(view: Overview, now: datetime) -> Reply:
    text = _(":stopwatch: Breaks now come every {format_duration}.").format(
        format_duration=when.rhythm_label(view.rhythm)
    )
    return {"text": text + (f" {_when(view, now)}" if view.opted_in else "")}
