"""A Sentinel-watched primary on loopback: a primary, a replica and three sentinels, all run from the same
server binary the tests use (a sentinel is the server started with --sentinel).

With `password` the primary and the replica require AUTH (the replica syncs with it: masterauth); with
`sentinel_password` the sentinels require AUTH too. That is a managed deployment's usual setup."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import redis

from slackapp.processes.redis_server import EmbeddedRedis, free_port
from tests.conftest import chosen_server_binary

MASTER_NAME = "glutes"
# A primary silent for 1 s is down (production: Sentinel's default is 30 s); quorum 2 of 3.
DOWN_AFTER_MS = 1000
FAILOVER_TIMEOUT_MS = 10000


class SentinelGroup:
    def __init__(
        self, workdir: Path, *, password: str | None = None, sentinel_password: str | None = None
    ) -> None:
        self.workdir = workdir
        self.binary = chosen_server_binary()
        self.password = password
        self.sentinel_password = sentinel_password
        self.primary = EmbeddedRedis(
            workdir / "primary", appendonly=False, binary=self.binary, password=password
        )
        self.replica: EmbeddedRedis | None = None
        self.sentinel_ports = [free_port() for _ in range(3)]
        self.sentinels: list[subprocess.Popen[bytes]] = []

    @property
    def addresses(self) -> list[tuple[str, int]]:
        return [("127.0.0.1", port) for port in self.sentinel_ports]

    @property
    def setting(self) -> str:
        """REDIS_SENTINELS for the app's processes."""
        return ",".join(f"{host}:{port}" for host, port in self.addresses)

    def start(self) -> SentinelGroup:
        self.primary.start()
        self.replica = EmbeddedRedis(
            self.workdir / "replica",
            appendonly=False,
            binary=self.binary,
            extra=("--replicaof", "127.0.0.1", str(self.primary.port)),
            password=self.password,
        ).start()
        for index, port in enumerate(self.sentinel_ports):
            directory = self.workdir / f"sentinel{index}"
            directory.mkdir(parents=True)
            # Sentinel rewrites its config file as it learns the group, so each has a writable one.
            config = directory / "sentinel.conf"
            config.write_text(
                f"port {port}\nbind 127.0.0.1\ndir {directory.resolve()}\n"
                f"sentinel monitor {MASTER_NAME} 127.0.0.1 {self.primary.port} 2\n"
                f"sentinel down-after-milliseconds {MASTER_NAME} {DOWN_AFTER_MS}\n"
                f"sentinel failover-timeout {MASTER_NAME} {FAILOVER_TIMEOUT_MS}\n"
                f"sentinel parallel-syncs {MASTER_NAME} 1\n"
                # How the sentinels log in to the primary and replicas they watch.
                + (f"sentinel auth-pass {MASTER_NAME} {self.password}\n" if self.password else "")
                # Clients must log in to a sentinel; sentinels log in to each other with it too.
                + (f"requirepass {self.sentinel_password}\n" if self.sentinel_password else "")
            )
            self.sentinels.append(
                subprocess.Popen(
                    [self.binary, str(config), "--sentinel"],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.STDOUT,
                )
            )
        self._wait_until_ready()
        return self

    def _wait_until_ready(self, timeout: float = 30.0) -> None:
        """Each sentinel knows the primary, the replica (in sync) and the two other sentinels."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._replica_in_sync() and all(self._ready(port) for port in self.sentinel_ports):
                return
            time.sleep(0.2)
        raise RuntimeError("the sentinels did not discover each other and the replica in time")

    def _replica_in_sync(self) -> bool:
        assert self.replica is not None
        client = redis.Redis(
            port=self.replica.port, password=self.password, socket_timeout=1, decode_responses=True
        )
        try:
            return client.info("replication").get("master_link_status") == "up"
        except redis.RedisError:
            return False
        finally:
            client.close()

    def _ready(self, port: int) -> bool:
        client = self.sentinel_client(port)
        try:
            replicas = client.sentinel_slaves(MASTER_NAME)
            others = client.sentinel_sentinels(MASTER_NAME)
            return len(others) == 2 and any("s_down" not in r["flags"] for r in replicas)
        except redis.RedisError:
            return False
        finally:
            client.close()

    def sentinel_client(self, port: int) -> redis.Redis:
        return redis.Redis(
            port=port, password=self.sentinel_password, socket_timeout=1, decode_responses=True
        )

    def primary_port(self) -> int | None:
        """The primary's port according to the first sentinel that answers."""
        for port in self.sentinel_ports:
            client = self.sentinel_client(port)
            try:
                address = client.sentinel_get_master_addr_by_name(MASTER_NAME)
                return int(address[1]) if address else None
            except redis.RedisError:
                continue
            finally:
                client.close()
        return None

    def stop(self) -> None:
        for process in self.sentinels:
            if process.poll() is None:
                process.terminate()
        for process in self.sentinels:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if self.replica:
            self.replica.stop()
        self.primary.stop()
