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
from slackapp.ids import (
    ACTION_CHALLENGE_INPUT,
    ACTION_CHALLENGE_JOIN,
    ACTION_TEAM_BREAK_JOIN,
    BLOCK_CHALLENGE_DAYS,
    BLOCK_CHALLENGE_TITLE,
    VIEW_CHALLENGE_START,
)
from slackapp.ui.leaderboard import escape, header, row_blocks, sections, tie_rule_block
from slackapp.ui.wording import NOT_MEDICAL_ADVICE, STOP_IF_IT_HURTS

# Daily standings list this many rows; the final post names only the podium.
STANDINGS_TOP = 10

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _plural(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count == 1 else plural}"


def short_date(day: date) -> str:
    """A date like "Nov 25"; the year is left out because challenges last at most 90 days."""
    return f"{_MONTHS[day.month - 1]} {day.day}"


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
                text=PlainTextObject(text="Join the challenge", emoji=True),
                action_id=ACTION_CHALLENGE_JOIN,
                value=ch.challenge_id,
                style="primary",
            )
        ]
    )


def announcement(ch: Challenge, *, date_label: Callable[[date], str] | None = None) -> dict[str, Any]:
    """Return message kwargs (text, blocks) announcing a challenge: title, dates, rules and a Join button."""
    days = length_days(ch)
    dates = date_range(ch, date_label)
    title = escape(ch.title)
    intro = f"<@{ch.started_by}> started a {days}-day glute challenge in this channel: *{title}*, {dates}."
    rules = (
        "*How it works*\n"
        "• Every *Done* on a break card during the challenge counts one point.\n"
        "• Standings are posted here every day.\n"
        "• The top three are named when it ends.\n"
        "• Joining turns on your break reminders, so the cards come to you."
    )
    blocks: list[Block] = [
        header(f":trophy: {ch.title}"),
        SectionBlock(text=MarkdownTextObject(text=intro)),
        SectionBlock(text=MarkdownTextObject(text=rules)),
        _join_button(ch),
        ContextBlock(elements=[MarkdownTextObject(text=NOT_MEDICAL_ADVICE)]),
    ]
    return {"text": f"New glute challenge: {title}, {dates}. Tap Join to take part.", "blocks": blocks}


def joined_reply(ch: Challenge, *, turned_on: bool, already: bool, paused: bool = False) -> str:
    """Ephemeral mrkdwn after a Join tap: whether they were already in and if reminders were turned on
    (or, for someone whose cards are paused, how to resume them)."""
    title = escape(ch.title)
    until = short_date(ch.ends_on)
    if already:
        first = f"You're already in *{title}*. Every Done until {until} counts."
    else:
        first = f":tada: You're in *{title}*! Every Done until {until} counts one point."
    if paused:
        second = (
            "Your break cards are paused after your self-test answer; `/glutes resume` starts them "
            "when you feel ready."
        )
    elif turned_on:
        second = "I turned your break reminders on, so cards will arrive during your work hours."
    else:
        second = "Your break reminders are on, so just tap Done on the next card."
    return f"{first} {second}"


def standings(
    ch: Challenge, rows: list[Ranked], *, today: date, channel_total: int, final: bool = False
) -> dict[str, Any]:
    """Return message kwargs (text, blocks): "Day 3 of 14" standings, or when final the podium and total."""
    title = escape(ch.title)
    days = length_days(ch)
    total = _plural(channel_total, "break", "breaks")
    if final:
        return _final(ch, rows, title=title, days=days, total=total)
    day_label = f"Day {day_number(ch, today)} of {days}"
    blocks: list[Block] = [header(f"{ch.title}: {day_label}")]
    if rows:
        blocks.extend(row_blocks(rows[:STANDINGS_TOP]))
    else:
        blocks.extend(sections(["No points yet. Tap *Done* on your next break card to get on the board."]))
    blocks.extend(sections([f"Together this channel has done {total} so far."]))
    blocks.append(tie_rule_block())
    blocks.append(_join_button(ch))
    return {"text": f"{title}, {day_label}: the channel has done {total} so far.", "blocks": blocks}


def _final(ch: Challenge, rows: list[Ranked], *, title: str, days: int, total: str) -> dict[str, Any]:
    top = podium(rows)
    blocks: list[Block] = [header(f":trophy: {ch.title}: final results")]
    if top:
        blocks.extend(sections(["*On the podium*"]))
        blocks.extend(row_blocks(top))
        names = ", ".join(f"<@{row.user_id}>" for row in top)
        text = f"{title} is over! On the podium: {names}. The channel did {total}."
    else:
        blocks.extend(sections(["Nobody logged a break this time. There's always the next challenge."]))
        text = f"{title} is over. The channel did {total}."
    blocks.extend(
        sections(
            [
                f"The whole channel did *{total}* in {_plural(days, 'day', 'days')}.",
                ":clap: Thanks, everyone who got up and moved. Your glutes thank you too.",
            ]
        )
    )
    if top:
        blocks.append(tie_rule_block())
    return {"text": text, "blocks": blocks}


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
    title = escape(ch.title)
    blocks: list[Block] = [header(":stopwatch: Team break now!")]
    blocks.extend(sections([f"*{exercise_name}*", how]))
    if dose or cue:
        lines = ([f":repeat: *{dose}*"] if dose else []) + ([f":point_right: {cue}"] if cue else [])
        blocks.extend(sections(["\n".join(lines)]))
    if seated is not None:
        blocks.extend(sections([seated_version_text(seated)]))
    blocks.extend(sections([f":raised_hand: {STOP_IF_IT_HURTS}"]))
    blocks.append(
        ActionsBlock(
            elements=[
                ButtonElement(
                    text=PlainTextObject(text="I did it", emoji=True),
                    action_id=ACTION_TEAM_BREAK_JOIN,
                    value=ch.challenge_id,
                    style="primary",
                )
            ]
        )
    )
    blocks.append(
        ContextBlock(
            elements=[
                MarkdownTextObject(
                    text=f"Part of *{title}*. Do the move, standing or seated, then tap *I did it*."
                ),
                MarkdownTextObject(text=NOT_MEDICAL_ADVICE),
            ]
        )
    )
    return {"text": f"Team break now: {exercise_name}. Tap I did it when you're done.", "blocks": blocks}


def seated_version_text(seated: Exercise) -> str:
    """The seated version of a team break: its name, how-to, dose and squeeze cue."""
    return (
        f":chair: *Seated version: {seated.name}*\n{seated.how}\n"
        f":repeat: *{seated.dose}*\n:point_right: {seated.cue}"
    )


def team_break_count_line(count: int) -> str:
    """The line under a team break saying how many people have done it so far."""
    if count <= 0:
        return "Nobody yet. Be the first to tap *I did it*."
    if count == 1:
        return ":muscle: 1 person has done this one."
    return f":muscle: {count} people have done this one."


def start_modal(channel_id: str) -> View:
    """The admin's "start a challenge" form for the channel it was opened from (kept in private_metadata)."""
    return View(
        type="modal",
        callback_id=VIEW_CHALLENGE_START,
        private_metadata=channel_id,
        title=PlainTextObject(text="Start a challenge"),
        submit=PlainTextObject(text="Start"),
        close=PlainTextObject(text="Cancel"),
        blocks=[
            SectionBlock(
                text=MarkdownTextObject(
                    text=f"A challenge runs in <#{channel_id}>: every Done by someone who joins counts "
                    "one point, standings are posted daily, and the top three are named at the end."
                )
            ),
            InputBlock(
                block_id=BLOCK_CHALLENGE_DAYS,
                label=PlainTextObject(text="How many days?"),
                element=PlainTextInputElement(action_id=ACTION_CHALLENGE_INPUT, initial_value="14"),
                hint=PlainTextObject(text=f"{MIN_DAYS} to {MAX_DAYS}"),
            ),
            InputBlock(
                block_id=BLOCK_CHALLENGE_TITLE,
                label=PlainTextObject(text="Title"),
                element=PlainTextInputElement(
                    action_id=ACTION_CHALLENGE_INPUT,
                    placeholder=PlainTextObject(text=DEFAULT_TITLE),
                    max_length=MAX_TITLE_LENGTH,
                ),
                optional=True,
            ),
        ],
    )


def parse_start_modal(state_values: dict[str, Any]) -> str:
    """The modal's answers as the words after `/glutes challenge start` ("14 Spring Glute Reset")."""

    def value(block_id: str) -> str:
        field = (state_values.get(block_id) or {}).get(ACTION_CHALLENGE_INPUT) or {}
        return str(field.get("value") or "").strip()

    return f"{value(BLOCK_CHALLENGE_DAYS)} {value(BLOCK_CHALLENGE_TITLE)}".strip()
