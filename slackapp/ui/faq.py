"""Common questions about "dead butt" and the answers the Home tab and the slash command show."""

from __future__ import annotations

from slack_sdk.models.blocks import (
    Block,
    ContextBlock,
    HeaderBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)

from slackapp.ui.i18n import N_, _, localized
from slackapp.ui.wording import NOT_MEDICAL_ADVICE, URGENT_SIGNS

FAQ_TITLE = N_("Dead butt: common questions")

# (question, answer); answers are mrkdwn and each pair is one section (Slack's limit: 3,000 characters).
FAQ: tuple[tuple[str, str], ...] = (
    (
        N_('What is "dead butt"?'),
        N_(
            'A nickname (so is "gluteal amnesia"), not a medical diagnosis. After long spells of '
            "sitting, the "
            "glutes get lazy about "
            "switching on when you stand, walk or lift, as if your brain had half forgotten to call on them. "
            "The muscles are still there; they just respond late or weakly."
        ),
    ),
    (
        N_("How does sitting switch my glutes off?"),
        N_(
            "Sitting keeps the hip flexors, the muscles across the front of each hip, folded short and tight "
            "for hours. One explanation is a reflex called reciprocal inhibition: when the muscles that bend "
            "a joint stay tense, the nervous system quiets the muscles that do the opposite job. At the hip, "
            "those opposite muscles are your glutes, and they may stay quiet even after you get up."
        ),
    ),
    (
        N_("I work out regularly. Can it still happen to me?"),
        N_(
            "Yes. An hour at the gym doesn't undo a whole day in a chair. If you don't deliberately switch "
            "your glutes on, your lower back and hamstrings tend to cheat and do their share during squats, "
            "lunges or runs, which puts load where it doesn't belong."
        ),
    ),
    (
        N_("Is it the same as a leg falling asleep?"),
        N_(
            "No. Pins and needles in a leg come from pressure on a nerve or reduced blood flow, and they "
            "fade within moments of moving. With dead butt nothing is squashed: the muscle gets its orders "
            "from the brain late or faintly, and moving often seems to help it more than waiting."
        ),
    ),
    (
        N_("How soon will I notice a change?"),
        N_(
            "It differs from person to person: some people notice a change within a few weeks of daily "
            "activation, others take longer. Short, frequent bursts through the day work better than a "
            "single long workout, which is the idea behind the break cards."
        ),
    ),
    (
        N_("When should I see a professional?"),
        N_(
            "Stop the exercises and get checked by a health professional, such as a doctor or "
            "physiotherapist, if you have sharp pain, numbness or tingling running down a leg, or a back "
            "that feels stuck. The same goes for back pain that hangs on even though you're doing the "
            "breaks and exercises.\n"
        ),
    ),
)
# More about the glutes, on the Home tab only (the FAQ reply stays a short read).
ABOUT: tuple[tuple[str, str], ...] = (
    (
        N_("What do the glutes do?"),
        N_(
            "There are three on each side. The biggest, gluteus maximus, straightens your hip: it drives you "
            "up from a chair, up the stairs and forward as you walk. The two smaller ones on the side of the "
            "hip, gluteus medius and minimus, keep your pelvis level whenever you stand on one leg."
        ),
    ),
    (
        N_("How long is too long to sit?"),
        N_(
            "The chance of sleepy glutes seems to climb once you sit for two to three hours without a "
            "break. That is why the cards come much sooner, every 50 minutes by default."
        ),
    ),
    (
        N_("What does it usually feel like?"),
        N_(
            "Most often a dull ache around the hips, buttocks or lower back that shows up after you have "
            "been active, for example after a run or a long walk. Sharp pain is different: stop and have it "
            "checked."
        ),
    ),
)
# The answer that sends people to a professional is followed by the urgent signs (wording.URGENT_SIGNS).
_PROFESSIONAL_QUESTION = FAQ[-1][0]


def answer_text(question: str, answer: str) -> str:
    """An answer in the render's language; the professional one ends with the urgent signs."""
    return _(answer) + (_(URGENT_SIGNS) if question == _PROFESSIONAL_QUESTION else "")


@localized
def faq_blocks() -> list[Block]:
    """A header, one section per question with its answer, and the not-medical-advice context."""
    blocks: list[Block] = [HeaderBlock(text=PlainTextObject(text=_(FAQ_TITLE), emoji=True))]
    blocks.extend(
        SectionBlock(text=MarkdownTextObject(text=f"*{_(question)}*\n{answer_text(question, answer)}"))
        for question, answer in FAQ
    )
    blocks.append(ContextBlock(elements=[MarkdownTextObject(text=_(NOT_MEDICAL_ADVICE))]))
    return blocks


@localized
def about_blocks() -> list[Block]:
    """The Home tab's "more about your glutes": one section per question (health register: ABOUT)."""
    return [
        SectionBlock(text=MarkdownTextObject(text=f"*{_(question)}*\n{_(answer)}"))
        for question, answer in ABOUT
    ]


@localized
def faq_text() -> str:
    """The whole FAQ as one mrkdwn text, ending with the not-medical-advice line: the reply's fallback, which
    notifications and screen readers use (Slack asks for 4,000 characters at most; a section holds 3,000)."""
    parts = [f"*{_(FAQ_TITLE)}*"]
    parts.extend(f"*{_(question)}*\n{answer_text(question, answer)}" for question, answer in FAQ)
    parts.append(f"_{_(NOT_MEDICAL_ADVICE)}_")
    return "\n\n".join(parts)
