"""A local HTTP stand-in for Slack's Web API, in the manner of bolt-python's own test server.

Every call is recorded (method, arguments, token). Answers are canned and can be steered per method:
people's profiles and DND windows, failures (HTTP 429 with Retry-After, 5xx, `{"ok": false}` errors),
and a per-call latency. Posts to response URLs (`/response/<id>`) are recorded as method "response".

Connections are kept alive (HTTP/1.1) and counted; close_connections() closes them all, as Slack may.
With tls=True it serves HTTPS with a certificate made at start-up (devkit/tls.py), trusted by a client
that loads `ca_file` (GLUTES_SLACK_CA_FILE). `round_trip` seconds emulate the network: one for each new
connection's TCP handshake, one more for its TLS handshake, and one for each request.

For the playground (devkit/playground), a small control API on the same port: `GET /_standin/calls?since=N`
(the calls recorded from index N on, and the new cursor), `GET /_standin/users`, `POST /_standin/users/<id>`
(JSON `{"dnd": bool, "status_text": ..., "status_emoji": ...}`), `GET /_standin/files/<id>` (an uploaded
file's bytes, e.g. a chart PNG), `POST /_standin/acks` (record what Slack
showed from an ack's body, as method "ack" with the request's `response_url`; answers its index) and
`POST /_standin/reset` (forget calls).

Workflow Builder steps: `send_function_executed` posts a signed `function_executed` event with a step's
inputs to the app, as Slack does when a workflow reaches the step; `functions.completeSuccess` and
`functions.completeError` are recorded (outputs decoded) and, as Slack, a run ends once: a second ending for
the same function_execution_id answers `execution_not_in_running_state`. `wait_for_step_end` waits for one.
"""

from __future__ import annotations

import itertools
import json
import shutil
import socket
import ssl
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse


@dataclass
class Call:
    method: str
    args: dict[str, Any]
    token: str | None
    at: float = field(default_factory=time.monotonic)
    ok: bool = True  # False when the stand-in answered with a failure
    answer: dict[str, Any] = field(default_factory=dict)  # what the stand-in answered


@dataclass
class Failure:
    status: int = 200
    error: str | None = None  # Slack's {"ok": false, "error": ...}
    retry_after: int | None = None
    times: int | None = None  # None: until cleared
    token: str | None = None  # only calls with this token fail
    delay: float = 0.0  # seconds to wait before answering (longer than the client's timeout: a timeout)


class _Server(ThreadingHTTPServer):
    """A thread per connection; TLS and the new connection's round trips happen on that thread, so one
    slow handshake does not hold up the accept loop."""

    daemon_threads = True
    request_queue_size = 1024  # a burst of new connections waits to be accepted rather than being refused

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler], standin: Any) -> None:
        super().__init__(address, handler)
        self.standin = standin

    def finish_request(self, request: Any, client_address: Any) -> None:
        standin = self.standin
        connection = request
        try:
            request.settimeout(10)  # a client that never finishes its handshake
            if standin.round_trip:
                time.sleep(standin.round_trip * (2 if standin.tls_context else 1))  # TCP (+ TLS) handshakes
            if standin.tls_context is not None:
                connection = standin.tls_context.wrap_socket(request, server_side=True)
            standin._opened(connection)
            super().finish_request(connection, client_address)
        except (OSError, ValueError):
            pass  # a client that went away or a connection close_connections() closed
        finally:
            standin._closed(connection)
            if connection is not request:
                connection.close()

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # keep test output quiet: a dropped connection is part of what is tested


class SlackStandIn:
    """The stand-in server. Use as a context manager or call start()/stop()."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        latency: float = 0.0,
        *,
        tls: bool = False,
        round_trip: float = 0.0,
        certificates: Any = None,  # a devkit.tls.LocalCertificates to serve (default with tls: new ones)
    ) -> None:
        self.latency = latency
        self.round_trip = round_trip
        self.connections_opened = 0
        self._open: set[Any] = set()
        self._certificates_dir: str | None = None
        self.ca_file: str | None = None
        self.tls_context: ssl.SSLContext | None = None
        if tls and certificates is None:
            from slackapp.devkit.tls import make_certificates

            self._certificates_dir = tempfile.mkdtemp(prefix="glutes-standin-tls-")
            certificates = make_certificates(Path(self._certificates_dir))
        if certificates is not None:
            self.ca_file = str(certificates.ca_file)
            self.tls_context = certificates.server_context()
        self.calls: list[Call] = []
        self.users: dict[str, dict[str, Any]] = {}
        self.dnd: dict[str, dict[str, Any]] = {}
        self.failures: dict[str, list[Failure]] = {}
        # Files uploaded through an upload URL: id -> {"data": bytes, "filename", "alt_txt", "title",
        # "shared" (completeUploadExternal's channel, "" when kept private), "deleted"}.
        self.files: dict[str, dict[str, Any]] = {}
        self.ended_runs: set[str] = set()  # function_execution_ids completed or failed
        # A SocketModeStandIn (devkit/socket_mode_standin.py): apps.connections.open hands out its URLs.
        self.socket_mode: Any = None
        self._lock = threading.Condition()
        self._ts = itertools.count(1)
        self._server = _Server((host, port), self._handler_class(), self)
        self._thread: threading.Thread | None = None

    # --- lifecycle -------------------------------------------------------------------------------

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    @property
    def scheme(self) -> str:
        return "https" if self.tls_context else "http"

    @property
    def api_url(self) -> str:
        """The value for SLACK_API_URL."""
        return f"{self.scheme}://127.0.0.1:{self.port}/api/"

    def response_url(self, name: str = "r") -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}/response/{name}"

    def start(self) -> SlackStandIn:
        self._thread = threading.Thread(target=self._server.serve_forever, name="slack-standin", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self.close_connections()
        if self._certificates_dir:
            shutil.rmtree(self._certificates_dir, ignore_errors=True)

    # --- connections -----------------------------------------------------------------------------

    def _opened(self, connection: Any) -> None:
        with self._lock:
            self._open.add(connection)

    def _first_call_on_connection(self) -> None:
        """Counts connections that carried Slack calls (not the playground's or benchmark's control calls)."""
        with self._lock:
            self.connections_opened += 1

    def _closed(self, connection: Any) -> None:
        with self._lock:
            self._open.discard(connection)

    def open_connections(self) -> int:
        with self._lock:
            return len(self._open)

    def close_connections(self) -> int:
        """Close every connection a client holds open (Slack may close an idle one at any time)."""
        with self._lock:
            found = list(self._open)
        for connection in found:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except (OSError, ValueError):
                pass
        return len(found)

    def __enter__(self) -> SlackStandIn:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def reset(self) -> None:
        with self._lock:
            self.calls.clear()
            self.users.clear()
            self.dnd.clear()
            self.failures.clear()
            self.files.clear()
            self.ended_runs.clear()
            self.latency = 0.0

    # --- steering --------------------------------------------------------------------------------

    def add_user(self, user_id: str, *, tz: str = "UTC", team_id: str = "T1", **extra: Any) -> None:
        """A person users.info will describe; `extra` overrides fields (is_admin, deleted, profile…)."""
        profile = {"status_text": "", "status_emoji": "", "status_expiration": 0}
        profile.update(extra.pop("profile", {}))
        self.users[user_id] = {
            "id": user_id,
            "team_id": team_id,
            "name": user_id.lower(),
            "tz": tz,
            "is_admin": False,
            "is_owner": False,
            "is_bot": False,
            "deleted": False,
            "profile": profile,
            **extra,
        }

    def set_dnd(self, user_id: str, *, start: float, end: float, enabled: bool = True) -> None:
        self.dnd[user_id] = {
            "dnd_enabled": enabled,
            "next_dnd_start_ts": int(start),
            "next_dnd_end_ts": int(end),
        }

    def set_dnd_now(self, user_id: str, on: bool, *, minutes: int = 60) -> None:
        """Turn a person's Do Not Disturb on (from a minute ago, for `minutes`) or off."""
        now = time.time()
        with self._lock:
            if on:
                self.set_dnd(user_id, start=now - 60, end=now + minutes * 60)
            else:
                self.dnd.pop(user_id, None)

    def set_status(self, user_id: str, *, text: str, emoji: str = "", expiration: int = 0) -> None:
        """Set a person's Slack status, as users.info then describes it."""
        with self._lock:
            if user_id not in self.users:
                self.add_user(user_id)
            self.users[user_id]["profile"].update(
                status_text=text, status_emoji=emoji, status_expiration=expiration
            )

    def set_huddle(self, user_id: str, on: bool, *, expires: int = 0) -> dict[str, Any]:
        """Start or end a person's huddle, as users.info then describes it; returns a copy of their user
        object, the one Slack's user_huddle_changed event carries."""
        with self._lock:
            if user_id not in self.users:
                self.add_user(user_id)
            profile = self.users[user_id]["profile"]
            if on:
                profile.update(huddle_state="in_a_huddle", huddle_state_expiration_ts=int(expires))
            else:
                profile.update(huddle_state="default_unset", huddle_state_expiration_ts=0)
            return json.loads(json.dumps(self.users[user_id]))

    def user_object(self, user_id: str) -> dict[str, Any]:
        """A copy of the person's user object, as user_change and user_status_changed events carry it."""
        with self._lock:
            return json.loads(json.dumps(self.users[user_id]))

    def dnd_on(self, user_id: str) -> bool:
        """Whether the person's DND window covers now."""
        window = self.dnd.get(user_id)
        now = time.time()
        return bool(window and window["dnd_enabled"] and window["next_dnd_start_ts"] <= now)

    def record_ack(self, args: dict[str, Any]) -> int:
        """Record an ack's body that Slack showed (the playground's replay reads it); returns its index."""
        with self._lock:
            self.calls.append(Call("ack", args, None))
            self._lock.notify_all()
            return len(self.calls) - 1

    def forget_calls(self) -> None:
        """Drop the recorded calls (the playground's reset); people, DND and statuses stay."""
        with self._lock:
            self.calls.clear()
            self._lock.notify_all()

    def record_upload(self, file_id: str, data: bytes) -> None:
        """A file body sent to an upload URL: kept (bytes) and recorded as method "upload"."""
        with self._lock:
            self.files.setdefault(file_id, {}).update(data=data)
        is_png = data.startswith(b"\x89PNG")
        content = "" if is_png else data.decode("utf-8", "replace")
        self._answer(
            "upload", {"file_id": file_id, "content": content, "bytes": len(data), "png": is_png}, None
        )

    def file_data(self, file_id: str) -> bytes | None:
        """The bytes uploaded for a file (None when unknown or deleted)."""
        with self._lock:
            found = self.files.get(file_id)
            return None if not found or found.get("deleted") else found.get("data")

    def fail(self, method: str, failure: Failure) -> None:
        with self._lock:
            self.failures.setdefault(method, []).append(failure)

    def clear_failures(self) -> None:
        with self._lock:
            self.failures.clear()

    # --- reading ---------------------------------------------------------------------------------

    def calls_since(self, cursor: int) -> tuple[list[tuple[int, Call]], int]:
        """The calls recorded from index `cursor` on (each with its index), and the cursor for next time.

        A cursor past the end (the calls were forgotten since) starts again from 0.
        """
        with self._lock:
            start = cursor if 0 <= cursor <= len(self.calls) else 0
            return list(enumerate(self.calls[start:], start)), len(self.calls)

    def people(self) -> list[dict[str, Any]]:
        """Every person users.info describes, with whether DND is on now."""
        with self._lock:
            return [{**user, "dnd": self.dnd_on(user_id)} for user_id, user in self.users.items()]

    def calls_to(self, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def wait_for(
        self, method: str, count: int = 1, timeout: float = 5.0, where: Callable[[Call], bool] | None = None
    ) -> list[Call]:
        """Block until `count` calls to `method` (matching `where`) were received; return them."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                found = [c for c in self.calls if c.method == method and (where is None or where(c))]
                if len(found) >= count:
                    return found
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    seen = sorted({c.method for c in self.calls})
                    raise AssertionError(f"expected {count} {method} call(s), got {len(found)}; saw {seen}")
                self._lock.wait(remaining)

    # --- Workflow Builder steps -------------------------------------------------------------------

    def send_function_executed(
        self,
        events_url: str,
        signing_secret: str,
        callback_id: str,
        inputs: dict[str, Any],
        *,
        team_id: str = "T1",
        execution_id: str | None = None,
        event_id: str | None = None,
    ) -> tuple[int, str]:
        """POST a signed function_executed event for the step `callback_id` to the app at `events_url`, as
        Slack does when a workflow reaches the step; returns (HTTP status, the run's function_execution_id).
        Pass the same execution_id again to redeliver a run."""
        from slackapp.devkit import slack_requests

        run = execution_id or f"Fx{next(self._ts):010d}"
        body = slack_requests.function_executed_body(
            callback_id, inputs, team_id=team_id, execution_id=run, event_id=event_id
        )
        headers = slack_requests.signed_headers(signing_secret, body)
        headers["Content-Type"] = "application/json"
        request = urllib.request.Request(events_url, data=body.encode(), headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=10) as answer:
                return answer.status, run
        except urllib.error.HTTPError as error:
            return error.code, run

    def wait_for_step_end(self, execution_id: str, timeout: float = 15.0) -> Call:
        """The completeSuccess or completeError call that ended the run `execution_id` (waits for it)."""
        return self.wait_for_any(
            ("functions.completeSuccess", "functions.completeError"),
            timeout=timeout,
            where=lambda c: c.args.get("function_execution_id") == execution_id,
        )[0]

    def step_ends(self, execution_id: str) -> list[Call]:
        """Every completeSuccess or completeError call made for the run (exactly one when all is well)."""
        with self._lock:
            return [
                c
                for c in self.calls
                if c.method in ("functions.completeSuccess", "functions.completeError")
                and c.args.get("function_execution_id") == execution_id
            ]

    def wait_for_any(
        self, methods: tuple[str, ...], timeout: float = 5.0, where: Callable[[Call], bool] | None = None
    ) -> list[Call]:
        """wait_for, for a call to any of `methods`."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                found = [c for c in self.calls if c.method in methods and (where is None or where(c))]
                if found:
                    return found
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(
                        f"expected a call to one of {methods}; saw {[c.method for c in self.calls]}"
                    )
                self._lock.wait(remaining)

    # --- serving ---------------------------------------------------------------------------------

    def _answer(
        self, method: str, args: dict[str, Any], token: str | None
    ) -> tuple[int, dict[str, str], Any]:
        with self._lock:
            failure = self._take_failure(method, token)
            call = Call(method, args, token, ok=failure is None)
            if failure is None and method != "response":
                call.answer = self._ok(method, args, token)
                call.ok = call.answer.get("ok", True) is not False
            self.calls.append(call)
            self._lock.notify_all()
        if self.latency:
            time.sleep(self.latency)
        if failure is not None and failure.delay:
            time.sleep(failure.delay)
        if failure is not None:
            headers = {"Retry-After": str(failure.retry_after)} if failure.retry_after is not None else {}
            if failure.status != 200:
                return failure.status, headers, {"ok": False, "error": failure.error or "ratelimited"}
            return 200, headers, {"ok": False, "error": failure.error}
        return 200, {}, call.answer

    def _take_failure(self, method: str, token: str | None) -> Failure | None:
        for failure in self.failures.get(method, []):
            if failure.token is not None and failure.token != token:
                continue
            if failure.times is not None:
                if failure.times <= 0:
                    continue
                failure.times -= 1
            return failure
        return None

    def _ok(self, method: str, args: dict[str, Any], token: str | None = None) -> dict[str, Any]:
        if method == "auth.test":
            team = _team_of_token(token) or "T1"
            return {
                "ok": True,
                "team_id": team,
                "user_id": f"UBOT{team}",
                "bot_id": f"B{team}",
                "team": f"Team {team}",
            }
        if method == "oauth.v2.access" and args.get("grant_type") == "refresh_token":
            # Token rotation: refresh tokens read xoxe-<team>-<n>.
            team = str(args.get("refresh_token", "xoxe-T1-0")).split("-")[1]
            n = next(self._ts)
            return {
                "ok": True,
                "token_type": "bot",
                "access_token": f"xoxb-{team}-r{n}",
                "refresh_token": f"xoxe-{team}-{n}",
                "expires_in": 43200,
                "team": {"id": team},
            }
        if method == "oauth.v2.access":
            # The code names what is being installed: "T2" or "T2:U7" (team, installer) or "E1:T2:U7".
            parts = str(args.get("code", "T1")).split(":")
            enterprise = parts[0] if len(parts) == 3 else None
            team, installer = (parts[-2], parts[-1]) if len(parts) >= 2 else (parts[0], "U1")
            return {
                "ok": True,
                "app_id": "A1",
                "authed_user": {"id": installer},
                "scope": "chat:write,commands,dnd:read,files:write,im:write,users:read",
                "token_type": "bot",
                "access_token": f"xoxb-{team}-{next(self._ts)}",
                "bot_user_id": f"UBOT{team}",
                "team": {"id": team, "name": f"Team {team}"},
                "enterprise": {"id": enterprise, "name": "Org"} if enterprise else None,
                "is_enterprise_install": False,
            }
        if method == "users.info":
            user_id = str(args.get("user"))
            if user_id not in self.users:  # anyone who writes to the app exists; tests steer failures
                self.add_user(user_id)
            user = dict(self.users[user_id])
            if str(args.get("include_locale")).lower() not in ("1", "true"):
                user.pop("locale", None)  # as Slack: the locale only when include_locale is asked for
            else:
                user.setdefault("locale", "en-US")
            return {"ok": True, "user": user}
        if method == "dnd.teamInfo":
            ids = [u for u in str(args.get("users", "")).split(",") if u]
            off = {"dnd_enabled": False, "next_dnd_start_ts": 1, "next_dnd_end_ts": 1}
            return {"ok": True, "users": {u: self.dnd.get(u, off) for u in ids}}
        if method == "dnd.info":
            return {"ok": True, **self.dnd.get(str(args.get("user")), {"dnd_enabled": False})}
        if method in ("chat.postMessage", "chat.update", "chat.postEphemeral"):
            ts = args.get("ts") or f"{1700000000 + next(self._ts)}.000100"
            channel = args.get("channel")
            if isinstance(channel, str) and channel.startswith("U"):
                channel = "D" + channel[1:]  # a DM to a person lands in their IM channel
            return {"ok": True, "channel": channel, "ts": ts, "message": {"text": args.get("text")}}
        if method == "files.getUploadURLExternal":
            file_id = f"F{next(self._ts)}"
            self.files[file_id] = {
                "filename": args.get("filename"),
                "alt_txt": args.get("alt_txt"),
                "shared": "",
                "deleted": False,
            }
            return {
                "ok": True,
                "file_id": file_id,
                "upload_url": f"{self.scheme}://127.0.0.1:{self.port}/upload/{file_id}",
            }
        if method == "files.completeUploadExternal":
            files = args.get("files")
            files = json.loads(files) if isinstance(files, str) else files or []
            for f in files:
                self.files.setdefault(str(f.get("id")), {}).update(
                    title=f.get("title"), shared=args.get("channel_id") or args.get("channels") or ""
                )
            return {"ok": True, "files": [{"id": f.get("id"), "title": f.get("title")} for f in files]}
        if method == "files.delete":
            found = self.files.get(str(args.get("file")))
            if found is None or found.get("deleted"):
                return {"ok": False, "error": "file_not_found"}
            found["deleted"] = True
            return {"ok": True}
        if method == "users.list":
            people = [u for u in self.users.values() if not u.get("deleted") and not u.get("is_bot")]
            return {"ok": True, "members": people, "response_metadata": {"next_cursor": ""}}
        if method == "apps.connections.open":
            if self.socket_mode is not None:  # a single-use URL for each call, as Slack gives
                return {"ok": True, "url": self.socket_mode.new_url()}
            return {"ok": True, "url": f"ws://127.0.0.1:{self.port}/socket-mode"}
        if method in ("views.open", "views.push", "views.publish", "views.update"):
            view = args.get("view")
            view = dict(view) if isinstance(view, dict) else {}
            view["id"] = args.get("view_id") or f"V{next(self._ts)}"
            return {"ok": True, "view": view}
        if method in ("functions.completeSuccess", "functions.completeError"):
            run = str(args.get("function_execution_id") or "")
            if not run:
                return {"ok": False, "error": "invalid_arguments"}
            if run in self.ended_runs:
                return {"ok": False, "error": "execution_not_in_running_state"}
            self.ended_runs.add(run)
            return {"ok": True}
        if method == "chat.getPermalink":
            channel, ts = str(args.get("channel", "")), str(args.get("message_ts", ""))
            return {
                "ok": True,
                "channel": channel,
                "permalink": f"https://example.slack.com/archives/{channel}/p{ts.replace('.', '')}",
            }
        if method == "conversations.open":
            users = str(args.get("users", ""))
            return {"ok": True, "channel": {"id": "D" + users.split(",")[0][1:]}}
        return {"ok": True}

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        standin = self

        class Handler(BaseHTTPRequestHandler):
            # Keep-alive, as Slack's API. Without TCP_NODELAY and the whole answer in one send, a client
            # reusing the connection waits ~40 ms on each call for a delayed ACK: a stand-in artefact.
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True
            wbufsize = 64 * 1024  # flushed once per answer by handle_one_request
            timeout = 120  # an idle kept-alive connection is closed after this

            def log_message(self, *args: Any) -> None:  # keep test output quiet
                pass

            def _args(self) -> dict[str, Any]:
                parsed = urlparse(self.path)
                args: dict[str, Any] = {k: v[-1] for k, v in parse_qs(parsed.query).items()}
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode() if length else ""
                if raw:
                    if "json" in (self.headers.get("Content-Type") or ""):
                        args.update(json.loads(raw))
                    else:
                        args.update({k: v[-1] for k, v in parse_qs(raw).items()})
                for key in ("blocks", "attachments", "view", "outputs"):
                    if isinstance(args.get(key), str):
                        try:
                            args[key] = json.loads(args[key])
                        except ValueError:
                            pass
                return args

            def _serve(self) -> None:
                path = urlparse(self.path).path
                if path.startswith("/upload/"):  # a file body sent to an upload URL handed out above
                    length = int(self.headers.get("Content-Length") or 0)
                    standin.record_upload(path.removeprefix("/upload/"), self.rfile.read(length))
                    self.send_response(200)
                    self.send_header("Content-Length", "2")
                    self.end_headers()
                    self.wfile.write(b"OK")
                    return
                if path.startswith("/_standin/files/"):  # the playground draws an uploaded image
                    data = standin.file_data(path.removeprefix("/_standin/files/"))
                    if data is None:
                        self.send_error(404)
                        return
                    self.send_response(200)
                    self.send_header(
                        "Content-Type", "image/png" if data.startswith(b"\x89PNG") else "text/plain"
                    )
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                    return
                if path.startswith("/_standin/"):
                    self._control(path.removeprefix("/_standin/"))
                    return
                args = self._args()
                auth = self.headers.get("Authorization") or ""
                token = auth.removeprefix("Bearer ") or args.get("token")
                if path.startswith("/response/"):
                    method = "response"
                    args["response_url"] = path
                elif path.startswith("/api/"):
                    method = path.removeprefix("/api/")
                else:
                    self.send_error(404)
                    return
                if not getattr(self, "counted", False):  # a handler serves one connection
                    self.counted = True
                    standin._first_call_on_connection()
                if standin.round_trip:
                    time.sleep(standin.round_trip)  # the request's and its answer's way over the network
                status, headers, body = standin._answer(method, args, token)
                data = json.dumps(body).encode() if method != "response" else b"ok"
                self.send_response(status)
                self.send_header("Content-Type", "application/json" if method != "response" else "text/plain")
                self.send_header("Content-Length", str(len(data)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

            def _control(self, what: str) -> None:
                """The playground's control API (see the module docstring)."""
                body: Any
                if what == "calls":
                    query = parse_qs(urlparse(self.path).query)
                    try:
                        since = int(query.get("since", ["0"])[-1])
                    except ValueError:
                        since = 0
                    found, cursor = standin.calls_since(since)
                    body = {
                        "cursor": cursor,
                        "calls": [
                            {"index": i, "method": c.method, "args": c.args, "answer": c.answer, "ok": c.ok}
                            for i, c in found
                        ],
                    }
                elif what == "users":
                    body = {"users": standin.people()}
                elif what == "acks" and self.command == "POST":
                    length = int(self.headers.get("Content-Length") or 0)
                    shown = json.loads(self.rfile.read(length) or b"{}") if length else {}
                    body = {"index": standin.record_ack(shown if isinstance(shown, dict) else {})}
                elif what == "reset" and self.command == "POST":
                    standin.forget_calls()
                    body = {"ok": True}
                elif what.startswith("users/") and self.command == "POST":
                    user_id = what.removeprefix("users/")
                    length = int(self.headers.get("Content-Length") or 0)
                    change = json.loads(self.rfile.read(length) or b"{}") if length else {}
                    if "dnd" in change:
                        standin.set_dnd_now(user_id, bool(change["dnd"]))
                    if "status_text" in change:
                        standin.set_status(
                            user_id,
                            text=str(change["status_text"]),
                            emoji=str(change.get("status_emoji") or ""),
                            expiration=int(change.get("status_expiration") or 0),
                        )
                    if "huddle" in change:
                        standin.set_huddle(user_id, bool(change["huddle"]))
                    body = {"ok": True}
                else:
                    self.send_error(404)
                    return
                data = json.dumps(body, default=str).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = _serve
            do_POST = _serve

        return Handler


def _team_of_token(token: str | None) -> str | None:
    """Tokens the stand-in hands out read xoxb-<team>-<n>."""
    parts = (token or "").split("-")
    return parts[1] if len(parts) >= 3 and parts[0] == "xoxb" and parts[1].startswith(("T", "E")) else None


def main() -> None:
    """Serve the stand-in on a port and print each call it receives (for trying the app by hand)."""
    import argparse

    parser = argparse.ArgumentParser(description="A local stand-in for Slack's Web API.")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--latency", type=float, default=0.0, help="seconds added to every answer")
    options = parser.parse_args()
    standin = SlackStandIn(port=options.port, latency=options.latency).start()
    print(f"Slack stand-in at {standin.api_url} (SLACK_API_URL); Ctrl-C stops it", flush=True)
    seen = 0
    try:
        while True:
            time.sleep(0.2)
            with standin._lock:
                fresh = standin.calls[seen:]
                seen = len(standin.calls)
            for call in fresh:
                text = str(call.args.get("text") or "")[:80]
                channel = call.args.get("channel", "")
                print(f"{time.strftime('%H:%M:%S')} {call.method} {channel} {text}", flush=True)
    except KeyboardInterrupt:
        standin.stop()


if __name__ == "__main__":
    main()
