"""Leaderboard messages: the on-demand board (optionally shareable) and the automatic weekly channel post."""

from __future__ import annotations

from datetime import date
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)

from slackapp.domain.ranking import TIE_RULE, Period, Ranked
from slackapp.domain.text import without_hidden_controls
from slackapp.ids import ACTION_SHARE_BOARD, COMMAND
from slackapp.ui.i18n import N_, _, format_month_day, localized, nformat

# Words that finish "Breaks done …" and "No breaks done yet …" for each board period.
PERIOD_LABELS: dict[Period, str] = {
    "week": N_("this week"),
    "month": N_("this month"),
    "all": N_("since glutes arrived"),
}

WEEKLY_TOP = 10
# Far more rows than any board shows; keeps a careless caller inside Slack's 50-block message limit.
MAX_ROWS = 100
_SECTION_LIMIT = 3000
_HEADER_LIMIT = 150

_MEDALS = {1: ":first_place_medal:", 2: ":second_place_medal:", 3: ":third_place_medal:"}


@localized
def escape(text: str) -> str:
    """text made literal for mrkdwn: &, < and > become entities so nothing turns into a mention or link."""
    return without_hidden_controls(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@localized
def header(text: str) -> HeaderBlock:
    """A header block whose text is cut to Slack's 150-character limit."""
    shown = text if len(text) <= _HEADER_LIMIT else text[: _HEADER_LIMIT - 1] + "…"
    return HeaderBlock(text=PlainTextObject(text=shown, emoji=True))


@localized
def row_line(row: Ranked) -> str:
    """One mrkdwn board line: "🥇 1. <@U1> — 12 breaks · 🔥 4-day streak" (no medal below third)."""
    medal = _MEDALS.get(row.rank)
    place = f"{medal} {row.rank}." if medal else f"{row.rank}."
    breaks = nformat("{count} break", "{count} breaks", row.done)
    line = f"{place} <@{row.user_id}> — {breaks}"
    if row.streak > 0:
        line += _(" · :fire: {streak}-day streak").format(streak=row.streak)
    return line


@localized
def sections(lines: list[str]) -> list[Block]:
    """Lines packed into as few section blocks as fit Slack's 3000-character section text limit."""
    blocks: list[Block] = []
    chunk: list[str] = []
    size = 0
    for line in lines:
        line = line if len(line) <= _SECTION_LIMIT else line[: _SECTION_LIMIT - 1] + "…"
        if chunk and size + 1 + len(line) > _SECTION_LIMIT:
            blocks.append(SectionBlock(text=MarkdownTextObject(text="\n".join(chunk))))
            chunk, size = [], 0
        size += len(line) + (1 if chunk else 0)
        chunk.append(line)
    if chunk:
        blocks.append(SectionBlock(text=MarkdownTextObject(text="\n".join(chunk))))
    return blocks


@localized
def row_blocks(rows: list[Ranked]) -> list[Block]:
    """Section blocks listing rows, with a "…and N more" line past MAX_ROWS."""
    lines = [row_line(row) for row in rows[:MAX_ROWS]]
    if len(rows) > MAX_ROWS:
        lines.append(_("…and {value} more.").format(value=len(rows) - MAX_ROWS))
    return sections(lines)


@localized
def tie_rule_block() -> ContextBlock:
    """The context line that explains how ties are ordered, shown under every board."""
    return ContextBlock(elements=[MarkdownTextObject(text=_(TIE_RULE))])


@localized
def board(
    *,
    title: str,
    period_label: str,
    rows: list[Ranked],
    asker_row: Ranked | None,
    shareable: bool,
    share_value: str = "",
) -> dict[str, Any]:
    """Return message kwargs (text, blocks): title, ranked lines or empty state, the asker, the tie rule."""
    title, period_label = _(title), _(period_label)  # marked constants, translated here
    blocks: list[Block] = [
        header(_(":trophy: {title}").format(title=title)),
        ContextBlock(
            elements=[
                MarkdownTextObject(text=_("Breaks done {period_label}").format(period_label=period_label))
            ]
        ),
    ]
    if rows:
        blocks.extend(row_blocks(rows))
        text = _("{title}: {plural} on the board {period_label}.").format(
            title=title,
            plural=nformat("{count} person", "{count} people", len(rows)),
            period_label=period_label,
        )
    else:
        empty = _("No breaks done yet {period_label}. Be the first: `{command} on`.").format(
            period_label=period_label, command=COMMAND
        )
        blocks.append(SectionBlock(text=MarkdownTextObject(text=empty)))
        text = f"{title}: {empty}"
    if asker_row is not None:
        blocks.append(DividerBlock())
        blocks.append(
            SectionBlock(
                text=MarkdownTextObject(text=_("You: {row_line}").format(row_line=row_line(asker_row)))
            )
        )
    blocks.append(tie_rule_block())
    if shareable:
        blocks.append(
            ActionsBlock(
                elements=[
                    ButtonElement(
                        text=PlainTextObject(text=_("Share in channel"), emoji=True),
                        action_id=ACTION_SHARE_BOARD,
                        # Slack rejects an empty button value, so an empty one is left off.
                        value=share_value or None,
                    )
                ]
            )
        )
    return {"text": text, "blocks": blocks}


@localized
def week_label(week_start: date | None) -> str:
    """ "Week of Nov 23" (the month and day as the locale writes them), or "This week"."""
    if week_start is None:
        return _("This week")
    return _("Week of {date}").format(date=format_month_day(week_start))


@localized
def weekly_post(*, week_label: str, rows: list[Ranked]) -> dict[str, Any]:
    """Return message kwargs (text, blocks) for the automatic weekly post: top 10 and a nudge to join."""
    title = _("This week's glute board")
    shown = rows[:WEEKLY_TOP]
    blocks: list[Block] = [
        header(_(":trophy: {title}").format(title=title)),
        ContextBlock(elements=[MarkdownTextObject(text=week_label)]),
    ]
    if shown:
        blocks.extend(row_blocks(shown))
        leader = shown[0]
        text = _("{title}: {plural} moved, led by <@{user_id}> with {plural2}.").format(
            title=title,
            plural=nformat("{count} person", "{count} people", len(rows)),
            user_id=leader.user_id,
            plural2=nformat("{count} break", "{count} breaks", leader.done),
        )
    else:
        empty = _("Nobody logged a break this week. A fresh week starts Monday.")
        blocks.append(SectionBlock(text=MarkdownTextObject(text=empty)))
        text = f"{title}: {empty}"
    nudge = _("Want on the board? Type `{command} on` and every *Done* on your break cards counts.").format(
        command=COMMAND
    )
    blocks.append(SectionBlock(text=MarkdownTextObject(text=nudge)))
    blocks.append(tie_rule_block())
    return {"text": text, "blocks": blocks}


@localized
def channel_chosen(*, user_id: str) -> dict[str, Any]:
    """The note posted when an admin picks a channel for the weekly board."""
    text = _(
        ":trophy: <@{user_id}> picked this channel for the weekly glute board. "
        "Everyone who opts in with `{command} on` can show up on it; "
        "`{command} hide` keeps you off."
    ).format(user_id=user_id, command=COMMAND)
    return {"text": text, "blocks": [SectionBlock(text=MarkdownTextObject(text=text))]}
