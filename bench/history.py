"""Scenario 5, second half: Redis bytes per person-year of history (a year of Dones).

A card sent and a Done move, in one script each (slackapp.store.cards.save_sent / record_outcome): the
person's history string (store.stats: a character per local date, 366 per year) and a point on the week,
month and all-time boards (sorted sets; week and month boards expire 2 days after their period). Cards
expire after 8 days. A year of Dones for many people is written here as the same keys with the same final
values, pipelined (a person's year in one SET, each live board's total in one ZINCRBY with its TTL; boards
whose period ended more than 2 days before the year's last day are gone, as Redis would have expired them);
a small sample is first checked against the real store functions to show the two leave the same data. The
earlier format (hashes of dates, every board kept) is measured the same way, for the comparison.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date, timedelta

import redis

from bench.context import Context
from slackapp.store import boards, cards, keys, stats

TEAM = "TMEM"
CARDS_PER_WINDOW_DAYS = 6  # work days inside a card's 8-day TTL


@dataclass
class HistoryResult:
    people: int
    days: int
    dones_per_day: int
    bytes_per_person_year: float = 0.0
    done_days_bytes: int = 0  # MEMORY USAGE of one person's year of done-days
    done_days_encoding: str = ""
    boards_bytes_per_person: float = 0.0
    board_keys: int = 0
    board_encoding: str = ""
    equivalent: bool = False
    cards_window_bytes_per_person: float = 0.0  # live cards (TTL 8 days) of someone who answers each one
    cards_in_window: int = 0
    legacy_bytes_per_person_year: float = 0.0  # the earlier format: hashes of dates, every board kept
    legacy_done_days_bytes: int = 0


def work_days(count: int, start: date = date(2025, 1, 1)) -> list[date]:
    days, day = [], start
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def _used(r: redis.Redis) -> int:
    return int(r.info("memory")["used_memory"])


def _encoded(days: list[date], dones: int) -> str:
    """The history string `dones` Dones on each of `days` leave (store.stats, scripts.COUNT_DAY)."""
    base = min(days).year
    chars = ["\0"] * (stats.YEAR_DAYS * (max(days).year - base + 1))
    for day in days:
        chars[stats.YEAR_DAYS * (day.year - base) + day.timetuple().tm_yday - 1] = chr(min(127, dones + 1))
    return f"{base:04d}" + "".join(chars)


def _equivalent_writes(
    pipe: redis.client.Pipeline, team: str, user: str, days: list[date], dones: int
) -> None:
    """What `dones` Dones on each of `days` leave: the history string and each live board's total."""
    pipe.set(keys.days(team, user), _encoded(days, dones))
    totals: dict[str, int] = {}
    ttls: dict[str, int] = {}
    today = max(days)
    for day in days:
        for board in boards.board_keys(team, day):
            ttl = boards.ttl_seconds(team, board, day)
            if ttl and ttl // 86400 <= (today - day).days:
                continue  # expired by the year's last day
            totals[board] = totals.get(board, 0) + dones
            ttls.setdefault(board, ttl)
    for board, total in totals.items():
        pipe.zincrby(board, total, user)
        if ttls[board]:
            pipe.expire(board, ttls[board])


def _legacy_writes(pipe: redis.client.Pipeline, team: str, user: str, days: list[date], dones: int) -> None:
    """The earlier format: a hash of date -> count, and every board kept forever."""
    pipe.hset(keys.done_days(team, user), mapping={day.isoformat(): dones for day in days})
    totals: dict[str, int] = {}
    for day in days:
        for board in boards.board_keys(team, day):
            totals[board] = totals.get(board, 0) + dones
    for board, total in totals.items():
        pipe.zincrby(board, total, user)


def _check_equivalence(r: redis.Redis, dones: int) -> bool:
    """The real functions (cards.save + cards.record_outcome per Done) against the pipelined writes."""
    days = work_days(3)
    users = ["UCHK1", "UCHK2"]
    pipe = r.pipeline(transaction=False)
    for user in users:
        for day in days:
            for n in range(dones):
                break_id = f"{day.isoformat()}-{n}"
                cards.save(
                    r,
                    team_id="TREAL",
                    user_id=user,
                    break_id=break_id,
                    exercise="glute_tap",
                    local_date=day.isoformat(),
                    channel="D" + user[1:],
                    ts="1.1",
                )
                answer = cards.record_outcome(
                    r,
                    team_id="TREAL",
                    user_id=user,
                    break_id=break_id,
                    outcome="done",
                    local_date=day.isoformat(),
                    score_keys=boards.board_keys("TREAL", day),
                )
                assert answer == "ok", answer
        _equivalent_writes(pipe, "TEQV", user, days, dones)
    pipe.execute()
    same = True
    for user in users:
        same &= r.get(keys.days("TREAL", user)) == r.get(keys.days("TEQV", user))
        for day in days[-1:]:  # the boards still live on the last day
            for real, eqv in zip(
                boards.board_keys("TREAL", day), boards.board_keys("TEQV", day), strict=True
            ):
                same &= r.zscore(real, user) == r.zscore(eqv, user)
    return same


def run_history(
    ctx: Context, *, people: int, days: int, dones_per_day: int, card_sample: int
) -> HistoryResult:
    r = ctx.r
    r.flushall()
    result = HistoryResult(people, days, dones_per_day)
    result.equivalent = _check_equivalence(r, dones_per_day)
    r.flushall()
    year = work_days(days)
    users = [f"UM{index:06d}" for index in range(people)]

    time.sleep(0.2)
    before = _used(r)
    pipe = r.pipeline(transaction=False)
    for count, user in enumerate(users, start=1):
        _equivalent_writes(pipe, TEAM, user, year, dones_per_day)
        if count % 50 == 0:
            pipe.execute()
    pipe.execute()
    result.bytes_per_person_year = (_used(r) - before) / people
    sample = keys.days(TEAM, users[0])
    result.done_days_bytes = int(r.memory_usage(sample, samples=0) or 0)
    result.done_days_encoding = str(r.object("encoding", sample))
    board_names = sorted(r.scan_iter(match=keys.board(TEAM, "*"), count=1000))
    result.board_keys = len(board_names)
    result.boards_bytes_per_person = sum(int(r.memory_usage(b, samples=0) or 0) for b in board_names) / people
    result.board_encoding = str(r.object("encoding", keys.board(TEAM, "all")))

    r.flushall()
    time.sleep(0.2)
    before = _used(r)
    pipe = r.pipeline(transaction=False)
    for count, user in enumerate(users, start=1):
        _legacy_writes(pipe, TEAM, user, year, dones_per_day)
        if count % 50 == 0:
            pipe.execute()
    pipe.execute()
    result.legacy_bytes_per_person_year = (_used(r) - before) / people
    result.legacy_done_days_bytes = int(r.memory_usage(keys.done_days(TEAM, users[0]), samples=0) or 0)

    # Live cards: everyone who answers their breaks keeps ~8 days of card hashes (CARD_TTL_SECONDS).
    r.flushall()
    time.sleep(0.2)
    result.cards_in_window = CARDS_PER_WINDOW_DAYS * dones_per_day
    before = _used(r)
    for index in range(card_sample):
        user = f"UC{index:06d}"
        for n in range(result.cards_in_window):
            day = year[n // dones_per_day]
            break_id = str(1_760_000_000_000 + n * 3_000_000)
            cards.save(
                r,
                team_id=TEAM,
                user_id=user,
                break_id=break_id,
                exercise="glute_tap",
                local_date=day.isoformat(),
                channel="D" + user[1:],
                ts=f"1760000000.{n:06d}",
            )
            cards.record_outcome(
                r, team_id=TEAM, user_id=user, break_id=break_id, outcome="done", local_date=day.isoformat()
            )
    result.cards_window_bytes_per_person = (_used(r) - before) / card_sample

    r.flushall()
    return result
