"""The playground stays on its own machine (issue 24, finding 2), against the real web process (gunicorn
with gevent) started as `make run` starts it with no credentials: the demo's public signing secret, the
Slack stand-in, and a `.env` that says GLUTES_PROXY_HOPS=1."""

from __future__ import annotations

import http.client
import socket
import time

import pytest

from slackapp.devkit import demo, slack_requests
from slackapp.processes.redis_server import free_port
from tests.reliability.conftest import wait_until
from tests.reliability.stack import Web, healthy

pytestmark = pytest.mark.reliability


def network_address() -> str | None:
    """This machine's address on its network (not loopback), if it has one."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))  # sends nothing: it only picks the outgoing interface
            address = probe.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") else address


@pytest.fixture
def playground_web(private_redis, standin, processes) -> Web:
    port = free_port()
    env = demo.child_env(standin, private_redis.url, port, marker="glutes-playground-test")
    env["GLUTES_PLAYGROUND_STANDIN"] = standin.api_url.removesuffix("api/")
    env["GLUTES_PROXY_HOPS"] = "1"
    process = processes(env).start_module("slackapp.processes.serve")
    served = Web(port, process.pid, standin.response_url("ssrf"))
    assert wait_until(lambda: healthy(served), timeout=30), "the playground's web process did not come up"
    for person in demo.PEOPLE:
        standin.add_user(person.user_id, tz=person.tz, is_admin=person.is_admin)
    return served


def request(
    address: str, port: int, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None
) -> int | str:
    """The answer's status, or the name of the connection error."""
    connection = http.client.HTTPConnection(address, port, timeout=5)
    try:
        connection.request(method, path, body=body or None, headers=headers or {})
        return connection.getresponse().status
    except OSError as error:
        return type(error).__name__
    finally:
        connection.close()


def test_from_the_network_nothing_answers_and_nothing_is_posted(playground_web, standin, figures):
    address = network_address()
    if address is None:
        pytest.skip("this machine has no network address besides loopback")
    port = playground_web.port
    # A command signed with the public demo secret, its response_url a service listening on loopback only.
    body = slack_requests.command_body(
        "leaderboard", user_id="UANA", response_url=playground_web.response_url
    )
    headers = {
        **slack_requests.signed_headers(demo.SIGNING_SECRET, body),
        "Content-Type": "application/x-www-form-urlencoded",
    }
    answers = {
        "signed command": request(address, port, "POST", "/slack/events", body.encode(), headers),
        "page": request(address, port, "GET", "/"),
        "reset": request(address, port, "POST", "/playground/reset", b"{}", {"X-Forwarded-For": "127.0.0.1"}),
    }
    assert all(answer in ("ConnectionRefusedError", 403) for answer in answers.values()), answers
    time.sleep(1.0)  # a listener would have posted by now
    posted = [c for c in standin.calls_to("response") if c.args["response_url"] == "/response/ssrf"]
    assert not posted, "the app POSTed to a loopback URL for a request from the network"
    # From this machine it still works.
    assert request("127.0.0.1", port, "POST", "/slack/events", body.encode(), headers) == 200
    figures(
        fault="Playground from the network: a command signed with the public demo secret (loopback "
        "response_url), the page, a reset with X-Forwarded-For: 127.0.0.1",
        cases=len(answers),
        lost=0,
        duplicates=0,
        recovery_s=0,
        note=f"from {address}: {', '.join(f'{k} {v}' for k, v in answers.items())}; nothing posted; "
        "from 127.0.0.1 the command is answered",
    )


def test_playground_posts_need_this_machines_name_and_the_pages_own_origin(playground_web, figures):
    port, local = playground_web.port, f"127.0.0.1:{playground_web.port}"
    own = {"Content-Type": "application/json", "Origin": f"http://{local}"}
    cases = {
        "reset, Origin of another site": (
            "POST",
            "/playground/reset",
            {**own, "Origin": "http://evil.example"},
        ),
        "reset, no Origin": ("POST", "/playground/reset", {"Content-Type": "application/json"}),
        "skip, Origin null": ("POST", "/playground/skip", {**own, "Origin": "null"}),
        "home, Origin of another port": ("POST", "/playground/home", {**own, "Origin": "http://127.0.0.1:1"}),
        "page, rebound Host": ("GET", "/", {"Host": f"rebind.example:{port}"}),
        "reset, rebound Host and its Origin": (
            "POST",
            "/playground/reset",
            {**own, "Host": f"rebind.example:{port}", "Origin": f"http://rebind.example:{port}"},
        ),
    }
    answers = {
        name: request("127.0.0.1", port, method, path, b"{}", h) for name, (method, path, h) in cases.items()
    }
    assert all(status == 403 for status in answers.values()), answers
    # The page itself, at its own name and origin, still works; a forwarded address is not believed.
    assert request("127.0.0.1", port, "POST", "/playground/skip", b'{"user": "UANA"}', own) == 200
    assert request("127.0.0.1", port, "GET", "/", headers={"Host": f"localhost:{port}"}) == 200
    assert request("127.0.0.1", port, "GET", "/", headers={"X-Forwarded-For": "203.0.113.9"}) == 200
    figures(
        fault="Playground POSTs from other sites (foreign, missing or null Origin) and DNS rebinding (Host)",
        cases=len(cases),
        lost=0,
        duplicates=0,
        recovery_s=0,
        note="all 403; the page's own requests answered; X-Forwarded-For ignored in playground mode",
    )
