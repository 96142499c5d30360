"""Tests for the dead-butt FAQ shown on the Home tab and by the slash command."""

from __future__ import annotations

import pytest
from slack_sdk.models.blocks import ContextBlock, HeaderBlock, SectionBlock

from slackapp.ui.faq import FAQ, answer_text, faq_blocks, faq_text
from slackapp.ui.i18n import SUPPORTED_LOCALES
from slackapp.ui.wording import NOT_MEDICAL_ADVICE
from tests.i18n import limits

# What each answer (in order) must get across, as words it has to contain.
TOPICS = [
    ("gluteal amnesia", "sitting"),
    ("hip flexor", "reciprocal inhibition", "glutes"),
    ("Yes", "lower back", "hamstrings", "cheat"),
    ("nerve", "blood flow", "brain", "late"),
    ("a few weeks", "daily", "Short, frequent bursts", "long workout"),
    ("health professional", "sharp pain", "numbness", "stuck", "hangs on"),
]


def test_faq_has_six_short_pairs() -> None:
    assert len(FAQ) == 6
    for question, answer in FAQ:
        assert question.endswith("?")
        assert 40 <= len(answer) <= 1000


@pytest.mark.parametrize(("index", "words"), list(enumerate(TOPICS)))
def test_each_answer_covers_its_topic(index: int, words: tuple[str, ...]) -> None:
    answer = FAQ[index][1]
    for word in words:
        assert word.lower() in answer.lower()


def test_faq_names_no_clinic_or_chiropractor() -> None:
    everything = " ".join(q + " " + a for q, a in FAQ).lower()
    assert "chiropract" not in everything
    assert "clinic" not in everything


def test_faq_blocks_header_sections_and_caveat() -> None:
    blocks = faq_blocks()
    for block in blocks:
        block.validate_json()
    assert isinstance(blocks[0], HeaderBlock)
    assert len(blocks[0].text.text) <= 150
    sections = blocks[1:-1]
    assert len(sections) == len(FAQ)
    for section, (question, answer) in zip(sections, FAQ, strict=True):
        assert isinstance(section, SectionBlock)
        assert section.text.text == f"*{question}*\n{answer_text(question, answer)}"
        assert len(section.text.text) <= 3000
    assert isinstance(blocks[-1], ContextBlock)
    assert blocks[-1].to_dict()["elements"][0]["text"] == NOT_MEDICAL_ADVICE


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_the_faq_reply_is_within_slacks_limits_in_every_language(locale: str) -> None:
    reply = {"text": faq_text(locale=locale), "blocks": [b.to_dict() for b in faq_blocks(locale=locale)]}
    assert limits.problems("faq", reply) == []


def test_faq_text_carries_every_question() -> None:
    text = faq_text()
    positions = [text.index(f"*{question}*") for question, _ in FAQ]
    assert positions == sorted(positions)
    assert text.rstrip().endswith(f"_{NOT_MEDICAL_ADVICE}_")


def test_faq_names_the_urgent_signs_and_hedges_what_is_contested() -> None:
    from slackapp.ui.wording import URGENT_SIGNS

    professional = answer_text(*FAQ[5])
    assert URGENT_SIGNS in professional
    for sign in ("groin", "inner thighs", "urine or stools", "leg or foot getting weaker", "fever", "fall"):
        assert sign in URGENT_SIGNS
    assert "Don't wait for an appointment" in URGENT_SIGNS
    assert URGENT_SIGNS in faq_text()
    what, why = FAQ[0][1], FAQ[1][1]
    assert "nickname" in what and "proper name" not in what
    assert "One explanation is" in why
