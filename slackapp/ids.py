"""Every Slack identifier the app registers or renders, spelled once.

The manifest test and the listeners import these, so an id is never typed twice.
"""

from __future__ import annotations

COMMAND = "/glutes"

# Break card (DM) buttons.
ACTION_BREAK_DONE = "break_done"
ACTION_BREAK_SNOOZE = "break_snooze"
ACTION_BREAK_SKIP = "break_skip"
# "It hurts" on a break card: pauses the cards (the same path as a pain answer in the self-test).
ACTION_BREAK_HURTS = "break_hurts"
BLOCK_BREAK_ACTIONS = "break_actions"
# The step-up offer on a card, and the one optional tap after Done.
ACTION_LEVEL_ACCEPT = "level_accept"
ACTION_LEVEL_STAY = "level_stay"
BLOCK_LEVEL_OFFER = "level_offer"
ACTION_FEEDBACK_TOO_EASY = "feedback_too_easy"
ACTION_FEEDBACK_JUST_RIGHT = "feedback_just_right"
ACTION_FEEDBACK_TOO_HARD = "feedback_too_hard"
BLOCK_CARD_FEEDBACK = "card_feedback"

# Events the app subscribes to (manifest.yml settings.event_subscriptions.bot_events).
EVENT_APP_HOME_OPENED = "app_home_opened"
EVENT_APP_UNINSTALLED = "app_uninstalled"
EVENT_TOKENS_REVOKED = "tokens_revoked"
EVENT_USER_CHANGE = "user_change"
EVENT_USER_STATUS_CHANGED = "user_status_changed"
EVENT_USER_HUDDLE_CHANGED = "user_huddle_changed"
EVENT_DND_UPDATED_USER = "dnd_updated_user"

BOT_EVENTS = (
    EVENT_APP_HOME_OPENED,
    EVENT_APP_UNINSTALLED,
    EVENT_TOKENS_REVOKED,
    EVENT_USER_CHANGE,
    EVENT_USER_STATUS_CHANGED,
    EVENT_USER_HUDDLE_CHANGED,
    EVENT_DND_UPDATED_USER,
)

# Self-test modal (callback, inputs) and the buttons that open it.
VIEW_SELFTEST = "selftest"
VIEW_SELFTEST_RESULT = "selftest_result"
BLOCK_SELFTEST_BOTH = "selftest_both"
BLOCK_SELFTEST_LEFT = "selftest_left"
BLOCK_SELFTEST_RIGHT = "selftest_right"
BLOCK_SELFTEST_SAFETY = "selftest_safety"
ACTION_SELFTEST_SPEED = "selftest_speed"
ACTION_SELFTEST_SAFETY = "selftest_safety_choice"
BLOCK_SELFTEST_VARIANT = "selftest_variant"
ACTION_SELFTEST_VARIANT = "selftest_variant_choice"
ACTION_OPEN_SELFTEST = "open_selftest"
ACTION_TURN_ON = "turn_breaks_on"
# "Resume breaks" after a pain answer paused them: on the result, the App Home and the check-in DM.
ACTION_RESUME_BREAKS = "resume_breaks"

# App Home.
ACTION_HOME_TOGGLE = "home_toggle"
ACTION_HOME_EDIT = "home_edit_prefs"
VIEW_PREFS = "prefs"
BLOCK_PREFS_HOURS = "prefs_hours"
BLOCK_PREFS_DAYS = "prefs_days"
BLOCK_PREFS_INTERVAL = "prefs_interval"
ACTION_PREFS_HOURS = "prefs_hours_input"
ACTION_PREFS_DAYS = "prefs_days_input"
ACTION_PREFS_INTERVAL = "prefs_interval_input"

# Per-person choices, in the welcome DM and on the App Home: which moves, and whether to show on team boards.
ACTION_MOVES_CHOICE = "moves_choice"
ACTION_BOARDS_CHOICE = "boards_choice"

# Leaderboards, admin settings and channel challenges.
ACTION_SHARE_BOARD = "share_board"
ACTION_OPEN_ADMIN = "open_admin"
VIEW_ADMIN = "admin_settings"
BLOCK_ADMIN_HOURS = "admin_hours"
BLOCK_ADMIN_DAYS = "admin_days"
BLOCK_ADMIN_INTERVAL = "admin_interval"
BLOCK_ADMIN_CHANNEL = "admin_channel"
BLOCK_ADMIN_POST_DAY = "admin_post_day"
BLOCK_ADMIN_POST_TIME = "admin_post_time"
BLOCK_ADMIN_TZ = "admin_tz"
BLOCK_ADMIN_ADMINS = "admin_admins"
BLOCK_ADMIN_CARE = "admin_care"
ACTION_ADMIN_INPUT = "admin_input"
ACTION_CHALLENGE_JOIN = "challenge_join"
ACTION_TEAM_BREAK_JOIN = "team_break_join"
# "It hurts" under a team break: answered only to whoever tapped it.
ACTION_TEAM_BREAK_HURTS = "team_break_hurts"
VIEW_CHALLENGE_START = "challenge_start"
BLOCK_CHALLENGE_DAYS = "challenge_days"
BLOCK_CHALLENGE_TITLE = "challenge_title"
ACTION_CHALLENGE_INPUT = "challenge_input"

# The weekly picture DM: its one-tap off.
ACTION_DIGEST_OFF = "digest_off"

# People's own data.
ACTION_FORGET_CONFIRM = "forget_me_confirm"
ACTION_FORGET_CANCEL = "forget_me_cancel"

# Workflow Builder custom steps ("functions" in manifest-steps.yml; internal installs only): callback ids,
# and the names of their input and output parameters.
EVENT_FUNCTION_EXECUTED = "function_executed"
FUNCTION_TEAM_BREAK = "start_team_break"
FUNCTION_BREAK_CARD = "send_break_card"
FUNCTION_CHALLENGE = "start_channel_challenge"
FUNCTIONS = (FUNCTION_TEAM_BREAK, FUNCTION_BREAK_CARD, FUNCTION_CHALLENGE)
STEP_IN_CHANNEL = "channel_id"
STEP_IN_MOVES = "moves"
STEP_IN_PERSON = "user_id"
STEP_IN_DAYS = "days"
STEP_IN_TITLE = "title"
STEP_IN_RUN_BY = "run_by"
STEP_OUT_LINK = "message_link"
STEP_OUT_SENT = "sent"
STEP_OUT_REASON = "reason"
STEP_OUT_REASON_TEXT = "reason_text"
STEP_OUT_TITLE = "title"
STEP_OUT_ENDS_ON = "ends_on"
# Workspace moves: the admin's modal (from the admin Home), managing them there, and a card's report.
ACTION_OPEN_WORKSPACE_MOVE = "open_workspace_move"
ACTION_MANAGE_WORKSPACE_MOVE = "manage_workspace_move"
ACTION_REPORT_MOVE = "report_move"
VIEW_WORKSPACE_MOVE = "workspace_move"
BLOCK_WSMOVE_NAME = "wsmove_name"
BLOCK_WSMOVE_HOW = "wsmove_how"
BLOCK_WSMOVE_DOSE = "wsmove_dose"
BLOCK_WSMOVE_CUE = "wsmove_cue"
BLOCK_WSMOVE_POSITION = "wsmove_position"
BLOCK_WSMOVE_SEATED = "wsmove_seated"
ACTION_WSMOVE_INPUT = "wsmove_input"
