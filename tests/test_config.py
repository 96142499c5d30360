"""Settings are validated at start-up; a bad one stops a process with one line and exit code 2."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta

import pytest

from slackapp.config import Settings, SettingsError

BASE = {"SLACK_SIGNING_SECRET": "s3cret", "SLACK_BOT_TOKEN": "xoxb-1"}


def test_defaults():
    settings = Settings.from_env(BASE)
    assert settings.break_interval == timedelta(minutes=50)
    assert (settings.work_start_minute, settings.work_end_minute) == (540, 1020)
    assert settings.work_days == frozenset(range(5))
    assert settings.slack_api_url == "https://slack.com/api/"
    assert settings.port == 3000


@pytest.mark.parametrize(("text", "seconds"), [("3s", 3), ("50m", 3000), ("1h", 3600), ("45", 2700)])
def test_break_interval_units(text, seconds):
    settings = Settings.from_env({**BASE, "GLUTES_BREAK_INTERVAL": text})
    assert settings.break_interval == timedelta(seconds=seconds)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("GLUTES_BREAK_INTERVAL", "soon"),
        ("GLUTES_BREAK_INTERVAL", "0m"),
        ("GLUTES_WORK_HOURS", "17:00-09:00"),
        ("GLUTES_WORK_DAYS", "funday"),
        ("PORT", "eighty"),
        ("SLACK_API_URL", "slack.com"),
        ("SLACK_BOT_TOKEN", "xoxp-user-token"),
        ("REDIS_URL", "localhost:6379"),
        ("GLUTES_ADMIN_PASSWORD", "s3cret"),
        ("GLUTES_ADMIN_PASSWORD", "x" * 15),
        ("GLUTES_METRICS_TOKEN", "short"),
    ],
)
def test_bad_values_name_the_variable(name, value):
    with pytest.raises(SettingsError) as caught:
        Settings.from_env({**BASE, name: value})
    assert caught.value.name == name
    assert str(caught.value).startswith(f"{name}: expected")


def test_operator_secrets_of_16_characters_are_accepted_and_kept():
    settings = Settings.from_env(
        {**BASE, "GLUTES_ADMIN_PASSWORD": "x" * 16, "GLUTES_METRICS_TOKEN": "t" * 32}
    )
    assert (settings.admin_password, settings.metrics_token) == ("x" * 16, "t" * 32)
    assert Settings.from_env(BASE).admin_password is None  # unset: the dashboard stays off


def test_signing_secret_is_required():
    with pytest.raises(SettingsError) as caught:
        Settings.from_env({"SLACK_BOT_TOKEN": "xoxb-1"})
    assert caught.value.name == "SLACK_SIGNING_SECRET"


def test_secrets_stay_out_of_repr():
    text = repr(Settings.from_env({**BASE, "SLACK_SIGNING_SECRET": "hush-hush"}))
    assert "hush-hush" not in text and "xoxb-1" not in text


@pytest.mark.parametrize("module", ["slackapp.processes.serve", "workers.worker", "workers.scheduler"])
def test_bad_interval_stops_each_process_with_one_line(module):
    env = {**BASE, "GLUTES_BREAK_INTERVAL": "fifty", "REDIS_URL": "redis://127.0.0.1:1/0", "PATH": ""}
    command = [sys.executable, "-m", module]
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "GLUTES_BREAK_INTERVAL" in lines[0] and "Traceback" not in result.stderr
    assert result.stdout == ""


def test_first_breaks_are_spread_unless_turned_off():
    from slackapp.config import Settings, SettingsError

    base = {"SLACK_SIGNING_SECRET": "s", "SLACK_BOT_TOKEN": "xoxb-1"}
    assert Settings.from_env(base).spread_first_breaks is True
    assert Settings.from_env({**base, "GLUTES_SPREAD_FIRST_BREAKS": "off"}).spread_first_breaks is False
    with pytest.raises(SettingsError, match="GLUTES_SPREAD_FIRST_BREAKS"):
        Settings.from_env({**base, "GLUTES_SPREAD_FIRST_BREAKS": "maybe"})
