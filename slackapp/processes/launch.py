"""`make run`: check settings, start an embedded Redis if REDIS_URL is unset, run the Procfile (honcho).

With no Slack credentials at all it starts the playground instead: the same Procfile against the bundled
Slack stand-in (in this process), with the demo's fast break rhythm, and the browser page at the web
port's / (devkit/playground). It prints one line with the URL; the processes' logs go to var/playground.log.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

from slackapp.config import Settings, SettingsError, environment
from slackapp.processes.redis_server import (
    SERVER_CHOICE_VARIABLE,
    EmbeddedRedis,
    free_port,
    redis_server_binary,
    server_version,
    version_warning,
)
from slackapp.processes.supervise import stop_groups

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
CREDENTIALS = (
    "SLACK_SIGNING_SECRET",
    "SLACK_BOT_TOKEN",
    "SLACK_CLIENT_ID",
    "SLACK_CLIENT_SECRET",
    "SLACK_APP_TOKEN",
)
PLAYGROUND_LOG = Path("var") / "playground.log"
PLAYGROUND_READY_TIMEOUT = 60.0


def main() -> int:
    env = environment(".env")
    if not any(env.get(name, "").strip() for name in CREDENTIALS):
        return playground(env)
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
    if not settings.redis_url and not settings.redis_sentinels:
        port = EMBEDDED_REDIS_PORT if _port_free(EMBEDDED_REDIS_PORT) else free_port()
        try:
            redis_server = EmbeddedRedis(Path("var") / "redis", port=port, binary=_server_binary(env)).start()
        except RuntimeError as error:
            print(f"glutes: {error}", file=sys.stderr)
            return 2
        env["REDIS_URL"] = redis_server.url
        print(
            f"glutes: embedded {server_version(redis_server.binary) or 'server'} on {redis_server.url} "
            f"({redis_server.binary}; data in var/redis, AOF on)",
            flush=True,
        )
        warning = version_warning(redis_server.binary)
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


def playground(env: dict[str, str]) -> int:
    """No Slack credentials: the real stack against the Slack stand-in, and the browser playground."""
    from slackapp.devkit import demo
    from slackapp.devkit.standin import SlackStandIn

    standin = SlackStandIn(port=free_port()).start()
    for person in demo.PEOPLE:
        standin.add_user(person.user_id, tz=person.tz, is_admin=person.is_admin, real_name=person.name)
    web_port = int(env.get("PORT") or Settings.port)
    if not _port_free(web_port):
        print(f"glutes: port {web_port} is in use; set PORT=<another port> and run again", file=sys.stderr)
        standin.stop()
        return 2
    try:
        redis_server = EmbeddedRedis(
            Path("var") / "playground-redis", port=free_port(), appendonly=False, binary=_server_binary(env)
        ).start()
    except RuntimeError as error:
        print(f"glutes: {error}", file=sys.stderr)
        standin.stop()
        return 2
    fake = demo.child_env(standin, redis_server.url, web_port, marker="glutes-playground")
    fake.pop("PATH")
    env.update(fake)
    env["GLUTES_PLAYGROUND_STANDIN"] = standin.api_url.removesuffix("api/")
    env["GLUTES_LOG_FORMAT"] = "text"
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    PLAYGROUND_LOG.parent.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "honcho", "start", "-f", "Procfile", "-p", str(web_port)]
    url = f"http://localhost:{web_port}/"
    with open(PLAYGROUND_LOG, "wb") as log, demo._handlers(demo._interrupt, (signal.SIGTERM,)):
        process = subprocess.Popen(
            command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            if not _wait_ready(process, f"http://127.0.0.1:{web_port}/healthz"):
                print(
                    f"glutes: the playground did not start; see {PLAYGROUND_LOG}", file=sys.stderr, flush=True
                )
                return 1
            print(
                f"glutes playground: open {url} and type /glutes on "
                f"(no Slack credentials: a pretend workspace; logs in {PLAYGROUND_LOG}; Ctrl-C stops it)",
                flush=True,
            )
            return process.wait()
        except KeyboardInterrupt:
            return 0
        finally:
            stop_groups([process])
            redis_server.stop()
            standin.stop()


def _wait_ready(process: subprocess.Popen[bytes], health_url: str) -> bool:
    """Wait until the web process answers /healthz (True), or the stack exits or times out (False)."""
    import time
    import urllib.request

    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    deadline = time.monotonic() + PLAYGROUND_READY_TIMEOUT
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with opener.open(health_url, timeout=1) as answer:
                if answer.status == 200:
                    return True
        except OSError:
            pass
        time.sleep(0.2)
    return False


def _server_binary(env: dict[str, str]) -> str | None:
    """GLUTES_REDIS_SERVER's binary (a path or a name on PATH), or None for the embedded Valkey."""
    choice = env.get(SERVER_CHOICE_VARIABLE, "").strip()
    return redis_server_binary(choice) if choice else None


def _port_free(port: int) -> bool:
    import socket

    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


if __name__ == "__main__":
    raise SystemExit(main())
