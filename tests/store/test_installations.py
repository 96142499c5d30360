from __future__ import annotations

from slack_sdk.oauth.installation_store import Bot

from slackapp.store import installations


def test_a_workspaces_org_is_remembered_and_the_first_answer_stays(store):
    assert installations.enterprise_of(store, team_id="T1") is None
    installations.remember_enterprise(store, team_id="T1", enterprise_id="E1")
    installations.remember_enterprise(store, team_id="T1", enterprise_id="E2")
    assert installations.enterprise_of(store, team_id="T1") == "E1"


def test_a_bot_token_is_sealed_at_rest_and_opened_on_read(store):
    from cryptography.fernet import Fernet

    seal = installations.TokenSeal(Fernet.generate_key().decode())
    installation_store = installations.RedisInstallationStore(store, seal=seal)
    installation_store.save_bot(
        Bot(team_id="T1", bot_token="xoxb-secret", bot_id="B1", bot_user_id="UB", installed_at=1.0)
    )
    assert "xoxb-secret" not in str([store.get(k) for k in store.scan_iter("glutes:T1:installation:*")])
    assert installation_store.find_bot(enterprise_id=None, team_id="T1").bot_token == "xoxb-secret"
    installation_store.delete_all(enterprise_id=None, team_id="T1")
    assert installation_store.find_bot(enterprise_id=None, team_id="T1") is None


def test_an_oauth_state_is_consumed_once_however_many_redirects_race(store, together):
    state = installations.RedisOAuthStateStore(store).issue()
    consumed = together(8, lambda r, i: installations.RedisOAuthStateStore(r).consume(state))
    assert consumed.count(True) == 1
