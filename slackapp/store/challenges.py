"""Channel challenges: one running per channel, who joined, and their points during the challenge."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import redis

from slackapp.domain.challenge import Challenge
from slackapp.store import keys
from slackapp.store.scripts import LuaScript

KEEP_FINISHED_SECONDS = 90 * 24 * 3600

# Claim the channel and save the challenge in one step, so a channel never points at a challenge
# that was not saved. KEYS: channel's challenge string, challenge hash, running set, TEAMS, the starter's
# started-challenges set. ARGV: challenge id, channel id, title, started by, starts on, ends on, team id.
# Returns 1 or 0.
_CREATE = LuaScript("""
if not redis.call('SET', KEYS[1], ARGV[1], 'NX') then return 0 end
redis.call('HSET', KEYS[2], 'channel_id', ARGV[2], 'title', ARGV[3], 'started_by', ARGV[4],
           'starts_on', ARGV[5], 'ends_on', ARGV[6], 'stopped', 0)
redis.call('SADD', KEYS[3], ARGV[1])
redis.call('SADD', KEYS[4], ARGV[7])
redis.call('SADD', KEYS[5], ARGV[1])
return 1
""")

# Mark a challenge over once, and free its channel only if the channel still points at it.
# KEYS: challenge hash, running set, channel's challenge string. ARGV: challenge id, seconds to keep.
_FINISH = LuaScript("""
if redis.call('HGET', KEYS[1], 'stopped') == '1' then return 0 end
redis.call('HSET', KEYS[1], 'stopped', 1)
redis.call('SREM', KEYS[2], ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[2])
if redis.call('GET', KEYS[3]) == ARGV[1] then redis.call('DEL', KEYS[3]) end
return 1
""")


def create(r: redis.Redis, *, team_id: str, challenge: Challenge) -> bool:
    """Save a new running challenge; False if its channel already runs one."""
    created = _CREATE(
        r,
        keys=[
            keys.channel_challenge(team_id, challenge.channel_id),
            keys.challenge(team_id, challenge.challenge_id),
            keys.running_challenges(team_id),
            keys.TEAMS,
            keys.started_challenges(team_id, challenge.started_by),
        ],
        args=[
            challenge.challenge_id,
            challenge.channel_id,
            challenge.title,
            challenge.started_by,
            challenge.starts_on.isoformat(),
            challenge.ends_on.isoformat(),
            team_id,
        ],
    )
    return bool(created)


def get(r: redis.Redis, *, team_id: str, challenge_id: str) -> Challenge | None:
    data = r.hgetall(keys.challenge(team_id, challenge_id))
    if not data:
        return None
    return Challenge(
        challenge_id=challenge_id,
        channel_id=data["channel_id"],
        title=data.get("title", ""),
        started_by=data.get("started_by", ""),
        starts_on=date.fromisoformat(data["starts_on"]),
        ends_on=date.fromisoformat(data["ends_on"]),
        stopped=data.get("stopped") == "1",
    )


def in_channel(r: redis.Redis, *, team_id: str, channel_id: str) -> Challenge | None:
    """The challenge running in a channel, if any."""
    challenge_id = r.get(keys.channel_challenge(team_id, channel_id))
    return get(r, team_id=team_id, challenge_id=challenge_id) if challenge_id else None


def running(r: redis.Redis, *, team_id: str) -> list[Challenge]:
    found = [
        get(r, team_id=team_id, challenge_id=cid)
        for cid in sorted(r.smembers(keys.running_challenges(team_id)))
    ]
    return [c for c in found if c is not None]


def join(r: redis.Redis, *, team_id: str, challenge_id: str, user_id: str) -> bool:
    """Add a participant; False if they had already joined."""
    pipe = r.pipeline(transaction=True)
    pipe.sadd(keys.challenge_members(team_id, challenge_id), user_id)
    pipe.sadd(keys.user_challenges(team_id, user_id), challenge_id)
    added, _ = pipe.execute()
    return bool(added)


def scores(r: redis.Redis, *, team_id: str, challenge_id: str) -> list[tuple[str, int]]:
    raw = r.zrevrange(keys.challenge_scores(team_id, challenge_id), 0, -1, withscores=True)
    return [(user_id, int(score)) for user_id, score in raw]


def score_keys_for(r: redis.Redis, *, team_id: str, user_id: str, today: date) -> tuple[str, ...]:
    """Score sets of the running challenges this person joined that are on today (workspace-local)."""
    joined = r.smembers(keys.user_challenges(team_id, user_id))
    return score_keys_among(r, team_id=team_id, challenge_ids=joined, today=today)


def score_keys_among(
    r: redis.Redis, *, team_id: str, challenge_ids: Iterable[str], today: date
) -> tuple[str, ...]:
    """score_keys_for with the person's challenge ids already read (no Redis call when there are none)."""
    found = []
    for challenge_id in sorted(challenge_ids):
        challenge = get(r, team_id=team_id, challenge_id=challenge_id)
        if challenge and not challenge.stopped and challenge.starts_on <= today <= challenge.ends_on:
            found.append(keys.challenge_scores(team_id, challenge_id))
    return tuple(found)


def finish(r: redis.Redis, *, team_id: str, challenge: Challenge) -> bool:
    """Mark a challenge over and free its channel; False if it was already over."""
    finished = _FINISH(
        r,
        keys=[
            keys.challenge(team_id, challenge.challenge_id),
            keys.running_challenges(team_id),
            keys.channel_challenge(team_id, challenge.channel_id),
        ],
        args=[challenge.challenge_id, KEEP_FINISHED_SECONDS],
    )
    return bool(finished)


# Count one team-break click as a Done, once per person per post. KEYS: clickers set, done tally hash,
# then sorted sets to add a point to. ARGV: user id, local date.
_TEAM_BREAK = LuaScript("""
if redis.call('SADD', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('EXPIRE', KEYS[1], 8 * 24 * 3600)
redis.call('HINCRBY', KEYS[2], ARGV[2], 1)
for i = 3, #KEYS do redis.call('ZINCRBY', KEYS[i], 1, ARGV[1]) end
return 1
""")


def count_team_break(
    r: redis.Redis,
    *,
    team_id: str,
    challenge_id: str,
    post_ts: str,
    user_id: str,
    local_date: str,
    score_keys: tuple[str, ...],
) -> bool:
    """Record a team-break click as a Done; False if this person already clicked this post."""
    script_keys = [
        keys.challenge_team_breaks(team_id, challenge_id, post_ts),
        keys.done_days(team_id, user_id),
        *score_keys,
    ]
    return bool(_TEAM_BREAK(r, keys=script_keys, args=[user_id, local_date]))


def clicks(r: redis.Redis, *, team_id: str, challenge_id: str, post_ts: str) -> int:
    return int(r.scard(keys.challenge_team_breaks(team_id, challenge_id, post_ts)))


def add_team_break_post(r: redis.Redis, *, team_id: str, challenge_id: str, post_ts: str) -> None:
    """Remember a team-break post, so only clicks on real ones count."""
    r.sadd(keys.challenge_team_break_posts(team_id, challenge_id), post_ts)


def is_team_break_post(r: redis.Redis, *, team_id: str, challenge_id: str, post_ts: str) -> bool:
    return bool(r.sismember(keys.challenge_team_break_posts(team_id, challenge_id), post_ts))
