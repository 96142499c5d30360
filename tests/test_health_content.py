"""Health words are the project's own: no text the app shows repeats a run of 8 words from the article."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT.parent / "shared" / "seed" / "dead-butt-article.txt"
RUN = 8
# Every module whose strings people read about their bodies, moves and results.
SURFACES = (
    *sorted((ROOT / "slackapp" / "ui").glob("*.py")),
    ROOT / "slackapp" / "domain" / "exercises.py",
    ROOT / "slackapp" / "domain" / "selftest.py",
    ROOT / "slackapp" / "slack" / "oauth.py",
    ROOT / "README.md",
)


def words(text: str) -> list[str]:
    text = text.replace("’", "'").replace("“", '"').replace("”", '"')
    return re.findall(r"[a-z0-9']+", text.lower())


def runs(text: str) -> set[tuple[str, ...]]:
    found = words(text)
    return {tuple(found[i : i + RUN]) for i in range(len(found) - RUN + 1)}


def texts_of(path: Path) -> list[str]:
    """A module's string literals (adjacent ones joined, as Python joins them), or a whole document."""
    if path.suffix != ".py":
        return [path.read_text(encoding="utf-8")]
    return [
        node.value
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]


def copied_runs(article: str, texts: list[str]) -> list[str]:
    source = runs(article)
    return sorted({" ".join(run) for text in texts for run in runs(text) & source})


def test_no_surface_copies_eight_words_of_the_article() -> None:
    if not ARTICLE.exists():  # ../shared sits beside every checkout, CI's included
        raise AssertionError(f"the seed article is missing at {ARTICLE}")
    article = ARTICLE.read_text(encoding="utf-8")
    found = {
        str(path.relative_to(ROOT)): copied
        for path in SURFACES
        if (copied := copied_runs(article, texts_of(path)))
    }
    assert found == {}


def test_a_copied_sentence_is_caught() -> None:
    article = "Set a phone alarm. Every 50 minutes, stand up and lightly tap your glute muscles."
    assert copied_runs(article, ["Every 50 minutes, stand up and lightly tap your glute muscles!"]) == [
        "50 minutes stand up and lightly tap your",
        "every 50 minutes stand up and lightly tap",
        "minutes stand up and lightly tap your glute",
        "stand up and lightly tap your glute muscles",
    ]
    assert copied_runs(article, ["Every fifty minutes, get up and give your glutes a light tap."]) == []


REGISTER = ROOT / "docs" / "health-content.md"


def test_every_move_has_how_dose_cue_and_a_version_for_a_chair() -> None:
    from slackapp.domain.exercises import LIBRARY, SEATED_LIBRARY, by_key

    for move in LIBRARY + SEATED_LIBRARY:
        assert move.how.strip() and move.dose.strip() and move.cue.strip(), move.key
        if move.seated:
            continue
        seated = by_key(move.seated_alternative or "")
        assert seated is not None and seated.seated, f"{move.key} has no seated version"
        if move.needs_floor:
            assert move.easier, f"{move.key} is a floor move without an easier version"


def test_the_register_lists_every_move_and_every_faq_question() -> None:
    from slackapp.domain.exercises import LIBRARY, SEATED_LIBRARY
    from slackapp.ui.faq import ABOUT, FAQ

    register = REGISTER.read_text(encoding="utf-8")
    assert [m.key for m in LIBRARY + SEATED_LIBRARY if f"`{m.key}`" not in register] == []
    assert [q for q, _ in FAQ + ABOUT if q not in register] == []
    for line in ("NOT_MEDICAL_ADVICE", "STOP_IF_IT_HURTS", "URGENT_SIGNS", "SEE_A_PROFESSIONAL"):
        assert line in register


def test_every_health_surface_carries_the_not_medical_advice_line() -> None:
    import json
    from datetime import date

    from slackapp.domain.challenge import Challenge
    from slackapp.domain.exercises import LIBRARY, SEATED_LIBRARY, seated_alternative
    from slackapp.domain.selftest import SelfTestResult, assess
    from slackapp.ui import break_card, faq, pause, selftest, wording
    from slackapp.ui.challenge import team_break
    from slackapp.ui.wording import NOT_MEDICAL_ADVICE, STOP_IF_IT_HURTS

    def rendered(message) -> str:
        if hasattr(message, "to_dict"):
            return json.dumps(message.to_dict(), ensure_ascii=False)
        if isinstance(message, dict):
            blocks = [b.to_dict() if hasattr(b, "to_dict") else b for b in message.get("blocks") or []]
            return json.dumps(blocks, ensure_ascii=False)
        return json.dumps([b.to_dict() for b in message], ensure_ascii=False)

    challenge = Challenge("c1", "C1", "Reset", "U1", date(2026, 11, 23), date(2026, 12, 6))
    result = SelfTestResult(
        taken_on=date(2026, 11, 25), both="second", left=None, right=None, safety_flag=False
    )
    pain = SelfTestResult(taken_on=date(2026, 11, 25), both="second", left=None, right=None, safety_flag=True)
    moves = [rendered(break_card.card(move, "1")) for move in LIBRARY + SEATED_LIBRARY] + [
        rendered(
            team_break(
                challenge,
                exercise_name=move.name,
                how=move.how,
                dose=move.dose,
                cue=move.cue,
                seated=seated_alternative(move),
            )
        )
        for move in LIBRARY
    ]
    for text in moves:
        assert NOT_MEDICAL_ADVICE in text and STOP_IF_IT_HURTS in text
    surfaces = {
        "self-test form": rendered(selftest.modal()),
        "result": rendered(
            selftest.result_view(result, assess(result, None), breaks_on=True, care_text=None)
        ),
        "pain result": rendered(
            selftest.result_view(pain, assess(pain, None), breaks_on=True, care_text=None, paused=True)
        ),
        "retest DM": rendered(selftest.retest_dm(result)),
        "check-in DM": rendered(pause.checkin_dm()),
        "FAQ": rendered(faq.faq_blocks()),
        "welcome DM": json.dumps(
            [
                b.to_dict()
                for b in wording.welcome_blocks(
                    interval_label="50 min",
                    hours_label="09:00–17:00",
                    days_label="Mon–Fri",
                    next_break_label="2 PM",
                )
            ],
            ensure_ascii=False,
        ),
    }
    assert [name for name, text in surfaces.items() if NOT_MEDICAL_ADVICE not in text] == []


# A seated move is safe to do in an office chair on casters or a wheelchair: the chair is held still and so
# is the person. A hip thrust never rests on a chair, which can tip or slide away under the upper back.
_STILL_CHAIR = ("can't roll", "brakes on")
_HELD = ("holding the armrests", "against the backrest")


def test_no_seated_move_leans_from_the_front_edge_and_no_thrust_rests_on_a_chair() -> None:
    from slackapp.domain.exercises import LIBRARY, SEATED_LIBRARY
    from slackapp.ui import selftest

    seated_texts = {m.key: m.how for m in SEATED_LIBRARY}
    seated_texts["self-test seated variant"] = next(
        t for t in texts_of(ROOT / "slackapp" / "ui" / "selftest.py") if "*Seated:*" in t
    )
    for key, how in seated_texts.items():
        text = " ".join(how.split()).lower()
        seated_part = text[text.index("*seated:*") :] if "*seated:*" in text else text
        assert any(w in seated_part for w in _STILL_CHAIR), f"{key}: no chair that can't roll"
        assert any(w in seated_part for w in _HELD), f"{key}: nothing to hold on to"
        assert "front of" not in seated_part and "front edge" not in seated_part, key
        assert "hands on your thighs" not in seated_part, key
    for text in [m.how for m in LIBRARY] + [selftest._WORKOUT]:
        for line in text.lower().splitlines():
            for mention in re.findall(r"upper back on [^.]*", line):
                assert re.search(r"\b(couch|sofa|bench)\b", mention), mention
                assert "chair" not in mention.replace("never a chair", ""), mention
    assert [m.key for m in LIBRARY + SEATED_LIBRARY if "as hard as you can" in m.cue] == []

    register = REGISTER.read_text(encoding="utf-8")
    rows = {line.split("|")[1].strip(" `"): line for line in register.splitlines() if line.startswith("| `")}
    for move in SEATED_LIBRARY:
        assert any(w in rows[move.key] for w in _STILL_CHAIR), f"register row {move.key}"
    assert "never a chair" in rows["hip_thrusts"]
    assert "front edge" not in register.replace("no lean from the front edge", "").replace(
        "none leans forward from the front edge", ""
    )


def test_the_register_lists_every_level_of_every_move() -> None:
    from slackapp.domain import levels

    register = REGISTER.read_text(encoding="utf-8")
    rows = {tuple(cell.strip() for cell in line.split("|")[1:3]): line for line in register.splitlines()}
    for dosed in levels.all_levels():
        row = rows.get((str(dosed.level), f"`{dosed.exercise.key}`"))
        assert row is not None, (dosed.exercise.key, dosed.level)
        assert "2026-" in row  # a review date
        if dosed.step_how:
            assert dosed.step_how in row and dosed.dose in row and dosed.cue in row, row
    assert "The progression rule" in register
