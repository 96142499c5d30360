"""The messages use cases send: Block Kit from ui/, sent with the WebClient the caller was handed.

Flows call these instead of rendering themselves (flows never import ui/); each is one Web API call.
Each takes `locale=`: the person's language for a DM or the Home (flows.language.person_locale), the
workspace's for a channel post (flows.language.workspace_locale); None keeps the surrounding one.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import date
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from slackapp.domain.challenge import Challenge
from slackapp.domain.exercises import Exercise, seated_alternative
from slackapp.domain.insights import Digest, Pulse
from slackapp.domain.ranking import Ranked
from slackapp.domain.selftest import SelfTestResult
from slackapp.flows.results import HomeData
from slackapp.ui import break_card, i18n
from slackapp.ui import challenge as challenge_ui
from slackapp.ui import charts as charts_ui
from slackapp.ui import insights as insights_ui
from slackapp.ui import leaderboard as leaderboard_ui
from slackapp.ui import messages as ui_messages
from slackapp.ui import pause as pause_ui
from slackapp.ui import preferences as preferences_ui
from slackapp.ui import selftest as selftest_ui
from slackapp.ui.home import home_view
from slackapp.ui.i18n import using


@dataclass(frozen=True)
class Posted:
    """Where Slack put a message (for its buttons and later updates)."""

    channel: str
    ts: str


# A stand-in for the break id while a card is rendered once: no break id can contain it.
_PLACEHOLDER = "\x00break-id\x00"


class CardTemplate:
    """A message rendered once (Block Kit models to plain dicts) with a placeholder where each copy's own
    value goes: fill() copies only the dicts and lists on the paths to the placeholder, so a send costs a
    few small copies instead of building and serialising the models again."""

    def __init__(self, rendered: dict[str, Any]) -> None:
        self._rendered = _plain(rendered)
        self._paths = list(_paths_to(self._rendered, ()))

    def fill(self, value: str) -> dict[str, Any]:
        """The message with every placeholder replaced by value (the template itself is left as it was)."""
        filled = dict(self._rendered)
        copied: dict[tuple[Any, ...], Any] = {(): filled}
        for path in self._paths:
            node = filled
            for depth, step in enumerate(path[:-1]):
                prefix = path[: depth + 1]
                if prefix not in copied:
                    child = node[step]
                    copied[prefix] = node[step] = list(child) if isinstance(child, list) else dict(child)
                node = copied[prefix]
            node[path[-1]] = value
        return filled


def _plain(value: Any) -> Any:
    """Models (anything with to_dict) as dicts, recursively; other values as they are."""
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def _paths_to(node: Any, path: tuple[Any, ...]) -> Any:
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for step, item in items:
        if item == _PLACEHOLDER:
            yield (*path, step)
        elif isinstance(item, dict | list):
            yield from _paths_to(item, (*path, step))


_TEMPLATES: dict[Hashable, CardTemplate] = {}
_TEMPLATES_LOCK = threading.Lock()


def card_template(key: Hashable, render: Callable[[str], dict[str, Any]]) -> CardTemplate:
    """The template cached under key, rendered by render(placeholder) the first time.

    key must hold every render input that is the same for everyone who gets the card (the exercise, its
    variant, the locale once messages are translated): the caller builds it next to the render call.
    """
    template = _TEMPLATES.get(key)
    if template is None:
        template = CardTemplate(render(_PLACEHOLDER))
        with _TEMPLATES_LOCK:
            _TEMPLATES.setdefault(key, template)
    return template


def send_break_card(
    client: WebClient,
    *,
    user_id: str,
    exercise: Exercise,
    break_id: str,
    locale: str | None = None,
    after_hold: bool = False,
    level: int = 1,
    offer: int | None = None,
) -> Posted:
    """DM one break card at the person's level, with a step-up offer when one waits (rendered once per
    exercise, level, offer, language and after-a-hold line; only the buttons' break id differs per
    person)."""
    language = i18n.negotiate(locale)
    template = card_template(
        ("break_card", exercise, level, offer, language, after_hold),
        lambda bid: break_card.card(
            exercise, bid, level=level, offer=offer, after_hold=after_hold, locale=language
        ),
    )
    answer = client.chat_postMessage(channel=user_id, **template.fill(break_id))
    return Posted(channel=answer.get("channel") or user_id, ts=answer.get("ts") or "")


def send_boards_notice(client: WebClient, *, user_id: str, locale: str | None = None) -> None:
    """DM the one-time notice that team boards are now opt-in, with the button to say yes."""
    with using(locale):
        client.chat_postMessage(channel=user_id, **preferences_ui.boards_notice())


def publish_home(client: WebClient, *, user_id: str, data: HomeData, locale: str | None = None) -> None:
    with using(locale):
        client.views_publish(user_id=user_id, view=home_view(data))


def post_board_channel_chosen(
    client: WebClient, *, channel: str, user_id: str, locale: str | None = None
) -> None:
    """Tell a channel it was chosen for the weekly board (which also proves the app is a member)."""
    with using(locale):
        message = leaderboard_ui.channel_chosen(user_id=user_id)
    client.chat_postMessage(channel=channel, **message)


def post_weekly_board(
    client: WebClient, *, channel: str, week_start: date | None, rows: list[Ranked], locale: str | None = None
) -> None:
    with using(locale):
        message = leaderboard_ui.weekly_post(week_label=leaderboard_ui.week_label(week_start), rows=rows)
    client.chat_postMessage(channel=channel, **message)


def post_shared_board(
    client: WebClient, *, channel: str, period_label: str, rows: list[Ranked], locale: str | None = None
) -> None:
    """A team board someone shared in a channel (its top ten, no Share button)."""
    with using(locale):
        message = leaderboard_ui.board(
            title=ui_messages.LEADERBOARD_TITLE,
            period_label=period_label,
            rows=rows[:10],
            asker_row=None,
            shareable=False,
        )
    client.chat_postMessage(channel=channel, **message)


def post_standings(
    client: WebClient,
    *,
    challenge: Challenge,
    rows: list[Ranked],
    today: date,
    total: int,
    final: bool = False,
    locale: str | None = None,
) -> None:
    with using(locale):
        message = challenge_ui.standings(challenge, rows, today=today, channel_total=total, final=final)
    client.chat_postMessage(channel=challenge.channel_id, **message)


def post_announcement(client: WebClient, *, challenge: Challenge, locale: str | None = None) -> None:
    """Announce a new challenge in its channel, with its Join button."""
    with using(locale):
        message = challenge_ui.announcement(challenge)
    client.chat_postMessage(channel=challenge.channel_id, **message)


def post_team_break(
    client: WebClient, *, challenge: Challenge, exercise: Exercise, locale: str | None = None
) -> str:
    """Post an everyone-break-now with an *I did it* button; returns the post's ts."""
    with using(locale):
        message = challenge_ui.team_break(
            challenge,
            exercise_name=exercise.name,
            how=exercise.how,
            dose=exercise.dose,
            cue=exercise.cue,
            seated=seated_alternative(exercise),
        )
    return str(client.chat_postMessage(channel=challenge.channel_id, **message)["ts"])


def send_pause_checkin(client: WebClient, *, user_id: str, locale: str | None = None) -> None:
    """The gentle check-in DM to someone whose cards are paused, with its Resume breaks button."""
    with using(locale):
        message = pause_ui.checkin_dm()
    client.chat_postMessage(channel=user_id, **message)


def send_retest_invite(
    client: WebClient, *, user_id: str, previous: SelfTestResult, locale: str | None = None
) -> None:
    with using(locale):
        message = selftest_ui.retest_dm(previous)
    client.chat_postMessage(channel=user_id, **message)


# --- insights: chart files, the weekly picture, the pulse -------------------------------------------


def upload_days_chart(
    client: WebClient, *, daily: tuple[tuple[date, int], ...], locale: str | None = None
) -> str:
    """Draw Done per day as a PNG and upload it privately (no channel: only the app holds it until a
    message shows it); returns the file id."""
    with using(locale):
        png = charts_ui.days_chart(daily)
        title, alt = insights_ui.chart_title(), insights_ui.chart_alt_text(daily)
    return _upload_png(client, png, title=title, alt=alt, filename="glutes-week.png")


def upload_pulse_chart(client: WebClient, *, pulse: Pulse, locale: str | None = None) -> str:
    """Draw the pulse's active people per week as a PNG, uploaded privately; returns the file id."""
    with using(locale):
        png = charts_ui.weeks_chart([(w.week, w.active) for w in pulse.weeks])
        title, alt = insights_ui.pulse_chart_title(), insights_ui.pulse_alt_text(pulse)
    return _upload_png(client, png, title=title, alt=alt, filename="glutes-pulse.png")


def _upload_png(client: WebClient, png: bytes, *, title: str, alt: str, filename: str) -> str:
    # files_upload_v2: files.getUploadURLExternal, the POST of the bytes, files.completeUploadExternal
    # without a channel (a private file, shared only by the message that shows it).
    answer = client.files_upload_v2(content=png, filename=filename, title=title, alt_txt=alt[:1000])
    return str(answer["files"][0]["id"])


def delete_files(client: WebClient, *, file_ids: list[str]) -> int:
    """Delete the app's own files from Slack (old charts, forget-me); one already gone counts as done."""
    deleted = 0
    for file_id in file_ids:
        try:
            client.files_delete(file=file_id)
            deleted += 1
        except SlackApiError as error:
            if error.response.get("error") != "file_not_found":
                raise
    return deleted


def send_digest(
    client: WebClient, *, user_id: str, digest: Digest, file_id: str | None, locale: str | None
) -> bool:
    """DM the weekly picture; returns whether it went out with its image. Slack refuses an image block whose
    file it has not finished processing (invalid_blocks): then the text chart goes instead."""
    with using(locale):
        text = insights_ui.digest_text(digest)
        blocks = insights_ui.digest_blocks(digest, file_id)
        fallback = insights_ui.digest_blocks(digest, None) if file_id else None
    try:
        client.chat_postMessage(channel=user_id, text=text, blocks=blocks)
        return file_id is not None
    except SlackApiError as error:
        if fallback is None or error.response.get("error") != "invalid_blocks":
            raise
    client.chat_postMessage(channel=user_id, text=text, blocks=fallback)
    return False


def send_pulse_csv(client: WebClient, *, user_id: str, pulse: Pulse, locale: str | None = None) -> None:
    """The pulse's weekly aggregates as a CSV file in the admin's DM."""
    with using(locale):
        comment = insights_ui.pulse_csv_comment()
        title = insights_ui.pulse_text()
    dm = client.conversations_open(users=user_id)["channel"]["id"]
    client.files_upload_v2(
        channel=dm,
        content=insights_ui.pulse_csv(pulse),
        filename="glutes-pulse.csv",
        title=title,
        initial_comment=comment,
    )


def member_count(client: WebClient) -> int:
    """People in the workspace (not bots, not deactivated), paging users.list 1,000 at a time."""
    count, cursor = 0, None
    while True:
        page = client.users_list(limit=1000, cursor=cursor)
        count += sum(1 for m in page.get("members") or [] if not m.get("deleted") and not m.get("is_bot"))
        cursor = (page.get("response_metadata") or {}).get("next_cursor")
        if not cursor:
            return count


def permalink(client: WebClient, *, channel: str, ts: str) -> str:
    """The link to a message the app posted (chat.getPermalink: no scope needed)."""
    return str(client.chat_getPermalink(channel=channel, message_ts=ts)["permalink"])
