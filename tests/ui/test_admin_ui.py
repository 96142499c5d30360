"""Tests for the workspace settings modal: building it, reading its state and checking the values."""

from __future__ import annotations

from dataclasses import asdict, replace

import pytest
from slack_sdk.models.blocks import InputBlock

from slackapp.domain import workspace_settings
from slackapp.domain.workspace_settings import WorkspaceSettings as WorkspaceSettingsView
from slackapp.domain.workspace_settings import WorkspaceSettingsInput
from slackapp.ids import (
    ACTION_ADMIN_INPUT,
    BLOCK_ADMIN_ADMINS,
    BLOCK_ADMIN_CARE,
    BLOCK_ADMIN_CHANNEL,
    BLOCK_ADMIN_DAYS,
    BLOCK_ADMIN_HOURS,
    BLOCK_ADMIN_INTERVAL,
    BLOCK_ADMIN_POST_DAY,
    BLOCK_ADMIN_POST_TIME,
    BLOCK_ADMIN_TZ,
    VIEW_ADMIN,
)
from slackapp.ui.admin import (
    BLOCK_ADMIN_LANGUAGE,
    BLOCK_ADMIN_TEAM_BREAK,
    CARE_HINT,
    block_errors,
    parse_settings,
    refusal_text,
    settings_modal,
)


def validate_settings(raw: WorkspaceSettingsInput) -> tuple[dict, dict[str, str]]:
    """(the checked settings as a dict, or {}; the errors by the modal's block ids), as views.py sees them."""
    checked = workspace_settings.check(raw)
    if isinstance(checked, workspace_settings.FieldErrors):
        return {}, block_errors(checked)
    return asdict(checked), {}


ALL_BLOCK_IDS = (
    BLOCK_ADMIN_HOURS,
    BLOCK_ADMIN_DAYS,
    BLOCK_ADMIN_INTERVAL,
    BLOCK_ADMIN_CHANNEL,
    BLOCK_ADMIN_POST_DAY,
    BLOCK_ADMIN_POST_TIME,
    BLOCK_ADMIN_TZ,
    BLOCK_ADMIN_ADMINS,
    BLOCK_ADMIN_CARE,
    BLOCK_ADMIN_TEAM_BREAK,
    BLOCK_ADMIN_LANGUAGE,
)

CURRENT = WorkspaceSettingsView(
    start_minute=9 * 60,
    end_minute=17 * 60,
    days=frozenset(range(5)),
    interval_minutes=50,
    board_channel="C0BOARD",
    post_weekday=4,
    post_minute=16 * 60,
    tz="Europe/Berlin",
    app_admins=("U1", "U2"),
    care_text="Physio benefit: ask HR.",
    daily_team_break=True,
)

BARE = WorkspaceSettingsView(
    start_minute=8 * 60 + 30,
    end_minute=24 * 60,
    days=frozenset({0, 2, 4}),
    interval_minutes=47,
    board_channel=None,
    post_weekday=0,
    post_minute=9 * 60 + 5,
    tz="America/New_York",
    app_admins=(),
    care_text="",
)

# What Slack sends in view.state.values for a submitted modal (types and shapes as in Slack's payloads).
REALISTIC_STATE = {
    BLOCK_ADMIN_HOURS: {ACTION_ADMIN_INPUT: {"type": "plain_text_input", "value": "08:30-17:30"}},
    BLOCK_ADMIN_DAYS: {
        ACTION_ADMIN_INPUT: {
            "type": "checkboxes",
            "selected_options": [
                {"text": {"type": "plain_text", "text": "Monday", "emoji": True}, "value": "0"},
                {"text": {"type": "plain_text", "text": "Tuesday", "emoji": True}, "value": "1"},
                {"text": {"type": "plain_text", "text": "Thursday", "emoji": True}, "value": "3"},
            ],
        }
    },
    BLOCK_ADMIN_INTERVAL: {
        ACTION_ADMIN_INPUT: {
            "type": "static_select",
            "selected_option": {
                "text": {"type": "plain_text", "text": "45 minutes", "emoji": True},
                "value": "45",
            },
        }
    },
    BLOCK_ADMIN_CHANNEL: {
        ACTION_ADMIN_INPUT: {"type": "conversations_select", "selected_conversation": "C0123GLUTES"}
    },
    BLOCK_ADMIN_POST_DAY: {
        ACTION_ADMIN_INPUT: {
            "type": "static_select",
            "selected_option": {
                "text": {"type": "plain_text", "text": "Friday", "emoji": True},
                "value": "4",
            },
        }
    },
    BLOCK_ADMIN_POST_TIME: {ACTION_ADMIN_INPUT: {"type": "plain_text_input", "value": " 15:30 "}},
    BLOCK_ADMIN_TZ: {ACTION_ADMIN_INPUT: {"type": "plain_text_input", "value": "Europe/Lisbon"}},
    BLOCK_ADMIN_ADMINS: {
        ACTION_ADMIN_INPUT: {"type": "multi_users_select", "selected_users": ["U0AAA", "U0BBB", "U0AAA"]}
    },
    BLOCK_ADMIN_CARE: {
        ACTION_ADMIN_INPUT: {
            "type": "plain_text_input",
            "value": "Physio benefit: see the HR wiki.\nEAP: 0800 123",
        }
    },
    BLOCK_ADMIN_TEAM_BREAK: {
        ACTION_ADMIN_INPUT: {
            "type": "checkboxes",
            "selected_options": [
                {
                    "text": {"type": "plain_text", "text": "Post a daily team break", "emoji": True},
                    "value": "on",
                }
            ],
        }
    },
}


def _inputs(view) -> dict[str, InputBlock]:
    return {b.block_id: b for b in view.blocks if isinstance(b, InputBlock)}


def _state_from_modal(view) -> dict:
    """The state Slack would send if the modal were submitted without changes."""
    state: dict = {}
    for block_id, block in _inputs(view).items():
        element = block.element.to_dict()
        kind = element["type"]
        if kind == "plain_text_input":
            value = {"value": element.get("initial_value")}
        elif kind == "checkboxes":
            value = {"selected_options": element.get("initial_options", [])}
        elif kind == "static_select":
            value = {"selected_option": element.get("initial_option")}
        elif kind == "conversations_select":
            value = {"selected_conversation": element.get("initial_conversation")}
        elif kind == "multi_users_select":
            value = {"selected_users": element.get("initial_users", [])}
        else:
            raise AssertionError(f"unexpected element {kind}")
        state[block_id] = {block.element.action_id: {"type": kind, **value}}
    return state


def _with(block_id: str, **value) -> dict:
    state = {k: dict(v) for k, v in REALISTIC_STATE.items()}
    state[block_id] = {ACTION_ADMIN_INPUT: {**REALISTIC_STATE[block_id][ACTION_ADMIN_INPUT], **value}}
    return state


# --- the modal ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("current", [CURRENT, BARE], ids=["full", "bare"])
def test_modal_validates_within_slack_limits(current: WorkspaceSettingsView) -> None:
    view = settings_modal(current)
    view.validate_json()
    assert view.type == "modal"
    assert view.callback_id == VIEW_ADMIN
    assert view.title.text == "Workspace settings"
    assert view.submit.text == "Save"
    assert len(view.blocks) <= 100
    for text in (view.title.text, view.submit.text, view.close.text):
        assert len(text) <= 24


def test_modal_has_every_block_once_each_with_the_shared_action_id() -> None:
    view = settings_modal(CURRENT)
    inputs = _inputs(view)
    assert sorted(inputs) == sorted(ALL_BLOCK_IDS)
    assert len([b for b in view.blocks if isinstance(b, InputBlock)]) == len(ALL_BLOCK_IDS)
    assert all(b.element.action_id == ACTION_ADMIN_INPUT for b in inputs.values())


def test_modal_element_types_and_optional_blocks() -> None:
    inputs = _inputs(settings_modal(CURRENT))
    types = {block_id: b.element.to_dict()["type"] for block_id, b in inputs.items()}
    assert types == {
        BLOCK_ADMIN_HOURS: "plain_text_input",
        BLOCK_ADMIN_DAYS: "checkboxes",
        BLOCK_ADMIN_INTERVAL: "static_select",
        BLOCK_ADMIN_CHANNEL: "conversations_select",
        BLOCK_ADMIN_POST_DAY: "static_select",
        BLOCK_ADMIN_POST_TIME: "plain_text_input",
        BLOCK_ADMIN_TZ: "plain_text_input",
        BLOCK_ADMIN_ADMINS: "multi_users_select",
        BLOCK_ADMIN_CARE: "plain_text_input",
        BLOCK_ADMIN_TEAM_BREAK: "checkboxes",
        BLOCK_ADMIN_LANGUAGE: "static_select",
    }
    optional = {block_id for block_id, b in inputs.items() if b.optional}
    assert optional == {
        BLOCK_ADMIN_CHANNEL,
        BLOCK_ADMIN_ADMINS,
        BLOCK_ADMIN_CARE,
        BLOCK_ADMIN_TEAM_BREAK,
        BLOCK_ADMIN_LANGUAGE,
    }


def test_modal_shows_the_current_values() -> None:
    inputs = {k: b.element.to_dict() for k, b in _inputs(settings_modal(CURRENT)).items()}
    assert inputs[BLOCK_ADMIN_HOURS]["initial_value"] == "09:00-17:00"
    assert [o["value"] for o in inputs[BLOCK_ADMIN_DAYS]["options"]] == ["0", "1", "2", "3", "4", "5", "6"]
    assert [o["value"] for o in inputs[BLOCK_ADMIN_DAYS]["initial_options"]] == ["0", "1", "2", "3", "4"]
    interval_values = [o["value"] for o in inputs[BLOCK_ADMIN_INTERVAL]["options"]]
    assert interval_values == [str(m) for m in range(20, 121, 5)]
    assert inputs[BLOCK_ADMIN_INTERVAL]["initial_option"]["value"] == "50"
    assert inputs[BLOCK_ADMIN_CHANNEL]["initial_conversation"] == "C0BOARD"
    assert inputs[BLOCK_ADMIN_CHANNEL]["default_to_current_conversation"] is False
    assert inputs[BLOCK_ADMIN_POST_DAY]["initial_option"]["value"] == "4"
    assert inputs[BLOCK_ADMIN_POST_TIME]["initial_value"] == "16:00"
    assert inputs[BLOCK_ADMIN_TZ]["initial_value"] == "Europe/Berlin"
    assert inputs[BLOCK_ADMIN_ADMINS]["initial_users"] == ["U1", "U2"]
    assert inputs[BLOCK_ADMIN_CARE]["initial_value"] == "Physio benefit: ask HR."
    assert inputs[BLOCK_ADMIN_CARE]["multiline"] is True
    assert inputs[BLOCK_ADMIN_CARE]["max_length"] == 1500
    assert [o["value"] for o in inputs[BLOCK_ADMIN_TEAM_BREAK]["initial_options"]] == ["on"]


def test_care_block_has_the_hint() -> None:
    care = _inputs(settings_modal(CURRENT))[BLOCK_ADMIN_CARE]
    assert care.hint.text == CARE_HINT
    assert "physio" in CARE_HINT and "EAP" in CARE_HINT


def test_bare_modal_leaves_empty_fields_without_initial_values() -> None:
    inputs = {k: b.element.to_dict() for k, b in _inputs(settings_modal(BARE)).items()}
    assert "initial_conversation" not in inputs[BLOCK_ADMIN_CHANNEL]
    assert "initial_users" not in inputs[BLOCK_ADMIN_ADMINS]
    assert "initial_value" not in inputs[BLOCK_ADMIN_CARE]
    assert "initial_options" not in inputs[BLOCK_ADMIN_TEAM_BREAK]
    assert inputs[BLOCK_ADMIN_HOURS]["initial_value"] == "08:30-24:00"
    assert inputs[BLOCK_ADMIN_POST_TIME]["initial_value"] == "09:05"


def test_an_interval_off_the_grid_is_still_offered_and_selected() -> None:
    interval = _inputs(settings_modal(BARE))[BLOCK_ADMIN_INTERVAL].element.to_dict()
    assert interval["initial_option"]["value"] == "47"
    values = [int(o["value"]) for o in interval["options"]]
    assert values == sorted(values) and 47 in values


# --- reading and checking -----------------------------------------------------------------------------------


def test_parse_settings_reads_a_realistic_state() -> None:
    assert asdict(parse_settings(REALISTIC_STATE)) == {
        "hours": "08:30-17:30",
        "days": frozenset({0, 1, 3}),
        "interval": "45",
        "channel": "C0123GLUTES",
        "post_day": 4,
        "post_time": " 15:30 ",
        "tz": "Europe/Lisbon",
        "admins": ("U0AAA", "U0BBB", "U0AAA"),
        "care": "Physio benefit: see the HR wiki.\nEAP: 0800 123",
        "team_break": True,
        "language": "",
    }


def test_realistic_state_validates_to_clean_settings() -> None:
    clean, errors = validate_settings(parse_settings(REALISTIC_STATE))
    assert errors == {}
    assert clean == {
        "start_minute": 8 * 60 + 30,
        "end_minute": 17 * 60 + 30,
        "days": frozenset({0, 1, 3}),
        "interval_minutes": 45,
        "board_channel": "C0123GLUTES",
        "post_weekday": 4,
        "post_minute": 15 * 60 + 30,
        "tz": "Europe/Lisbon",
        "app_admins": ("U0AAA", "U0BBB"),
        "care_text": "Physio benefit: see the HR wiki.\nEAP: 0800 123",
        "daily_team_break": True,
        "language": "en",
    }


@pytest.mark.parametrize("current", [CURRENT, BARE], ids=["full", "bare"])
def test_an_unchanged_modal_round_trips_to_the_same_settings(current: WorkspaceSettingsView) -> None:
    clean, errors = validate_settings(parse_settings(_state_from_modal(settings_modal(current))))
    assert errors == {}
    assert clean == {
        "start_minute": current.start_minute,
        "end_minute": current.end_minute,
        "days": current.days,
        "interval_minutes": current.interval_minutes,
        "board_channel": current.board_channel,
        "post_weekday": current.post_weekday,
        "post_minute": current.post_minute,
        "tz": current.tz,
        "app_admins": current.app_admins,
        "care_text": current.care_text,
        "daily_team_break": current.daily_team_break,
        "language": current.language,
    }
    # The clean keys are the dataclass fields, so a saved result can rebuild the view directly.
    assert WorkspaceSettingsView(**clean) == current
    assert set(clean) == set(asdict(current))


def test_optional_fields_left_empty_parse_to_nothing() -> None:
    state = {
        **REALISTIC_STATE,
        BLOCK_ADMIN_CHANNEL: {
            ACTION_ADMIN_INPUT: {"type": "conversations_select", "selected_conversation": None}
        },
        BLOCK_ADMIN_ADMINS: {ACTION_ADMIN_INPUT: {"type": "multi_users_select", "selected_users": []}},
        BLOCK_ADMIN_CARE: {ACTION_ADMIN_INPUT: {"type": "plain_text_input", "value": None}},
        BLOCK_ADMIN_TEAM_BREAK: {ACTION_ADMIN_INPUT: {"type": "checkboxes", "selected_options": []}},
    }
    clean, errors = validate_settings(parse_settings(state))
    assert errors == {}
    assert clean["board_channel"] is None
    assert clean["app_admins"] == ()
    assert clean["care_text"] == ""
    assert clean["daily_team_break"] is False


def test_an_empty_state_gives_errors_only_for_required_fields() -> None:
    raw = parse_settings({})
    assert raw.days == frozenset() and raw.post_day is None and raw.channel is None
    _, errors = validate_settings(raw)
    assert set(errors) == {
        BLOCK_ADMIN_HOURS,
        BLOCK_ADMIN_DAYS,
        BLOCK_ADMIN_INTERVAL,
        BLOCK_ADMIN_POST_DAY,
        BLOCK_ADMIN_POST_TIME,
        BLOCK_ADMIN_TZ,
    }


@pytest.mark.parametrize(
    ("state", "block_id", "words"),
    [
        (_with(BLOCK_ADMIN_HOURS, value="17:00-09:00"), BLOCK_ADMIN_HOURS, "end before they start"),
        (_with(BLOCK_ADMIN_HOURS, value="lunchtime"), BLOCK_ADMIN_HOURS, "08:30-17:00"),
        (_with(BLOCK_ADMIN_DAYS, selected_options=[]), BLOCK_ADMIN_DAYS, "at least one"),
        (_with(BLOCK_ADMIN_INTERVAL, selected_option={"value": "15"}), BLOCK_ADMIN_INTERVAL, "20 to 120"),
        (_with(BLOCK_ADMIN_INTERVAL, selected_option=None), BLOCK_ADMIN_INTERVAL, "20 to 120"),
        (_with(BLOCK_ADMIN_POST_DAY, selected_option=None), BLOCK_ADMIN_POST_DAY, "day"),
        (_with(BLOCK_ADMIN_POST_TIME, value="4pm"), BLOCK_ADMIN_POST_TIME, "16:00"),
        (_with(BLOCK_ADMIN_POST_TIME, value="24:00"), BLOCK_ADMIN_POST_TIME, "16:00"),
        (_with(BLOCK_ADMIN_POST_TIME, value="16:60"), BLOCK_ADMIN_POST_TIME, "16:00"),
        (_with(BLOCK_ADMIN_TZ, value="Europe/Atlantis"), BLOCK_ADMIN_TZ, "Europe/Atlantis"),
        (_with(BLOCK_ADMIN_TZ, value="CEST+2"), BLOCK_ADMIN_TZ, "Europe/Berlin"),
        (_with(BLOCK_ADMIN_TZ, value="../../etc/passwd"), BLOCK_ADMIN_TZ, "Europe/Berlin"),
        (_with(BLOCK_ADMIN_CARE, value="x" * 1501), BLOCK_ADMIN_CARE, "1,500"),
    ],
)
def test_each_bad_field_gets_its_own_error(state: dict, block_id: str, words: str) -> None:
    clean, errors = validate_settings(parse_settings(state))
    assert list(errors) == [block_id]
    assert words in errors[block_id]
    assert "`" not in errors[block_id]  # modal errors are plain text


def test_several_bad_fields_are_all_reported() -> None:
    raw = replace(parse_settings(REALISTIC_STATE), hours="nope", days=frozenset(), tz="Nowhere/Land")
    _, errors = validate_settings(raw)
    assert set(errors) == {BLOCK_ADMIN_HOURS, BLOCK_ADMIN_DAYS, BLOCK_ADMIN_TZ}


def test_care_text_at_the_limit_is_fine() -> None:
    clean, errors = validate_settings(parse_settings(_with(BLOCK_ADMIN_CARE, value="x" * 1500)))
    assert errors == {}
    assert len(clean["care_text"]) == 1500


def test_hours_accept_the_forms_timespec_reads() -> None:
    clean, errors = validate_settings(parse_settings(_with(BLOCK_ADMIN_HOURS, value="9am-5pm")))
    assert errors == {}
    assert (clean["start_minute"], clean["end_minute"]) == (540, 1020)


def test_modal_round_trip_after_changing_a_dataclass_field() -> None:
    changed = replace(CURRENT, daily_team_break=False, tz="Asia/Kolkata")
    clean, errors = validate_settings(parse_settings(_state_from_modal(settings_modal(changed))))
    assert errors == {}
    assert clean["daily_team_break"] is False
    assert clean["tz"] == "Asia/Kolkata"


def test_refusal_is_polite_and_names_who_can_help() -> None:
    text = refusal_text()
    assert "Only workspace admins and app admins" in text
    assert "Ask one of them" in text


def test_care_hint_asks_for_the_companys_own_resources_not_a_clinic() -> None:
    for words in ("EAP", "occupational health", "HR"):
        assert words in CARE_HINT
    assert "clinic" not in CARE_HINT.lower()
    assert len(CARE_HINT) <= 150  # Slack's limit for a hint
