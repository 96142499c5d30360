"""Settings for a Sentinel-watched primary, a REDIS_URL client riding out a blip, and processes waiting out
an outage with one log line at each end."""

from __future__ import annotations

import logging
import threading
import time

import pytest

from slackapp.config import Settings, SettingsError
from slackapp.flows.redis_outages import wait_for_redis
from slackapp.ops.outage import OutageLog
from slackapp.processes.redis_server import EmbeddedRedis
from slackapp.store import connection
from tests.conftest import chosen_server_binary

BASE = {"SLACK_SIGNING_SECRET": "s", "SLACK_BOT_TOKEN": "xoxb-1"}


def test_sentinel_settings_are_read_with_their_passwords_kept_out_of_repr():
    settings = Settings.from_env(
        {
            **BASE,
            "REDIS_SENTINELS": "10.0.0.1:26379, sentinel-b.internal:26380",
            "REDIS_SENTINEL_MASTER": "glutes",
            "REDIS_SENTINEL_PASSWORD": "sentinel-secret",
            "REDIS_PASSWORD": "primary-secret",
        }
    )
    assert settings.redis_sentinels == (("10.0.0.1", 26379), ("sentinel-b.internal", 26380))
    assert settings.redis_sentinel_master == "glutes" and settings.redis_url is None
    assert "secret" not in repr(settings)
    assert connection.dashboard_url(settings) == (
        "redis+sentinel://10.0.0.1:26379,sentinel-b.internal:26380/glutes/0"
    )


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"REDIS_SENTINELS": "10.0.0.1:26379"}, "REDIS_SENTINEL_MASTER"),
        ({"REDIS_SENTINEL_MASTER": "glutes"}, "REDIS_SENTINELS"),
        ({"REDIS_SENTINELS": "10.0.0.1", "REDIS_SENTINEL_MASTER": "g"}, "REDIS_SENTINELS"),
        ({"REDIS_SENTINELS": "a:1,b:http", "REDIS_SENTINEL_MASTER": "g"}, "REDIS_SENTINELS"),
        (
            {"REDIS_SENTINELS": "a:1", "REDIS_SENTINEL_MASTER": "g", "REDIS_URL": "redis://r:6379/0"},
            "REDIS_URL",
        ),
    ],
)
def test_a_bad_sentinel_setting_is_named_in_one_line(env, named):
    with pytest.raises(SettingsError) as raised:
        Settings.from_env({**BASE, **env})
    assert raised.value.name == named and "\n" not in str(raised.value)


def test_a_redis_url_client_rides_out_a_short_restart_of_its_server(tmp_path):
    """A managed Redis's failover endpoint drops connections for a moment; the command still succeeds."""
    server = EmbeddedRedis(tmp_path / "data", appendonly=True, binary=chosen_server_binary()).start()
    r = connection.redis_from_url(server.url)
    try:
        r.set("glutes:T1:k", "v")
        server.stop()
        back = threading.Timer(0.1, server.start)
        back.start()
        assert r.get("glutes:T1:k") == "v"  # reconnected to the restarted server by itself
        back.join()
    finally:
        r.close()
        server.stop()


def test_a_process_waiting_for_redis_logs_once_at_each_end_of_the_outage(tmp_path, caplog):
    server = EmbeddedRedis(tmp_path / "data", appendonly=False, binary=chosen_server_binary())
    r = connection.redis_from_url(f"redis://127.0.0.1:{server.port}/0")
    log = logging.getLogger("glutes.test-wait")
    outage = OutageLog(log)
    caplog.set_level(logging.INFO, logger="glutes.test-wait")
    try:
        threading.Timer(1.5, server.start).start()
        started = time.monotonic()
        assert wait_for_redis(r, outage) is True
        assert time.monotonic() - started >= 1.4
        lines = [record.getMessage() for record in caplog.records]
        assert len(lines) == 2, lines
        assert lines[0].startswith("redis unavailable, waiting for it") and lines[1].startswith(
            "redis is back"
        )
        assert wait_for_redis(r, outage) is True and len(caplog.records) == 2  # up: says nothing more
    finally:
        r.close()
        server.stop()


def test_a_stop_request_ends_the_wait_while_redis_is_still_away():
    r = connection.redis_from_url("redis://127.0.0.1:1/0")
    stop = threading.Event()
    threading.Timer(0.2, stop.set).start()
    assert wait_for_redis(r, OutageLog(logging.getLogger("glutes.test-wait")), stop) is False
    r.close()
