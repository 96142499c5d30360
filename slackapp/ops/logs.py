"""Logging: a JSON object per line with the workspace, person and Slack request it concerns; never tokens."""

from __future__ import annotations

import contextvars
import logging
import re
import sys

from pythonjsonlogger.json import JsonFormatter

from slackapp.config import Settings

team_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar("team_id", default=None)
user_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar("user_id", default=None)
request_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)

_TOKEN = re.compile(r"xox[abpre]-[0-9A-Za-z-]+|xapp-[0-9A-Za-z-]+")


class SlackContext(logging.Filter):
    """Adds team_id / user_id / request_id from the current Slack request, and masks anything token-like."""

    def filter(self, record: logging.LogRecord) -> bool:
        for name, var in (("team_id", team_id_var), ("user_id", user_id_var), ("request_id", request_id_var)):
            if getattr(record, name, None) is None and var.get() is not None:
                setattr(record, name, var.get())
        if isinstance(record.msg, str) and "x" in record.msg:
            record.msg = _TOKEN.sub("[token]", record.msg)
        if record.args:
            record.args = tuple(_TOKEN.sub("[token]", a) if isinstance(a, str) else a for a in record.args)
        return True


def mask(text: str) -> str:
    """`text` with anything shaped like a Slack token replaced by [token]."""
    return _TOKEN.sub("[token]", text)


class MaskingJsonFormatter(JsonFormatter):
    """JSON lines, masked as a whole: tracebacks and extra fields included."""

    def format(self, record: logging.LogRecord) -> str:
        return mask(super().format(record))


class MaskingFormatter(logging.Formatter):
    """Plain text lines, masked as a whole: tracebacks included."""

    def format(self, record: logging.LogRecord) -> str:
        return mask(super().format(record))


def configure(settings: Settings, level: int = logging.INFO) -> None:
    """Set up the root logger for a process: JSON lines (or plain text with GLUTES_LOG_FORMAT=text)."""
    handler = logging.StreamHandler(sys.stderr)
    if settings.log_format == "json":
        handler.setFormatter(
            MaskingJsonFormatter(
                "%(asctime)s %(levelname)s %(name)s %(message)s",
                rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
            )
        )
    else:
        handler.setFormatter(MaskingFormatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    handler.addFilter(SlackContext())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)


def clear() -> None:
    """Forget the ids of whatever request this thread handled before (called as each request starts)."""
    bind(team_id=None, user_id=None, request_id=None)


def bind(*, team_id: str | None, user_id: str | None, request_id: str | None) -> None:
    """Attach a Slack request's ids to every log line its listener writes (listeners run in a thread)."""
    team_id_var.set(team_id)
    user_id_var.set(user_id)
    request_id_var.set(request_id)
