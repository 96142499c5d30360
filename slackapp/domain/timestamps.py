"""Epoch milliseconds: how due times are stored and compared (sorted-set scores, break ids)."""

from __future__ import annotations

from datetime import UTC, datetime


def to_ms(t: datetime) -> int:
    return int(t.timestamp() * 1000)


def from_ms(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, tz=UTC)
