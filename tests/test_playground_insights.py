"""The playground shows the weekly picture and the pulse: the stand-in keeps the uploaded PNGs and the page
draws each image block's `slack_file` from the playground's copy."""

from __future__ import annotations

import re
import urllib.error

import pytest

from slackapp.devkit.playground import blockkit, server
from slackapp.store import people
from tests.conftest import eventually, run_jobs
from tests.test_playground import LOCAL, get, live, post  # noqa: F401  (live is a fixture)

IMAGE = re.compile(r'<img class="bk-image" src="(/playground/files/F[A-Z0-9]+)"')


def test_an_image_block_of_an_uploaded_file_is_drawn_from_the_playgrounds_copy():
    html = blockkit.blocks([{"type": "image", "slack_file": {"id": "F12"}, "alt_text": "bars: 1, 2"}], {})
    assert 'src="/playground/files/F12"' in html and 'alt="bars: 1, 2"' in html
    odd = blockkit.blocks([{"type": "image", "slack_file": {"id": "../x"}, "alt_text": "-"}], {})
    assert "../x" not in odd


def png_at(live_url: str, path: str) -> bytes:
    with LOCAL.open(live_url + path, timeout=10) as answer:
        assert answer.headers["Content-Type"] == "image/png"
        return answer.read()


def test_the_weekly_picture_and_the_pulse_show_their_charts(live, standin, deps):  # noqa: F811
    assert post(live + "/playground/picture", {"user": "UANA"})["sent"] is False  # breaks off: nothing
    post(live + "/playground/command", {"user": "UANA", "conv": "dm", "text": "/glutes on"})
    assert eventually(lambda: people.get(deps.redis, team_id=server.TEAM_ID, user_id="UANA").opted_in)
    answer = post(live + "/playground/picture", {"user": "UANA"})
    assert answer["sent"] and answer["seeded"] > 20
    run_jobs(deps)
    feed = eventually(
        lambda: [
            e
            for e in get(live + "/playground/feed?user=UANA&since=0")["events"]
            if e["op"] == "post" and IMAGE.search(e["html"])
        ]
    )
    src = IMAGE.search(feed[-1]["html"]).group(1)
    assert png_at(live, src).startswith(b"\x89PNG")
    assert get(live + "/playground/feed?user=UBEN&since=0")["events"] == []  # only Ana's DM

    answer = post(live + "/playground/command", {"user": "UCLEO", "conv": "dm", "text": "/glutes pulse"})
    events = answer["events"] or eventually(
        lambda: [
            e
            for e in get(live + "/playground/feed?user=UCLEO&since=0")["events"]
            if e["op"] == "post" and "pulse" in e["html"].lower()
        ]
    )
    pulse = next(e for e in events if IMAGE.search(e["html"]))
    assert "fewer than 5" in pulse["html"]
    assert png_at(live, IMAGE.search(pulse["html"]).group(1)).startswith(b"\x89PNG")
    with pytest.raises(urllib.error.HTTPError) as missing:
        LOCAL.open(live + "/playground/files/FNOPE", timeout=10)
    assert missing.value.code == 404
    missing.value.close()
