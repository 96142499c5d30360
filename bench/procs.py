"""Processes the benchmark starts: each in its own process group, stopped (and if need be killed) by group."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType
from typing import IO

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
_TICKS = os.sysconf("SC_CLK_TCK")


def group_cpu_seconds(pgid: int) -> float:
    """CPU (user + system) of every live process in a process group, with the children each has reaped.

    RQ's work horses and gunicorn's workers show up either live or, once reaped, in their parent's
    cutime/cstime, so nothing is counted twice.
    """
    total = 0
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", encoding="ascii", errors="replace") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid:
            total += int(fields[11]) + int(fields[12]) + int(fields[13]) + int(fields[14])
    return total / _TICKS


def machine_busy_seconds() -> float:
    """CPU seconds all cores have spent busy since boot (/proc/stat), whoever used them."""
    with open("/proc/stat", encoding="ascii") as handle:
        fields = [int(value) for value in handle.readline().split()[1:]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (fields + [0] * 8)[:8]
    return (user + nice + system + irq + softirq + steal) / _TICKS


def own_cpu_seconds() -> float:
    """This process's CPU plus that of the children it has waited for (a finished load generator)."""
    usage = os.times()
    return usage.user + usage.system + usage.children_user + usage.children_system


class Processes:
    """Start commands in new sessions (so a group kill takes their children too); stop them all on exit."""

    def __init__(self, log_path: Path) -> None:
        self.log_path = log_path
        self.running: list[tuple[str, subprocess.Popen[bytes]]] = []
        self._log: IO[bytes] | None = None

    def __enter__(self) -> Processes:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.stop_all()

    def start(self, name: str, argv: Sequence[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
        if self._log is None:
            self.log_path.parent.mkdir(parents=True, exist_ok=True)
            self._log = open(self.log_path, "ab")  # noqa: SIM115 (closed in stop_all)
        self._log.write(f"\n=== {time.strftime('%H:%M:%S')} start {name}: {' '.join(argv)}\n".encode())
        self._log.flush()
        process = subprocess.Popen(
            list(argv),
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=self._log,
            start_new_session=True,
        )
        self.running.append((name, process))
        return process

    def start_module(
        self, name: str, module: str, env: dict[str, str], *args: str
    ) -> subprocess.Popen[bytes]:
        return self.start(name, [sys.executable, "-m", module, *args], env)

    def cpu(self) -> dict[str, float]:
        """CPU seconds so far per named process (groups included), summed over processes of one name."""
        totals: dict[str, float] = {}
        for name, process in self.running:
            if process.poll() is None:
                totals[name] = totals.get(name, 0.0) + group_cpu_seconds(process.pid)
        return totals

    def stop(self, process: subprocess.Popen[bytes], timeout: float = 10.0) -> None:
        """SIGTERM the process group, then SIGKILL it if it has not gone after `timeout` seconds."""
        if process.poll() is None:
            try:
                os.killpg(process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            pass
        try:  # whatever is left in the group (a work horse, a gunicorn worker) goes too
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        if process.poll() is None:
            process.wait(timeout=10)
        self.running = [(n, p) for n, p in self.running if p is not process]

    def stop_all(self, timeout: float = 10.0) -> None:
        for _, process in list(self.running):
            if process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        deadline = time.monotonic() + timeout
        for _, process in list(self.running):
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                pass
        for _, process in list(self.running):
            self.stop(process, timeout=0.1)
        self.running.clear()
        if self._log is not None:
            self._log.close()
            self._log = None

    def check_alive(self) -> None:
        """Raise if a started process has died (its log says why)."""
        for name, process in self.running:
            if process.poll() is not None:
                raise RuntimeError(f"{name} exited with {process.returncode}; see {self.log_path}")


def wait_until(check: Callable[[], object], timeout: float, interval: float = 0.05, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout:.0f} s waiting for {what or check}")
        time.sleep(interval)
