"""Redis behind sentinels that require AUTH, as a managed deployment runs it: the primary and its replica
require REDIS_PASSWORD, the sentinels require REDIS_SENTINEL_PASSWORD."""

from __future__ import annotations

import signal
from collections.abc import Iterator

import pytest

from slackapp.config import Settings
from slackapp.store.connection import redis_from_settings
from tests.reliability.sentinels import MASTER_NAME, SentinelGroup

pytestmark = pytest.mark.reliability

PRIMARY_PASSWORD = "primary-pass-3f9a"
SENTINEL_PASSWORD = "sentinel-pass-81c2"
BOTH = {"REDIS_PASSWORD": PRIMARY_PASSWORD, "REDIS_SENTINEL_PASSWORD": SENTINEL_PASSWORD}


@pytest.fixture(scope="module")
def group(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SentinelGroup]:
    """One AUTH'd primary, replica and three sentinels for the tests that do not fail it over."""
    started = SentinelGroup(
        tmp_path_factory.mktemp("auth-sentinels"),
        password=PRIMARY_PASSWORD,
        sentinel_password=SENTINEL_PASSWORD,
    ).start()
    yield started
    started.stop()


def sentinel_env(group: SentinelGroup, passwords: dict[str, str]) -> dict[str, str]:
    return {
        "REDIS_SENTINELS": group.setting,
        "REDIS_SENTINEL_MASTER": MASTER_NAME,
        **passwords,
    }


def settings_with(group: SentinelGroup, passwords: dict[str, str]) -> Settings:
    return Settings.from_env(
        {"SLACK_SIGNING_SECRET": "s", "SLACK_BOT_TOKEN": "xoxb-1", **sentinel_env(group, passwords)}
    )


def test_a_read_cut_short_does_not_hand_its_reply_to_the_next_command(group):
    """A BLPOP interrupted by a signal (as RQ's SIGTERM handler interrupts its worker's) drops its connection
    (before: the connection went back to the pool owing the BLPOP's reply, and the next command got it)."""
    store = redis_from_settings(settings_with(group, BOTH))

    class Interrupted(Exception):
        pass

    def interrupt(signum: int, frame: object) -> None:
        raise Interrupted

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, 0.2)
    try:
        with pytest.raises(Interrupted):
            store.blpop(["glutes:T1:nothing-here"], timeout=1)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    try:
        store.set("glutes:T1:after-the-cut", "mine")
        assert store.get("glutes:T1:after-the-cut") == "mine"
    finally:
        store.delete("glutes:T1:after-the-cut")
        store.close()
