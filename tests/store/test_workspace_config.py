from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from slackapp.store import workspace_config


def test_an_unset_workspace_gets_the_environments_defaults(store, settings):
    assert workspace_config.get(store, settings, team_id="T1") == workspace_config.defaults(settings)


def test_saved_settings_read_back_whole(store, settings):
    config = replace(
        workspace_config.defaults(settings),
        start_minute=420,
        days=frozenset({0, 3}),
        interval=timedelta(minutes=45),
        board_channel="C9",
        tz="Asia/Tokyo",
        app_admins=("UA", "UB"),
        care_text="Be kind to your back.",
        daily_team_break=True,
    )
    pipe = store.pipeline(transaction=True)
    workspace_config.save(store, team_id="T1", config=config, pipeline=pipe)
    assert workspace_config.get(store, settings, team_id="T1") == workspace_config.defaults(settings)
    pipe.execute()
    assert workspace_config.get(store, settings, team_id="T1") == config
