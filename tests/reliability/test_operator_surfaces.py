"""The operator surfaces and the install page, attacked through the real web process (gunicorn as in the
Procfile): /admin/rq, /metrics, /slack/install, and what the logs keep. Each test records its figures."""

from __future__ import annotations

import base64
import json
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from rq import Queue

from slackapp.deps import DEFAULT_QUEUE
from slackapp.devkit import slack_requests
from slackapp.flows import scheduling
from slackapp.processes.redis_server import free_port
from slackapp.processes.supervise import Supervisor
from slackapp.store import keys, people, rate_limits
from slackapp.store.connection import redis_from_url
from slackapp.web import app as web_app
from tests.conftest import SIGNING_SECRET
from tests.reliability.conftest import wait_until
from tests.reliability.stack import app_env, raw_request

pytestmark = pytest.mark.reliability

ADMIN_PASSWORD = "correct-horse-battery-staple"
METRICS_TOKEN = "scrape-token-0123456789abcdef"
DISTRIBUTION = {"SLACK_BOT_TOKEN": "", "SLACK_CLIENT_ID": "111.222", "SLACK_CLIENT_SECRET": "csecret"}


@dataclass
class Served:
    port: int
    log: Path
    cookies: list[str] = field(default_factory=list)  # Set-Cookie values of the last answer

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def get(self, path: str, headers: dict[str, str] | None = None, method: str = "GET") -> tuple[int, str]:
        """The status and body of one request (4xx and 5xx answers included)."""
        request = urllib.request.Request(self.url(path), headers=headers or {}, method=method)
        try:
            with urllib.request.urlopen(request, timeout=10) as answer:
                self.cookies = answer.headers.get_all("Set-Cookie") or []
                return answer.status, answer.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")


def _up(served: Served) -> bool:
    try:
        with urllib.request.urlopen(served.url("/healthz"), timeout=1) as answer:
            return answer.status == 200
    except OSError:
        return False


@pytest.fixture
def serve(private_redis, standin, tmp_path) -> Iterator[Callable[..., Served]]:
    """serve(**env) -> the real web process with these extra settings, its output kept in a log file."""
    groups: list[Supervisor] = []

    def start(**extra: str) -> Served:
        port = free_port()
        log = tmp_path / f"web-{port}.log"
        group = Supervisor(
            env=app_env(private_redis.url, standin, PORT=str(port), WEB_CONCURRENCY="1", **extra),
            log=log,
            stop_timeout=15,
        )
        groups.append(group)
        group.start_module("slackapp.processes.serve")
        served = Served(port, log)
        assert wait_until(lambda: _up(served), timeout=30), "the web process did not come up"
        return served

    standin.add_user("U1", tz="UTC")
    yield start
    for group in groups:
        group.stop_all()


def basic(password: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"admin:{password}".encode()).decode()}


# /admin/rq ------------------------------------------------------------------------------------------


def test_a_short_admin_password_stops_the_web_process_with_one_line(private_redis, standin):
    env = app_env(private_redis.url, standin, PORT=str(free_port()), GLUTES_ADMIN_PASSWORD="s3cret")
    done = subprocess.run(
        [sys.executable, "-m", "slackapp.processes.serve"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "glutes: bad setting GLUTES_ADMIN_PASSWORD: expected at least 16 characters (it guards /admin/rq), "
        "or leave it unset"
    ]


def test_the_dashboard_refuses_cross_site_changes_and_changes_over_get(serve, private_redis, figures):
    web = serve(GLUTES_ADMIN_PASSWORD=ADMIN_PASSWORD)
    queue = Queue(DEFAULT_QUEUE, connection=redis_from_url(private_redis.url, decode=False))
    for _ in range(3):
        queue.enqueue("os.getcwd")
    auth = basic(ADMIN_PASSWORD)
    assert web.get("/admin/rq/", auth)[0] == 200
    empty = f"/admin/rq/queue/{DEFAULT_QUEUE}/queued/empty"
    # A page on another site posting with the operator's saved basic-auth credentials.
    cross_site = [
        {**auth, "Origin": "https://evil.example"},
        {**auth, "Referer": "https://evil.example/page"},
        {**auth, "Origin": "null"},
        auth,  # neither Origin nor Referer: not from the dashboard's pages
    ]
    refused = [web.get(empty, headers, method="POST")[0] for headers in cross_site]
    assert refused == [403, 403, 403, 403]
    assert queue.count == 3
    # rq-dashboard's own routes that change state also answer GET (requeue all): a link could fire it.
    assert web.get(f"/admin/rq/requeue/{DEFAULT_QUEUE}", auth)[0] == 405
    # The dashboard's own button still works.
    own_page = {**auth, "Origin": web.url("")}
    assert web.get(empty, own_page, method="POST")[0] == 200
    assert queue.count == 0
    figures(
        fault="cross-site POSTs and a GET requeue to /admin/rq with the operator's password",
        cases=len(cross_site) + 1,
        lost=0,
        duplicates=0,
        recovery_s=0,
        note="403 for each cross-site POST (the queue kept its 3 jobs), 405 for GET requeue; "
        "a same-site POST works",
    )


def test_repeated_wrong_admin_passwords_are_answered_429(serve, figures):
    web = serve(GLUTES_ADMIN_PASSWORD=ADMIN_PASSWORD)
    assert web.get("/admin/rq/")[0] == 401  # a browser's first visit, no password yet: not a failure
    guesses = [web.get("/admin/rq/", basic(f"guess-{n}"))[0] for n in range(8)]
    allowed = web_app.ADMIN_FAILURES_ALLOWED
    assert guesses == [401] * allowed + [429] * (8 - allowed)
    # While the window lasts even the right password waits: a guesser learns nothing from it.
    status, body = web.get("/admin/rq/", basic(ADMIN_PASSWORD))
    assert status == 429 and "too many wrong passwords" in body
    figures(
        fault="password guessing on /admin/rq from one address",
        cases=len(guesses),
        lost=0,
        duplicates=0,
        recovery_s=0,
        note=f"{allowed} guesses per {web_app.ADMIN_FAILURE_WINDOW_S} s, then 429 (was ~2,500 guesses/s)",
    )


def test_the_dashboard_is_not_mounted_without_a_password(serve):
    web = serve()
    assert web.get("/admin/rq/", basic("anything-at-all-long"))[0] == 404


# /metrics -------------------------------------------------------------------------------------------


def _commands(r) -> int:
    """Commands Redis has run, leaving out the test's own INFO calls and connection health PINGs."""
    stats = r.info("commandstats")
    return sum(v["calls"] for name, v in stats.items() if name not in ("cmdstat_info", "cmdstat_ping"))


def _scrape_cost(web: Served, r, headers: dict[str, str]) -> tuple[int, str]:
    web.get("/metrics", headers)  # warm: connections opened, scripts loaded
    before = _commands(r)
    status, body = web.get("/metrics", headers)
    assert status == 200
    return _commands(r) - before, body


def test_a_scrape_costs_the_same_with_20_or_5000_workspaces_and_needs_the_token(
    serve, private_redis, figures
):
    web = serve(GLUTES_METRICS_TOKEN=METRICS_TOKEN)
    r = redis_from_url(private_redis.url)
    assert web.get("/metrics")[0] == 401
    assert web.get("/metrics", {"Authorization": "Bearer wrong-token-0123456789"})[0] == 401
    bearer = {"Authorization": f"Bearer {METRICS_TOKEN}"}

    def workspaces(count: int) -> None:
        pipe = r.pipeline(transaction=False)
        for n in range(count):
            people.opt_in(r, team_id=f"T{n:05d}", user_id="U1", next_due_ms=10**13, pipeline=pipe)
        pipe.execute()
        scheduling.due_workspaces(r, now_ms=0)  # what the scheduler does each tick

    workspaces(20)
    small, body = _scrape_cost(web, r, bearer)
    assert "glutes_people_scheduled 20.0" in body
    workspaces(5000)
    large, body = _scrape_cost(web, r, bearer)
    assert "glutes_people_scheduled 5000.0" in body
    assert large == small, f"{small} Redis commands per scrape with 20 workspaces, {large} with 5000"
    figures(
        fault="/metrics scrape with 5,000 workspaces; scrape without the bearer token",
        cases=2,
        lost=0,
        duplicates=0,
        recovery_s=0,
        note=f"{large} Redis commands per scrape with 5,000 workspaces as with 20 (was one per workspace);"
        " 401 without the token",
    )


# Logs -----------------------------------------------------------------------------------------------


def _json_lines(text: str) -> list[dict]:
    lines = []
    for line in text.splitlines():
        if line.startswith("{"):
            try:
                lines.append(json.loads(line))
            except ValueError:
                continue
    return lines


def test_a_line_logged_before_bolt_binds_carries_no_previous_request_ids(serve, standin, figures):
    web = serve()
    malformed = '{"type": "event_callback", "event": "not an object"}'
    for n in range(10):
        status_body = slack_requests.command_body(
            "status", user_id="U1", team_id="T1", channel_id="C1", response_url=standin.response_url(f"r{n}")
        )
        for body in (status_body, malformed):
            headers = slack_requests.signed_headers(SIGNING_SECRET, body)
            head = (
                "POST /slack/events HTTP/1.1\r\nHost: glutes\r\nConnection: close\r\n"
                + "".join(f"{name}: {value}\r\n" for name, value in headers.items())
                + f"Content-Length: {len(body)}\r\n"
            )
            raw_request(web.port, head, body.encode())
    warnings = [line for line in _json_lines(web.log_text()) if "malformed Slack payload" in line["message"]]
    assert len(warnings) == 10
    assert [line for line in warnings if "team_id" in line or "user_id" in line] == []
    figures(
        fault="a signed request then a malformed one on the same worker thread, 10 times",
        cases=10,
        lost=0,
        duplicates=0,
        recovery_s=0,
        note="none of the malformed payloads' log lines names the previous request's workspace or person",
    )


def test_oauth_code_state_and_error_stay_out_of_the_logs(serve, figures):
    web = serve(**DISTRIBUTION)
    web.get("/slack/oauth_redirect?code=SECRETCODE4242&state=SECRETSTATE4242")
    hostile = "access_denied<script>alert(1)</script>xoxb-1-2-stolen" + "A" * 500
    web.get("/slack/oauth_redirect?error=" + urllib.parse.quote(hostile) + "&state=SECRETSTATE4343")
    assert wait_until(lambda: web.log_text().count("/slack/oauth_redirect") >= 2, timeout=10)
    text = web.log_text()
    for secret in ("SECRETCODE4242", "SECRETSTATE4242", "SECRETSTATE4343", "<script>", "xoxb-1-2", "A" * 41):
        assert secret not in text
    failures = [line["message"] for line in _json_lines(text) if line["message"].startswith("install failed")]
    assert len(failures) == 2 and all(len(message) < 80 for message in failures), failures
    figures(
        fault="OAuth redirect with code and state; with a hostile 560-character error",
        cases=2,
        lost=0,
        duplicates=0,
        recovery_s=0,
        note="access log keeps the path only; the error is logged as at most 40 safe characters",
    )


# /slack/install -------------------------------------------------------------------------------------


def _oauth_states(r) -> int:
    return sum(1 for _ in r.scan_iter(match=keys.oauth_state("*"), count=1000))


def test_install_pages_are_bounded_per_address_and_in_total_and_a_real_install_works(
    serve, private_redis, standin, figures
):
    web = serve(**DISTRIBUTION)
    r = redis_from_url(private_redis.url)
    # A real install: the page, Slack's consent (skipped), the redirect back.
    status, page = web.get("/slack/install")
    assert status == 200
    state = re.search(r"state=([0-9a-f]+)", page).group(1)
    # Bolt ties the state to the browser with a Secure cookie, which a browser sends back over https.
    cookie = "; ".join(value.split(";", 1)[0] for value in web.cookies)
    status, done = web.get(f"/slack/oauth_redirect?code=T1:U9&state={state}", {"Cookie": cookie})
    assert status == 200 and "Glutes is installed" in done
    # A flood from one address.
    answers = [web.get("/slack/install")[0] for _ in range(60)]
    per_address = web_app.INSTALLS_PER_ADDRESS
    assert answers == [200] * (per_address - 1) + [429] * (60 - per_address + 1)
    status, busy = web.get("/slack/install")
    assert status == 429 and "try again" in busy and "Glutes is busy" in busy
    assert _oauth_states(r) == per_address - 1  # the real install consumed its state
    # Many addresses: the total bound (here reached by counting the rest of the window's installs).
    throttle_key = {"kind": "install", "subject": "all"}
    while rate_limits.count(r, **throttle_key) < web_app.INSTALLS_TOTAL:
        rate_limits.hit(r, **throttle_key, window_s=web_app.INSTALL_WINDOW_S)
    r.delete(keys.throttle("install", "127.0.0.1"))  # as if a new address
    assert web.get("/slack/install")[0] == 429
    figures(
        fault="61 GET /slack/install from one address; then past the total bound",
        cases=61,
        lost=0,
        duplicates=0,
        recovery_s=0,
        note=f"{per_address} states per address and {web_app.INSTALLS_TOTAL} in all per "
        f"{web_app.INSTALL_WINDOW_S} s, then a friendly 429 page; a real install completes",
    )


def test_behind_a_trusted_proxy_install_pages_are_counted_per_client(serve):
    web = serve(GLUTES_PROXY_HOPS="1", **DISTRIBUTION)
    per_address = web_app.INSTALLS_PER_ADDRESS
    first = [web.get("/slack/install", {"X-Forwarded-For": "203.0.113.7"})[0] for _ in range(per_address + 1)]
    assert first == [200] * per_address + [429]
    # Another person behind the same proxy still gets the page.
    assert web.get("/slack/install", {"X-Forwarded-For": "198.51.100.9"})[0] == 200
