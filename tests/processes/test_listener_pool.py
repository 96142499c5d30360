"""The pool Bolt runs listeners on after their acks: sized for waiting greenlets under gevent.

Bolt sends an ack only once the request's listener has started on the pool, so a pool whose workers all
wait on Slack holds the next acks back (10 workers waiting 50 ms each capped a web process at 200 requests
a second). The HTTP web process runs under gevent, where a worker is a greenlet.
"""

from __future__ import annotations

import subprocess
import sys

from slackapp.web import bolt


def test_real_threads_keep_bolts_usual_pool() -> None:
    # The test process is not monkey-patched: threads are real (as in Socket Mode).
    assert bolt.listener_pool_size() == bolt.LISTENER_THREADS == 10


def test_under_gevent_the_web_app_gets_a_pool_sized_for_waiting_greenlets() -> None:
    code = """
from gevent import monkey
monkey.patch_all()
from slackapp.config import Settings
from slackapp.deps import build_deps
from slackapp.web import bolt
settings = Settings(slack_signing_secret="s", slack_bot_token="xoxb-T1-1", redis_url="redis://127.0.0.1:1/0")
app = bolt.build_bolt(build_deps(settings))
print(app.listener_runner.listener_executor._max_workers)
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert int(done.stdout.split()[-1]) == bolt.LISTENER_GREENLETS > bolt.LISTENER_THREADS
