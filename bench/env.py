"""Bring up what every scenario needs: an EmbeddedRedis and the stand-in process; take them down after."""

from __future__ import annotations

import contextlib
import os
import platform
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from bench.context import Context
from bench.standin import StandInControl
from slackapp.devkit.tls import make_certificates
from slackapp.processes.redis_server import EmbeddedRedis, free_port
from slackapp.processes.supervise import Supervisor, wait_until
from slackapp.store.connection import redis_from_url


@contextlib.contextmanager
def bench_context(log_path: Path) -> Iterator[Context]:
    """Redis (no AOF: persistence is not what is measured) and the stand-in, both on 127.0.0.1."""
    with tempfile.TemporaryDirectory(prefix="glutes-bench-") as scratch:
        server = EmbeddedRedis(Path(scratch) / "redis", appendonly=False)
        with Supervisor(log=log_path) as procs:
            try:
                server.start()
                port = free_port()
                env = {"PATH": os.environ.get("PATH", ""), "LANG": "C.UTF-8"}
                standin = procs.start_module("bench.standin", "--port", str(port), name="stand-in", env=env)
                control = StandInControl(port)
                certificates = make_certificates(Path(scratch) / "tls")
                tls_port = free_port()
                tls_standin = procs.start_module(
                    "bench.standin",
                    *("--port", str(tls_port), "--cert-dir", str(certificates.ca_file.parent)),
                    name="TLS stand-in",
                    env=env,
                )
                tls_control = StandInControl(tls_port, str(certificates.ca_file))
                wait_until(control.ready, 30, 0.05, "the stand-in")
                wait_until(tls_control.ready, 30, 0.05, "the TLS stand-in")
                r = redis_from_url(server.url, decode=True)
                rq_r = redis_from_url(server.url, decode=False)
                try:
                    yield Context(
                        server.url, r, rq_r, control, standin.pid, log_path, tls_control, tls_standin.pid
                    )
                finally:
                    r.close()
                    rq_r.close()
            finally:
                server.stop()


def machine(ctx: Context) -> dict[str, str]:
    """Cores, CPU model, Python, Redis and the main libraries' versions."""
    from importlib.metadata import version

    model = ""
    with contextlib.suppress(OSError), open("/proc/cpuinfo", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    packages = ("rq", "rq-scheduler", "redis", "slack-bolt", "slack-sdk", "Flask", "gunicorn")
    return {
        "cores": str(os.cpu_count()),
        "cpu": model or platform.processor() or "unknown",
        "memory": _memory(),
        "os": f"{platform.system()} {platform.release()}",
        "python": sys.version.split()[0],
        # Valkey answers redis_version 7.2.4 for compatibility; its own version is valkey_version.
        "redis": _server_name(ctx.r.info("server")),
        "packages": ", ".join(f"{name} {version(name)}" for name in packages),
    }


def _memory() -> str:
    with contextlib.suppress(OSError), open("/proc/meminfo", encoding="ascii") as handle:
        for line in handle:
            if line.startswith("MemTotal"):
                return f"{int(line.split()[1]) / 1024 / 1024:.0f} GiB"
    return "unknown"


def _server_name(info: dict) -> str:
    """`Valkey 9.1.2` or `Redis 7.0.15`, from INFO server."""
    if info.get("server_name") == "valkey":
        return f"Valkey {info['valkey_version']}"
    return f"Redis {info['redis_version']}"
