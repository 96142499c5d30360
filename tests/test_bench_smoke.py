"""The benchmark runs end to end at tiny sizes (a smoke test: it times nothing and asserts no speed)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_bench_smoke_run_writes_a_report(tmp_path):
    out = tmp_path / "performance.md"
    result = subprocess.run(
        [sys.executable, "-m", "bench", "--smoke", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = out.read_text()
    for section in (
        "Fan-out",
        "Ack latency",
        "rq-scheduler",
        "bare Bolt",
        "Bolt + glutes' I/O",
        "Over TLS",
        "connections kept alive",
    ):
        assert section in report, section
