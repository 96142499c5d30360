"""The App Home tab (status, rhythm, numbers, self-test, FAQ, admin summary) and the rhythm-editing modal."""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

from slack_sdk.models.blocks import (
    Block,
    ButtonElement,
    CheckboxesElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    PlainTextObject,
    SectionBlock,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from slackapp.domain import rhythm
from slackapp.flows.results import AdminSummary, HomeData
from slackapp.ids import (
    ACTION_HOME_EDIT,
    ACTION_HOME_TOGGLE,
    ACTION_OPEN_ADMIN,
    ACTION_OPEN_SELFTEST,
    ACTION_PREFS_DAYS,
    ACTION_PREFS_HOURS,
    ACTION_PREFS_INTERVAL,
    BLOCK_PREFS_DAYS,
    BLOCK_PREFS_HOURS,
    BLOCK_PREFS_INTERVAL,
    VIEW_PREFS,
)
from slackapp.ui import faq, insights, language, preferences, progress, selftest, when, workspace_moves
from slackapp.ui import pause as pause_ui
from slackapp.ui.i18n import _, format_month_day, localized, nformat, weekday_name
from slackapp.ui.wording import NOT_MEDICAL_ADVICE

SECTION_TEXT_MAX = 3000

# Up to this many breaks a day each get one block; busier weeks are scaled down to this width.
BAR_WIDTH = 12
BAR_CHAR = "▇"

_DAY_VALUES = frozenset(str(day) for day in range(7))


def _escape(text: str) -> str:
    # Challenge names and labels can be typed by people; stop them being read as links or mentions.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _section(text: str, accessory: ButtonElement | None = None) -> SectionBlock:
    return SectionBlock(text=MarkdownTextObject(text=text), accessory=accessory)


def _button(text: str, action_id: str, value: str, style: str | None = None) -> ButtonElement:
    return ButtonElement(
        text=PlainTextObject(text=text, emoji=True), action_id=action_id, value=value, style=style
    )


_ENGLISH_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _local_day(label: str) -> str:
    return weekday_name(_ENGLISH_DAYS.index(label), "abbreviated") if label in _ENGLISH_DAYS else label


@localized
def bar_chart(days: tuple[tuple[str, int], ...]) -> str:
    """Monospace lines like "Mon ▇▇▇          3": one block per break, scaled only past BAR_WIDTH."""
    if not days:
        return _("No days to show yet.")
    top = max(max(count for _, count in days), 1)
    # A fixed scale keeps a quiet week looking quiet; scaling down only kicks in when a bar would overflow.
    scale = max(top, BAR_WIDTH)
    # flows label the days with English abbreviations; shown as the locale's (Babel's) own.
    days = tuple((_local_day(label), count) for label, count in days)
    label_width = max(len(label) for label, _ in days)
    lines = []
    for label, count in days:
        length = 0 if count <= 0 else max(1, math.ceil(count * BAR_WIDTH / scale))
        lines.append(f"{label:<{label_width}} {BAR_CHAR * length:<{BAR_WIDTH}} {count}")
    return "\n".join(lines)


def _status_blocks(data: HomeData) -> list[Block]:
    if data.paused:
        return pause_ui.home_status_blocks()
    if data.opted_in:
        status = _(":large_green_circle: *Breaks are on*")
        toggle = _button(_("Turn breaks off"), ACTION_HOME_TOGGLE, "off")
        if data.snoozed_until_label:
            when = _(":zzz: Snoozed until {snoozed_until_label}.").format(
                snoozed_until_label=data.snoozed_until_label
            )
        elif data.next_break_label:
            when = _(":alarm_clock: Next break at {next_break_label}.").format(
                next_break_label=data.next_break_label
            )
        else:
            when = _(":alarm_clock: No break scheduled right now; the next one comes in your work hours.")
    else:
        status = _(":white_circle: *Breaks are off*")
        toggle = _button(_("Turn breaks on"), ACTION_HOME_TOGGLE, "on", style="primary")
        when = _(
            "Turn them on to get a one-minute glute move every {interval_label} in your work hours."
        ).format(interval_label=data.interval_label)
    return [_section(f"{status}\n{when}", accessory=toggle)]


def _rhythm_block(data: HomeData) -> SectionBlock:
    text = _(
        "*Your rhythm*\n{hours_label}, {days_label}, every {interval_label}\nTime zone: {escape}"
    ).format(
        hours_label=data.hours_label,
        days_label=data.days_label,
        interval_label=data.interval_label,
        escape=_escape(data.tz),
    )
    return _section(text, accessory=_button(_("Edit"), ACTION_HOME_EDIT, "edit"))


def _numbers_block(data: HomeData) -> SectionBlock:
    week = nformat("{count} break", "{count} breaks", data.week_done)
    if data.week_rank is not None:
        week += _(" · #{week_rank} this week").format(week_rank=data.week_rank)
    elif not data.on_boards:
        week += _(" · not on the team board")
    return SectionBlock(
        fields=[
            MarkdownTextObject(
                text=_("*Today*\n{breaks}").format(
                    breaks=nformat("{count} break", "{count} breaks", data.today_done)
                )
            ),
            MarkdownTextObject(text=_("*This week*\n{week}").format(week=week)),
            MarkdownTextObject(
                text=_("*Streak*\n{days}").format(days=nformat("{count} day", "{count} days", data.streak))
            ),
            MarkdownTextObject(
                text=_("*Best streak*\n{plural}").format(
                    plural=nformat("{count} day", "{count} days", data.best_streak)
                )
            ),
        ]
    )


def _admin_blocks(admin: AdminSummary) -> list[Block]:
    # Each live count covers at least 5 people or is not shown (flows/results.AdminSummary says why).
    if admin.opted_in is None:
        head = _(
            "*Admin*\n• Fewer than 5 people have breaks on\n"
            "• Breaks done this week: shown once 5 or more people have taken one\n"
        )
    elif admin.breaks_this_week is None:
        head = _(
            "*Admin*\n• {plural} breaks on\n"
            "• Breaks done this week: shown once 5 or more people have taken one\n"
        ).format(plural=nformat("{count} person has", "{count} people have", admin.opted_in))
    else:
        head = _("*Admin*\n• {plural} breaks on\n• {plural2} done this week\n").format(
            plural=nformat("{count} person has", "{count} people have", admin.opted_in),
            plural2=nformat("{count} break", "{count} breaks", admin.breaks_this_week),
        )
    if admin.running_challenges:
        text = head + _("*Running challenges*")
        for index, challenge in enumerate(admin.running_challenges):
            line = f"\n• {_escape(challenge)}"
            more = _("\n…and {value} more").format(value=len(admin.running_challenges) - index)
            # Stop early with a count rather than overflow the section limit.
            if len(text) + len(line) + len(more) > SECTION_TEXT_MAX:
                text += more
                break
            text += line
    else:
        text = head + _("No challenge running.")
    return [
        DividerBlock(),
        _section(text, accessory=_button(_("Workspace settings"), ACTION_OPEN_ADMIN, "admin")),
        *workspace_moves.admin_blocks(admin.own_moves),
    ]


@localized
def _in_this_language(data: HomeData) -> HomeData:
    """The labels flows made, written again from their values in the render's language (ui.when)."""
    tz, now = data.tz, data.now
    if now is not None and data.start_minute is not None and data.end_minute is not None:
        data = replace(
            data,
            next_break_label=when.time_label(data.next_break, tz, now) if data.next_break else None,
            snoozed_until_label=when.time_label(data.snoozed_until, tz, now) if data.snoozed_until else None,
            hours_label=when.hours_label(data.start_minute, data.end_minute),
            days_label=when.days_label(data.days or ()),
            interval_label=when.duration_label(data.interval)
            if data.interval and not data.marks
            else data.interval_label,
        )
    if data.admin is not None and data.admin.running:
        running = tuple(
            _("<#{channel}>: {title} (ends {date})").format(
                channel=channel, title=title, date=format_month_day(ends_on)
            )
            for channel, title, ends_on in data.admin.running
        )
        data = replace(data, admin=replace(data.admin, running_challenges=running))
    return data


def home_view(data: HomeData) -> View:
    """The Home tab for one person; admins also get the workspace summary and a settings button."""
    data = _in_this_language(data)
    blocks: list[Block] = [HeaderBlock(text=PlainTextObject(text=_(":peach: glutes"), emoji=True))]
    blocks.extend(_status_blocks(data))
    blocks.append(_rhythm_block(data))
    blocks.extend(preferences.choice_blocks(moves=data.moves, shown=data.on_boards))
    blocks.append(language.picker_block(data.language))
    blocks.append(DividerBlock())
    blocks.append(_numbers_block(data))
    blocks.append(_section(_("*Your level*\n{line}").format(line=progress.level_line(data.level))))
    blocks.append(
        _section(_("*Last 7 days*\n```\n{escape}\n```").format(escape=_escape(bar_chart(data.last7))))
    )
    # The weekly picture's image when it was uploaded; the text chart above stays as the fallback.
    blocks.extend(insights.home_picture_blocks(data.picture, data.picture_file))
    blocks.append(DividerBlock())
    blocks.append(
        _section(
            _("*Self-test*") + f"\n{selftest.summary_line(data.last_selftest)}",
            accessory=_button(_("Take the self-test"), ACTION_OPEN_SELFTEST, "home"),
        )
    )
    blocks.append(DividerBlock())
    # The Home tab ends with its own caveat, so the FAQ's copy would only repeat it.
    blocks.extend(block for block in faq.faq_blocks() if not isinstance(block, ContextBlock))
    blocks.extend(faq.about_blocks())
    if data.admin is not None:
        blocks.extend(_admin_blocks(data.admin))
        if data.pulse is not None:
            blocks.extend(insights.pulse_blocks(data.pulse, data.pulse_file))
    blocks.append(DividerBlock())
    blocks.append(ContextBlock(elements=[MarkdownTextObject(text=_(NOT_MEDICAL_ADVICE))]))
    return View(type="home", blocks=blocks)


def _day_option(day: int) -> Option:
    return Option(value=str(day), label=weekday_name(day, "abbreviated"))


def _interval_option(minutes: int) -> Option:
    return Option(value=str(minutes), label=_("{minutes} min").format(minutes=minutes))


def _marks_option(marks: tuple[int, ...]) -> Option:
    return Option(
        value=rhythm.marks_value(marks),
        # Translators: a choice in the break-rhythm menu; {marks} is minutes past the hour, e.g. ":25 / :55".
        label=_("At {marks} past each hour").format(marks=rhythm.format_marks(marks)),
    )


def _clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


@localized
def prefs_modal(
    *,
    start_minute: int,
    end_minute: int,
    days: frozenset[int],
    interval_minutes: int,
    marks: tuple[int, ...] = (),
) -> View:
    """The modal for editing work hours, days and interval (or clock-aligned minutes), prefilled with the
    current values."""
    day_options = [_day_option(day) for day in range(7)]
    chosen = [option for day, option in enumerate(day_options) if day in days]
    # The modal offers the grid only, so an interval off it opens at the nearest choice.
    interval_options = [_interval_option(minutes) for minutes in rhythm.INTERVAL_CHOICES]
    initial_interval = interval_options[
        rhythm.INTERVAL_CHOICES.index(rhythm.nearest_interval_choice(interval_minutes))
    ]
    # Clock-aligned breaks sit next to the intervals: one menu, one rhythm.
    mark_options = [_marks_option(choice) for choice in rhythm.mark_choices(marks)]
    if marks:
        initial_interval = mark_options[rhythm.mark_choices(marks).index(marks)]
    interval_options += mark_options
    blocks: list[Block] = [
        InputBlock(
            block_id=BLOCK_PREFS_HOURS,
            label=PlainTextObject(text=_("Work hours")),
            element=PlainTextInputElement(
                action_id=ACTION_PREFS_HOURS,
                # An ASCII hyphen so the text round-trips through the same parser as `/glutes hours`.
                initial_value=f"{_clock(start_minute)}-{_clock(end_minute)}",
                placeholder=PlainTextObject(text="08:30-17:00"),
            ),
            hint=PlainTextObject(text=_("24-hour, e.g. 08:30-17:00")),
        ),
        InputBlock(
            block_id=BLOCK_PREFS_DAYS,
            label=PlainTextObject(text=_("Work days")),
            # Slack rejects an empty initial_options list, so leave it out when no day is chosen.
            element=CheckboxesElement(
                action_id=ACTION_PREFS_DAYS, options=day_options, initial_options=chosen or None
            ),
        ),
        InputBlock(
            block_id=BLOCK_PREFS_INTERVAL,
            label=PlainTextObject(text=_("Time between breaks")),
            element=StaticSelectElement(
                action_id=ACTION_PREFS_INTERVAL,
                options=interval_options,
                initial_option=initial_interval,
            ),
        ),
        ContextBlock(
            elements=[MarkdownTextObject(text=_("Breaks only come on your work days, within these hours."))]
        ),
    ]
    return View(
        type="modal",
        callback_id=VIEW_PREFS,
        # Translators: a Slack modal title: at most 24 characters.
        title=PlainTextObject(text=_("Your break rhythm")),
        submit=PlainTextObject(text=_("Save")),
        close=PlainTextObject(text=_("Cancel")),
        blocks=blocks,
    )


def _action(state_values: Any, block_id: str, action_id: str) -> dict:
    block = state_values.get(block_id) if isinstance(state_values, dict) else None
    action = block.get(action_id) if isinstance(block, dict) else None
    return action if isinstance(action, dict) else {}


@localized
def parse_prefs(state_values: dict) -> tuple[str, frozenset[int], str]:
    """(raw hours text, chosen weekdays, raw interval text) from view.state.values; missing reads as empty."""
    hours = _action(state_values, BLOCK_PREFS_HOURS, ACTION_PREFS_HOURS).get("value")
    selected = _action(state_values, BLOCK_PREFS_DAYS, ACTION_PREFS_DAYS).get("selected_options")
    days: set[int] = set()
    for option in selected if isinstance(selected, list) else []:
        value = option.get("value") if isinstance(option, dict) else None
        if value in _DAY_VALUES:
            days.add(int(value))
    interval_option = _action(state_values, BLOCK_PREFS_INTERVAL, ACTION_PREFS_INTERVAL).get(
        "selected_option"
    )
    interval = interval_option.get("value") if isinstance(interval_option, dict) else None
    return (
        hours if isinstance(hours, str) else "",
        frozenset(days),
        interval if isinstance(interval, str) else "",
    )
