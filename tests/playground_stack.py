"""`python -m slackapp.processes.launch` with no Slack credentials, started for a test and stopped after.

It runs in a scratch directory (its own Procfile copy, var/ and no .env) on a free port, with every Slack
setting taken out of the environment, exactly as a fresh clone's `make run` would see it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from slackapp.processes.redis_server import free_port
from slackapp.processes.supervise import ROOT, module_argv, start_group, stop_groups

URL_LINE = re.compile(r"^glutes playground: open (http://localhost:(\d+)/) ")
START_TIMEOUT = 60.0


@dataclass
class Launched:
    url: str
    line: str
    process: subprocess.Popen[bytes]
    workdir: Path

    @property
    def local_url(self) -> str:
        return self.url.replace("localhost", "127.0.0.1")


def clean_env(port: int) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SLACK_", "GLUTES_", "REDIS_URL", "PROMETHEUS"))
    }
    env["PORT"] = str(port)
    return env


@contextmanager
def launched() -> Iterator[Launched]:
    with tempfile.TemporaryDirectory(prefix="glutes-playground-") as workdir:
        shutil.copy(ROOT / "Procfile", Path(workdir) / "Procfile")
        out = Path(workdir) / "launch.out"
        with open(out, "wb") as sink:
            process = start_group(
                module_argv("slackapp.processes.launch"),
                env=clean_env(free_port()),
                cwd=Path(workdir),
                stdout=sink,
            )
        try:
            deadline = time.monotonic() + START_TIMEOUT
            while True:
                text = out.read_text(errors="replace")
                complete = text.split("\n")[:-1]  # a line still being written is not read yet
                found = [(line, URL_LINE.match(line)) for line in complete if URL_LINE.match(line)]
                if found:
                    line, match = found[0]
                    yield Launched(match.group(1), line, process, Path(workdir))  # type: ignore[union-attr]
                    break
                if process.poll() is not None or time.monotonic() > deadline:
                    log = Path(workdir, "var", "playground.log")
                    tail = log.read_text(errors="replace")[-3000:] if log.exists() else ""
                    raise AssertionError(f"launch printed no playground URL line:\n{text}\n{tail}")
                time.sleep(0.2)
        finally:
            stop_groups([process])
