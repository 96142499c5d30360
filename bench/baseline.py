"""The baseline's job: what a team on the RQ ecosystem would write for "a break card every 50 minutes per
person" with rq-scheduler: one periodic job per person (Scheduler.schedule(..., interval=3000)), run by
plain `rq worker`s, each posting the same break card with a WebClient.

It does less than the app per card: no opt-in or DND check, no send lock, no pacing, no stored card.
"""

from __future__ import annotations

import os
import ssl
import time
from functools import cache

from slack_sdk import WebClient

from slackapp.domain import exercises
from slackapp.ui import break_card

QUEUE = "bench-baseline"
INTERVAL_SECONDS = 3000  # every 50 minutes
CA_FILE_VARIABLE = "GLUTES_SLACK_CA_FILE"  # over TLS: the stand-in's CA, as the app trusts it


@cache
def _ssl() -> ssl.SSLContext | None:
    ca_file = os.environ.get(CA_FILE_VARIABLE)
    return ssl.create_default_context(cafile=ca_file) if ca_file else None


def send_card(team_id: str, user_id: str, token: str, api_url: str) -> str:
    """Post one break card to the person (the job rq-scheduler enqueues every interval)."""
    break_id = str(int(time.time() * 1000))
    exercise = exercises.pick_next(None, seed=int(break_id))
    client = WebClient(token=token, base_url=api_url, timeout=10, ssl=_ssl())
    answer = client.chat_postMessage(channel=user_id, **break_card.card(exercise, break_id))
    return str(answer.get("ts") or "")
