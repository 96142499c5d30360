"""`make run`: check settings, start an embedded Redis if REDIS_URL is unset, run the Procfile (honcho)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from slackapp.config import Settings, SettingsError, environment
from slackapp.processes.redis_server import EmbeddedRedis, free_port, redis_server_binary, version_warning

SETUP_STEPS = """\
glutes needs Slack credentials before it can start:
  1. Open https://api.slack.com/apps > Create New App > From a manifest, and paste manifest.yml
     (replace YOUR-HOST with this server's public host, or turn on Socket Mode).
  2. Install the app to your workspace.
  3. cp .env.example .env, then fill in SLACK_SIGNING_SECRET (Basic Information > App Credentials)
     and SLACK_BOT_TOKEN (OAuth & Permissions > Bot User OAuth Token, starts with xoxb-),
     or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET to let any workspace install it ("Add to Slack").
  4. make run
"""

EMBEDDED_REDIS_PORT = 6380


def main() -> int:
    env = environment(".env")
    has_credentials = env.get("SLACK_BOT_TOKEN") or (
        env.get("SLACK_CLIENT_ID") and env.get("SLACK_CLIENT_SECRET")
    )
    if not env.get("SLACK_SIGNING_SECRET") or not has_credentials:
        print(SETUP_STEPS, file=sys.stderr)
        return 2
    try:
        settings = Settings.from_env(env)
    except SettingsError as error:
        print(f"glutes: bad setting {error}", file=sys.stderr)
        return 2
    redis_server = None
    if not env.get("REDIS_URL"):
        port = EMBEDDED_REDIS_PORT if _port_free(EMBEDDED_REDIS_PORT) else free_port()
        redis_server = EmbeddedRedis(Path("var") / "redis", port=port).start()
        env["REDIS_URL"] = redis_server.url
        print(f"glutes: embedded Redis on {redis_server.url} (data in var/redis, AOF on)", flush=True)
        warning = version_warning(redis_server_binary())
        if warning:
            print(warning, file=sys.stderr, flush=True)
    # Counters from every local process (gunicorn workers, RQ work horses, scheduler) add up in /metrics.
    metrics_dir = Path("var") / "metrics"
    shutil.rmtree(metrics_dir, ignore_errors=True)
    metrics_dir.mkdir(parents=True)
    env.setdefault("PROMETHEUS_MULTIPROC_DIR", str(metrics_dir.resolve()))
    if env.get("SLACK_APP_TOKEN"):
        print("glutes: Socket Mode (SLACK_APP_TOKEN is set): no public URL needed", flush=True)
    # The Procfile's `python` must be this interpreter (the project's virtualenv).
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    try:
        # honcho hands each process its own PORT counting up from this base; web comes first.
        command = [sys.executable, "-m", "honcho", "start", "-f", "Procfile", "-p", str(settings.port)]
        return subprocess.call(command, env=env)
    except KeyboardInterrupt:
        return 0
    finally:
        if redis_server:
            redis_server.stop()


def _port_free(port: int) -> bool:
    import socket

    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


if __name__ == "__main__":
    raise SystemExit(main())
