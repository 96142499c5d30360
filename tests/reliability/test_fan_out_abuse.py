"""Buttons and commands that make the app post or call Slack, pressed over and over, through signed
requests: Share in channel, Slack answering 429 meanwhile, challenge Join and team breaks, `/glutes on`
and `off` cycles. Each test records its figures (see conftest.figures)."""

from __future__ import annotations

import time

import pytest

from slackapp import ids
from slackapp.deps import DEFAULT_QUEUE
from slackapp.devkit.standin import Failure
from slackapp.flows import channel_posts
from slackapp.store import challenges
from slackapp.ui import messages, wording
from tests.conftest import SlackUser, eventually, run_jobs

pytestmark = pytest.mark.reliability

SHARED = messages.shared_in_channel()
MOMENTS_AGO = messages.shared_moments_ago()


def boards_posted(standin, channel: str) -> list:
    return [
        c
        for c in standin.calls_to("chat.postMessage")
        if c.ok and c.args.get("channel") == channel and messages.LEADERBOARD_TITLE in str(c.args)
    ]


def answers(standin, user_id: str) -> list[str]:
    """The ephemeral answers a person's clicks got (at their click's response URL)."""
    path = f"/response/act-{user_id}"
    return [str(c.args.get("text")) for c in standin.calls_to("response") if c.args["response_url"] == path]


def test_sixty_share_clicks_post_the_board_once(client, standin, figures):
    clickers = [SlackUser(client, standin, f"U{n:03d}") for n in range(60)]
    started = time.monotonic()
    for person in clickers:
        assert person.click(ids.ACTION_SHARE_BOARD, "week", channel_id="CTEAM").status_code == 200
    assert eventually(lambda: all(answers(standin, p.user_id) for p in clickers))
    seconds = time.monotonic() - started
    said = [answers(standin, p.user_id)[0] for p in clickers]
    minutes = channel_posts.SHARE_EVERY_SECONDS // 60
    posts = len(boards_posted(standin, "CTEAM"))
    assert posts == 1
    assert said.count(SHARED) == 1 and said.count(MOMENTS_AGO) == 59
    # The throttle is per board and per channel: another board here, or this board elsewhere, still goes.
    clickers[0].click(ids.ACTION_SHARE_BOARD, "month", channel_id="CTEAM")
    clickers[1].click(ids.ACTION_SHARE_BOARD, "week", channel_id="COTHER")
    assert eventually(lambda: len(boards_posted(standin, "CTEAM")) == 2 and boards_posted(standin, "COTHER"))
    figures(
        fault="60 Share-in-channel clicks on one board in one channel",
        cases=60,
        lost=0,
        duplicates=posts - 1,
        recovery_s=round(seconds, 2),
        note=f"1 channel post, 59 told it was shared a moment ago (one per {minutes} min)",
    )


def test_slack_429s_on_shares_never_hold_up_someone_elses_status(client, deps, standin, figures):
    # Every post is refused with a long Retry-After. Listeners that slept it out would fill all ten
    # listener threads and leave Bob's status unanswered; instead each share is handed to a job.
    standin.fail("chat.postMessage", Failure(status=429, retry_after=30))
    channels = [f"C{n:03d}" for n in range(30)]
    clickers = [SlackUser(client, standin, f"U{n:03d}") for n in range(30)]
    for person, channel in zip(clickers, channels, strict=True):
        assert person.click(ids.ACTION_SHARE_BOARD, "week", channel_id=channel).status_code == 200
    started = time.monotonic()
    status = SlackUser(client, standin, "UBOB").reply_to("status")
    answered_after = time.monotonic() - started
    assert "off" in status["text"].lower()
    assert eventually(lambda: all(answers(standin, p.user_id) == [SHARED] for p in clickers))
    assert not any(boards_posted(standin, channel) for channel in channels)
    assert deps.queue(DEFAULT_QUEUE).count == 30
    # Slack recovers: the worker posts each channel's board once, paced with everything else.
    standin.clear_failures()
    run_jobs(deps)
    assert all(len(boards_posted(standin, channel)) == 1 for channel in channels)
    figures(
        fault="30 shares while Slack answers every chat.postMessage with 429 (Retry-After 30)",
        cases=30,
        lost=0,
        duplicates=0,
        recovery_s=round(answered_after, 2),
        note="listeners queue the posts rather than wait; someone else's /glutes status answered meanwhile",
    )


def test_team_break_and_final_standings_are_queued_under_429_and_posted_later(client, deps, standin):
    standin.add_user("UBOSS", is_admin=True)
    boss = SlackUser(client, standin, "UBOSS")
    boss.reply_to("challenge start 7 Survivors", channel_id="CSURV")

    def posted(marker: str) -> list[str]:
        calls = standin.calls_to("chat.postMessage")
        return [str(c.args) for c in calls if c.ok and c.args["channel"] == "CSURV" and marker in str(c.args)]

    for command, marker in (
        ("challenge teambreak", ids.ACTION_TEAM_BREAK_JOIN),
        ("challenge stop", "final results"),
    ):
        standin.fail("chat.postMessage", Failure(status=429, retry_after=30))
        assert boss.reply_to(command, channel_id="CSURV")["text"]
        assert deps.queue(DEFAULT_QUEUE).count == 1 and not posted(marker)
        standin.clear_failures()
        run_jobs(deps)
        assert len(posted(marker)) == 1


def test_fifteen_on_off_cycles_send_one_welcome_and_one_profile_lookup(alice, standin, figures):
    replies = []
    for _ in range(15):
        replies.append(alice.reply_to("on")["text"])
        alice.reply_to("off")
    assert all("Breaks are on" in text for text in replies)
    assert "DM" in replies[0] and not any("DM" in text for text in replies[1:])  # no DM promised, none sent
    welcomes = [
        c
        for c in standin.calls_to("chat.postMessage")
        if c.args.get("channel") == alice.user_id and c.args.get("text") == wording.welcome_text()
    ]
    lookups = standin.calls_to("users.info")
    assert len(welcomes) == 1
    assert len(lookups) <= 1
    figures(
        fault="15 /glutes on + off cycles by one person",
        cases=15,
        lost=0,
        duplicates=len(welcomes) - 1,
        recovery_s=0,
        note=f"{len(welcomes)} welcome DM, {len(lookups)} users.info",
    )


def test_repeated_join_and_team_break_clicks_count_once_and_send_nothing(client, deps, standin, alice):
    standin.add_user("UBOSS", is_admin=True)
    SlackUser(client, standin, "UBOSS").reply_to("challenge start 7 Survivors", channel_id="CSURV")
    SlackUser(client, standin, "UBOSS").reply_to("challenge teambreak", channel_id="CSURV")
    found = challenges.in_channel(deps.redis, team_id="T1", channel_id="CSURV")
    assert found is not None
    [team_break] = [
        c
        for c in standin.calls_to("chat.postMessage")
        if c.args["channel"] == "CSURV" and ids.ACTION_TEAM_BREAK_JOIN in str(c.args)
    ]
    posts_before = len(standin.calls_to("chat.postMessage"))
    for _ in range(15):
        alice.click(ids.ACTION_CHALLENGE_JOIN, found.challenge_id, channel_id="CSURV")
        alice.click(
            ids.ACTION_TEAM_BREAK_JOIN,
            found.challenge_id,
            channel_id="CSURV",
            message_ts=team_break.answer["ts"],
        )
    assert eventually(lambda: len(answers(standin, alice.user_id)) == 30)
    said = answers(standin, alice.user_id)
    assert sum("Counted as a break done" in text for text in said) == 1
    assert len(standin.calls_to("chat.postMessage")) == posts_before  # no DM, no channel post
    assert len([c for c in standin.calls_to("users.info") if c.args["user"] == alice.user_id]) <= 1
