from __future__ import annotations

import pytest
import redis

from slackapp.config import Settings
from slackapp.store import connection


def test_ping_answers_while_redis_is_up_and_raises_when_it_is_not(store):
    connection.ping(store)
    away = connection.redis_from_url("redis://127.0.0.1:1/0")
    with pytest.raises(redis.ConnectionError):
        connection.ping(away)
    away.close()


def test_a_process_without_redis_url_is_told_how_to_get_one():
    with pytest.raises(RuntimeError, match="make run"):
        connection.redis_from_settings(Settings(slack_signing_secret="s", redis_url=None))


def test_one_step_runs_alone_or_inside_the_callers_pipeline(store):
    with connection.one_step(store, None) as pipe:
        pipe.set("glutes:T1:a", "1")
        assert store.get("glutes:T1:a") is None  # queued until the step ends
    assert store.get("glutes:T1:a") == "1"
    outer = store.pipeline(transaction=True)
    with connection.one_step(store, outer) as pipe:
        pipe.set("glutes:T1:b", "1")
    assert store.get("glutes:T1:b") is None  # the caller executes its own pipeline
    outer.execute()
    assert store.get("glutes:T1:b") == "1"
