"""Child processes for the demo, the benchmark and the fault tests, started and stopped one way.

Each child leads a new session, and so a process group of its own: signalling the group reaches what the
child forked too (gunicorn's workers, RQ's work horses), which a signal to the child alone would miss.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import IO, TypeVar

ROOT = Path(__file__).resolve().parents[2]
STOP_TIMEOUT = 10.0
_TICKS = os.sysconf("SC_CLK_TCK")
_PROC = Path("/proc")

T = TypeVar("T")
Process = subprocess.Popen[bytes]


class ProcessExited(RuntimeError):
    """A supervised process died while it was still needed; the message names it (and its log, if a file)."""

    def __init__(self, name: str, code: int, log_path: Path | None) -> None:
        where = f"; see {log_path}" if log_path else ""
        super().__init__(f"the {name} process exited with code {code}{where}")
        self.name = name
        self.code = code
        self.log_path = log_path


def module_argv(module: str, *args: str) -> list[str]:
    """`python -m <module> <args>` with this interpreter, as the Procfile runs the app's processes."""
    return [sys.executable, "-m", module, *args]


def start_group(
    argv: Sequence[str],
    *,
    env: Mapping[str, str] | None,
    cwd: Path = ROOT,
    stdout: IO[bytes] | int = subprocess.DEVNULL,
    stderr: IO[bytes] | int = subprocess.STDOUT,
) -> Process:
    """Start `argv` as the leader of a new session and process group (its pid is the group id)."""
    return subprocess.Popen(
        list(argv),
        env=dict(env) if env is not None else None,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        stdout=stdout,
        stderr=stderr,
        start_new_session=True,
    )


def signal_group(pgid: int, signum: int) -> None:
    """Send `signum` to every process in the group; a group that is already gone is not an error."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, signum)


def group_alive(pgid: int) -> bool:
    """Whether any process in the group is still running.

    A zombie does not count: where PID 1 does not reap orphans (a container without an init), a killed
    grandchild stays a zombie for good, and waiting for it to go would wait out every timeout.
    """
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # there, but not ours to signal
        pass
    if not _PROC.is_dir():  # no /proc (macOS): the signal check is all there is
        return True
    return any(fields[0] != "Z" for fields in _group_stats(pgid))


def kill_group(process: Process) -> None:
    """SIGKILL the process and everything in its group, and reap it."""
    signal_group(process.pid, signal.SIGKILL)
    process.wait()


def stop_groups(processes: Iterable[Process], timeout: float = STOP_TIMEOUT) -> None:
    """SIGTERM each process's group, wait up to `timeout` for every group to empty, then SIGKILL the rest."""
    processes = list(processes)
    for process in processes:
        signal_group(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    for process in processes:
        # poll() reaps the leader, so group_alive then sees only what it forked
        while time.monotonic() < deadline and (process.poll() is None or group_alive(process.pid)):
            time.sleep(0.05)
        kill_group(process)


def group_cpu_seconds(pgid: int) -> float:
    """CPU (user + system) of every live process in a process group, with the children each has reaped.

    RQ's work horses and gunicorn's workers show up either live or, once reaped, in their parent's
    cutime/cstime, so nothing is counted twice.
    """
    seconds = sum(int(f[11]) + int(f[12]) + int(f[13]) + int(f[14]) for f in _group_stats(pgid))
    return seconds / _TICKS


def _group_stats(pgid: int) -> Iterator[list[str]]:
    """/proc/<pid>/stat of each process in the group, as the fields after the command name (state first)."""
    # The scan is closed even when the caller stops early (group_alive's any()): an unclosed one warns.
    with os.scandir(_PROC) as entries:
        for entry in entries:
            if not entry.name.isdigit():
                continue
            try:
                with open(f"{_PROC}/{entry.name}/stat", encoding="ascii", errors="replace") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
            except OSError:  # gone since the scan
                continue
            if int(fields[2]) == pgid:
                yield fields


def wait_until(check: Callable[[], T], timeout: float, interval: float = 0.05, what: str = "") -> T:
    """Call `check` every `interval` seconds until it returns something truthy, and return that.

    Raises TimeoutError (naming `what`, or the check) if `timeout` seconds pass first.
    """
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout:g} s waiting for {what or check}")
        time.sleep(interval)


class Supervisor:
    """The processes started for one run, stopped together when the `with` block ends, however it ends.

    `log` is where their stdout and stderr go: a path (opened for appending, closed at stop_all), an open
    binary file (left open), or None (discarded). `env` is the default environment for `start`.
    """

    def __init__(
        self,
        *,
        env: Mapping[str, str] | None = None,
        cwd: Path = ROOT,
        log: Path | IO[bytes] | None = None,
        stop_timeout: float = STOP_TIMEOUT,
    ) -> None:
        self.env = env
        self.cwd = cwd
        self.log = log
        self.stop_timeout = stop_timeout
        self.running: list[tuple[str, Process]] = []
        self._opened: IO[bytes] | None = None

    def __enter__(self) -> Supervisor:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.stop_all()

    @property
    def log_path(self) -> Path | None:
        return self.log if isinstance(self.log, Path) else None

    def start(self, argv: Sequence[str], *, name: str = "", env: Mapping[str, str] | None = None) -> Process:
        """Start `argv` in a process group of its own; `name` (default: the program) names it in errors."""
        name = name or Path(argv[0]).name
        log = self._log_file()
        if log is not None:
            log.write(f"\n=== {time.strftime('%H:%M:%S')} start {name}: {' '.join(argv)}\n".encode())
            log.flush()
        process = start_group(
            argv,
            env=env if env is not None else self.env,
            cwd=self.cwd,
            stdout=log if log is not None else subprocess.DEVNULL,
        )
        self.running.append((name, process))
        return process

    def start_module(
        self, module: str, *args: str, name: str = "", env: Mapping[str, str] | None = None
    ) -> Process:
        """`python -m <module> <args>`; named after the module unless `name` is given."""
        return self.start(module_argv(module, *args), name=name or module, env=env)

    def pids(self) -> list[int]:
        return [process.pid for _, process in self.running]

    def stop(self, process: Process, timeout: float | None = None) -> None:
        """SIGTERM the process's group, wait for it to empty, SIGKILL whatever is left after `timeout`."""
        stop_groups([process], self.stop_timeout if timeout is None else timeout)
        self._forget(process)

    def kill(self, process: Process) -> None:
        """SIGKILL the process and everything it forked, at once (a crash, for the fault tests)."""
        kill_group(process)
        self._forget(process)

    def stop_all(self, timeout: float | None = None) -> None:
        """Stop every process still running (all at once, not one timeout after another); close the log."""
        try:
            stop_groups([p for _, p in self.running], self.stop_timeout if timeout is None else timeout)
        except BaseException:  # interrupted while waiting (a second Ctrl-C): leave nothing running behind
            for _, process in self.running:
                signal_group(process.pid, signal.SIGKILL)
            raise
        finally:
            self.running.clear()
            if self._opened is not None:
                self._opened.close()
                self._opened = None

    def check_alive(self) -> None:
        """Raise ProcessExited naming the first started process that has died (its log says why)."""
        for name, process in self.running:
            code = process.poll()
            if code is not None:
                raise ProcessExited(name, code, self.log_path)

    def cpu_seconds(self) -> dict[str, float]:
        """CPU seconds so far of each live process's group, summed over the processes of one name."""
        totals: dict[str, float] = {}
        for name, process in self.running:
            if process.poll() is None:
                totals[name] = totals.get(name, 0.0) + group_cpu_seconds(process.pid)
        return totals

    def _log_file(self) -> IO[bytes] | None:
        if not isinstance(self.log, Path):
            return self.log
        if self._opened is None:
            self.log.parent.mkdir(parents=True, exist_ok=True)
            self._opened = open(self.log, "ab")  # noqa: SIM115 (closed in stop_all)
        return self._opened

    def _forget(self, process: Process) -> None:
        self.running = [(n, p) for n, p in self.running if p is not process]
