from __future__ import annotations

from slackapp.store import home_tab


def test_people_who_opened_the_home_tab_are_remembered_per_workspace(store):
    assert not home_tab.has_seen(store, team_id="T1", user_id="U1")
    home_tab.mark_seen(store, team_id="T1", user_id="U1")
    home_tab.mark_seen(store, team_id="T1", user_id="U1")
    assert home_tab.has_seen(store, team_id="T1", user_id="U1")
    assert not home_tab.has_seen(store, team_id="T2", user_id="U1")


def test_mark_seen_can_join_a_pipeline(store):
    pipe = store.pipeline(transaction=True)
    home_tab.mark_seen(store, team_id="T1", user_id="U1", pipeline=pipe)
    assert not home_tab.has_seen(store, team_id="T1", user_id="U1")
    pipe.execute()
    assert home_tab.has_seen(store, team_id="T1", user_id="U1")
