"""The install page in a real headless Chromium (Debian's chromium package)."""

from __future__ import annotations

import re
import subprocess
import tempfile
import threading
from dataclasses import replace
from urllib.parse import parse_qs, urlparse

import pytest
from werkzeug.serving import make_server

from slackapp.deps import Deps
from slackapp.store.connection import redis_from_url
from slackapp.web.app import create_app
from tests.browser import CHROMIUM, CHROMIUM_FLAGS


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (.ci/run installs Debian's package)")
def test_install_page_in_chromium_has_the_add_to_slack_link(settings, clock):
    dist = replace(settings, slack_bot_token=None, slack_client_id="111.222", slack_client_secret="csecret")
    deps = Deps(
        dist,
        redis_from_url(settings.redis_url),
        redis_from_url(settings.redis_url, decode=False),
        clock=clock,
    )
    server = make_server("127.0.0.1", 0, create_app(deps=deps), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with tempfile.TemporaryDirectory() as profile:
            result = subprocess.run(
                [
                    CHROMIUM,
                    "--headless",
                    *CHROMIUM_FLAGS,
                    f"--user-data-dir={profile}",
                    "--dump-dom",
                    f"http://127.0.0.1:{server.server_port}/slack/install",
                ],
                capture_output=True,
                text=True,
                timeout=90,
            )
    finally:
        server.shutdown()
    dom = result.stdout
    assert "<title>Glutes for Slack</title>" in dom, result.stderr[-2000:]
    assert "50 minutes" in dom
    href = re.search(r'<a class="add" id="add-to-slack" href="([^"]+)"', dom).group(1).replace("&amp;", "&")
    query = parse_qs(urlparse(href).query)
    assert urlparse(href).netloc == "slack.com"
    assert query["client_id"] == ["111.222"]
    assert {"commands", "chat:write", "users:read", "dnd:read"} <= set(query["scope"][0].split(","))
    # The state in the link is one the server issued and will accept once.
    assert deps.redis.exists(f"glutes:oauth-state:{query['state'][0]}")
