"""Socket Mode: the same Bolt app over a WebSocket Slack opens, for a laptop with no public URL.

Measured against devkit/socket_mode_standin.py with the real web process, slack_sdk's built-in client
(what `slack_bolt.adapter.socket_mode.SocketModeHandler` uses) acked envelopes on a new connection 3.0-3.1 s
late while Slack kept the old one open, and after a drop without a close frame it was deaf for 58 s while
spinning a core (99%). Bolt's websocket_client adapter fixed both (acks in 11-14 ms, back in 0.5 s at 4%
CPU) but lost acks: envelopes that arrived on the old connection were acked on a new session that was not
running yet ("Connection is already closed"), and it opened spare connections. So glutes runs its own small
client on websocket-client (GlutesSocketModeClient below); tests/reliability/test_socket_mode.py holds it
to the issue's targets and records the figures for docs/reliability.md.

On top of it: malformed envelopes are acked (so Slack does not send them again) and logged once as a
warning, as web/app.py refuses malformed HTTP bodies; every (re)connect is logged with how long the app
was without a connection; and GLUTES_SOCKET_HEALTH_FILE, when set, is kept current for an operator.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from queue import Queue
from typing import Any

from slack_bolt import App
from slack_bolt.adapter.socket_mode.base_handler import BaseSocketModeHandler
from slack_bolt.adapter.socket_mode.internals import build_headers, send_response
from slack_bolt.request import BoltRequest
from slack_sdk import WebClient
from slack_sdk.socket_mode.client import BaseSocketModeClient
from slack_sdk.socket_mode.interval_runner import IntervalRunner
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse
from websocket import WebSocketApp, WebSocketException

logger = logging.getLogger("glutes.socket_mode")

ENVELOPE_TYPES = ("slash_commands", "interactive", "events_api")
HEALTH_INTERVAL_SECONDS = 5.0
# Slack's envelopes are a few KB (a modal submission the largest); a bigger frame is dropped unparsed.
MAX_FRAME_BYTES = 1024 * 1024
RETIRE_GRACE_SECONDS = 5.0  # Slack keeps a refreshed connection open a few seconds too


def well_formed_envelope(message: dict[str, Any]) -> bool:
    """The shapes Bolt assumes (as web/app.well_formed for HTTP): an object payload, `actions` a list,
    an Events API `event` an object."""
    payload = message.get("payload")
    if not isinstance(payload, dict):
        return False
    if not isinstance(payload.get("actions", []), list):
        return False
    return payload.get("type") != "event_callback" or isinstance(payload.get("event"), dict)


class ConnectionHealth:
    """Counts (re)connects, logs each with the time spent without a connection, writes the health file."""

    def __init__(self, path: str | None = None) -> None:
        self.path = path
        self.connects = 0
        self.connected_since: float | None = None  # wall-clock time of the current connection's open
        self.down_since: float | None = time.monotonic()  # None while connected
        self.last_gap_seconds: float | None = None
        self._lock = threading.Lock()

    def opened(self) -> None:
        with self._lock:
            gap = time.monotonic() - self.down_since if self.down_since is not None else 0.0
            self.connects += 1
            self.connected_since, self.down_since, self.last_gap_seconds = time.time(), None, gap
            first = self.connects == 1
        logger.info(
            "Socket Mode %s in %.2f s (connection %d)",
            "connected" if first else "reconnected",
            gap,
            self.connects,
            extra={"socket_mode_connects": self.connects, "socket_mode_gap_seconds": round(gap, 3)},
        )
        self.write(connected=True)

    def closed(self) -> None:
        with self._lock:
            if self.down_since is None:
                self.down_since = time.monotonic()
        logger.info("Socket Mode connection closed; reconnecting")

    def write(self, connected: bool) -> None:
        if not self.path:
            return
        with self._lock:
            state = {
                "connected": connected,
                "connected_since": self.connected_since if connected else None,
                "connects": self.connects,
                "last_reconnect_seconds": self.last_gap_seconds,
                "updated_at": time.time(),
                "pid": os.getpid(),
            }
        directory = os.path.dirname(os.path.abspath(self.path))
        try:
            with tempfile.NamedTemporaryFile("w", dir=directory, delete=False, suffix=".tmp") as handle:
                json.dump(state, handle)
            os.replace(handle.name, self.path)  # readers never see half a file
        except OSError as error:
            logger.warning("cannot write the Socket Mode health file %s: %s", self.path, error)


class GlutesSocketModeClient(BaseSocketModeClient):
    """A Socket Mode client on websocket-client that hands over between connections without a gap.

    slack_sdk's clients run one connection at a time and send every ack on the newest: on a refresh the
    built-in one acked ~3 s late, and the websocket_client one dropped the acks of envelopes that
    arrived on the old connection (its new session was not running yet) and opened spare connections.
    Here each connection runs in its own thread; a new one becomes current once Slack's `hello`-bearing
    socket is open, and only then is the old one closed; an envelope is acked on the connection it came
    on while that is open (else on the current one); a drop (end of stream, no close frame) or a failed
    ping reconnects at once, with backoff only while Slack cannot be reached.
    """

    def __init__(
        self,
        app_token: str,
        web_client: WebClient,
        logger: logging.Logger,
        health: ConnectionHealth,
        ping_interval: float = 10.0,
        concurrency: int = 10,
    ) -> None:
        self.app_token = app_token
        self.web_client = web_client
        self.logger = logger
        self.health = health
        self.ping_interval = ping_interval
        self.wss_uri = None  # type: ignore[assignment]
        self.message_queue = Queue()
        self.message_listeners = []
        self.socket_mode_request_listeners = []
        self.closed = False
        self.connect_operation_lock = threading.Lock()
        self.current_session: WebSocketApp | None = None
        self.pending_session: WebSocketApp | None = None
        self.pending_since = 0.0
        self.failures = 0  # consecutive connection attempts that did not open
        self._arrived_on: dict[str, WebSocketApp] = {}
        self._arrived_at: dict[str, float] = {}  # envelope id -> time.monotonic() of its receipt
        self._sessions_lock = threading.Lock()
        self.message_workers = ThreadPoolExecutor(max_workers=concurrency)
        self.message_processor = IntervalRunner(self.process_messages, 0.001).start()

    # --- connections -----------------------------------------------------------------------------

    def is_connected(self) -> bool:
        return _is_open(self.current_session)

    def connect(self) -> None:
        """Open a new connection in its own thread; it replaces the current one once it is open."""
        url = self.issue_new_wss_url()
        session = WebSocketApp(
            url,
            on_open=self._opened,
            on_message=self._message,
            on_error=self._error,
            on_close=self._closed,
        )
        with self._sessions_lock:
            self.pending_session, self.pending_since = session, time.monotonic()
        threading.Thread(
            target=session.run_forever,
            kwargs={
                "ping_interval": self.ping_interval,
                "ping_timeout": self.ping_interval / 2,
                # websocket-client checks UTF-8 in pure Python (seconds for a 10 MB frame, holding up
                # every envelope behind it); decoding the text below checks it in C.
                "skip_utf8_validation": True,
            },
            name="socket-mode-connection",
            daemon=True,
        ).start()

    def connect_to_new_endpoint(self, force: bool = False) -> None:
        """Connect unless a connection is open (or `force`) or one is being opened; back off on failures."""
        if self.closed or not self.connect_operation_lock.acquire(blocking=False):
            return
        failed = False
        try:
            with self._sessions_lock:
                opening = self.pending_session is not None and time.monotonic() - self.pending_since < 15
            if opening or (self.is_connected() and not force):
                return
            if self.failures:
                time.sleep(min(30.0, 0.5 * 2 ** min(self.failures, 6)))
            try:
                self.connect()
            except Exception as error:  # Slack unreachable or refusing: try again on the next check
                self.failures, failed = self.failures + 1, True
                self.logger.warning("Socket Mode: cannot open a connection (%s)", type(error).__name__)
        finally:
            self.connect_operation_lock.release()
        if failed:
            self.reconnect_soon()  # after a backoff of 1, 2, 4 … 30 s

    def reconnect_soon(self, force: bool = False) -> None:
        threading.Thread(target=self.connect_to_new_endpoint, args=(force,), daemon=True).start()

    def disconnect(self) -> None:
        with self._sessions_lock:
            sessions = [s for s in (self.current_session, self.pending_session) if s is not None]
            self.current_session = self.pending_session = None
        for session in sessions:
            _close_quietly(session)

    def close(self) -> None:
        self.closed = True
        self.disconnect()
        self.message_processor.shutdown()
        self.message_workers.shutdown()

    def _opened(self, ws: WebSocketApp) -> None:
        with self._sessions_lock:
            if ws is not self.pending_session:
                old = None
                stale = True
            else:
                old, stale = self.current_session, False
                self.current_session, self.pending_session = ws, None
        if stale:
            _close_quietly(ws)
            return
        self.failures = 0
        self.health.opened()
        if old is not None:  # in a thread of its own: a close waits for the peer's close frame
            threading.Thread(target=self._retire, args=(old,), daemon=True).start()

    def _retire(self, old: WebSocketApp) -> None:
        """Close a replaced connection once the envelopes it delivered are acked (at most a few seconds)."""
        deadline = time.monotonic() + RETIRE_GRACE_SECONDS
        while time.monotonic() < deadline and _is_open(old):
            with self._sessions_lock:
                waiting = any(ws is old for ws in self._arrived_on.values())
            if not waiting:
                break
            time.sleep(0.05)
        _close_quietly(old)

    def _closed(self, ws: WebSocketApp, *args: Any) -> None:
        with self._sessions_lock:
            was_current, was_pending = ws is self.current_session, ws is self.pending_session
            if was_current:
                self.current_session = None
            if was_pending:
                self.pending_session = None
                self.failures += 1
        if was_current:
            self.health.closed()
        if (was_current or was_pending) and not self.closed:
            self.reconnect_soon()

    def _error(self, ws: WebSocketApp, error: Exception) -> None:
        self.logger.info("Socket Mode connection error: %s", type(error).__name__)

    # --- messages --------------------------------------------------------------------------------

    def _message(self, ws: WebSocketApp, text: str | bytes) -> None:
        arrived_at = time.monotonic()
        if len(text) > MAX_FRAME_BYTES:
            self.logger.warning("Socket Mode frame of %d bytes dropped unread (over 1 MB)", len(text))
            return
        try:
            message = json.loads(text)
        except Exception:  # any parse failure (RecursionError: JSON nested thousands deep) is malformed
            message = None
        if not isinstance(message, dict):
            self.logger.warning("unreadable Socket Mode message (%d bytes)", len(text))
            return
        if message.get("type") == "disconnect":
            # Slack asks for a new connection (`warning` first, then `refresh_requested`); this one
            # stays in use until the new one is open. A request on an old connection is already handled.
            if ws is self.current_session:
                self.logger.info("Socket Mode: Slack asked to reconnect (%s)", message.get("reason"))
                self.reconnect_soon(force=True)
            return
        envelope_id = message.get("envelope_id")
        if isinstance(envelope_id, str):
            with self._sessions_lock:
                if len(self._arrived_on) > 10_000:  # envelopes never acked (a listener failed)
                    self._arrived_on.pop(next(iter(self._arrived_on)))
                self._arrived_on[envelope_id] = ws
                if len(self._arrived_at) > 10_000:
                    self._arrived_at.pop(next(iter(self._arrived_at)))
                self._arrived_at[envelope_id] = arrived_at
        self.message_workers.submit(self._dispatch, message, text)

    def _dispatch(self, message: dict[str, Any], text: str) -> None:
        if message.get("type") in ENVELOPE_TYPES and not well_formed_envelope(message):
            logger.warning(
                "malformed Socket Mode envelope (%s, %d bytes): acked and dropped",
                message.get("type"),
                len(text),
            )
            if isinstance(message.get("envelope_id"), str):
                self.arrival_of(message["envelope_id"])  # no listener will ask for it
                self.send_socket_mode_response(SocketModeResponse(envelope_id=message["envelope_id"]))
            return
        self.run_message_listeners(message, text)

    def arrival_of(self, envelope_id: str) -> float:
        """When the envelope was received (time.monotonic()); now for one not seen."""
        with self._sessions_lock:
            return self._arrived_at.pop(envelope_id, None) or time.monotonic()

    def send_socket_mode_response(self, response: dict[str, Any] | SocketModeResponse) -> None:
        """Ack on the connection the envelope came on while it is open, else on the current one."""
        data = response.to_dict() if isinstance(response, SocketModeResponse) else response
        with self._sessions_lock:
            arrived_on = self._arrived_on.pop(str(data.get("envelope_id")), None)
        text = json.dumps(data)
        for session in (arrived_on, self.current_session):
            if _is_open(session):
                try:
                    session.send(text)  # type: ignore[union-attr]
                    return
                except (WebSocketException, OSError):
                    continue
        self.logger.warning("Socket Mode: no open connection to ack envelope %s on", data.get("envelope_id"))

    def send_message(self, message: str) -> None:
        session = self.current_session
        if session is None:
            raise WebSocketException("no open Socket Mode connection")
        session.send(message)


def _is_open(session: WebSocketApp | None) -> bool:
    return session is not None and session.sock is not None and bool(session.sock.connected)


def _close_quietly(session: WebSocketApp) -> None:
    try:
        session.close()
    except (WebSocketException, OSError):
        pass


class SocketModeHandler(BaseSocketModeHandler):
    """Bolt's websocket_client adapter with glutes' envelope checks and connection health."""

    def __init__(self, app: App, app_token: str, health_file: str | None = None) -> None:
        self.app = app
        self.app_token = app_token
        self.health = ConnectionHealth(health_file)
        self.client = GlutesSocketModeClient(app_token, app.client, app.logger, self.health)
        self.client.socket_mode_request_listeners.append(self.handle)

    def handle(self, client: BaseSocketModeClient, req: SocketModeRequest) -> None:  # type: ignore[override]
        start = time.time()
        arrived_at = self.client.arrival_of(req.envelope_id)
        try:
            request = BoltRequest(mode="socket_mode", body=req.payload, headers=build_headers(req))
            # Slack's 3 s for the ack run from the envelope's receipt (listeners/middleware.ack_window).
            request.context["arrived_at"] = arrived_at
            bolt_resp = self.app.dispatch(request)
        except (ValueError, TypeError, AttributeError, KeyError, RecursionError):
            logger.warning("unreadable Socket Mode envelope (%s): acked and dropped", req.type)
            client.send_socket_mode_response(SocketModeResponse(envelope_id=req.envelope_id))
            return
        if bolt_resp.status != 200:
            # Over HTTP Slack takes any answer as received; here only an ack says so, so an envelope Bolt
            # refused (an unknown action, a bad id, an event no listener takes) is acked empty.
            logger.info("Socket Mode envelope (%s) answered %d by Bolt: acked", req.type, bolt_resp.status)
            client.send_socket_mode_response(SocketModeResponse(envelope_id=req.envelope_id))
            return
        send_response(client, req, bolt_resp, start)

    def start(self) -> None:  # type: ignore[override]
        """Connect and serve until the process is stopped, refreshing the health file meanwhile."""
        self.connect()
        while True:
            time.sleep(HEALTH_INTERVAL_SECONDS)
            connected = self.client.is_connected()
            self.health.write(connected=connected)
            if not connected:  # a connection that failed to open, or Slack unreachable: try again
                self.client.connect_to_new_endpoint()


def build_handler(app: App, app_token: str, health_file: str | None = None) -> SocketModeHandler:
    """A handler for the app-level token (xapp-…) serving `app`'s listeners."""
    return SocketModeHandler(app, app_token, health_file=health_file)


def run(app: App, app_token: str, health_file: str | None = None) -> None:
    """Connect and serve until the process is stopped."""
    logger.info("connecting to Slack over Socket Mode")
    build_handler(app, app_token, health_file).start()
