"""Where the benchmark runs from, and the CPU figures only it needs (the machine's, its own). Starting,
stopping and measuring its child processes is slackapp.processes.supervise."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
_TICKS = os.sysconf("SC_CLK_TCK")


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
