"""The shape of a Slack id (workspace, org, person, channel): checked at the edge before an id reaches a key.

Slack's ids are upper-case letters and digits (T…, E…, U…/W…, C…/D…/G…). Anything else in a payload, such
as "*" or "T1:x", could reach into another person's or workspace's keys, so it is refused.
"""

from __future__ import annotations

import re

_SLACK_ID = re.compile(r"[A-Z0-9]{2,32}")


def is_slack_id(value: object) -> bool:
    return isinstance(value, str) and _SLACK_ID.fullmatch(value) is not None
