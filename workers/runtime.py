"""The Deps a job runs with: built from the environment once per worker process, or handed in by tests."""

from __future__ import annotations

from slackapp.config import load_or_exit
from slackapp.deps import Deps, build_deps

_deps: Deps | None = None


def use(deps: Deps | None) -> None:
    """Make `deps` what jobs in this process use (the worker entry point and tests call this)."""
    global _deps
    _deps = deps


def current() -> Deps:
    """The process's Deps, built from the environment on first use (e.g. under a plain `rq worker`)."""
    global _deps
    if _deps is None:
        _deps = build_deps(load_or_exit())
    return _deps
