"""Every Slack identifier the app registers or renders, spelled once.

The manifest test and the listeners import these, so an id is never typed twice.
"""

from __future__ import annotations

COMMAND = "/glutes"

# Break card (DM) buttons.
ACTION_BREAK_DONE = "break_done"
ACTION_BREAK_SNOOZE = "break_snooze"
ACTION_BREAK_SKIP = "break_skip"
BLOCK_BREAK_ACTIONS = "break_actions"

# Events the app subscribes to (manifest.yml settings.event_subscriptions.bot_events).
EVENT_APP_UNINSTALLED = "app_uninstalled"
EVENT_TOKENS_REVOKED = "tokens_revoked"
EVENT_USER_CHANGE = "user_change"

BOT_EVENTS = (EVENT_APP_UNINSTALLED, EVENT_TOKENS_REVOKED, EVENT_USER_CHANGE)
