from __future__ import annotations

from slackapp.store.connection import redis_from_url
from slackapp.store.scripts import LuaScript

_INCR_BY = LuaScript("return redis.call('INCRBY', KEYS[1], ARGV[1])")


def test_a_script_loads_itself_on_a_server_that_does_not_know_it(store):
    store.script_flush()
    assert _INCR_BY(store, keys=["glutes:T1:n"], args=[2]) == 2
    store.script_flush()  # as after a Redis restart
    assert _INCR_BY(store, keys=["glutes:T1:n"], args=[3]) == 5


def test_a_script_runs_inside_a_pipeline_even_when_the_server_lacks_it(store):
    store.script_flush()
    pipe = store.pipeline(transaction=True)
    _INCR_BY(pipe, keys=["glutes:T1:n"], args=[4])
    pipe.set("glutes:T1:other", "x")
    assert pipe.execute() == [4, True]


def test_one_script_serves_text_and_bytes_clients(settings, store):
    raw = redis_from_url(settings.redis_url, decode=False)
    try:
        assert _INCR_BY(raw, keys=["glutes:T1:n"], args=[1]) == 1
        assert _INCR_BY(store, keys=["glutes:T1:n"], args=[1]) == 2
    finally:
        raw.close()


def test_many_clients_running_a_script_for_the_first_time_at_once_all_get_answers(store, together):
    store.script_flush()
    answers = together(8, lambda r, i: _INCR_BY(r, keys=["glutes:T1:n"], args=[1]))
    assert sorted(answers) == list(range(1, 9))
