"""Tests for the App Home tab and the modal that edits a person's break rhythm."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pytest
from slack_sdk.models.blocks import (
    Block,
    ButtonElement,
    CheckboxesElement,
    ContextBlock,
    InputBlock,
    PlainTextInputElement,
    SectionBlock,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from slackapp import ids
from slackapp.domain.timespec import parse_hours
from slackapp.ids import (
    ACTION_HOME_EDIT,
    ACTION_HOME_TOGGLE,
    ACTION_OPEN_ADMIN,
    ACTION_OPEN_SELFTEST,
    ACTION_PREFS_DAYS,
    ACTION_PREFS_HOURS,
    ACTION_PREFS_INTERVAL,
    BLOCK_PREFS_DAYS,
    BLOCK_PREFS_HOURS,
    BLOCK_PREFS_INTERVAL,
    VIEW_PREFS,
)
from slackapp.ui.faq import FAQ
from slackapp.ui.home import (
    BAR_CHAR,
    BAR_WIDTH,
    AdminSummary,
    HomeData,
    bar_chart,
    home_view,
    parse_prefs,
    prefs_modal,
)
from slackapp.ui.wording import NOT_MEDICAL_ADVICE

WEEK = (("Mon", 3), ("Tue", 0), ("Wed", 9), ("Thu", 12), ("Fri", 1), ("Sat", 0), ("Sun", 0))
ADMIN = AdminSummary(
    opted_in=42,
    breaks_this_week=318,
    running_challenges=("#general: Spring Glute Reset (ends Dec 9)", "#eng: Squat Sprint (ends Dec 2)"),
)
KNOWN_IDS = {value for name, value in vars(ids).items() if name.isupper() and isinstance(value, str)}


def _data(**overrides: Any) -> HomeData:
    base = HomeData(
        opted_in=True,
        next_break_label="2:50 PM",
        snoozed_until_label=None,
        hours_label="09:00–17:00",
        days_label="Mon–Fri",
        interval_label="50 min",
        tz="Europe/Berlin",
        today_done=3,
        week_done=12,
        week_rank=3,
        streak=4,
        best_streak=9,
        last7=WEEK,
        last_selftest=None,
        admin=None,
        on_boards=True,
    )
    return dataclasses.replace(base, **overrides)


def _check_view(view: View) -> str:
    """Validate a view and every block against Slack's limits; return its JSON for text searches."""
    view.validate_json()
    assert 0 < len(view.blocks) <= 100
    for part in (view.title, view.submit, view.close):
        assert part is None or 1 <= len(part.text) <= 24
    for block in view.blocks:
        block.validate_json()
        if isinstance(block, SectionBlock) and block.text is not None:
            assert len(block.text.text) <= 3000
    for button in _buttons(view.blocks):
        assert len(button.text.text) <= 75
    return json.dumps(view.to_dict(), ensure_ascii=False)


def _buttons(blocks: list[Block]) -> list[ButtonElement]:
    found = []
    for block in blocks:
        for element in [*(getattr(block, "elements", None) or []), getattr(block, "accessory", None)]:
            if isinstance(element, ButtonElement):
                found.append(element)
    return found


def _button(view: View, action_id: str) -> ButtonElement:
    matches = [b for b in _buttons(view.blocks) if b.action_id == action_id]
    assert len(matches) == 1, action_id
    return matches[0]


def _chart_text(view: View) -> str:
    return next(
        b.text.text for b in view.blocks if isinstance(b, SectionBlock) and b.text and "```" in b.text.text
    )


# --- home_view -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("admin", [None, ADMIN])
@pytest.mark.parametrize("opted_in", [True, False])
def test_home_view_validates_within_limits(admin: AdminSummary | None, opted_in: bool) -> None:
    view = home_view(_data(admin=admin, opted_in=opted_in))
    _check_view(view)
    assert view.type == "home"
    assert view.submit is None and view.close is None
    action_ids = {b.action_id for b in _buttons(view.blocks)}
    assert action_ids <= KNOWN_IDS


def test_toggle_pauses_when_on() -> None:
    toggle = _button(home_view(_data(opted_in=True)), ACTION_HOME_TOGGLE)
    assert (toggle.value, toggle.text.text, toggle.style) == ("off", "Turn breaks off", None)


def test_toggle_turns_on_when_off() -> None:
    view = home_view(_data(opted_in=False, next_break_label=None))
    toggle = _button(view, ACTION_HOME_TOGGLE)
    assert (toggle.value, toggle.text.text, toggle.style) == ("on", "Turn breaks on", "primary")
    text = _check_view(view)
    assert "Breaks are off" in text
    assert "Next break" not in text


def test_next_break_or_snooze_is_shown() -> None:
    assert "Next break at 2:50 PM." in _check_view(home_view(_data()))
    snoozed = _check_view(home_view(_data(snoozed_until_label="4:15 PM")))
    assert "Snoozed until 4:15 PM." in snoozed
    assert "Next break at" not in snoozed


def test_rhythm_section_with_edit_button() -> None:
    view = home_view(_data())
    rhythm = next(
        b for b in view.blocks if isinstance(b, SectionBlock) and b.text and "Your rhythm" in b.text.text
    )
    for part in ("09:00–17:00", "Mon–Fri", "50 min", "Europe/Berlin"):
        assert part in rhythm.text.text
    assert rhythm.accessory.action_id == ACTION_HOME_EDIT
    assert rhythm.accessory.text.text == "Edit"


def _fields(view: View) -> list[str]:
    return next([f.text for f in b.fields] for b in view.blocks if isinstance(b, SectionBlock) and b.fields)


def test_numbers_show_today_week_rank_and_streaks() -> None:
    assert _fields(home_view(_data())) == [
        "*Today*\n3 breaks",
        "*This week*\n12 breaks · #3 this week",
        "*Streak*\n4 days",
        "*Best streak*\n9 days",
    ]
    unranked = _fields(home_view(_data(week_rank=None, today_done=1, week_done=1, streak=1, best_streak=1)))
    assert unranked == ["*Today*\n1 break", "*This week*\n1 break", "*Streak*\n1 day", "*Best streak*\n1 day"]
    private = _fields(home_view(_data(week_rank=None, on_boards=False)))
    assert private[1] == "*This week*\n12 breaks · not on the team board"


def test_bar_chart_in_a_code_block_shows_every_count() -> None:
    chart = _chart_text(home_view(_data()))
    body = chart.split("```")[1].strip("\n").splitlines()
    assert len(body) == 7
    for line, (label, count) in zip(body, WEEK, strict=True):
        assert line.startswith(label)
        assert line.endswith(f" {count}")
        # Up to BAR_WIDTH breaks a day, one block stands for one break.
        assert line.count(BAR_CHAR) == count
    # Bars are padded to one width so the counts line up.
    assert len({len(line) - len(line.split()[-1]) for line in body}) == 1


def test_bar_chart_scales_down_a_busy_week_and_keeps_small_days_visible() -> None:
    lines = bar_chart((("Mon", 24), ("Tue", 12), ("Wed", 1), ("Thu", 0))).splitlines()
    assert [line.count(BAR_CHAR) for line in lines] == [BAR_WIDTH, BAR_WIDTH // 2, 1, 0]
    assert [line.split()[-1] for line in lines] == ["24", "12", "1", "0"]


def test_bar_chart_keeps_a_quiet_week_short() -> None:
    # A fixed scale: two breaks are two blocks whether or not a busier day is in view.
    lines = bar_chart((("Mon", 2), ("Tue", 1))).splitlines()
    assert [line.count(BAR_CHAR) for line in lines] == [2, 1]
    assert lines == [f"Mon {BAR_CHAR * 2:<{BAR_WIDTH}} 2", f"Tue {BAR_CHAR:<{BAR_WIDTH}} 1"]


def test_bar_chart_of_an_empty_week() -> None:
    lines = bar_chart(
        tuple((day, 0) for day in ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"))
    ).splitlines()
    assert len(lines) == 7
    assert all(BAR_CHAR not in line and line.endswith(" 0") for line in lines)


def test_selftest_line_and_button() -> None:
    view = home_view(_data(last_selftest=None))
    assert "No self-test yet." in _check_view(view)
    assert _button(view, ACTION_OPEN_SELFTEST).text.text == "Take the self-test"


def test_home_shows_the_faq_and_one_caveat_at_the_end() -> None:
    view = home_view(_data())
    text = _check_view(view)
    for question, _ in FAQ:
        assert question.replace('"', '\\"') in text
    caveats = [
        b
        for b in view.blocks
        if isinstance(b, ContextBlock) and NOT_MEDICAL_ADVICE in json.dumps(b.to_dict())
    ]
    assert caveats == [view.blocks[-1]]
    assert "chiropract" not in text.lower()


def test_admin_section_only_for_admins() -> None:
    plain = home_view(_data(admin=None))
    assert ACTION_OPEN_ADMIN not in {b.action_id for b in _buttons(plain.blocks)}
    assert "*Admin*" not in _check_view(plain)

    admin = home_view(_data(admin=ADMIN))
    text = _check_view(admin)
    assert "*Admin*" in text
    assert "42 people have breaks on" in text
    assert "318 breaks done this week" in text
    assert "#general: Spring Glute Reset (ends Dec 9)" in text
    assert "#eng: Squat Sprint (ends Dec 2)" in text
    assert _button(admin, ACTION_OPEN_ADMIN).text.text == "Workspace settings"
    assert len(admin.blocks) > len(plain.blocks)


def test_admin_section_without_challenges() -> None:
    text = _check_view(home_view(_data(admin=AdminSummary(6, None, ()))))
    assert "No challenge running." in text
    assert "6 people have breaks on" in text
    assert "Breaks done this week: shown once 5 or more people have taken one" in text


def test_admin_section_shows_no_count_under_five_people() -> None:
    text = _check_view(home_view(_data(admin=AdminSummary(None, None, ()))))
    assert "Fewer than 5 people have breaks on" in text
    assert "Breaks done this week: shown once 5 or more people have taken one" in text
    assert "done this week" not in text.replace("Breaks done this week: shown once", "")


def test_admin_section_escapes_and_trims_many_challenges() -> None:
    challenges = ("<!channel> ping & win",) + tuple(
        f"#team-{n}: A very long challenge name {'x' * 80}" for n in range(60)
    )
    view = home_view(_data(admin=AdminSummary(5, 5, challenges)))
    text = _check_view(view)
    assert "&lt;!channel&gt; ping &amp; win" in text
    assert "<!channel>" not in text
    assert "more" in text


# --- prefs_modal / parse_prefs ---------------------------------------------------------------------------


def _prefs_inputs(view: View) -> dict[str, InputBlock]:
    return {b.block_id: b for b in view.blocks if isinstance(b, InputBlock)}


def test_prefs_modal_validates_with_ids_and_initial_values() -> None:
    view = prefs_modal(start_minute=510, end_minute=1020, days=frozenset({0, 2, 4}), interval_minutes=45)
    _check_view(view)
    assert view.callback_id == VIEW_PREFS
    assert view.title.text == "Your break rhythm"
    assert view.submit.text == "Save"
    inputs = _prefs_inputs(view)
    assert list(inputs) == [BLOCK_PREFS_HOURS, BLOCK_PREFS_DAYS, BLOCK_PREFS_INTERVAL]

    hours = inputs[BLOCK_PREFS_HOURS]
    assert isinstance(hours.element, PlainTextInputElement)
    assert hours.element.action_id == ACTION_PREFS_HOURS
    assert hours.element.initial_value == "08:30-17:00"
    assert hours.hint.text == "24-hour, e.g. 08:30-17:00"

    days = inputs[BLOCK_PREFS_DAYS].element
    assert isinstance(days, CheckboxesElement)
    assert days.action_id == ACTION_PREFS_DAYS
    assert [(o.value, o.to_dict()["text"]["text"]) for o in days.options] == [
        ("0", "Mon"),
        ("1", "Tue"),
        ("2", "Wed"),
        ("3", "Thu"),
        ("4", "Fri"),
        ("5", "Sat"),
        ("6", "Sun"),
    ]
    assert [o.value for o in days.initial_options] == ["0", "2", "4"]

    interval = inputs[BLOCK_PREFS_INTERVAL].element
    assert isinstance(interval, StaticSelectElement)
    assert interval.action_id == ACTION_PREFS_INTERVAL
    # The intervals, then the clock-aligned choices.
    assert [o.value for o in interval.options] == [str(m) for m in range(20, 121, 5)] + [":50", ":25 :55"]
    assert interval.initial_option.value == "45"


@pytest.mark.parametrize(
    ("minutes", "offered"), [(50, "50"), (52, "50"), (53, "55"), (5, "20"), (500, "120")]
)
def test_prefs_modal_rounds_the_interval_to_an_offered_option(minutes: int, offered: str) -> None:
    view = prefs_modal(start_minute=540, end_minute=1020, days=frozenset({0}), interval_minutes=minutes)
    _check_view(view)
    assert _prefs_inputs(view)[BLOCK_PREFS_INTERVAL].element.initial_option.value == offered


def _slack_state(view: View) -> dict[str, Any]:
    """The view.state.values Slack would send if the person saved the modal without changing anything."""
    blocks = {b["block_id"]: b["element"] for b in view.to_dict()["blocks"] if b["type"] == "input"}
    hours, days, interval = blocks[BLOCK_PREFS_HOURS], blocks[BLOCK_PREFS_DAYS], blocks[BLOCK_PREFS_INTERVAL]
    return {
        BLOCK_PREFS_HOURS: {
            ACTION_PREFS_HOURS: {"type": "plain_text_input", "value": hours.get("initial_value")}
        },
        BLOCK_PREFS_DAYS: {
            ACTION_PREFS_DAYS: {"type": "checkboxes", "selected_options": days.get("initial_options", [])}
        },
        BLOCK_PREFS_INTERVAL: {
            ACTION_PREFS_INTERVAL: {
                "type": "static_select",
                "selected_option": interval.get("initial_option"),
            }
        },
    }


@pytest.mark.parametrize(
    ("start", "end", "days", "interval"),
    [
        (510, 1020, frozenset(range(5)), 50),
        (0, 1440, frozenset(range(7)), 120),
        (420, 900, frozenset({5, 6}), 20),
        (540, 1020, frozenset(), 45),
    ],
)
def test_prefs_round_trip_through_parse_prefs(
    start: int, end: int, days: frozenset[int], interval: int
) -> None:
    view = prefs_modal(start_minute=start, end_minute=end, days=days, interval_minutes=interval)
    _check_view(view)
    hours_text, parsed_days, interval_text = parse_prefs(_slack_state(view))
    assert parse_hours(hours_text) == (start, end)
    assert parsed_days == days
    assert interval_text == str(interval)


def test_parse_prefs_reads_a_changed_submission() -> None:
    state = {
        BLOCK_PREFS_HOURS: {ACTION_PREFS_HOURS: {"type": "plain_text_input", "value": " 8-16 "}},
        BLOCK_PREFS_DAYS: {
            ACTION_PREFS_DAYS: {
                "type": "checkboxes",
                "selected_options": [
                    {"text": {"type": "plain_text", "text": "Tue"}, "value": "1"},
                    {"text": {"type": "plain_text", "text": "Sun"}, "value": "6"},
                ],
            }
        },
        BLOCK_PREFS_INTERVAL: {
            ACTION_PREFS_INTERVAL: {
                "type": "static_select",
                "selected_option": {"text": {"type": "plain_text", "text": "90 min"}, "value": "90"},
            }
        },
    }
    assert parse_prefs(state) == (" 8-16 ", frozenset({1, 6}), "90")


@pytest.mark.parametrize(
    "state",
    [
        {},
        None,
        {BLOCK_PREFS_HOURS: None, BLOCK_PREFS_DAYS: "x", BLOCK_PREFS_INTERVAL: []},
        {
            BLOCK_PREFS_HOURS: {ACTION_PREFS_HOURS: {"type": "plain_text_input", "value": None}},
            BLOCK_PREFS_DAYS: {ACTION_PREFS_DAYS: {"type": "checkboxes", "selected_options": None}},
            BLOCK_PREFS_INTERVAL: {ACTION_PREFS_INTERVAL: {"type": "static_select", "selected_option": None}},
        },
        {
            BLOCK_PREFS_DAYS: {
                ACTION_PREFS_DAYS: {
                    "selected_options": [{"value": "7"}, {"value": "-1"}, {"value": "²"}, "Mon", {}]
                }
            }
        },
    ],
)
def test_parse_prefs_tolerates_missing_pieces(state: Any) -> None:
    assert parse_prefs(state) == ("", frozenset(), "")


def test_paused_home_says_so_with_a_resume_button_and_the_urgent_signs() -> None:
    from slackapp.ui.wording import URGENT_SIGNS

    view = home_view(_data(paused=True, next_break_label=None))
    text = _check_view(view)
    assert "Breaks are paused" in text
    button = _button(view, ids.ACTION_RESUME_BREAKS)
    assert button.text.text == "Resume breaks"
    assert ACTION_HOME_TOGGLE not in text  # one way back, not a toggle that would read "Pause breaks"
    assert "/glutes resume" in text
    assert URGENT_SIGNS in text.replace("\\n", "\n").replace('\\"', '"')
    assert ids.ACTION_RESUME_BREAKS not in _check_view(home_view(_data()))


def test_admin_totals_say_nothing_about_pauses() -> None:
    view = home_view(_data(admin=ADMIN))
    _check_view(view)
    shown = next(
        b.text.text
        for b in view.blocks
        if isinstance(b, SectionBlock) and b.text and "*Admin*" in b.text.text
    )
    assert "paused" not in shown and "pain" not in shown.lower()


def test_home_says_what_the_glutes_do_how_long_is_too_long_and_how_it_feels() -> None:
    text = " ".join(
        b.text.text for b in home_view(_data()).blocks if isinstance(b, SectionBlock) and b.text is not None
    )
    for words in ("three on each side", "gluteus medius", "two to three hours", "dull ache", "Sharp pain"):
        assert words in text, words
