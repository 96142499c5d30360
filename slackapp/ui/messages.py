"""Short replies the listeners send: usage hints, confirmations and the challenge subcommands' answers."""

from __future__ import annotations

from slackapp.domain.challenge import Challenge
from slackapp.ui import challenge as challenge_ui
from slackapp.ui.i18n import N_, _, localized

Reply = dict[str, str]

MISSING_CARD = N_("That break card has expired, so nothing changed. Your next card will have fresh buttons.")

SNOOZE_USAGE = N_(
    "Snooze for how long? Try `/glutes snooze 30m`, `/glutes snooze 2h` or `/glutes snooze today`."
)
HOURS_USAGE = N_("Which hours? Try `/glutes hours 08:30-17:00` or `/glutes hours 09:00-17:00 mon,wed,fri`.")
EVERY_EXAMPLE = N_("Try `/glutes every 45` for a break every 45 minutes.")
LEADERBOARD_USAGE = N_(
    "Which board? Try `/glutes leaderboard`, `/glutes leaderboard month` or `/glutes leaderboard all`."
)
LEADERBOARD_TITLE = N_("Glute leaderboard")

CHALLENGE_HELP = N_(
    "*Channel challenges* (admins start and stop them; anyone can join):\n"
    "• `/glutes challenge start 14 Spring Glute Reset`: a 14-day challenge in this channel\n"
    "• `/glutes challenge status`: standings so far\n"
    "• `/glutes challenge teambreak`: post an everyone-break-now with an *I did it* button\n"
    "• `/glutes challenge stop`: end it and post the final standings"
)


@localized
def shared_in_channel() -> str:
    return _(":mega: Shared in the channel.")


@localized
def shared_moments_ago() -> str:
    """A Share click soon after the same board was shared in the same channel."""
    return _("This board was shared here a moment ago, so I didn't post it again. It's just above.")


@localized
def challenge_help() -> Reply:
    return {"text": _(CHALLENGE_HELP)}


@localized
def challenge_started(challenge: Challenge) -> Reply:
    return {
        "text": _(":trophy: *{title}* is on. The announcement with a Join button is in this channel.").format(
            title=challenge_ui.shown_title(challenge)
        )
    }


@localized
def challenge_stopped(challenge: Challenge) -> Reply:
    return {
        "text": _("*{title}* is over. The final standings are in this channel.").format(
            title=challenge_ui.shown_title(challenge)
        )
    }


@localized
def team_break_posted() -> Reply:
    return {"text": _("Team break posted. Each person who clicks *I did it* gets a point.")}


@localized
def team_break_counted(*, counted: bool, total: int) -> str:
    """The clicker's ephemeral answer to a team break's *I did it* button."""
    head = (
        _(":white_check_mark: Counted as a break done.")
        if counted
        else _("You already got this team break's point.")
    )
    return f"{head} {challenge_ui.team_break_count_line(total)}"
