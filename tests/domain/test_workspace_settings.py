"""Workspace settings checked in domain: typed settings out, or errors keyed by the input's field names."""

from __future__ import annotations

from slackapp.domain.workspace_settings import (
    FieldErrors,
    WorkspaceSettings,
    WorkspaceSettingsInput,
    check,
)

GOOD = WorkspaceSettingsInput(
    hours="09:00-17:00",
    days=frozenset(range(5)),
    interval="50",
    channel="C1",
    post_day=4,
    post_time="16:00",
    tz="Europe/Berlin",
    admins=("U1", "U2", "U1"),
    care=" Ask HR. ",
    team_break=True,
)


def test_good_input_gives_typed_settings() -> None:
    assert check(GOOD) == WorkspaceSettings(
        start_minute=540,
        end_minute=1020,
        days=frozenset(range(5)),
        interval_minutes=50,
        board_channel="C1",
        post_weekday=4,
        post_minute=960,
        tz="Europe/Berlin",
        app_admins=("U1", "U2"),
        care_text="Ask HR.",
        daily_team_break=True,
    )


def test_bad_fields_are_named_by_field_not_by_any_slack_block() -> None:
    checked = check(WorkspaceSettingsInput())
    assert isinstance(checked, FieldErrors)
    assert set(checked.by_field) == {"hours", "days", "interval", "post_day", "post_time", "tz"}
