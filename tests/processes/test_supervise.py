"""The supervisor stops what it started, grandchildren included, and says which process died."""

from __future__ import annotations

import os
import re
import signal
import sys
import time
from pathlib import Path

import pytest

from slackapp.processes.supervise import (
    ProcessExited,
    Supervisor,
    group_alive,
    group_cpu_seconds,
    wait_until,
)

# Forks a grandchild (in the same process group), writes its pid to argv[1], and sleeps.
FORKS_A_GRANDCHILD = """
import os, sys, time
grandchild = os.fork()
if grandchild == 0:
    time.sleep(60)
    os._exit(0)
with open(sys.argv[1] + ".tmp", "w") as handle:
    handle.write(str(grandchild))
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
time.sleep(60)
"""
# Ignores SIGTERM, says so by creating argv[1], and sleeps.
IGNORES_SIGTERM = """
import signal, sys, time
signal.signal(signal.SIGTERM, signal.SIG_IGN)
open(sys.argv[1], "w").close()
time.sleep(60)
"""
SLEEPS = "import time; time.sleep(60)"


def python(code: str, *args: str) -> list[str]:
    return [sys.executable, "-c", code, *args]


def running(pid: int) -> bool:
    """Whether `pid` exists and is not a zombie (an orphan nobody reaps stays one in some containers)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_stop_takes_down_the_process_and_what_it_forked(tmp_path):
    pid_file = tmp_path / "grandchild"
    with Supervisor(log=tmp_path / "log") as procs:
        child = procs.start(python(FORKS_A_GRANDCHILD, str(pid_file)), name="parent")
        grandchild = int(wait_until(lambda: pid_file.exists() and pid_file.read_text(), timeout=5))
        assert running(grandchild)

        procs.stop(child, timeout=5)

        assert child.returncode == -signal.SIGTERM
        assert not running(grandchild)
        assert not group_alive(child.pid)
        assert procs.running == []


def test_a_process_that_ignores_sigterm_is_killed_after_the_timeout(tmp_path):
    ready = tmp_path / "ready"
    with Supervisor() as procs:
        stubborn = procs.start(python(IGNORES_SIGTERM, str(ready)))
        wait_until(ready.exists, timeout=5)
        started = time.monotonic()

        procs.stop_all(timeout=0.3)

        assert stubborn.returncode == -signal.SIGKILL
        assert 0.3 <= time.monotonic() - started < 3


def test_kill_is_sigkill_at_once(tmp_path):
    with Supervisor() as procs:
        process = procs.start(python(SLEEPS))
        procs.kill(process)
        assert process.returncode == -signal.SIGKILL
        assert procs.running == []


def test_check_alive_names_the_dead_process_and_its_log(tmp_path):
    log = tmp_path / "procs.log"
    with Supervisor(log=log, env={"PATH": os.environ.get("PATH", "")}) as procs:
        procs.start(python(SLEEPS), name="sleeper")
        quitter = procs.start_module("this_module_does_not_exist", name="quitter")
        wait_until(lambda: quitter.poll() is not None, timeout=5)

        expected = f"the quitter process exited with code 1; see {log}"
        with pytest.raises(ProcessExited, match=re.escape(expected)):
            procs.check_alive()
    assert "No module named this_module_does_not_exist" in log.read_text()  # stderr went to the log


def test_leaving_the_block_on_ctrl_c_stops_everything():
    with pytest.raises(KeyboardInterrupt), Supervisor() as procs:
        process = procs.start(python(SLEEPS))
        raise KeyboardInterrupt
    assert process.returncode == -signal.SIGTERM
    assert not group_alive(process.pid)


def test_cpu_seconds_of_a_group():
    assert group_cpu_seconds(os.getpgrp()) > 0  # this test run's own group has used some CPU
    assert group_cpu_seconds(2**22 + 1) == 0  # no such group


def test_wait_until_returns_the_first_truthy_result():
    answers = iter([0, "", "ready", "later"])
    assert wait_until(lambda: next(answers), timeout=1, interval=0) == "ready"


def test_wait_until_raises_timeout_naming_what_it_waited_for():
    started = time.monotonic()
    with pytest.raises(TimeoutError, match="waiting for the moon"):
        wait_until(lambda: False, timeout=0.2, interval=0.01, what="the moon")
    assert time.monotonic() - started < 1
