"""What a person types, against the real web process (issue 24, findings 5, 6 and 9): numbers in any script
or of any length get a plain answer, typed mrkdwn is echoed as text, and bidi controls never reach a post."""

from __future__ import annotations

import http.client
import json

import pytest

from slackapp.devkit import slack_requests
from tests.conftest import SIGNING_SECRET
from tests.reliability.stack import Web

pytestmark = pytest.mark.reliability

HUGE = "9" * 5000  # more digits than int() converts (4,300)
NUMBERS = [
    "every ²",
    "every ²³",
    f"every {HUGE}",
    f"every {HUGE}m",
    f"snooze {HUGE}",
    f"snooze {HUGE}m",
    f"snooze 1h{HUGE}m",
    "snooze ٣٠",  # Arabic-Indic digits
    "snooze ३०m",  # Devanagari
    "every ४५",
    "every 4５",  # a fullwidth digit among ASCII ones
    "hours ٠٩:٠٠-١٧:٠٠",
    "hours 9:00-17:00 mon-fri²",
    "snooze 1h３0m",
]


def ack_of(web: Web, text: str, user_id: str = "U1", response_name: str = "typed") -> tuple[int, str]:
    """A signed `/glutes <text>`: the ack's status and the reply text it carries ('' when empty)."""
    body = slack_requests.command_body(text, user_id=user_id, response_url=web.response_url + response_name)
    connection = http.client.HTTPConnection("127.0.0.1", web.port, timeout=15)
    try:
        connection.request(
            "POST",
            "/slack/events",
            body=body.encode(),
            headers=slack_requests.signed_headers(SIGNING_SECRET, body),
        )
        answer = connection.getresponse()
        data = answer.read()
    finally:
        connection.close()
    reply = json.loads(data).get("text", "") if data else ""
    return answer.status, reply


def test_numbers_in_any_script_or_length_get_a_plain_answer(web, figures):
    answers = {text: ack_of(web, text) for text in NUMBERS}
    broken = {
        text[:30]: reply[:90] for text, (status, reply) in answers.items() if status != 200 or not reply
    }
    assert not broken, f"no reply: {broken}"
    crashed = {
        text[:30]: reply[:90] for text, (_, reply) in answers.items() if "Something went wrong" in reply
    }
    assert not crashed, f"answered with an error reference: {crashed}"
    figures(
        fault="Numbers: Unicode digits (², ٣٠, ३०, fullwidth), 5,000-digit numbers, in every/snooze/hours",
        cases=len(NUMBERS),
        lost=0,
        duplicates=0,
        recovery_s=0,
        note="each answered with the command's own usage line; no error reference, no traceback",
    )


LINKS = {
    "language <javascript:alert(1)|x>": "&lt;javascript:alert(1)|x&gt;",
    "snooze <https://evil.example|click>": "&lt;https://evil.example|click&gt;",
    "hours <!channel>": "&lt;!channel&gt;",
    "every <@U2>": None,  # refused by the number check; whatever it echoes must not be a mention
    "snooze a&b": "a&amp;b",
}


def test_typed_mrkdwn_is_echoed_as_text(web, figures):
    for text, shown in LINKS.items():
        status, reply = ack_of(web, text)
        assert status == 200 and reply, text
        typed = text.split(" ", 1)[1]
        assert typed not in reply, f"{text!r} echoed as typed: {reply!r}"
        if shown is not None:
            assert shown in reply, f"{text!r}: {reply!r}"
    figures(
        fault="Typed mrkdwn echoed: labelled `javascript:` and `https:` links, `<!channel>`, `<@U2>`, `&`",
        cases=len(LINKS),
        lost=0,
        duplicates=0,
        recovery_s=0,
        note="each echo has &, < and > as entities: Slack shows the text, no disguised link or mention",
    )


HIDDEN = "\u202e\u2066\u200b\ufeff"


def test_bidi_and_zero_width_controls_never_reach_a_post(web, standin, figures):
    standin.add_user("U1", tz="UTC", is_admin=True)
    status, _ = ack_of(
        web, "challenge start 7 Spring\u202e Reset\u2066 \u200bGo\ufeff", response_name="start"
    )
    assert status == 200
    [announced] = standin.wait_for("chat.postMessage", where=lambda c: c.args.get("channel") == "C1")
    [replied] = standin.wait_for("response", where=lambda c: c.args["response_url"].endswith("abusestart"))
    posted = json.dumps([announced.args, replied.args], ensure_ascii=False)
    assert "Spring Reset Go" in posted, posted[:400]
    leaked = sorted({f"U+{ord(c):04X}" for c in posted if c in HIDDEN})
    assert not leaked, f"controls posted: {leaked}"
    status, reply = ack_of(web, "language \u202eolleh")
    assert "\u202e" not in reply and "olleh" in reply, reply
    figures(
        fault="Bidi and zero-width controls (U+202E, U+2066, U+200B, U+FEFF) in a challenge title and typed",
        cases=2,
        lost=0,
        duplicates=0,
        recovery_s=0,
        note="stripped from the title before it is stored and from every echo; the channel post, the reply "
        "and the error show none",
    )
