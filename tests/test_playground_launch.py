"""`make run` (python -m slackapp.processes.launch): the playground without credentials, today's
behaviour with them."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from slackapp.processes.redis_server import free_port
from slackapp.processes.supervise import ROOT, module_argv, start_group, stop_groups, wait_until
from tests.playground_stack import clean_env, launched

LOCAL = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def fetch(url: str) -> tuple[int, str]:
    try:
        with LOCAL.open(url, timeout=5) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, ""


def test_without_credentials_it_prints_one_line_with_the_url_and_serves_the_playground():
    with launched() as stack:
        status, page = fetch(stack.local_url)
        assert status == 200 and "<title>glutes playground</title>" in page
        assert fetch(stack.local_url + "healthz")[0] == 200
        output = (stack.workdir / "launch.out").read_text()
        assert [line for line in output.splitlines() if "http://" in line] == [stack.line]
        assert "/glutes on" in stack.line
        stack.process.send_signal(signal.SIGTERM)
        assert stack.process.wait(timeout=30) == 0
        # Everything it started (honcho, gunicorn, worker, scheduler, Redis) is gone with it.
        assert wait_until(lambda: not live_in_group(stack.process.pid), timeout=15, what="the group to empty")
        assert not _listening(stack.local_url)


def live_in_group(pgid: int) -> list[str]:
    """The pids of the group's processes that still run (zombies aside)."""
    found = []
    with os.scandir("/proc") as entries:
        for entry in entries:
            try:
                stat = Path(entry.path, "stat").read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if entry.name.isdigit() and int(stat[2]) == pgid and stat[0] != "Z":
                found.append(entry.name)
    return found


def _listening(url: str) -> bool:
    try:
        LOCAL.open(url + "healthz", timeout=2).close()
        return True
    except OSError:
        return False


def test_with_credentials_it_runs_the_app_as_before_and_no_playground(tmp_path: Path, standin):
    shutil.copy(ROOT / "Procfile", tmp_path / "Procfile")
    port = free_port()
    env = clean_env(port)
    env.update(
        SLACK_SIGNING_SECRET="a-real-signing-secret",
        SLACK_BOT_TOKEN="xoxb-real-token",
        SLACK_API_URL=standin.api_url,
        GLUTES_PLAYGROUND_STANDIN=standin.api_url.removesuffix("api/"),  # even if someone sets it
    )
    out = tmp_path / "launch.out"
    with open(out, "wb") as sink:
        process = start_group(module_argv("slackapp.processes.launch"), env=env, cwd=tmp_path, stdout=sink)
    try:
        base = f"http://127.0.0.1:{port}/"
        wait_until(lambda: _listening(base) or process.poll() is not None, timeout=60, what="the web process")
        assert process.poll() is None, out.read_text()
        assert fetch(base + "healthz")[0] == 200
        assert fetch(base)[0] == 404
        assert fetch(base + "playground/feed?user=UANA")[0] == 404
        assert "glutes playground" not in out.read_text()
    finally:
        stop_groups([process])


@pytest.mark.parametrize("setting", ["SLACK_SIGNING_SECRET", "SLACK_BOT_TOKEN"])
def test_half_the_credentials_still_gets_the_setup_steps(tmp_path: Path, setting):
    env = clean_env(free_port())
    env[setting] = "xoxb-1" if setting == "SLACK_BOT_TOKEN" else "secret"
    result = subprocess.run(
        module_argv("slackapp.processes.launch"),
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 2
    assert "glutes needs Slack credentials" in result.stderr
    assert "playground" not in result.stdout + result.stderr


def test_a_playground_whose_web_process_dies_says_so_and_exits(tmp_path: Path):
    (tmp_path / "Procfile").write_text("web: python -c 'raise SystemExit(3)'\n")
    result = subprocess.run(
        module_argv("slackapp.processes.launch"),
        env=clean_env(free_port()),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "the playground did not start; see var/playground.log" in result.stderr
    assert "http://" not in result.stdout
