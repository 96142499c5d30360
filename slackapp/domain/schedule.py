"""When breaks are due: work-hour windows in local wall time, DND and status holds, snoozes and labels.

Every datetime going in must be timezone-aware; every datetime coming out is in UTC.
"""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from slackapp.domain.models import (
    MINUTES_PER_DAY,
    Delivery,
    DndWindow,
    Held,
    Hold,
    HoldReason,
    Presence,
    Rhythm,
    Send,
)

LOOKAHEAD_DAYS = 8
FALLBACK_DELAY = timedelta(days=1)
# Clock-aligned breaks: never closer than this after the one before (or after the work day starts), so a
# card released at :48 does not bring the :50 one two minutes later.
MARK_MIN_GAP = timedelta(minutes=20)

_WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

AWAY_EMOJI = frozenset(
    {
        ":calendar:",
        ":spiral_calendar_pad:",
        ":date:",
        ":headphones:",
        ":palm_tree:",
        ":face_with_thermometer:",
        ":thermometer:",
        ":airplane:",
        ":beach_with_umbrella:",
        ":phone:",
        ":telephone_receiver:",
        ":studio_microphone:",
        ":no_entry:",
        ":red_circle:",
    }
)

AWAY_PHRASES = (
    "in a meeting",
    "meeting",
    "on a call",
    "call",
    "huddle",
    "vacation",
    "vacationing",
    "holiday",
    "pto",
    "ooo",
    "out of office",
    "out sick",
    "sick",
    "off today",
    "presenting",
    "interview",
    "interviewing",
    "do not disturb",
    "dnd",
    "focus time",
)


def _phrase_pattern(phrase: str) -> str:
    """Regex for one phrase: whole words, any run of spaces/hyphens between words, optional plural s."""
    words = [re.escape(w) for w in phrase.split()]
    return r"\b" + r"[\s\-]+".join(words) + r"s?\b"


# Word boundaries keep "recall", "callback" and "laptop" from reading as "call" or "pto".
_AWAY_TEXT = re.compile("|".join(_phrase_pattern(p) for p in AWAY_PHRASES), re.IGNORECASE)
# Being on call (pager duty) means working as usual, not being on a call.
_ON_CALL = re.compile(r"\bon[\s\-]*call\b", re.IGNORECASE)


def zone(tz: str) -> ZoneInfo:
    """The ZoneInfo for an IANA name, or UTC when the name is empty or unknown."""
    if not tz:
        return ZoneInfo("UTC")
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError, OSError, TypeError):
        return ZoneInfo("UTC")


def _utc(t: datetime) -> datetime:
    """t as a UTC datetime; ValueError if t is naive, so no one silently gets the server's zone."""
    if t.tzinfo is None or t.utcoffset() is None:
        raise ValueError(f"datetime must be timezone-aware, got {t!r}")
    return t.astimezone(UTC)


def _local_instant(day: date, minute: int, z: ZoneInfo) -> datetime:
    """The UTC instant of local wall time `minute` on `day` in z (1440 is the next day's 00:00)."""
    if minute == MINUTES_PER_DAY:
        day, minute = day + timedelta(days=1), 0
    return datetime.combine(day, time(minute // 60, minute % 60), tzinfo=z).astimezone(UTC)


def next_mark(t: datetime, marks: tuple[int, ...], tz: str) -> datetime:
    """The first whole minute at or after t whose local minute past the hour is one of `marks` (in UTC).

    Walked minute by minute in UTC (at most about 90 steps), so a DST change, which moves local hours,
    never skips or repeats a mark the way adding local hours would."""
    t = _utc(t)
    z = zone(tz)
    step = t.replace(second=0, microsecond=0)
    if step < t:
        step += timedelta(minutes=1)
    for _ in range(3 * 60):
        if step.astimezone(z).minute in marks:
            return step
        step += timedelta(minutes=1)
    raise ValueError(f"no mark {marks!r} within three hours of {t!r}")


def _slot_window(day: date, rhythm: Rhythm, z: ZoneInfo) -> tuple[datetime, datetime] | None:
    """(first, last) valid break instant on local `day`, or None if it is not a work day or too short."""
    if day.weekday() not in rhythm.hours.days:
        return None
    first = _local_instant(day, rhythm.hours.start_minute, z)
    hours = rhythm.hours
    runs_on = hours.start_minute == 0 and (day - timedelta(days=1)).weekday() in hours.days
    if rhythm.marks:
        # Clock-aligned: the day's first break is the first mark a little after the day starts. No spread:
        # the person chose the minute, and the workspace's pacing spaces the sends.
        if not (runs_on and hours.end_minute == MINUTES_PER_DAY):
            first += MARK_MIN_GAP
        first = next_mark(first, rhythm.marks, rhythm.tz)
        last = _local_instant(day, rhythm.hours.end_minute, z)
        return (first, last) if first <= last else None
    if not (runs_on and hours.end_minute == MINUTES_PER_DAY):
        # A fresh work day: the first break comes one interval after it starts. A day that simply
        # continues yesterday's (00:00-24:00 on consecutive days) has no fresh start at midnight.
        first += rhythm.interval
        if first + rhythm.first_offset <= _local_instant(day, hours.end_minute, z):
            first += rhythm.first_offset  # the person's place in the spread, unless it would end the day
    last = _local_instant(day, rhythm.hours.end_minute, z)
    return (first, last) if first <= last else None


def first_break_window(people: int, rate_per_second: float, interval: timedelta) -> timedelta:
    """How far a workspace spreads its first breaks of the day: the whole seconds its send rate needs to
    send everyone one card (people ÷ rate), never more than one interval. Zero under a second's worth."""
    if people <= 1 or rate_per_second <= 0:
        return timedelta(0)
    return min(interval, timedelta(seconds=int(people / rate_per_second)))


def first_break_offset(user_id: str, window: timedelta) -> timedelta:
    """The person's place in the window, in whole seconds in [0, window): from a hash of their id, so the
    same every day and on every process. Each later break is scheduled from the one before, so the spread
    of the first round carries through the day."""
    seconds = int(window.total_seconds())
    if seconds <= 0:
        return timedelta(0)
    digest = hashlib.blake2b(user_id.encode(), digest_size=8).digest()
    return timedelta(seconds=int.from_bytes(digest, "big") % seconds)


def first_slot_at_or_after(t: datetime, rhythm: Rhythm) -> datetime | None:
    """Earliest valid break time >= t within the next 8 local days, or None if there is none."""
    t = _utc(t)
    z = zone(rhythm.tz)
    today = t.astimezone(z).date()
    # Start a day back: yesterday's window can end exactly at today's local midnight (end 24:00).
    for offset in range(-1, LOOKAHEAD_DAYS + 1):
        window = _slot_window(today + timedelta(days=offset), rhythm, z)
        if window is None:
            continue
        first, last = window
        if last >= t:
            return max(first, t)
    return None


def next_break_after(t: datetime, rhythm: Rhythm) -> datetime | None:
    """The next break when one was sent (or the person opted in) at t: the first slot >= t + interval, or
    for a clock-aligned rhythm the first mark at least MARK_MIN_GAP after t that lies in work hours."""
    if not rhythm.marks:
        return first_slot_at_or_after(_utc(t) + rhythm.interval, rhythm)
    slot = first_slot_at_or_after(_utc(t) + MARK_MIN_GAP, rhythm)
    if slot is None:
        return None
    # A slot inside a window may fall between marks; the mark after it, if still in hours, else the next
    # window's first break (itself a mark).
    return first_slot_at_or_after(next_mark(slot, rhythm.marks, rhythm.tz), rhythm)


def work_window_end(t: datetime, rhythm: Rhythm) -> datetime | None:
    """The end of the work window t lies in (its local end time), or None when t is outside work hours."""
    t = _utc(t)
    z = zone(rhythm.tz)
    today = t.astimezone(z).date()
    for day in (today - timedelta(days=1), today):
        if day.weekday() not in rhythm.hours.days:
            continue
        start = _local_instant(day, rhythm.hours.start_minute, z)
        end = _local_instant(day, rhythm.hours.end_minute, z)
        if start <= t <= end:
            return end
    return None


def is_work_time(t: datetime, rhythm: Rhythm) -> bool:
    """True when t lies in [local start, local end] of a work day in the rhythm's time zone."""
    return work_window_end(t, rhythm) is not None


def local_hour(t: datetime, tz: str) -> int:
    """The hour (0-23) it is at `t` in the zone `tz`."""
    return _utc(t).astimezone(zone(tz)).hour


def local_date(t: datetime, tz: str) -> date:
    """The calendar date of t in time zone tz."""
    return _utc(t).astimezone(zone(tz)).date()


def _clock(t: datetime) -> str:
    """12-hour clock like "9:50 AM" with no leading zero."""
    hour = t.hour % 12 or 12
    return f"{hour}:{t.minute:02d} {'AM' if t.hour < 12 else 'PM'}"


def local_time_label(t: datetime, tz: str, now: datetime) -> str:
    """Label for t in tz as seen at now: "2:50 PM", "tomorrow 9:50 AM", "Mon 9:50 AM" or "Nov 30 9:50 AM"."""
    z = zone(tz)
    local = _utc(t).astimezone(z)
    days_ahead = (local.date() - _utc(now).astimezone(z).date()).days
    clock = _clock(local)
    if days_ahead == 0:
        return clock
    if days_ahead == 1:
        return f"tomorrow {clock}"
    # Seven days ahead shares today's weekday name, so only 2..6 get a weekday.
    if 2 <= days_ahead <= 6:
        return f"{_WEEKDAY_NAMES[local.weekday()]} {clock}"
    return f"{_MONTH_NAMES[local.month - 1]} {local.day} {clock}"


def start_of_next_local_day(t: datetime, tz: str) -> datetime:
    """The UTC instant of the local midnight that starts the day after t's local date in tz."""
    z = zone(tz)
    return _local_instant(_utc(t).astimezone(z).date() + timedelta(days=1), 0, z)


def dnd_hold_until(now: datetime, dnd: DndWindow | None) -> datetime | None:
    """The DND end (UTC) if DND is enabled and its [start, end) window covers now, else None."""
    if dnd is None or not dnd.enabled or dnd.start is None or dnd.end is None:
        return None
    now = _utc(now)
    if dnd.start <= now < dnd.end:
        return _utc(dnd.end)
    return None


def _normalize_emoji(emoji: str) -> str:
    """Lower-case ":name:" form of a status emoji, accepting it with or without colons."""
    name = emoji.strip().lower().strip(":")
    return f":{name}:" if name else ""


def status_means_away(presence: Presence | None, now: datetime) -> bool:
    """True when an unexpired status says the person is in a meeting, on a call, off, sick or focusing."""
    if presence is None:
        return False
    if presence.status_expiration is not None and presence.status_expiration <= _utc(now):
        return False
    if _normalize_emoji(presence.status_emoji) in AWAY_EMOJI:
        return True
    text = _ON_CALL.sub(" ", presence.status_text)
    return _AWAY_TEXT.search(text) is not None


def in_huddle(presence: Presence | None, now: datetime) -> bool:
    """True while Slack says the person is in a huddle (and the state's own expiry, if any, is ahead)."""
    if presence is None or not presence.in_huddle:
        return False
    return presence.huddle_expiration is None or presence.huddle_expiration > _utc(now)


def held_now(now: datetime, *, presence: Presence | None, dnd: DndWindow | None) -> Held | None:
    """Whether a card would interrupt the person now, why, and when that ends if Slack said.

    The one rule for "is this person busy": DND first, then a huddle, then an away status. Work hours are
    not part of it (see plan_delivery)."""
    dnd_end = dnd_hold_until(now, dnd)
    if dnd_end is not None:
        return Held(HoldReason.DND, dnd_end)
    if in_huddle(presence, now):
        # A huddle's end comes as an event; the state's expiry is only Slack's upper bound, so re-check.
        return Held(HoldReason.HUDDLE, None)
    if status_means_away(presence, now):
        assert presence is not None
        return Held(HoldReason.STATUS, presence.status_expiration)
    return None


def plan_delivery(
    now: datetime,
    rhythm: Rhythm,
    *,
    presence: Presence | None,
    dnd: DndWindow | None,
    status_retry: timedelta = timedelta(minutes=10),
) -> Delivery:
    """Decide whether a due break is sent now or held (outside hours, DND, huddle, away status), and until
    when: the hold's end when Slack said it (capped at the end of the work day), else a re-check after
    status_retry. An end that comes by event (a huddle ending, a status cleared) releases it sooner."""
    now = _utc(now)
    fallback = now + FALLBACK_DELAY
    # A valid slot at or after now equals now exactly when now is inside today's break window.
    slot = first_slot_at_or_after(now, rhythm)
    if slot is None or slot > now:
        return Hold(slot or fallback, HoldReason.OUTSIDE_HOURS)
    held = held_now(now, presence=presence, dnd=dnd)
    if held is None:
        return Send(next_break_after(now, rhythm) or fallback)
    if held.ends_at is not None:
        # A known end is often shared (a calendar meeting ending at :00 for a whole team, DND ending at
        # 9:00): each person's card follows it at their place in the workspace's first-round spread, so
        # a team's released cards are paced like the day's first round instead of all due in one second.
        until = held.ends_at + rhythm.first_offset
    else:
        until = now + status_retry
    day_end = work_window_end(now, rhythm)
    if day_end is not None and until > day_end:
        # Past today's work hours: look again when the next work day starts, not at a far-off expiry.
        until = day_end + timedelta(seconds=1)
    return Hold(first_slot_at_or_after(until, rhythm) or fallback, held.reason)


def snooze_until(now: datetime, rhythm: Rhythm, duration: timedelta) -> datetime | None:
    """When a break snoozed at now for duration comes back: the first slot >= now + duration."""
    return first_slot_at_or_after(_utc(now) + duration, rhythm)


def snooze_today(now: datetime, rhythm: Rhythm) -> datetime | None:
    """When breaks resume after "not today": the first slot on or after the next local day."""
    return first_slot_at_or_after(start_of_next_local_day(now, rhythm.tz), rhythm)
