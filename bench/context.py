"""What every scenario shares: the benchmark's own Redis, the stand-in process, where logs go."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import redis

from bench.standin import StandInControl
from slackapp.processes.supervise import group_cpu_seconds


@dataclass
class Context:
    redis_url: str
    r: redis.Redis  # decode_responses=True, as the app's stores use
    rq_r: redis.Redis  # bytes, as RQ uses
    standin: StandInControl
    standin_pid: int
    log_path: Path
    # The same stand-in serving HTTPS (a CA made at start-up), for the runs that pay what production pays.
    tls_standin: StandInControl | None = None
    tls_standin_pid: int = 0

    def over_tls(self) -> Context:
        """This context with the TLS stand-in as Slack."""
        assert self.tls_standin is not None
        return replace(self, standin=self.tls_standin, standin_pid=self.tls_standin_pid)

    def standin_cpu(self) -> float:
        return group_cpu_seconds(self.standin_pid)

    def redis_cpu(self) -> float:
        info = self.r.info("cpu")
        return float(info["used_cpu_user"]) + float(info["used_cpu_sys"])

    def command_calls(self, command: str) -> int:
        stats = self.r.info("commandstats")
        return int((stats.get(f"cmdstat_{command}") or {}).get("calls", 0))

    def total_commands(self) -> int:
        return sum(int(entry.get("calls", 0)) for entry in self.r.info("commandstats").values())
