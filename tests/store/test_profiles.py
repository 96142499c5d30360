from __future__ import annotations

from slackapp.store import profiles

SLACK_USER = {
    "tz": "Europe/Paris",
    "is_admin": True,
    "profile": {"status_text": "In a meeting", "status_emoji": ":calendar:", "status_expiration": 99},
}


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
    profiles.save_dnd(store, team_id="T1", windows={"U1": (True, 10, 20), "U2": (False, 0, 0)})
    found = profiles.get_dnd(store, team_id="T1", user_ids=["U1", "U2", "U3"])
    assert found == {"U1": (True, 10, 20), "U2": (False, 0, 0)}
