"""The translation machinery: Slack locales map to ours, a catalog's words reach a real render (plurals
included), English is untouched, dates follow the locale and the person's zone, and the committed
catalogs hold exactly the strings the code marks (so translators always work on the current set)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from slackapp.domain.exercises import LIBRARY
from slackapp.flows.results import CardResult
from slackapp.ui import break_card, i18n, wording

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("slack", "ours"),
    [
        ("de-DE", "de"),
        ("es-ES", "es"),
        ("es-LA", "es"),
        ("pt-BR", "pt_BR"),
        ("fr-FR", "fr"),
        ("ja-JP", "ja"),
        ("en-US", "en"),
        ("en-GB", "en"),
        ("zh-CN", "en"),
        ("", "en"),
        (None, "en"),
    ],
)
def test_a_slack_locale_maps_to_a_supported_one_and_unknown_ones_to_english(slack, ours) -> None:
    assert i18n.negotiate(slack) == ours


@pytest.fixture
def pseudo_german(tmp_path: Path) -> i18n.Translator:
    """A real compiled catalog with a handful of entries, loaded the way production loads one."""
    catalog = Catalog(locale="de")
    catalog.add("Done", "Erledigt")
    catalog.add(("{count} break", "{count} breaks"), ("{count} Pause", "{count} Pausen"))
    catalog.add(
        ":white_check_mark: Done — {plural} today, streak {plural2}. {cheer}{next}",
        ":white_check_mark: Erledigt — heute {plural}, Serie {plural2}. {cheer}{next}",
    )
    target = tmp_path / "de" / "LC_MESSAGES"
    target.mkdir(parents=True)
    with open(target / "messages.mo", "wb") as handle:
        write_mo(handle, catalog)
    return i18n.Translator("de", tmp_path)


def test_a_catalog_translates_a_break_card_and_its_plurals(pseudo_german) -> None:
    exercise = LIBRARY[0]
    card = break_card.card(exercise, "b1", locale=pseudo_german)
    buttons = [b for b in card["blocks"] if b.type == "actions"][0].elements
    assert buttons[0].text.text == "Erledigt"

    one = break_card.after(CardResult("done", exercise, today_done=1, streak=2), locale=pseudo_german)
    two = break_card.after(CardResult("done", exercise, today_done=2, streak=2), locale=pseudo_german)
    assert "heute 1 Pause," in one["text"]
    assert "heute 2 Pausen," in two["text"]


def test_english_is_the_default_and_untranslated_text_falls_back_to_it(pseudo_german) -> None:
    exercise = LIBRARY[0]
    english = break_card.card(exercise, "b1")
    assert break_card.card(exercise, "b1", locale="en") == english
    # A locale whose catalog lacks a sentence shows the English sentence, never an empty one.
    assert wording.help_text(locale=pseudo_german) == wording.help_text()
    assert i18n.translator("ja").gettext("A sentence no catalog has.") == "A sentence no catalog has."


def test_dates_and_weekdays_follow_the_locale_in_the_persons_time_zone() -> None:
    moment = datetime(2026, 11, 30, 23, 30, tzinfo=UTC)
    assert i18n.translator("de-DE").format_time(moment, "Europe/Berlin") == "00:30"
    assert i18n.translator("de").format_date(moment, "Europe/Berlin") == "01.12.2026"
    assert i18n.translator("en").format_date(moment, "America/New_York") == "Nov 30, 2026"
    assert i18n.translator("es").weekday_name(0) == "lunes"
    assert i18n.translator("ja").weekday_name(0) == "月曜日"


def _msgids_in_code() -> set[str]:
    found = set()
    keywords = {"_": None, "N_": None, "ngettext": (1, 2), "nformat": (1, 2)}
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT / "slackapp"), [("**.py", "python")], keywords=keywords
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


def _msgids(path: Path) -> set[str]:
    with open(path, "rb") as handle:
        catalog = read_po(handle)
    return {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}


def test_the_template_and_every_catalog_hold_exactly_the_strings_the_code_marks() -> None:
    """Fails when a string is added or changed without `make messages`."""
    in_code = _msgids_in_code()
    locale_dir = ROOT / "slackapp" / "locale"
    assert _msgids(locale_dir / "messages.pot") == in_code
    for code in i18n.SUPPORTED_LOCALES[1:]:
        assert _msgids(locale_dir / code / "LC_MESSAGES" / "messages.po") == in_code, code
