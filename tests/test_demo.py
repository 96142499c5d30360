"""`python -m slackapp.devkit.demo` plays the whole morning and leaves nothing running behind it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from slackapp.devkit.demo import MARKER_VARIABLE

ROOT = Path(__file__).resolve().parent.parent


def processes_with(marker: str) -> list[int]:
    """Processes whose environment carries `marker` (the demo sets it on everything it starts)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes()
        except OSError:  # gone already, or not ours to read
            continue
        if f"{MARKER_VARIABLE}={marker}".encode() in environ.split(b"\0"):
            found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie is not running
        return (Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]) != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="finds leftovers through /proc")
def test_the_demo_plays_the_morning_and_stops_everything():
    marker = f"test-demo-{uuid.uuid4().hex}"
    finished = subprocess.run(
        [sys.executable, "-m", "slackapp.devkit.demo"],
        cwd=ROOT,
        env={**os.environ, MARKER_VARIABLE: marker},
        capture_output=True,
        text=True,
        timeout=90,
    )
    out = finished.stdout
    assert finished.returncode == 0, out[-3000:] + finished.stderr[-3000:]

    for step in (
        "▶ Ana types /glutes on",
        "▶ Ben types /glutes on",
        "Welcome to glutes",
        "Break time",
        "[ Done ] [ Snooze 15 min ] [ Skip ]",
        "1 break today",
        "it counts once",
        "Snoozed",
        "Glute self-test",
        "Your result",
        "break cards are paused",
        "Your cards are paused",
        "Breaks resumed",
        "started a 7-day glute challenge in this channel: *Demo Day*",
        "[ Join the challenge ]",
        "You're in *Demo Day*",
        "Glute leaderboard",
        "1. @Ana",
        "Ana joins a huddle",
        "Meeting over",
        "Breaks are off",
        "https://app.slack.com/block-kit-builder#%7B%22blocks%22",
        "Demo finished in",
    ):
        assert step in out, step
    # The self-test result is a modal view, previewed as one.
    assert re.search(r"block-kit-builder#\S*%22type%22%3A%22modal%22", out)

    # What it started directly (web, worker, scheduler, redis-server) is gone...
    pids = [int(pid) for pid in re.search(r"^demo pids: ([\d ]+)$", out, re.MULTILINE).group(1).split()]
    assert len(pids) == 4
    assert [pid for pid in pids if alive(pid)] == []
    # ...and so is whatever those started (gunicorn workers, RQ work horses), found by the marker in their
    # environment. (redis-server rewrites its environment for its process title, hence the pids above.)
    assert [pid for pid in processes_with(marker) if alive(pid)] == []
