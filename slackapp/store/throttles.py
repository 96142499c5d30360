"""Short claims that keep one action from being repeated too often, such as sharing a board in a channel."""

from __future__ import annotations

import redis

from slackapp.store import keys


def claim_share(r: redis.Redis, *, team_id: str, channel_id: str, board: str, ttl_seconds: int) -> bool:
    """True for the first share of `board` in the channel within ttl_seconds; False while one is recent."""
    return bool(r.set(keys.board_shared(team_id, channel_id, board), 1, nx=True, ex=ttl_seconds))


def release_share(r: redis.Redis, *, team_id: str, channel_id: str, board: str) -> None:
    """Give the claim back (the post could not be made), so the next click may try again."""
    r.delete(keys.board_shared(team_id, channel_id, board))
