from __future__ import annotations

from slackapp.store import keys, people, profiles, tombstones
from slackapp.store.profiles import Written

SLACK_USER = {
    "tz": "Europe/Paris",
    "is_admin": True,
    "profile": {"status_text": "In a meeting", "status_emoji": ":calendar:", "status_expiration": 99},
}
NOW_S = 1_800_000_000
S = 1_000_000  # microseconds in a second: presence writes are ordered in epoch µs


def test_a_slack_user_is_cached_and_read_back(store):
    profile = profiles.from_slack_user(SLACK_USER, fetched_at=1000)
    profiles.save(store, team_id="T1", user_id="U1", profile=profile)
    assert profiles.get(store, team_id="T1", user_id="U1") == profile
    assert profiles.get(store, team_id="T1", user_id="U2") is None


def test_profiles_of_many_people_save_in_one_pipeline(store):
    pipe = store.pipeline(transaction=False)
    for user_id in ("U1", "U2"):
        profiles.save(
            store, team_id="T1", user_id=user_id, profile=profiles.from_slack_user({}, 1), pipeline=pipe
        )
    assert profiles.get(store, team_id="T1", user_id="U1") is None
    pipe.execute()
    assert profiles.get(store, team_id="T1", user_id="U2").tz == "UTC"


def test_dnd_windows_are_cached_for_those_that_have_one(store):
    written = profiles.save_dnd(
        store, team_id="T1", windows={"U1": (True, 10, 20), "U2": (False, 0, 0)}, at_us=NOW_S * S, now_s=NOW_S
    )
    assert written == {"U1": Written.APPLIED, "U2": Written.APPLIED}
    found = profiles.get_dnd(store, team_id="T1", user_ids=["U1", "U2", "U3"])
    assert found == {"U1": (True, 10, 20), "U2": (False, 0, 0)}


# --- compare-and-set: an older write never replaces a newer one -------------------------------------------


def _status(text: str, fetched_at: int = NOW_S) -> profiles.Profile:
    return profiles.from_slack_user({"profile": {"status_text": text}}, fetched_at=fetched_at)


def test_an_older_profile_write_is_ignored_and_a_newer_or_equal_one_applied(store):
    people.opt_in(store, team_id="T1", user_id="U1", next_due_ms=NOW_S * 1000)

    def save(text, at_us):
        return profiles.save_if_opted_in(
            store, team_id="T1", user_id="U1", profile=_status(text), as_of_us=at_us
        )

    assert save("", NOW_S * S + 2) is Written.APPLIED  # the newer event (status cleared) applied first
    assert save("In a meeting", NOW_S * S + 1) is Written.STALE  # one microsecond older: ignored
    assert profiles.get(store, team_id="T1", user_id="U1").status_text == ""
    assert save("Lunch", NOW_S * S + 2) is Written.APPLIED  # the same moment (a redelivery): applied
    assert profiles.get(store, team_id="T1", user_id="U1").status_text == "Lunch"
    # A users.info answer asked after the event is newer than it; one asked before it is not.
    asked_later = profiles.save(
        store, team_id="T1", user_id="U1", profile=_status("Focus"), as_of_us=NOW_S * S + 5
    )
    assert asked_later is Written.APPLIED
    asked_before = profiles.save(
        store, team_id="T1", user_id="U1", profile=_status("Old"), as_of_us=NOW_S * S
    )
    assert asked_before is Written.STALE
    # Without as_of_us, a lookup's time is its fetched_at (seconds).
    assert (
        profiles.save(store, team_id="T1", user_id="U1", profile=_status("Late", NOW_S + 1))
        is Written.APPLIED
    )
    assert profiles.get(store, team_id="T1", user_id="U1").status_text == "Late"


def test_a_profile_event_for_someone_off_or_forgotten_is_dropped(store):
    assert (
        profiles.save_if_opted_in(store, team_id="T1", user_id="U9", profile=_status("x"), as_of_us=NOW_S * S)
        is Written.DROPPED
    )
    people.opt_in(store, team_id="T1", user_id="U9", next_due_ms=NOW_S * 1000)
    tombstones.mark(store, team_id="T1", user_id="U9", now_ms=NOW_S * 1000)
    assert profiles.save(store, team_id="T1", user_id="U9", profile=_status("x")) is Written.DROPPED
    assert not store.exists(keys.profile("T1", "U9"))


def test_an_older_huddle_join_after_a_newer_leave_is_ignored(store):
    people.opt_in(store, team_id="T1", user_id="U1", next_due_ms=NOW_S * 1000)

    def huddle(in_huddle, at_us, expires_s=0):
        return profiles.save_huddle(
            store,
            team_id="T1",
            user_id="U1",
            in_huddle=in_huddle,
            at_us=at_us,
            now_s=NOW_S,
            expires_s=expires_s,
        )

    assert huddle(True, NOW_S * S - 10 * S) is Written.APPLIED
    assert profiles.get_huddles(store, team_id="T1", user_ids=["U1"]) == {"U1": 0}
    assert huddle(False, NOW_S * S - 2 * S) is Written.APPLIED  # left
    assert huddle(True, NOW_S * S - 3 * S, NOW_S + 600) is Written.STALE  # an older join, applied late
    assert profiles.get_huddles(store, team_id="T1", user_ids=["U1"]) == {}
    # The left record is kept (so the join above could be known to be older) for what remains of 3 hours.
    ttl = store.ttl(keys.huddle("T1", "U1"))
    assert profiles.HUDDLE_TTL_SECONDS - 10 < ttl <= profiles.HUDDLE_TTL_SECONDS - 2
    assert huddle(True, NOW_S * S, NOW_S + 600) is Written.APPLIED  # a newer join
    assert profiles.get_huddles(store, team_id="T1", user_ids=["U1"]) == {"U1": NOW_S + 600}
    assert store.ttl(keys.huddle("T1", "U1")) <= 600
    # A join older than the longest a huddle state is kept holds nothing, whatever is stored.
    store.delete(keys.huddle("T1", "U1"))
    assert huddle(True, (NOW_S - profiles.HUDDLE_TTL_SECONDS - 1) * S) is Written.STALE
    assert not store.exists(keys.huddle("T1", "U1"))


def test_a_huddle_record_from_before_the_left_records_still_means_in(store):
    store.hset(keys.huddle("T1", "U1"), mapping={"since": NOW_S, "expires": 0})
    assert profiles.get_huddles(store, team_id="T1", user_ids=["U1"]) == {"U1": 0}


def test_a_huddle_of_someone_whose_breaks_are_off_is_deleted_not_kept(store):
    store.hset(keys.huddle("T1", "U1"), mapping={"at": 1, "in": 1, "expires": 0})
    written = profiles.save_huddle(
        store, team_id="T1", user_id="U1", in_huddle=False, at_us=NOW_S * S, now_s=NOW_S
    )
    assert written is Written.DROPPED
    assert not store.exists(keys.huddle("T1", "U1"))


def test_an_older_dnd_window_is_ignored_and_an_expired_one_not_kept(store):
    def dnd(window, at_us):
        return profiles.save_dnd(store, team_id="T1", windows={"U1": window}, at_us=at_us, now_s=NOW_S)["U1"]

    assert dnd((False, 0, 0), NOW_S * S - S) is Written.APPLIED  # DND turned off (the newer event)
    assert dnd((True, NOW_S - 60, NOW_S + 3600), NOW_S * S - 2 * S) is Written.STALE  # the older "on"
    assert profiles.get_dnd(store, team_id="T1", user_ids=["U1"]) == {"U1": (False, 0, 0)}
    # A window is kept five minutes from when Slack said it: the TTL counts from then.
    assert profiles.DND_TTL_SECONDS - 2 <= store.ttl(keys.dnd("T1", "U1")) <= profiles.DND_TTL_SECONDS - 1
    assert dnd((True, 1, 2), (NOW_S - profiles.DND_TTL_SECONDS) * S) is Written.STALE
    assert dnd((True, NOW_S, NOW_S + 60), NOW_S * S) is Written.APPLIED
    assert profiles.get_dnd(store, team_id="T1", user_ids=["U1"]) == {"U1": (True, NOW_S, NOW_S + 60)}
