"""What every scenario shares: the benchmark's own Redis, the stand-in process, where logs go."""

from __future__ import annotations

from dataclasses import dataclass
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
