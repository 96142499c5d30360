"""Natural breakpoints with the real scheduler and RQ worker against the Slack stand-in: a card waits out
a huddle or a meeting status and follows within seconds of its end, once."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from itertools import count

import pytest

from slackapp import ids
from slackapp.clock import system_clock
from slackapp.config import Settings
from slackapp.deps import Deps
from slackapp.processes.redis_server import EmbeddedRedis
from slackapp.processes.supervise import Supervisor
from slackapp.store.connection import redis_from_url
from slackapp.web.app import create_app
from tests.conftest import SIGNING_SECRET, SlackUser

INTERVAL_S = 3
HUDDLERS = [f"UH{n:02d}" for n in range(20)]
_EVENT_IDS = count(1)


@pytest.fixture
def live(tmp_path, standin) -> Iterator[Deps]:
    # A redis-server of its own: these real processes must never pick up another test's jobs.
    redis_server = EmbeddedRedis(tmp_path / "redis", appendonly=False).start()
    env = {
        "PATH": os.environ.get("PATH", ""),
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_BOT_TOKEN": "xoxb-test-token",
        "SLACK_API_URL": standin.api_url,
        "REDIS_URL": redis_server.url,
        "GLUTES_BREAK_INTERVAL": f"{INTERVAL_S}s",
        "GLUTES_WORK_HOURS": "00:00-24:00",
        "GLUTES_WORK_DAYS": "mon-sun",
        "GLUTES_SCHEDULER_TICK": "0.2",
        "GLUTES_SEND_RATE": "200",
        "GLUTES_SEND_BURST": "200",
    }
    settings = Settings.from_env(env)
    store = redis_from_url(redis_server.url)
    store.flushall()
    deps = Deps(settings, store, redis_from_url(redis_server.url, decode=False), clock=system_clock)
    try:
        with Supervisor(env=env, stop_timeout=20) as processes:
            for module in ("workers.scheduler", "workers.worker"):
                processes.start_module(module)
            yield deps
    finally:
        redis_server.stop()


def cards_to(standin, user_id: str) -> list:
    return [
        c
        for c in standin.calls_to("chat.postMessage")
        if c.args.get("channel") == user_id
        and any(b.get("block_id") == ids.BLOCK_BREAK_ACTIONS for b in c.args.get("blocks") or [])
    ]


def says_meeting_over(card) -> bool:
    return "Meeting over" in str(card.args.get("blocks"))


def event(person: SlackUser, kind: str, user: dict) -> None:
    answer = person.event({"type": kind, "user": user}, event_id=f"EvB{next(_EVENT_IDS)}")
    assert answer.status_code == 200


def test_cards_wait_out_huddles_and_meetings_and_follow_their_end(live, standin):
    app = create_app(deps=live).test_client()
    people = {uid: SlackUser(app, standin, uid) for uid in [*HUDDLERS, "UEXP", "UCLR"]}
    for uid in people:
        standin.add_user(uid, tz="Europe/Madrid")
    ends_at = int(time.time()) + 20
    standin.set_status("UEXP", text="In a meeting", emoji=":calendar:", expiration=ends_at)
    standin.set_status("UCLR", text="In a meeting", emoji=":calendar:")
    for uid, person in people.items():
        person.reply_to("on")
        if uid in HUDDLERS:
            event(person, ids.EVENT_USER_HUDDLE_CHANGED, standin.set_huddle(uid, True))
    started = time.monotonic()

    # Three whole intervals in a huddle or a meeting: no card for anyone.
    time.sleep(3 * INTERVAL_S + 0.5)
    assert {uid: len(cards_to(standin, uid)) for uid in people if cards_to(standin, uid)} == {}

    # The meeting status cleared (user_change): its card follows, with no wait for the 10-minute re-check.
    standin.set_status("UCLR", text="", emoji="")
    cleared = time.monotonic()
    event(people["UCLR"], ids.EVENT_USER_CHANGE, standin.user_object("UCLR"))

    # Every huddle ends: each card follows its own huddle_changed event.
    ended = {}
    for uid in HUDDLERS:
        ended[uid] = time.monotonic()
        event(people[uid], ids.EVENT_USER_HUDDLE_CHANGED, standin.set_huddle(uid, False))
    for uid in HUDDLERS:
        standin.wait_for(
            "chat.postMessage", 1, timeout=10, where=lambda c, uid=uid: c in cards_to(standin, uid)
        )
    lags = sorted(cards_to(standin, uid)[0].at - ended[uid] for uid in HUDDLERS)
    assert lags[-1] < 5, f"p99 (the slowest of 20) {lags[-1]:.2f} s; all: {lags}"
    assert all(says_meeting_over(cards_to(standin, uid)[0]) for uid in HUDDLERS)
    clear_card = cards_to(standin, "UCLR")[0]
    assert clear_card.at - cleared < 5 and says_meeting_over(clear_card)

    # The status with an expiry 20 s ahead: held until then, out within 5 s after, with no event at all.
    assert not cards_to(standin, "UEXP")
    standin.wait_for("chat.postMessage", 1, timeout=25, where=lambda c: c in cards_to(standin, "UEXP"))
    expiry_card = cards_to(standin, "UEXP")[0]
    late = time.time() - (time.monotonic() - expiry_card.at) - ends_at
    assert -1 <= late < 5, late  # the status's end is a whole second; a card may go up to 1 s early
    assert says_meeting_over(expiry_card)

    # Once: a hold that outlasted three intervals gave one card, then the rhythm simply went on.
    for uid in HUDDLERS:
        cards = cards_to(standin, uid)
        assert all(later.at - earlier.at > 1.5 for earlier, later in zip(cards, cards[1:], strict=False))
        assert not any(says_meeting_over(c) for c in cards[1:])
    assert time.monotonic() - started < 40
