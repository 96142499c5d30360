from __future__ import annotations

from dataclasses import replace
from datetime import date

from slackapp.domain.challenge import Challenge
from slackapp.store import boards, cards, challenges, home_tab, people, personal_data, workspace_config

DAY = date(2026, 11, 25)


def _someone_who_uses_everything(r, user_id):
    people.opt_in(r, team_id="T1", user_id=user_id, next_due_ms=1)
    boards.hide(r, team_id="T1", user_id=user_id)
    home_tab.mark_seen(r, team_id="T1", user_id=user_id)
    cards.save(
        r,
        team_id="T1",
        user_id=user_id,
        break_id="b1",
        exercise="bridge",
        local_date=DAY.isoformat(),
        channel="D1",
        ts="1.1",
    )
    cards.record_outcome(
        r,
        team_id="T1",
        user_id=user_id,
        break_id="b1",
        outcome="done",
        local_date=DAY.isoformat(),
        score_keys=boards.board_keys("T1", DAY),
    )


def test_records_and_memberships_are_everything_about_the_person(store):
    _someone_who_uses_everything(store, "U1")
    _someone_who_uses_everything(store, "U2")
    records = personal_data.records(store, team_id="T1", user_id="U1")
    assert records["user:U1"]["opted_in"] == "1"
    assert records["card:U1:b1"]["outcome"] == "done"
    assert records["days:U1"] == {DAY.isoformat(): {"card_sent": True, "done": 1}}
    assert not any("U2" in name for name in records)
    memberships = personal_data.memberships(store, team_id="T1", user_id="U1")
    assert memberships["opted-in"] is True and memberships["hidden"] is True
    assert memberships["home-seen"] is True and memberships["board:all"] == 1.0


def test_delete_leaves_nothing_of_the_person_and_everything_of_others(store, settings):
    _someone_who_uses_everything(store, "U1")
    _someone_who_uses_everything(store, "U2")
    challenge = Challenge("c1", "C1", "Glutes", "U1", DAY, DAY)
    challenges.create(store, team_id="T1", challenge=challenge)
    challenges.join(store, team_id="T1", challenge_id="c1", user_id="U1")
    config = replace(workspace_config.defaults(settings), app_admins=("U1", "U2"))
    workspace_config.save(store, team_id="T1", config=config)

    assert personal_data.delete(store, team_id="T1", user_id="U1") > 0
    assert personal_data.records(store, team_id="T1", user_id="U1") == {}
    assert personal_data.memberships(store, team_id="T1", user_id="U1") == {}
    assert challenges.get(store, team_id="T1", challenge_id="c1").started_by == ""
    assert workspace_config.get(store, settings, team_id="T1").app_admins == ("U2",)
    assert people.get(store, team_id="T1", user_id="U2").opted_in
    assert personal_data.memberships(store, team_id="T1", user_id="U2")["board:all"] == 1.0
    assert personal_data.delete(store, team_id="T1", user_id="U1") == 0
