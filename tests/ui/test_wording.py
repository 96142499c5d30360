"""Tests for the shared user-facing wording: help text and the welcome DM."""

from __future__ import annotations

import json

from slack_sdk.models.blocks import ContextBlock

from slackapp.ui.wording import (
    HELP_SUBCOMMANDS,
    NOT_MEDICAL_ADVICE,
    SEE_A_PROFESSIONAL,
    help_text,
    welcome_blocks,
    welcome_text,
)

SUBCOMMANDS = [
    "on",
    "off",
    "status",
    "snooze <30m|2h|today>",
    "resume",
    "hours 08:30-17:00 [mon-fri|mon,wed,fri]",
    "every <20-120|:50|:25 :55>",
    "test",
    "leaderboard [week|month|all]",
    "moves <standing|seated|floor>",
    "level [up|down]",
    "hide",
    "unhide",
    "faq",
    "challenge <start 14 Title|status|teambreak|stop>",
    "admin",
    "digest <on|off>",
    "pulse [csv]",
    "export",
    "forget-me",
    "language [es|de|fr|pt_BR|ja|en|auto]",
    "help",
]


def _welcome() -> list:
    return welcome_blocks(
        interval_label="50 minutes",
        hours_label="09:00–17:00",
        days_label="Mon–Fri",
        next_break_label="9:50 AM",
    )


def test_caveats_are_single_short_lines() -> None:
    assert "not medical advice" in NOT_MEDICAL_ADVICE
    for line in (NOT_MEDICAL_ADVICE, SEE_A_PROFESSIONAL):
        assert "\n" not in line
        assert len(line) <= 200
    for symptom in ("sharp pain", "numbness", "tingling", "stuck", "professional"):
        assert symptom in SEE_A_PROFESSIONAL.lower()
    assert "chiropract" not in SEE_A_PROFESSIONAL.lower()


def test_help_text_lists_exactly_the_subcommands() -> None:
    text = help_text()
    lines = text.splitlines()
    assert "stand up every 50 minutes" in lines[0]
    assert "glutes" in lines[0]
    assert [usage for usage, _, _ in HELP_SUBCOMMANDS] == SUBCOMMANDS
    usage_lines = lines[1:]
    assert len(usage_lines) == len(SUBCOMMANDS)
    for line, usage in zip(usage_lines, SUBCOMMANDS, strict=True):
        escaped = usage.replace("<", "&lt;").replace(">", "&gt;")
        assert line.startswith(f"• `/glutes {escaped}` — ")
        assert "Example: `/glutes " in line


def test_help_text_escapes_angle_brackets_so_slack_shows_them() -> None:
    text = help_text()
    assert "<" not in text
    assert ">" not in text
    assert "`/glutes snooze &lt;30m|2h|today&gt;`" in text
    assert "`/glutes every &lt;20-120|:50|:25 :55&gt;`" in text


def test_help_examples_use_their_own_subcommand() -> None:
    for usage, description, example in HELP_SUBCOMMANDS:
        assert example.split()[0] == usage.split()[0]
        assert description.endswith(".")


def test_welcome_blocks_validate_and_carry_the_labels() -> None:
    blocks = _welcome()
    assert 0 < len(blocks) <= 50
    for block in blocks:
        block.validate_json()
    rendered = json.dumps([block.to_dict() for block in blocks], ensure_ascii=False)
    for label in ("50 minutes", "09:00–17:00", "Mon–Fri", "9:50 AM"):
        assert label in rendered
    for command in ("/glutes hours", "/glutes every", "/glutes snooze", "/glutes off"):
        assert command in rendered
    for button in ("*Done*", "*Snooze*", "*Skip*"):
        assert button in rendered
    assert "Do Not Disturb" in rendered
    assert "meeting" in rendered
    assert "hamstrings" in rendered
    assert '"actions"' not in rendered


def test_welcome_caveats_sit_in_a_context_block() -> None:
    contexts = [block.to_dict() for block in _welcome() if isinstance(block, ContextBlock)]
    assert len(contexts) == 1
    texts = [element["text"] for element in contexts[0]["elements"]]
    assert texts[:2] == [NOT_MEDICAL_ADVICE, SEE_A_PROFESSIONAL]
    # One short line on what is stored and how to export or delete it.
    [stored] = texts[2:]
    assert "13 months" in stored and "/glutes export" in stored and "/glutes forget-me" in stored


def test_welcome_text_is_a_plain_fallback() -> None:
    text = welcome_text()
    assert "glutes" in text
    assert "\n" not in text
