"""Export and forget-me among a million other keys, against the real web process (gunicorn as in the
Procfile): they read the person's own records and indexes, so one export answers as fast as with an
empty Redis, and one person asking again and again gets a polite answer instead of more work."""

from __future__ import annotations

import time

import pytest

from slackapp.devkit import slack_requests
from slackapp.store.connection import redis_from_url
from tests.conftest import SIGNING_SECRET

# `web` is test_web_abuse's fixture (the real web process), used by name.
from tests.reliability.stack import raw_request, signed_status, write_history

pytestmark = pytest.mark.reliability

PERSON = "UEXPORT1"
UNRELATED = 1_000_000
REPEATS = 20

# Other people's cards in this workspace and other workspaces' boards, written server-side in chunks: one
# script over all of them can outlast Redis's 5 s script limit on a busy machine, and every other client
# (the web process included) then gets BUSY.
LOAD_CHUNK = 50_000
_LOAD = """
for i = tonumber(ARGV[1]), tonumber(ARGV[2]) do
  redis.call('HSET', 'glutes:T1:card:UX' .. i .. ':1', 'exercise', 'bridge')
  redis.call('ZADD', 'glutes:TX' .. i .. ':board:all', 1, 'UX' .. i)
end
return 0
"""


def _export(web, standin, name: str) -> float:
    """A signed `/glutes export` from the person; the seconds until its ephemeral answer arrived."""
    body = slack_requests.command_body(
        "export", user_id=PERSON, team_id="T1", channel_id="C1", response_url=standin.response_url(name)
    )
    headers = slack_requests.signed_headers(SIGNING_SECRET, body)
    head = (
        "POST /slack/events HTTP/1.1\r\nHost: glutes\r\nConnection: close\r\n"
        + "".join(f"{key}: {value}\r\n" for key, value in headers.items())
        + f"Content-Length: {len(body)}\r\n"
    )
    started = time.monotonic()
    status, _ = raw_request(web.port, head, body.encode())
    assert status == 200
    standin.wait_for("response", timeout=30, where=lambda c: c.args["response_url"] == f"/response/{name}")
    return time.monotonic() - started


def _answer(standin, name: str) -> str:
    [call] = standin.wait_for("response", where=lambda c: c.args["response_url"] == f"/response/{name}")
    return str(call.args.get("text"))


def test_an_export_among_a_million_keys_reads_only_the_person_and_repeats_are_refused(
    web,
    private_redis,
    standin,
    figures,
):
    r = redis_from_url(private_redis.url)
    standin.add_user(PERSON, tz="UTC")
    write_history(r, PERSON)
    empty_s = _export(web, standin, "export-empty")
    standin.wait_for("upload", timeout=30)
    r.delete(f"glutes:T1:exported:{PERSON}")  # (the once-a-minute marker: this test asks again at once)

    started = time.monotonic()
    for first in range(1, UNRELATED // 2 + 1, LOAD_CHUNK):
        r.eval(_LOAD, 0, first, min(first + LOAD_CHUNK - 1, UNRELATED // 2))
    load_s = time.monotonic() - started
    assert r.dbsize() >= UNRELATED
    started = time.monotonic()
    assert not list(r.scan_iter(match=f"glutes:T1:card:{PERSON}:x*", count=1000))
    scan_s = time.monotonic() - started  # what each of the five SCAN passes an export used to make cost
    loaded_s = _export(web, standin, "export-loaded")
    [_, upload] = standin.wait_for("upload", count=2, timeout=30)
    assert f'"user": "{PERSON}"' in upload.args["content"] and "board:all" in upload.args["content"]

    # The same person asks again and again: each gets the polite answer, no file, no reading of their data.
    for n in range(REPEATS):
        _export(web, standin, f"export-again-{n}")
    refused = [n for n in range(REPEATS) if "in a minute" in _answer(standin, f"export-again-{n}")]
    assert refused == list(range(REPEATS))
    assert len(standin.calls_to("upload")) == 2
    status, status_s = signed_status(web)  # someone else, right after
    assert status == 200
    figures(
        fault=f"/glutes export among {UNRELATED:,} unrelated keys; {REPEATS} more exports from one person",
        cases=REPEATS + 2,
        lost=0,
        duplicates=0,
        recovery_s=round(loaded_s, 3),
        note=(
            f"answered in {loaded_s:.3f} s (empty Redis: {empty_s:.3f} s; one SCAN pass over these keys, "
            f"of which an export used to make five: {scan_s:.2f} s); the {REPEATS} repeats got the "
            f"once-a-minute answer and no file; another person's /glutes status then acked in "
            f"{status_s:.3f} s; loading the keys took {load_s:.1f} s"
        ),
    )
