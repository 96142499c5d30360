"""Channel challenge messages: the announcement, the join reply, daily and final standings, team breaks."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    InputBlock,
    MarkdownTextObject,
    PlainTextInputElement,
    PlainTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from slackapp.domain.challenge import (
    DEFAULT_TITLE,
    MAX_DAYS,
    MAX_TITLE_LENGTH,
    MIN_DAYS,
    Challenge,
    day_number,
    length_days,
    podium,
)
from slackapp.domain.exercises import Exercise
from slackapp.domain.ranking import Ranked
from slackapp.domain.text import without_hidden_controls
from slackapp.ids import (
    ACTION_CHALLENGE_INPUT,
    ACTION_CHALLENGE_JOIN,
    ACTION_TEAM_BREAK_HURTS,
    ACTION_TEAM_BREAK_JOIN,
    BLOCK_CHALLENGE_DAYS,
    BLOCK_CHALLENGE_TITLE,
    VIEW_CHALLENGE_START,
)
from slackapp.ui.break_card import hurts_button
from slackapp.ui.i18n import _, format_list, format_month_day, localized, nformat
from slackapp.ui.leaderboard import escape, header, row_blocks, sections, tie_rule_block
from slackapp.ui.wording import NOT_MEDICAL_ADVICE, STOP_IF_IT_HURTS

# Daily standings list this many rows; the final post names only the podium.
STANDINGS_TOP = 10


def shown_title(ch: Challenge) -> str:
    """The challenge's title; the default one (kept in English) in the reader's language. A title someone
    typed is shown as typed, never looked up in a catalog, less any bidi or zero-width controls (a title
    stored before they were stripped on the way in)."""
    return _(DEFAULT_TITLE) if ch.title == DEFAULT_TITLE else without_hidden_controls(ch.title)


@localized
def short_date(day: date) -> str:
    """A date like "Nov 25"; the year is left out because challenges last at most 90 days."""
    return format_month_day(day)  # Babel: "Nov 25", "25. Nov.", "11月25日"


@localized
def date_range(ch: Challenge, date_label: Callable[[date], str] | None = None) -> str:
    """The challenge's dates like "Nov 25 – Dec 8", or one date for a one-day challenge."""
    label = date_label or short_date
    if ch.starts_on == ch.ends_on:
        return label(ch.starts_on)
    return f"{label(ch.starts_on)} – {label(ch.ends_on)}"


def _join_button(ch: Challenge) -> ActionsBlock:
    return ActionsBlock(
        elements=[
            ButtonElement(
                text=PlainTextObject(text=_("Join the challenge"), emoji=True),
                action_id=ACTION_CHALLENGE_JOIN,
                value=ch.challenge_id,
                style="primary",
            )
        ]
    )


@localized
def announcement(ch: Challenge, *, date_label: Callable[[date], str] | None = None) -> dict[str, Any]:
    """Return message kwargs (text, blocks) announcing a challenge: title, dates, rules and a Join button."""
    days = length_days(ch)
    dates = date_range(ch, date_label)
    title = escape(shown_title(ch))
    intro = nformat(
        "<@{started_by}> started a {count}-day glute challenge in this channel: *{title}*, {dates}.",
        "<@{started_by}> started a {count}-day glute challenge in this channel: *{title}*, {dates}.",
        days,
        started_by=ch.started_by,
        title=title,
        dates=dates,
    )
    rules = _(
        "*How it works*\n"
        "• Every *Done* on a break card during the challenge counts one point.\n"
        "• Standings are posted here every day.\n"
        "• The top three are named when it ends.\n"
        "• Joining turns on your break reminders, so the cards come to you."
    )
    blocks: list[Block] = [
        header(_(":trophy: {title}").format(title=shown_title(ch))),
        SectionBlock(text=MarkdownTextObject(text=intro)),
        SectionBlock(text=MarkdownTextObject(text=rules)),
        _join_button(ch),
        ContextBlock(elements=[MarkdownTextObject(text=_(NOT_MEDICAL_ADVICE))]),
    ]
    return {
        "text": _("New glute challenge: {title}, {dates}. Tap Join to take part.").format(
            title=title, dates=dates
        ),
        "blocks": blocks,
    }


@localized
def joined_reply(ch: Challenge, *, turned_on: bool, already: bool, paused: bool = False) -> str:
    """Ephemeral mrkdwn after a Join tap: whether they were already in and if reminders were turned on
    (or, for someone whose cards are paused, how to resume them)."""
    title = escape(shown_title(ch))
    until = short_date(ch.ends_on)
    if already:
        first = _("You're already in *{title}*. Every Done until {until} counts.").format(
            title=title, until=until
        )
    else:
        first = _(":tada: You're in *{title}*! Every Done until {until} counts one point.").format(
            title=title, until=until
        )
    if paused:
        second = _(
            "Your break cards are paused after your self-test answer; `/glutes resume` starts them "
            "when you feel ready."
        )
    elif turned_on:
        second = _("I turned your break reminders on, so cards will arrive during your work hours.")
    else:
        second = _("Your break reminders are on, so just tap Done on the next card.")
    return f"{first} {second}"


@localized
def standings(
    ch: Challenge, rows: list[Ranked], *, today: date, channel_total: int, final: bool = False
) -> dict[str, Any]:
    """Return message kwargs (text, blocks): "Day 3 of 14" standings, or when final the podium and total."""
    title = escape(shown_title(ch))
    days = length_days(ch)
    total = nformat("{count} break", "{count} breaks", channel_total)
    if final:
        return _final(ch, rows, title=title, days=days, total=total)
    day_label = _("Day {day_number} of {days}").format(day_number=day_number(ch, today), days=days)
    blocks: list[Block] = [header(f"{shown_title(ch)}: {day_label}")]
    if rows:
        blocks.extend(row_blocks(rows[:STANDINGS_TOP]))
    else:
        blocks.extend(sections([_("No points yet. Tap *Done* on your next break card to get on the board.")]))
    blocks.extend(sections([_("Together this channel has done {total} so far.").format(total=total)]))
    blocks.append(tie_rule_block())
    blocks.append(_join_button(ch))
    return {
        "text": _("{title}, {day_label}: the channel has done {total} so far.").format(
            title=title, day_label=day_label, total=total
        ),
        "blocks": blocks,
    }


def _final(ch: Challenge, rows: list[Ranked], *, title: str, days: int, total: str) -> dict[str, Any]:
    top = podium(rows)
    blocks: list[Block] = [header(_(":trophy: {title}: final results").format(title=shown_title(ch)))]
    if top:
        blocks.extend(sections([_("*On the podium*")]))
        blocks.extend(row_blocks(top))
        names = format_list([f"<@{row.user_id}>" for row in top])
        text = _("{title} is over! On the podium: {names}. The channel did {total}.").format(
            title=title, names=names, total=total
        )
    else:
        blocks.extend(sections([_("Nobody logged a break this time. There's always the next challenge.")]))
        text = _("{title} is over. The channel did {total}.").format(title=title, total=total)
    blocks.extend(
        sections(
            [
                _("The whole channel did *{total}* in {plural}.").format(
                    total=total, plural=nformat("{count} day", "{count} days", days)
                ),
                _(":clap: Thanks, everyone who got up and moved. Your glutes thank you too."),
            ]
        )
    )
    if top:
        blocks.append(tie_rule_block())
    return {"text": text, "blocks": blocks}


@localized
def team_break(
    ch: Challenge,
    *,
    exercise_name: str,
    how: str,
    dose: str = "",
    cue: str = "",
    seated: Exercise | None = None,
) -> dict[str, Any]:
    """Return message kwargs (text, blocks) for a channel-wide break: the move with its dose and squeeze
    cue, its seated version for anyone in a chair, the stop-if-it-hurts line and an "I did it" button."""
    title = escape(shown_title(ch))
    blocks: list[Block] = [header(_(":stopwatch: Team break now!"))]
    exercise_name, how, dose, cue = _(exercise_name), _(how), _(dose), _(cue)  # the move's marked text
    blocks.extend(sections([f"*{exercise_name}*", how]))
    if dose or cue:
        lines = ([_(":repeat: *{dose}*").format(dose=dose)] if dose else []) + (
            [_(":point_right: {cue}").format(cue=cue)] if cue else []
        )
        blocks.extend(sections(["\n".join(lines)]))
    if seated is not None:
        blocks.extend(sections([seated_version_text(seated)]))
    blocks.extend(
        sections([_(":raised_hand: {stop_if_it_hurts}").format(stop_if_it_hurts=_(STOP_IF_IT_HURTS))])
    )
    blocks.append(
        ActionsBlock(
            elements=[
                ButtonElement(
                    text=PlainTextObject(text=_("I did it"), emoji=True),
                    action_id=ACTION_TEAM_BREAK_JOIN,
                    value=ch.challenge_id,
                    style="primary",
                ),
                hurts_button(ACTION_TEAM_BREAK_HURTS, ch.challenge_id),
            ]
        )
    )
    blocks.append(
        ContextBlock(
            elements=[
                MarkdownTextObject(
                    text=_(
                        "Part of *{title}*. Do the move, standing or seated, then tap *I did it*, "
                        "or *It hurts* if it does."
                    ).format(title=title)
                ),
                MarkdownTextObject(text=_(NOT_MEDICAL_ADVICE)),
            ]
        )
    )
    return {
        "text": _("Team break now: {exercise_name}. Tap I did it when you're done.").format(
            exercise_name=exercise_name
        ),
        "blocks": blocks,
    }


@localized
def seated_version_text(seated: Exercise) -> str:
    """The seated version of a team break: its name, how-to, dose and squeeze cue."""
    return _(":chair: *Seated version: {name}*\n{how}\n:repeat: *{dose}*\n:point_right: {cue}").format(
        name=_(seated.name), how=_(seated.how), dose=_(seated.dose), cue=_(seated.cue)
    )


@localized
def team_break_count_line(count: int) -> str:
    """The line under a team break saying how many people have done it so far."""
    if count <= 0:
        return _("Nobody yet. Be the first to tap *I did it*.")
    if count == 1:
        return _(":muscle: 1 person has done this one.")
    return _(":muscle: {count} people have done this one.").format(count=count)


@localized
def start_modal(channel_id: str) -> View:
    """The admin's "start a challenge" form for the channel it was opened from (kept in private_metadata)."""
    return View(
        type="modal",
        callback_id=VIEW_CHALLENGE_START,
        private_metadata=channel_id,
        # Translators: a Slack modal title: at most 24 characters.
        title=PlainTextObject(text=_("Start a challenge")),
        submit=PlainTextObject(text=_("Start")),
        close=PlainTextObject(text=_("Cancel")),
        blocks=[
            SectionBlock(
                text=MarkdownTextObject(
                    text=_(
                        "A challenge runs in <#{channel_id}>: every Done by someone who joins counts "
                        "one point, "
                        "standings are posted daily, and the top three are named at the end."
                    ).format(channel_id=channel_id)
                )
            ),
            InputBlock(
                block_id=BLOCK_CHALLENGE_DAYS,
                label=PlainTextObject(text=_("How many days?")),
                element=PlainTextInputElement(action_id=ACTION_CHALLENGE_INPUT, initial_value="14"),
                hint=PlainTextObject(
                    text=_("{min_days} to {max_days}").format(min_days=MIN_DAYS, max_days=MAX_DAYS)
                ),
            ),
            InputBlock(
                block_id=BLOCK_CHALLENGE_TITLE,
                label=PlainTextObject(text=_("Title")),
                element=PlainTextInputElement(
                    action_id=ACTION_CHALLENGE_INPUT,
                    placeholder=PlainTextObject(text=_(DEFAULT_TITLE)),
                    max_length=MAX_TITLE_LENGTH,
                ),
                optional=True,
            ),
        ],
    )


@localized
def parse_start_modal(state_values: dict[str, Any]) -> str:
    """The modal's answers as the words after `/glutes challenge start` ("14 Spring Glute Reset")."""

    def value(block_id: str) -> str:
        field = (state_values.get(block_id) or {}).get(ACTION_CHALLENGE_INPUT) or {}
        return str(field.get("value") or "").strip()

    return f"{value(BLOCK_CHALLENGE_DAYS)} {value(BLOCK_CHALLENGE_TITLE)}".strip()
