"""Scan a whole Redis for one person: every key name, string, hash field and value, list item, set and
sorted-set member and stream entry, with RQ's compressed and pickled job data opened up.

Used by the forget-me and export tests (and their reliability figures). It knows nothing of glutes' key
layout, so a key added later is scanned too.
"""

from __future__ import annotations

import base64
import binascii
import pickle
import zlib
from dataclasses import dataclass, field

import redis


@dataclass
class Scan:
    keys_scanned: int = 0
    values_read: int = 0
    traces: list[tuple[str, str]] = field(default_factory=list)  # (key, where in it)

    def keys_with_traces(self) -> set[str]:
        return {key for key, _ in self.traces}


def _openings(raw: bytes, depth: int = 0) -> list[bytes]:
    """The value and whatever it decodes to: zlib (RQ job data, tracebacks), base64 (RQ results), pickle."""
    found = [raw]
    if depth > 2:
        return found
    try:
        found += _openings(zlib.decompress(raw), depth + 1)
    except zlib.error:
        pass
    try:
        found.append(repr(pickle.loads(raw)).encode())  # our own test Redis: trusted data
    except Exception:
        pass
    if len(raw) >= 8:
        try:
            found += _openings(base64.b64decode(raw, validate=True), depth + 1)
        except (binascii.Error, ValueError):
            pass
    return found


def _mentions(raw: bytes | str, needle: bytes) -> bool:
    data = raw.encode() if isinstance(raw, str) else raw
    return any(needle in opened for opened in _openings(data))


def scan(r: redis.Redis, user_id: str) -> Scan:
    """Every place in the Redis behind `r` (any decode setting) that holds `user_id`."""
    client = redis.Redis(connection_pool=r.connection_pool.__class__(**{
        **r.connection_pool.connection_kwargs, "decode_responses": False
    }))  # fmt: skip
    needle, result = user_id.encode(), Scan()
    try:
        for key in client.scan_iter(count=1000):
            name = key.decode("utf-8", "replace")
            result.keys_scanned += 1
            if needle in key:
                result.traces.append((name, "key name"))
            kind = client.type(key).decode()
            items: list[tuple[str, bytes]] = []
            if kind == "string":
                items = [("value", client.get(key) or b"")]
            elif kind == "hash":
                for f, v in client.hgetall(key).items():
                    items += [(f"field {f!r}", f), (f"value of {f!r}", v)]
            elif kind == "list":
                items = [(f"item {i}", v) for i, v in enumerate(client.lrange(key, 0, -1))]
            elif kind == "set":
                items = [("member", m) for m in client.smembers(key)]
            elif kind == "zset":
                items = [("member", m) for m, _ in client.zrange(key, 0, -1, withscores=True)]
            elif kind == "stream":
                for entry_id, fields in client.xrange(key):
                    items += [(f"entry {entry_id!r} {f!r}", v) for f, v in fields.items()]
            for where, value in items:
                result.values_read += 1
                if _mentions(value, needle):
                    result.traces.append((name, where))
    finally:
        client.close()
    return result
