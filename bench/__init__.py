"""Benchmarks for glutes: `python -m bench [--quick | --smoke]` (see bench/run.py and docs/performance.md)."""
