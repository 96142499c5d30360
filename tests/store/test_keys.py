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


def test_a_pattern_built_from_an_id_matches_only_that_id(store):
    from slackapp.store import personal_data

    store.set(keys.card("T1", "U1", "1"), "x")
    store.set(keys.card("T1", "U2", "1"), "x")
    # Ids are checked at the edge; a glob character that got this far still matches only itself.
    assert personal_data.records(store, team_id="T1", user_id="U?") == {}
    assert personal_data.delete(store, team_id="T1", user_id="*") == 0
    assert store.exists(keys.card("T1", "U1", "1"), keys.card("T1", "U2", "1")) == 2
