"""User-facing sentences that more than one surface shows, written once."""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk.models.blocks import (
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)

from slackapp.domain import rhythm
from slackapp.ids import ACTION_OPEN_SELFTEST, COMMAND
from slackapp.ui.i18n import N_, _, localized

NOT_MEDICAL_ADVICE = N_("General fitness info, not medical advice.")

SEE_A_PROFESSIONAL = N_(
    "Sharp pain, numbness or tingling down a leg, or a back that feels stuck? "
    "Stop the moves and get it checked by a health professional."
)

# The one rule for when moves can start again after pain, said the same way on every surface (the
# self-test result, the paused notice, "It hurts" and the check-in): a professional's word, not a guess.
PAIN_ADVICE = N_("Hold off the moves until a health professional has checked it and said moving is fine.")

# On every break card and team break.
STOP_IF_IT_HURTS = N_("Move within what feels comfortable; stop if it hurts.")

# Wherever the app sends people to a professional: the signs that cannot wait for an appointment.
# Checked against public health-service guidance on back pain and cauda equina (2026-11); own words.
URGENT_SIGNS = N_(
    ":rotating_light: *Don't wait for an appointment* if you have any of these: numbness or tingling in "
    "your groin, buttocks or inner thighs (where a saddle would touch); numbness or tingling in both "
    "legs; new trouble controlling or passing urine or stools; a change in how your genitals feel or "
    "work; a leg or foot getting weaker; back pain with a fever; or pain that started after a fall or an "
    "accident. Get urgent medical help straight away, from your local emergency number or urgent-care "
    "service."
)

# (usage after the command, what it does, a concrete example after the command); the usage and the
# example stay English (the subcommands are English words), only the description is translated.
HELP_SUBCOMMANDS: tuple[tuple[str, str, str], ...] = (
    ("on", N_("Start sending break cards."), "on"),
    ("off", N_("Stop sending break cards until you turn them back on."), "off"),
    ("status", N_("Show your hours, interval, next break and today's count."), "status"),
    ("snooze <30m|2h|today>", N_("Hold breaks for a while, or for the rest of today."), "snooze 2h"),
    ("resume", N_("End a snooze early, or resume break cards that are paused."), "resume"),
    (
        "hours 08:30-17:00 [mon-fri|mon,wed,fri]",
        N_("Set your work hours and, optionally, your work days."),
        "hours 09:00-17:30 mon,tue,thu",
    ),
    (
        f"every <{rhythm.MIN_INTERVAL_MINUTES}-{rhythm.MAX_INTERVAL_MINUTES}|:50|:25 :55>",
        N_(
            "Set the minutes between breaks, or fixed minutes past each hour (`:50`) so breaks line up with "
            "meeting ends."
        ),
        "every 45",
    ),
    ("test", N_("Take the two-minute glute self-test."), "test"),
    (
        "leaderboard [week|month|all]",
        N_("See who is moving most; share it in the channel."),
        "leaderboard month",
    ),
    (
        "moves <standing|seated|floor>",
        N_("Choose your moves: standing desk moves (the default), seated ones only, or floor moves too."),
        "moves seated",
    ),
    (
        "level [up|down]",
        N_("See your level and how far the next step-up offer is, or step up or down yourself."),
        "level up",
    ),
    (
        "hide",
        N_("Stay off team boards, as you are until you say yes (your breaks still count for you)."),
        "hide",
    ),
    (
        "unhide",
        N_("Show me on team boards: the leaderboard, the weekly post and channel standings."),
        "unhide",
    ),
    ("faq", N_("Answers about sleepy glutes and sitting."), "faq"),
    (
        "challenge <start 14 Title|status|teambreak|stop>",
        N_("Channel challenges (admins start and stop them)."),
        "challenge status",
    ),
    ("admin", N_("Workspace settings (admins only)."), "admin"),
    (
        "digest <on|off>",
        N_("Turn your weekly picture (a private DM with your week's chart) on or off."),
        "digest off",
    ),
    (
        "pulse [csv]",
        N_("The workspace's anonymous pulse, or its weekly figures as a CSV (admins only)."),
        "pulse",
    ),
    ("export", N_("Get a file of everything glutes stores about you."), "export"),
    ("forget-me", N_("Delete everything glutes stores about you."), "forget-me"),
    (
        "language [es|de|fr|pt_BR|ja|en|auto]",
        N_("Choose the language glutes speaks to you in."),
        "language es",
    ),
    ("help", N_("Show this list."), "help"),
)


def _escape(text: str) -> str:
    # Slack reads a bare <...|...> as a link even inside backticks, so the usage placeholders must be escaped.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@localized
def help_text() -> str:
    """Return the mrkdwn usage for the slash command: one intro sentence, then one line per subcommand."""
    lines = [
        _("*glutes* reminds you to stand up every 50 minutes and wake your glutes with a one-minute move."),
    ]
    for usage, description, example in HELP_SUBCOMMANDS:
        lines.append(
            _("• `{command} {escape}` — {description} Example: `{command} {example}`").format(
                command=COMMAND, escape=_escape(usage), description=_(description), example=example
            )
        )
    return "\n".join(lines)


@localized
def welcome_text() -> str:
    """Return the plain fallback for the welcome DM, as shown in notifications."""
    return _("Welcome to glutes: short breaks during your work hours to get your glutes working again.")


@localized
def welcome_blocks(
    *,
    interval_label: str,
    hours_label: str,
    days_label: str,
    next_break_label: str | None,
    choices: Sequence[Block] = (),
) -> list[Block]:
    """Return the welcome DM blocks: why, what happens next, how to change it, the person's `choices`
    (moves, team boards), and the health caveats. No `next_break_label`: their cards are paused."""
    why = _(
        "*Why bother?*\n"
        "Long hours in a chair may leave your glutes slow to switch on, and your lower back and "
        "hamstrings may then take on more of their work. "
        "Many people find that a minute of movement, many times a day, helps them feel the glutes working "
        "again."
    )
    what = _(
        "*What happens now*\n"
        "Every {interval_label} during your work hours ({hours_label}, "
        "{days_label}) I'll DM you a card with one quick glute move. Tap *Done*, "
        "*Snooze* or *Skip*. "
        "Cards wait during Do Not Disturb and while your Slack status shows a meeting, "
        "a call or time off.\n"
    ).format(interval_label=interval_label, hours_label=hours_label, days_label=days_label) + (
        _("Your first break is due at {next_break_label}.").format(next_break_label=next_break_label)
        if next_break_label
        else _(
            "Your cards are paused after your self-test answer; "
            "`{command} resume` starts them when you feel ready."
        ).format(command=COMMAND)
    )
    change = _(
        "*Make it fit your day*\n• `{command} hours` to set your work hours and days\n"
        "• `{command} every` to change how often breaks come\n"
        "• `{command} snooze` to pause for a while\n"
        "• `{command} off` to stop altogether\n`{command} help` lists everything."
    ).format(command=COMMAND)
    return [
        HeaderBlock(text=PlainTextObject(text=_(":wave: Welcome to glutes"), emoji=True)),
        SectionBlock(text=MarkdownTextObject(text=why)),
        SectionBlock(text=MarkdownTextObject(text=what)),
        SectionBlock(text=MarkdownTextObject(text=change)),
        *choices,
        SectionBlock(
            text=MarkdownTextObject(text=_("*How awake are your glutes?* A two-minute check tells you.")),
            accessory=ButtonElement(
                text=PlainTextObject(text=_("Take the self-test"), emoji=True),
                action_id=ACTION_OPEN_SELFTEST,
                value="welcome",
            ),
        ),
        DividerBlock(),
        ContextBlock(
            elements=[
                MarkdownTextObject(text=_(NOT_MEDICAL_ADVICE)),
                MarkdownTextObject(text=_(SEE_A_PROFESSIONAL)),
                MarkdownTextObject(
                    text=_(
                        ":lock: I keep your settings, your break history and any self-test answers, until "
                        "13 months after you last use glutes. `{command} export` gets you a copy; "
                        "`{command} forget-me` deletes it all."
                    ).format(command=COMMAND)
                ),
            ]
        ),
    ]


@localized
def installer_text() -> str:
    """Fallback text of the DM the person who installed glutes gets."""
    return _("Glutes is installed. Type /glutes on to start your breaks.")


@localized
def installer_blocks() -> list[Block]:
    """The installer's DM: what glutes does, how to start, and how to set the leaderboard channel."""
    return [
        HeaderBlock(text=PlainTextObject(text=_(":tada: Glutes is installed"), emoji=True)),
        SectionBlock(
            text=MarkdownTextObject(
                text=_(
                    "Glutes DMs each person who opts in a one-minute glute move every 50 minutes of their "
                    "work day, in their own time zone, and waits during Do Not Disturb and while their Slack "
                    "status shows a meeting, a call or time off."
                )
            )
        ),
        SectionBlock(
            text=MarkdownTextObject(
                text=_(
                    "*Start:* type `{command} on` anywhere, "
                    "and tell your team they can do the same.\n"
                    "*Leaderboard:* `{command} admin` sets the channel for the weekly board (invite "
                    "the app there with `/invite @Glutes`), "
                    "the default work hours and the care resources people see with their self-test.\n"
                    "*Challenges:* `{command} challenge` in a channel starts one."
                ).format(command=COMMAND)
            )
        ),
        ContextBlock(elements=[MarkdownTextObject(text=_(NOT_MEDICAL_ADVICE))]),
    ]
