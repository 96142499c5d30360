"""The real processes (scheduler and RQ worker from the Procfile) deliver breaks on a 3-second rhythm."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator

import pytest

from slackapp import ids
from slackapp.clock import system_clock
from slackapp.config import Settings
from slackapp.deps import Deps
from slackapp.processes.redis_server import EmbeddedRedis
from slackapp.processes.supervise import Supervisor
from slackapp.store import stats
from slackapp.store.connection import redis_from_url
from slackapp.web.app import create_app
from tests.conftest import SIGNING_SECRET, SlackUser


@pytest.fixture
def live(tmp_path, standin) -> Iterator[tuple[SlackUser, Deps]]:
    # A redis-server of its own: these real processes must never pick up another test's jobs.
    redis_server = EmbeddedRedis(tmp_path / "redis", appendonly=False).start()
    env = {
        "PATH": os.environ.get("PATH", ""),
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_BOT_TOKEN": "xoxb-test-token",
        "SLACK_API_URL": standin.api_url,
        "REDIS_URL": redis_server.url,
        "GLUTES_BREAK_INTERVAL": "3s",
        "GLUTES_WORK_HOURS": "00:00-24:00",
        "GLUTES_WORK_DAYS": "mon-sun",
        "GLUTES_SCHEDULER_TICK": "0.2",
    }
    settings = Settings.from_env(env)
    store = redis_from_url(redis_server.url)
    store.flushall()
    deps = Deps(settings, store, redis_from_url(redis_server.url, decode=False), clock=system_clock)
    standin.add_user("U1", tz="Pacific/Auckland")
    try:
        with Supervisor(env=env, stop_timeout=20) as processes:
            for module in ("workers.scheduler", "workers.worker"):
                processes.start_module(module)
            yield SlackUser(create_app(deps=deps).test_client(), standin), deps
    finally:
        redis_server.stop()


def test_cards_every_three_seconds_done_counts_once_and_off_stops_them(live, standin):
    person, deps = live

    def is_card(call):
        return any(b.get("block_id") == ids.BLOCK_BREAK_ACTIONS for b in call.args.get("blocks") or [])

    person.reply_to("on")
    cards = standin.wait_for("chat.postMessage", 3, timeout=30, where=is_card)
    gaps = [later.at - earlier.at for earlier, later in zip(cards, cards[1:], strict=False)]
    assert all(2.5 < gap < 6 for gap in gaps), gaps

    block = next(b for b in cards[0].args["blocks"] if b.get("block_id") == ids.BLOCK_BREAK_ACTIONS)
    for _ in range(3):
        person.click(ids.ACTION_BREAK_DONE, block["elements"][0]["value"])
    updates = standin.wait_for("chat.update", 3)
    assert sum("1 break today" in u.args["text"] for u in updates) == 1
    assert sum("already marked this one done" in u.args["text"] for u in updates) == 2
    assert sum(stats.done_by_day(deps.redis, team_id="T1", user_id="U1").values()) == 1

    person.reply_to("off")
    settled = len(standin.calls_to("chat.postMessage"))
    time.sleep(7)
    assert len(standin.calls_to("chat.postMessage")) == settled
