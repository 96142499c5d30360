"""A local stand-in for Slack's Socket Mode: the WebSocket server `apps.connections.open` points the app at.

It speaks the protocol as Slack documents it: each connection URL works once; a new connection gets
`hello`; envelopes (slash_commands, interactive, events_api) carry an `envelope_id` and
`accepts_response_payload`, and the app answers each with an ack naming that id. Tests steer the faults
Slack's servers produce: `disconnect` with reason `warning` or `refresh_requested` (the old connection
kept open a while), an abrupt drop (the TCP connection ends with no close frame), and pings.

Hand it to the Web API stand-in (`SlackStandIn(socket_mode=...)`, or set `standin.socket_mode`) so that
`apps.connections.open` returns its single-use URLs.
"""

from __future__ import annotations

import itertools
import json
import socket
import threading
import time
import uuid
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any

from websockets.exceptions import ConnectionClosed
from websockets.http11 import Request, Response
from websockets.sync.server import Server, ServerConnection, serve

ENVELOPE_TYPES = ("slash_commands", "interactive", "events_api")


@dataclass
class Connection:
    """One WebSocket connection the app opened."""

    number: int
    ws: ServerConnection = field(repr=False)
    opened_at: float = field(default_factory=time.monotonic)  # when `hello` was sent
    closed_at: float | None = None
    how_closed: str = ""  # "app" (the app closed it), "close" (we closed it), "drop" (no close frame)

    @property
    def open(self) -> bool:
        return self.closed_at is None


@dataclass
class Envelope:
    envelope_id: str
    type: str
    connection: int  # the Connection.number it was sent on
    sent_at: float
    acked_at: float | None = None
    ack: dict[str, Any] | None = None  # what the app sent back (envelope_id and maybe payload)
    acked_on: int | None = None  # the connection the ack came back on

    @property
    def latency(self) -> float | None:
        return None if self.acked_at is None else self.acked_at - self.sent_at


class SocketModeStandIn:
    """The WebSocket server. Use as a context manager or call start()/stop()."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, ping_interval: float | None = 20) -> None:
        self.host = host
        self.connections: list[Connection] = []
        self.envelopes: dict[str, Envelope] = {}
        self.refused: list[str] = []  # paths of connection attempts refused (unknown or reused URLs)
        self.other_messages: list[dict[str, Any]] = []  # anything the app sent that is not an ack
        self._tickets: set[str] = set()
        self._numbers = itertools.count(1)
        self._lock = threading.Condition()
        self._server: Server = serve(
            self._serve,
            host,
            port,
            process_request=self._check_ticket,
            ping_interval=ping_interval,
            compression=None,
        )
        self._thread: threading.Thread | None = None

    # --- lifecycle -------------------------------------------------------------------------------

    @property
    def port(self) -> int:
        return self._server.socket.getsockname()[1]

    def start(self) -> SocketModeStandIn:
        self._thread = threading.Thread(target=self._server.serve_forever, name="socket-standin", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        for connection in self.open_connections():
            self.drop(connection)
        self._server.shutdown()

    def __enter__(self) -> SocketModeStandIn:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def reset(self) -> None:
        for connection in self.open_connections():
            self.drop(connection)
        with self._lock:
            self.connections.clear()
            self.envelopes.clear()
            self.refused.clear()
            self.other_messages.clear()
            self._tickets.clear()

    def new_url(self) -> str:
        """A connection URL that works once (what `apps.connections.open` answers)."""
        ticket = uuid.uuid4().hex
        with self._lock:
            self._tickets.add(ticket)
        return f"ws://{self.host}:{self.port}/link/?ticket={ticket}"

    # --- reading ---------------------------------------------------------------------------------

    def open_connections(self) -> list[Connection]:
        with self._lock:
            return [c for c in self.connections if c.open]

    def wait_for_connection(self, after: int = 0, timeout: float = 10.0) -> Connection:
        """Block until a connection numbered above `after` is open (hello sent); return the newest."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                fresh = [c for c in self.connections if c.number > after and c.open]
                if fresh:
                    return fresh[-1]
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"no new Socket Mode connection after #{after} within {timeout} s")
                self._lock.wait(remaining)

    def wait_for_acks(self, envelope_ids: list[str], timeout: float = 5.0) -> list[Envelope]:
        """Block until every envelope in `envelope_ids` was acked, or `timeout`; return them all."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                found = [self.envelopes[e] for e in envelope_ids]
                remaining = deadline - time.monotonic()
                if all(e.acked_at is not None for e in found) or remaining <= 0:
                    return found
                self._lock.wait(remaining)

    # --- steering --------------------------------------------------------------------------------

    def send(
        self,
        kind: str,
        payload: Any,
        *,
        connection: Connection | None = None,
        accepts_response_payload: bool | None = None,
    ) -> str:
        """Send an envelope on `connection` (the newest open one by default); its envelope_id."""
        assert kind in ENVELOPE_TYPES, kind
        connection = connection or self.open_connections()[-1]
        envelope_id = str(uuid.uuid4())
        message: dict[str, Any] = {
            "envelope_id": envelope_id,
            "type": kind,
            "payload": payload,
            "accepts_response_payload": (
                kind != "events_api" if accepts_response_payload is None else accepts_response_payload
            ),
        }
        if kind == "events_api":
            message.update(retry_attempt=0, retry_reason="")
        with self._lock:
            self.envelopes[envelope_id] = Envelope(envelope_id, kind, connection.number, time.monotonic())
        connection.ws.send(json.dumps(message))
        return envelope_id

    def send_raw(self, text: str, connection: Connection | None = None) -> None:
        """Send any text frame as it is (for messages no envelope helper builds)."""
        (connection or self.open_connections()[-1]).ws.send(text)

    def disconnect(
        self, connection: Connection, reason: str = "refresh_requested", close_after: float = 0.0
    ) -> None:
        """Tell the app to reconnect; close this connection `close_after` seconds later, as Slack does.

        Slack sends reason `warning` some seconds before a refresh and `refresh_requested` when it
        refreshes; either way the old connection may stay open (and deliver) until it is closed."""
        connection.ws.send(
            json.dumps({"type": "disconnect", "reason": reason, "debug_info": {"host": "standin"}})
        )
        timer = threading.Timer(close_after, self.close, args=(connection,))
        timer.daemon = True
        timer.start()

    def close(self, connection: Connection) -> None:
        """Close cleanly (a close frame)."""
        if connection.open:
            self._closed(connection, "close")
            connection.ws.close()

    def drop(self, connection: Connection) -> None:
        """End the TCP connection with no close frame, as a dying load balancer or network does."""
        if connection.open:
            self._closed(connection, "drop")
            try:
                connection.ws.socket.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            connection.ws.socket.close()

    def ping(self, connection: Connection, timeout: float = 5.0) -> float | None:
        """Ping the app on `connection`; seconds until its pong, or None without one."""
        started = time.monotonic()
        try:
            pong = connection.ws.ping()
        except ConnectionClosed:
            return None
        return time.monotonic() - started if pong.wait(timeout) else None

    # --- serving ---------------------------------------------------------------------------------

    def _check_ticket(self, ws: ServerConnection, request: Request) -> Response | None:
        ticket = request.path.partition("ticket=")[2]
        with self._lock:
            if ticket in self._tickets:
                self._tickets.discard(ticket)  # single use
                return None
            self.refused.append(request.path)
        return ws.respond(HTTPStatus.UNAUTHORIZED, "this connection URL is unknown or was used already\n")

    def _serve(self, ws: ServerConnection) -> None:
        connection = Connection(next(self._numbers), ws)
        ws.send(
            json.dumps(
                {
                    "type": "hello",
                    "num_connections": len(self.open_connections()) + 1,
                    "debug_info": {"host": "standin", "approximate_connection_time": 18060},
                    "connection_info": {"app_id": "A1"},
                }
            )
        )
        with self._lock:
            connection.opened_at = time.monotonic()
            self.connections.append(connection)
            self._lock.notify_all()
        try:
            for text in ws:
                self._received(connection, text)
        except (ConnectionClosed, OSError):
            pass
        if connection.open:
            self._closed(connection, "app")

    def _received(self, connection: Connection, text: str | bytes) -> None:
        at = time.monotonic()
        try:
            message = json.loads(text)
        except ValueError:
            message = {"unreadable": str(text)[:200]}
        with self._lock:
            envelope = (
                self.envelopes.get(message.get("envelope_id", "")) if isinstance(message, dict) else None
            )
            if envelope is not None and envelope.acked_at is None:
                envelope.acked_at, envelope.ack, envelope.acked_on = at, message, connection.number
            else:
                self.other_messages.append(message)
            self._lock.notify_all()

    def _closed(self, connection: Connection, how: str) -> None:
        with self._lock:
            if connection.closed_at is None:
                connection.closed_at, connection.how_closed = time.monotonic(), how
            self._lock.notify_all()
