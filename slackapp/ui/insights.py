"""The weekly picture (a DM, and on Home) and the workspace pulse (admins' Home, `/glutes pulse`, its CSV)."""

from __future__ import annotations

import csv
import io
from datetime import date, time
from typing import Any

from babel import numbers as babel_numbers
from slack_sdk.models.blocks import (
    Block,
    ButtonElement,
    ContextBlock,
    HeaderBlock,
    ImageBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)

from slackapp.domain import insights as rules
from slackapp.domain import levels
from slackapp.ids import ACTION_DIGEST_OFF, COMMAND
from slackapp.ui.i18n import N_, _, current, format_list, format_month_day, format_time, localized, nformat
from slackapp.ui.wording import NOT_MEDICAL_ADVICE

ALT_TEXT_MAX = 2000  # Slack's limit for an image block's alt_text

# One encouraging line per kind of week (domain.insights.mood): never a comparison that scolds.
MOOD_LINES = {
    "first": N_("A first week with breaks: a good start."),
    "more": N_("More breaks than the week before. Your glutes noticed."),
    "steady": N_("As many breaks as the week before: a steady rhythm."),
    "fewer": N_("Every week is different. One break today is a fine way to pick the rhythm up again."),
    "rest": N_("A quiet week. Whenever you're ready, one break is enough to start again."),
}

FEWER_THAN = N_("fewer than 5")


def _section(text: str) -> SectionBlock:
    return SectionBlock(text=MarkdownTextObject(text=text))


def _context(text: str) -> ContextBlock:
    return ContextBlock(elements=[MarkdownTextObject(text=text)])


def _breaks(count: int) -> str:
    return nformat("{count} break", "{count} breaks", count)


def _days(count: int) -> str:
    return nformat("on {count} day", "on {count} days", count)


# --- the weekly picture -----------------------------------------------------------------------------


@localized
def chart_title() -> str:
    return _("Breaks done per day, last 4 weeks")


@localized
def chart_alt_text(daily: tuple[tuple[date, int], ...]) -> str:
    """Every bar's number, for screen readers (within Slack's 2,000 characters)."""
    if not daily:
        return chart_title()
    days = format_list([f"{format_month_day(day)}: {count}" for day, count in daily])
    text = _("Breaks done per day from {first} to {last}: {days}.").format(
        first=format_month_day(daily[0][0]), last=format_month_day(daily[-1][0]), days=days
    )
    return text[:ALT_TEXT_MAX]


def _weeks_text(daily: tuple[tuple[date, int], ...]) -> str:
    """The fallback when there is no image: one line per week."""
    lines = []
    for start in range(0, len(daily), 7):
        week = daily[start : start + 7]
        lines.append(
            _("Week of {date}: {breaks}").format(
                date=format_month_day(week[0][0]), breaks=_breaks(sum(c for _, c in week))
            )
        )
    return "\n".join(lines)


def image_block(file_id: str, *, title: str, alt_text: str) -> ImageBlock:
    """An image of a file uploaded to Slack (slack_file by id: no public URL)."""
    return ImageBlock(
        slack_file={"id": file_id}, alt_text=alt_text, title=PlainTextObject(text=title, emoji=False)
    )


@localized
def digest_text(digest: rules.Digest) -> str:
    """The notification text of the weekly picture."""
    return _("Your week with glutes: {breaks} {days}.").format(
        breaks=_breaks(digest.last.done), days=_days(digest.last.days)
    )


@localized
def digest_blocks(digest: rules.Digest, file_id: str | None) -> list[Block]:
    """The weekly picture DM: last week against the one before, streak, usual hour, one kind line, the
    chart (the uploaded file, or text lines without one), a one-tap off and the not-advice line."""
    lines = [
        _("*Last week:* {breaks} {days}.").format(
            breaks=_breaks(digest.last.done), days=_days(digest.last.days)
        ),
        _("*The week before:* {breaks} {days}.").format(
            breaks=_breaks(digest.before.done), days=_days(digest.before.days)
        ),
        nformat("*Current streak:* {count} work day", "*Current streak:* {count} work days", digest.streak),
        _(":signal_strength: Level {level} of {max_level}").format(
            level=digest.level, max_level=levels.MAX_LEVEL
        ),
    ]
    if digest.top_hour is not None:
        lines.append(
            _("You most often take your break around {time}.").format(
                time=format_time(time(digest.top_hour, 0))
            )
        )
    blocks: list[Block] = [
        HeaderBlock(
            text=PlainTextObject(
                text=_("Your week of {date}").format(date=format_month_day(digest.week)), emoji=True
            )
        ),
        _section("\n".join(lines)),
        _section(_(MOOD_LINES[digest.mood])),
    ]
    if file_id:
        blocks.append(image_block(file_id, title=chart_title(), alt_text=chart_alt_text(digest.daily)))
    else:
        blocks.append(_section(f"{chart_title()}\n```{_weeks_text(digest.daily)}```"))
    blocks.append(
        SectionBlock(
            text=MarkdownTextObject(
                text=_("Only you see this. Turn it off here or with `{command} digest off`.").format(
                    command=COMMAND
                )
            ),
            accessory=ButtonElement(
                text=PlainTextObject(text=_("Turn off weekly picture"), emoji=True),
                action_id=ACTION_DIGEST_OFF,
                value="off",
            ),
        )
    )
    blocks.append(_context(_(NOT_MEDICAL_ADVICE)))
    return blocks


@localized
def home_picture_blocks(digest: rules.Digest | None, file_id: str | None) -> list[Block]:
    """The weekly picture on Home: the image when there is one (else nothing: the text chart stays)."""
    if digest is None or not file_id:
        return []
    return [image_block(file_id, title=chart_title(), alt_text=chart_alt_text(digest.daily))]


@localized
def digest_set(on: bool) -> dict[str, Any]:
    """The answer to `/glutes digest on|off` and to the DM's off button."""
    if on:
        text = _(
            ":frame_with_picture: Your weekly picture is on: it comes on your first work morning of the week."
        )
    else:
        text = _(
            ":white_check_mark: Your weekly picture is off. Turn it back on with `{command} digest on`."
        ).format(command=COMMAND)
    return {"text": text}


# --- the workspace pulse ----------------------------------------------------------------------------


def _count(value: int | None) -> str:
    return str(value) if value is not None else _(FEWER_THAN)


@localized
def pulse_chart_title() -> str:
    return _("Active people per week, last 8 weeks")


@localized
def pulse_alt_text(pulse: rules.Pulse) -> str:
    weeks = format_list([f"{format_month_day(w.week)}: {_count(w.active)}" for w in pulse.weeks])
    return _("Active people per week: {weeks}.").format(weeks=weeks)[:ALT_TEXT_MAX]


def _share(pulse: rules.Pulse) -> str:
    share = pulse.share
    if share is None:
        return ""
    percent = babel_numbers.format_percent(share, locale=current().babel_locale)
    return " " + _("({percent} of the workspace's members)").format(percent=percent)


def _week_line(week: rules.PulseWeek) -> str:
    when = format_month_day(week.week)
    if week.active is None:
        return _("Week of {date}: fewer than 5 active people").format(date=when)
    return _("Week of {date}: {active} active, {done}, {rate} per active person per work day").format(
        date=when, active=week.active, done=_breaks(week.done or 0), rate=week.done_per_person_day
    )


def _cohort_line(cohort: rules.Cohort) -> str:
    started = nformat("Started {count} week ago", "Started {count} weeks ago", cohort.weeks_ago)
    if cohort.started is None:
        return _("{started}: fewer than 5 people").format(started=started)
    if cohort.withheld:
        return _(
            "{started}: {total} people; how many are still active is not shown, so no one is singled out"
        ).format(started=started, total=cohort.started)
    return _("{started}: {active} of {total} still active").format(
        started=started, active=_count(cohort.still_active), total=cohort.started
    )


@localized
def pulse_blocks(pulse: rules.Pulse, file_id: str | None) -> list[Block]:
    """The pulse for admins: counts only, each over 5 people or more, or "fewer than 5"."""
    blocks: list[Block] = [
        HeaderBlock(text=PlainTextObject(text=_("Workspace pulse"), emoji=True)),
        _context(
            _(
                "Anonymous: every figure covers at least 5 people or says “fewer than 5”. "
                "Weeks show once they are over."
            )
        ),
        _section(
            _("*People with breaks on:* {count}").format(count=_count(pulse.opted_in))
            + _share(pulse)
            + "\n"
            + _("*People in a running challenge:* {count}").format(count=_count(pulse.challenge_people))
        ),
        _section("\n".join(_week_line(w) for w in pulse.weeks)),
        _section(
            _("*Still active in the latest week*") + "\n" + "\n".join(_cohort_line(c) for c in pulse.cohorts)
        ),
    ]
    if file_id:
        blocks.append(image_block(file_id, title=pulse_chart_title(), alt_text=pulse_alt_text(pulse)))
    blocks.append(_context(_("The weekly figures as a file: `{command} pulse csv`").format(command=COMMAND)))
    return blocks


@localized
def pulse_text() -> str:
    return _("Workspace pulse")


CSV_COLUMNS = (
    "week_start",
    "active_people",
    "breaks_done",
    "breaks_per_active_person_work_day",
    "active_person_days",
)


def pulse_csv(pulse: rules.Pulse) -> str:
    """The weekly aggregates as CSV (machine-readable English headers); a hidden figure is the text
    "fewer than 5", as on Home."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for week in pulse.weeks:
        if week.active is None:
            writer.writerow([week.week.isoformat(), "fewer than 5", "", "", ""])
        else:
            writer.writerow(
                [week.week.isoformat(), week.active, week.done, week.done_per_person_day, week.person_days]
            )
    return out.getvalue()


@localized
def pulse_csv_comment() -> str:
    return _("The workspace's weekly figures. A week with fewer than 5 active people shows no numbers.")


@localized
def pulse_csv_sent() -> dict[str, Any]:
    return {"text": _(":bar_chart: I'm sending you the weekly figures as a CSV file, in a DM.")}
