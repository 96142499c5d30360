"""Bolt's installation and OAuth state stores on Redis (slack_sdk's InstallationStore / OAuthStateStore).

Keys are scoped by workspace: `glutes:{team}:installation:*`, or `glutes:enterprise-{id}:installation:*`
for an org-wide install. Tokens are encrypted at rest with Fernet when GLUTES_TOKEN_KEY is set.
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from typing import Any

import redis
from slack_sdk.oauth.installation_store import Bot, Installation, InstallationStore
from slack_sdk.oauth.state_store import OAuthStateStore

from slackapp.store import keys

logger = logging.getLogger("glutes.installations")

TOKEN_FIELDS = ("bot_token", "bot_refresh_token", "user_token", "user_refresh_token")
_SEALED = "fernet:"


class TokenSeal:
    """Encrypts token fields with Fernet when a key is configured; passes them through otherwise."""

    def __init__(self, key: str | None) -> None:
        self._fernet = None
        if key:
            from cryptography.fernet import Fernet

            self._fernet = Fernet(key.encode())

    def seal(self, data: dict[str, Any]) -> dict[str, Any]:
        if self._fernet is None:
            return data
        sealed = dict(data)
        for field in TOKEN_FIELDS:
            if sealed.get(field):
                sealed[field] = _SEALED + self._fernet.encrypt(sealed[field].encode()).decode()
        return sealed

    def open(self, data: dict[str, Any]) -> dict[str, Any]:
        opened = dict(data)
        for field in TOKEN_FIELDS:
            value = opened.get(field)
            if isinstance(value, str) and value.startswith(_SEALED):
                if self._fernet is None:
                    raise RuntimeError("tokens are encrypted at rest but GLUTES_TOKEN_KEY is not set")
                opened[field] = self._fernet.decrypt(value.removeprefix(_SEALED).encode()).decode()
        return opened


def remember_enterprise(r: redis.Redis, *, team_id: str, enterprise_id: str) -> None:
    """Note the Enterprise Grid org a workspace belongs to; the first answer stays (an org never changes)."""
    r.set(keys.enterprise_of(team_id), enterprise_id, nx=True)


def enterprise_of(r: redis.Redis, *, team_id: str) -> str | None:
    """The org a workspace belongs to, when one was noted."""
    return r.get(keys.enterprise_of(team_id))


def scope(enterprise_id: str | None, team_id: str | None, is_enterprise_install: bool | None = False) -> str:
    """The key scope of an installation: the workspace, or the org for an org-wide install."""
    if is_enterprise_install or not team_id:
        return f"enterprise-{enterprise_id or 'none'}"
    return team_id


class RedisInstallationStore(InstallationStore):
    def __init__(self, r: redis.Redis, *, seal: TokenSeal | None = None) -> None:
        self.r = r
        self.seal = seal or TokenSeal(None)
        self._logger = logger

    @property
    def logger(self) -> logging.Logger:
        return self._logger

    def _dump(self, obj: Bot | Installation) -> str:
        return json.dumps(self.seal.seal(dict(obj.__dict__)), default=str)

    def _load(self, raw: str | None) -> dict[str, Any] | None:
        return self.seal.open(json.loads(raw)) if raw else None

    def save(self, installation: Installation) -> None:
        s = scope(installation.enterprise_id, installation.team_id, installation.is_enterprise_install)
        pipe = self.r.pipeline(transaction=True)
        pipe.set(keys.installation(s, "latest"), self._dump(installation))
        pipe.set(keys.installation(s, f"user:{installation.user_id or 'none'}"), self._dump(installation))
        if installation.bot_token:
            pipe.set(keys.installation(s, "bot"), self._dump(installation.to_bot()))
        pipe.execute()

    def save_bot(self, bot: Bot) -> None:
        if not bot.bot_token:
            return
        s = scope(bot.enterprise_id, bot.team_id, bot.is_enterprise_install)
        self.r.set(keys.installation(s, "bot"), self._dump(bot))

    def find_bot(
        self, *, enterprise_id: str | None, team_id: str | None, is_enterprise_install: bool | None = False
    ) -> Bot | None:
        data = self._load(
            self.r.get(keys.installation(scope(enterprise_id, team_id, is_enterprise_install), "bot"))
        )
        return Bot(**data) if data else None

    def find_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
        is_enterprise_install: bool | None = False,
    ) -> Installation | None:
        s = scope(enterprise_id, team_id, is_enterprise_install)
        data = self._load(self.r.get(keys.installation(s, f"user:{user_id}" if user_id else "latest")))
        if not data:
            return None
        installation = Installation(**data)
        bot = self.find_bot(
            enterprise_id=enterprise_id, team_id=team_id, is_enterprise_install=is_enterprise_install
        )
        if bot is not None and installation.bot_token != bot.bot_token:
            # The newest bot token wins (a later install, or a rotated token).
            installation.bot_id, installation.bot_user_id = bot.bot_id, bot.bot_user_id
            installation.bot_token, installation.bot_scopes = bot.bot_token, bot.bot_scopes
            installation.bot_refresh_token = bot.bot_refresh_token
            installation.bot_token_expires_at = bot.bot_token_expires_at
        return installation

    def delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        self.r.delete(keys.installation(scope(enterprise_id, team_id), "bot"))

    def delete_installation(
        self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None
    ) -> None:
        s = scope(enterprise_id, team_id)
        if user_id is not None:
            self.r.delete(keys.installation(s, f"user:{user_id}"))
            return
        doomed = list(self.r.scan_iter(match=keys.installation(keys.glob_literal(s), "*"), count=500))
        doomed = [k for k in doomed if not k.endswith(":bot")]
        if doomed:
            self.r.delete(*doomed)

    def delete_all(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        self.delete_bot(enterprise_id=enterprise_id, team_id=team_id)
        self.delete_installation(enterprise_id=enterprise_id, team_id=team_id)


class RedisOAuthStateStore(OAuthStateStore):
    """Single-use, expiring OAuth states (GETDEL consumes a state exactly once)."""

    def __init__(self, r: redis.Redis, *, expiration_seconds: int = 600) -> None:
        self.r = r
        self.expiration_seconds = expiration_seconds
        self._logger = logger

    @property
    def logger(self) -> logging.Logger:
        return self._logger

    def issue(self, *args: Any, **kwargs: Any) -> str:
        state = uuid.uuid4().hex
        self.r.set(keys.oauth_state(state), str(time.time()), ex=self.expiration_seconds)
        return state

    def consume(self, state: str) -> bool:
        if not state or len(state) > 64:
            return False
        return self.r.getdel(keys.oauth_state(state)) is not None


def _installer_scopes(r: redis.Redis, team_id: str) -> list[str]:
    enterprise_id = enterprise_of(r, team_id=team_id)
    return [team_id] + ([scope(enterprise_id, None, True)] if enterprise_id else [])


def installer_records(r: redis.Redis, *, team_id: str, user_id: str) -> dict[str, dict[str, Any]]:
    """The installation records that name the person as the installer (without any token), by name."""
    found: dict[str, dict[str, Any]] = {}
    for s in _installer_scopes(r, team_id):
        for part in ("latest", f"user:{user_id}"):
            raw = r.get(keys.installation(s, part))
            data = json.loads(raw) if raw else None
            if data and data.get("user_id") == user_id:
                name = keys.installation(s, part).removeprefix(f"{keys.PREFIX}:")
                found[name] = {k: v for k, v in data.items() if k not in TOKEN_FIELDS}
    return found


def forget_installer(r: redis.Redis, *, team_id: str, user_id: str) -> int:
    """Anonymise the installation records of someone who installed the app: their own record goes, and
    the workspace's latest one keeps the bot (which the app needs) but no longer names them or holds
    their user token. Returns how many records changed."""
    changed = 0
    for s in _installer_scopes(r, team_id):
        changed += int(r.delete(keys.installation(s, f"user:{user_id}")))
        latest = keys.installation(s, "latest")

        def anonymise(pipe: Any, key: str = latest) -> int:
            raw = pipe.get(key)
            data = json.loads(raw) if raw else None
            if not data or data.get("user_id") != user_id:
                return 0
            data.update(user_id="", user_token=None, user_refresh_token=None, user_scopes=None)
            data.update(user_token_expires_at=None)
            pipe.multi()
            pipe.set(key, json.dumps(data))
            return 1

        changed += int(r.transaction(anonymise, latest, value_from_callable=True))
    return changed
