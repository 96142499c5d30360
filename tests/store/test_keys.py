from __future__ import annotations

import inspect

from slackapp.store import keys


def test_every_key_but_the_workspace_registry_carries_the_workspace():
    for name, spell in inspect.getmembers(keys, inspect.isfunction):
        params = list(inspect.signature(spell).parameters)
        if params[:1] != ["team_id"]:
            continue
        key = spell(*(["TX"] + ["p"] * (len(params) - 1)))
        assert key.startswith("glutes:TX"), name
    assert keys.TEAMS == "glutes:teams"
