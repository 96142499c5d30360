"""RQ jobs. They take ids, look everything else up, and are safe to run twice."""

from __future__ import annotations

from workers import delivery, runtime


def send_breaks(team_id: str, user_ids: list[str]) -> dict[str, int]:
    """Deliver the breaks due for these people; returns counts by outcome (kept as the job's result)."""
    return dict(delivery.deliver(runtime.current(), team_id, user_ids))
