"""Which redis-server the embedded Redis runs, and the warning `make run` prints for an old one."""

from __future__ import annotations

import stat

import pytest

from slackapp.processes import redis_server


def fake_redis_server(directory, version: str) -> str:
    """An executable named redis-server that reports `version` the way the real one does."""
    directory.mkdir(exist_ok=True)
    path = directory / "redis-server"
    path.write_text(f"#!/bin/sh\necho 'Redis server v={version} sha=00000000:0 malloc=libc bits=64'\n")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return str(path)


def test_a_redis_server_on_path_is_preferred(tmp_path, monkeypatch):
    binary = fake_redis_server(tmp_path / "bin", "7.2.4")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    assert redis_server.redis_server_binary() == binary
    assert redis_server.redis_server_version(binary) == (7, 2, 4)
    assert redis_server.version_warning(binary) is None


@pytest.mark.parametrize("version", ["6.2.5", "5.0.14"])
def test_a_redis_server_older_than_7_gets_a_one_line_warning(tmp_path, version):
    binary = fake_redis_server(tmp_path / "bin", version)
    warning = redis_server.version_warning(binary)
    assert warning is not None and "\n" not in warning
    assert f"redis-server is {version}" in warning and "7.x" in warning and "REDIS_URL" in warning


def test_without_one_on_path_the_packaged_binary_is_used_and_its_age_is_told(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    binary = redis_server.redis_server_binary()
    version = redis_server.redis_server_version(binary)
    assert version is not None
    warning = redis_server.version_warning(binary)
    assert (warning is not None) == (version[0] < redis_server.MIN_REDIS_MAJOR)
