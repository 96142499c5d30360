"""Bolt middleware: what every listener finds in its context, and the guard an admin-only listener names.

`inject(deps)` runs for every request and does no I/O, so acks stay prompt. It puts into the context:
- `deps`: the app's Deps;
- `team_id` and `user_id`: the workspace and the person acting, resolved once from the payload;
- `is_admin`: an AdminCheck, asked (users.info at most, cached) only by a listener that needs it;
- `locale`: resolves the person's language (their choice, else the Slack locale cached with their
  profile, else for a first contact asked of Slack then), when the listener first renders a sentence
  (errors.answers_errors speaks it).

Listeners take these by name (Bolt injects context keys as arguments). An admin-only listener says so at
registration: `app.action(ids.X, middleware=[middleware.admin_only(middleware.refuse_in_dm)])`.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from slack_bolt import Ack, BoltContext, BoltRequest, BoltResponse, Respond
from slack_bolt.middleware import Middleware
from slack_sdk import WebClient

from slackapp import errors
from slackapp.clock import wall_clock
from slackapp.deps import Deps
from slackapp.domain import slack_ids
from slackapp.flows import admin, language, privacy, redis_outages
from slackapp.ui import admin as admin_ui
from slackapp.ui import i18n

logger = logging.getLogger("glutes")

# Interactive payloads always name a team and a person; without both there is nobody to act for.
_INTERACTIVE = {"block_actions", "view_submission"}


# An admin check asks users.info (when the cached profile is over ten minutes old) while Slack waits: on an
# admin button's or form's ack, or on a modal's trigger. Slack gets at most this long to connect and as
# long to answer, once (less when the ack window has less left); then the person is told to try again
# (flows.admin.AdminUnconfirmed).
ADMIN_LOOKUP_SECONDS = 0.8


class AdminCheck:
    """Whether the person behind a request may change workspace settings; asked once, only when needed."""

    def __init__(self, deps: Deps, context: BoltContext, *, team_id: str | None, user_id: str | None) -> None:
        self._deps, self._context, self._team_id, self._user_id = deps, context, team_id, user_id
        self._answer: bool | None = None

    def __call__(self) -> bool:
        if self._answer is None:
            deps = self._deps
            self._answer = bool(
                self._team_id
                and self._user_id
                and admin.is_admin(
                    deps.redis,
                    self._context.client,
                    deps.settings,
                    team_id=self._team_id,
                    user_id=self._user_id,
                    now=deps.clock(),
                    within_seconds=slack_seconds_before_ack(self._context, ADMIN_LOOKUP_SECONDS),
                )
            )
        return self._answer


def _team_and_user(context: BoltContext, body: dict[str, Any]) -> tuple[str | None, str | None]:
    user = body.get("user") if isinstance(body.get("user"), dict) else {}
    team = body.get("team") if isinstance(body.get("team"), dict) else {}
    team_id = context.team_id or team.get("id") or user.get("team_id") or body.get("team_id")
    user_id = context.user_id or user.get("id") or body.get("user_id")
    return team_id, user_id


def _channel_ids(body: dict[str, Any]) -> list[Any]:
    """Every channel id a request names where listeners read one: a command's, a message's, a container's."""
    channel = body.get("channel") if isinstance(body.get("channel"), dict) else {}
    container = body.get("container") if isinstance(body.get("container"), dict) else {}
    found = [body.get("channel_id"), channel.get("id"), container.get("channel_id")]
    return [value for value in found if value is not None]


def _is_interactive(body: dict[str, Any]) -> bool:
    """A command, a click or a form: a person's action that Slack waits on for an answer."""
    return body.get("type") in _INTERACTIVE or "command" in body


def _is_persons_action(body: dict[str, Any]) -> bool:
    """A person did something (a command, a click, a form, opening the Home), not Slack telling news."""
    return _is_interactive(body) or (body.get("event") or {}).get("type") == "app_home_opened"


def _ids_are_slack_ids(context: BoltContext, body: dict[str, Any], *ids: str | None) -> bool:
    named = [value for value in (*ids, context.enterprise_id) if value is not None]
    return all(slack_ids.is_slack_id(value) for value in named + _channel_ids(body))


# When glutes knows no language for a person (none chosen, no profile cached), users.info is asked for
# their Slack locale before the first sentence of a reply to their command, click or form: this long to
# connect and as long again to answer (slack.client.answering_within)...
LOCALE_LOOKUP_SECONDS = 0.5
# ...and, before the ack, only while this much of its window is left: the lookup at its slowest, then the
# reply. Else, and when Slack is slow, failing or asks to slow down, the reply is in English.
LOCALE_LOOKUP_NEEDS_SECONDS = 2 * LOCALE_LOOKUP_SECONDS + 0.5


def _seconds_to_deadline(context: BoltContext) -> float:
    """What is left of the app's ack window (ACK_DEADLINE_SECONDS from the request's arrival); negative
    once past it."""
    arrived, now = context.get("arrived_at"), time.monotonic()
    return (arrived if isinstance(arrived, float) else now) + ACK_DEADLINE_SECONDS - now


def _ack_window_left(context: BoltContext) -> float | None:
    """_seconds_to_deadline, or None once the request is acked (nothing waits on the window any more)."""
    if getattr(context.get("ack"), "response", None) is not None:
        return None
    return _seconds_to_deadline(context)


# What a Slack call made before an ack leaves for the rest of the answer (rendering it, sending it).
REPLY_MARGIN_SECONDS = 0.2


def slack_seconds_before_ack(context: BoltContext, most: float) -> float:
    """How long a Slack call made while Slack waits for this request's ack may take to connect, and as long
    again to answer (slack.client.answering_within): at most `most`, and no more than half of what is left
    of the ack window after REPLY_MARGIN_SECONDS. Past the ack (a command's reply), `most`."""
    left = _ack_window_left(context)
    return most if left is None else max(0.05, min(most, (left - REPLY_MARGIN_SECONDS) / 2))


def _lookup_seconds(context: BoltContext) -> float | None:
    """How long a first-contact locale lookup may take now; None when it would push the ack past its
    window (a reply computed before the ack: a command's, a modal's)."""
    left = _ack_window_left(context)  # None once acked: the reply goes by response URL or API call
    return LOCALE_LOOKUP_SECONDS if left is None or left >= LOCALE_LOOKUP_NEEDS_SECONDS else None


def _person_locale(
    deps: Deps, context: BoltContext, team_id: str | None, user_id: str | None, came_at: datetime | None
) -> Callable[[], str | None]:
    """The acting person's language, read when the listener first renders a sentence: after the listener's
    own work, so a profile it just cached (turning breaks on, an admin check) or a language just chosen is
    what speaks. When Redis knows nothing of their language and the request is a person's command, click
    or form (`came_at`: when it came; None for Slack's news about people), their Slack locale is asked first
    (flows.language.reply_locale). The locale is kept only if they did not run forget-me since `came_at`
    (the forget-me click itself, whose reply is rendered after the deletion, keeps nothing)."""

    def resolve() -> str | None:
        if not (team_id and user_id):
            return None
        may_ask = came_at is not None and not deps.outage.ongoing
        within = _lookup_seconds(context) if may_ask else None
        return language.reply_locale(
            deps.redis,
            context.client,
            team_id=team_id,
            user_id=user_id,
            now=came_at or deps.clock(),
            within_seconds=within,
            per_minute=language.FIRST_CONTACT_LOOKUPS_PER_MINUTE,
        )

    return resolve


class RequestContext(Middleware):
    """Global middleware putting deps, team_id, user_id and a lazy is_admin into every request's context.

    A Middleware class rather than a function: Bolt calls it with the request as it is, where a function
    costs a pass of keyword injection (building every argument it might ask for) on every request."""

    def __init__(self, deps: Deps) -> None:
        self._deps = deps

    def process(
        self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]
    ) -> BoltResponse | None:
        context, body, deps = req.context, req.body, self._deps
        team_id, user_id = _team_and_user(context, body)
        if _is_interactive(body) and not (team_id and user_id):
            return BoltResponse(status=400, body="")
        if not _ids_are_slack_ids(context, body, team_id, user_id):
            # Ids become parts of Redis keys: "*" or "T1:x" must never reach one.
            return BoltResponse(status=400, body="")
        context["deps"] = deps
        if team_id:
            context["team_id"] = team_id
        if user_id:
            context["user_id"] = user_id
        context["is_admin"] = AdminCheck(deps, context, team_id=team_id, user_id=user_id)
        came_at = deps.clock() if _is_interactive(body) else None
        context["locale"] = _person_locale(deps, context, team_id, user_id, came_at)
        if team_id and user_id and _is_persons_action(body):
            # The person did something: their data's time limit counts from now (store/retention.py).
            privacy.record_activity(deps, team_id=team_id, user_id=user_id)
        if deps.outage.ongoing:  # nothing more on a request outside an outage
            # This process has been answering "try again": is Redis back (asked once a second at most)?
            redis_outages.note_if_back(deps, now=wall_clock(deps.clock)())
        return next()


def inject(deps: Deps) -> RequestContext:
    """The global middleware giving every listener deps, team_id, user_id, is_admin and locale."""
    return RequestContext(deps)


# Foreign workspaces logged, each once; past this many, no more lines (a flood cannot fill the log).
FOREIGN_TEAMS_LOGGED = 1000


class OnlyTheTokensWorkspace(Middleware):
    """Global middleware for single-token mode (SLACK_BOT_TOKEN): a request for any workspace but the
    token's own (its auth.test, which Bolt makes once) is answered empty and touches nothing, else its
    keys would be created and its cards sent with this workspace's token. A Middleware class: a function
    would cost a pass of keyword injection on every request."""

    def __init__(self) -> None:
        self._logged: set[str] = set()

    def process(
        self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]
    ) -> BoltResponse | None:
        context = req.context
        authorized = context.authorize_result
        own = authorized.team_id if authorized is not None else None
        asked, _ = _team_and_user(context, req.body)
        if own and asked and asked != own:
            logged = self._logged
            if asked not in logged and len(logged) < FOREIGN_TEAMS_LOGGED:
                logged.add(str(asked))
                logger.warning(
                    "refused a request for workspace %.20r: this app's token is %s's (single-token mode)",
                    asked,
                    own,
                )
            return BoltResponse(status=200, body="")
        return next()


def only_the_tokens_workspace() -> OnlyTheTokensWorkspace:
    """The single-token guard (see OnlyTheTokensWorkspace)."""
    return OnlyTheTokensWorkspace()


# --- the ack window ------------------------------------------------------------------------------

# Slack gives up on an ack 3 s after it sent the request. The window is counted from the request's arrival
# (web/app.py and slack/socket_mode.py put `arrived_at`, a time.monotonic() reading, in the context), not
# from the listener's start: under load a listener may wait for a free worker long after its request came.
ACK_DEADLINE_SECONDS = 2.0


class Deadlines:
    """Every pending ack deadline of the process on one thread (a greenlet under gevent), earliest first.

    A threading.Timer per command started a thread per command; this keeps a heap and one sleeper. A
    deadline that is no longer needed is not removed: its callback (AckOnce.send) finds the ack sent and
    does nothing, and the entry is gone within the window."""

    def __init__(self) -> None:
        self._due: list[tuple[float, int, Callable[[], Any]]] = []
        self._order = itertools.count()
        self._pid: int | None = None  # the process whose thread serves the heap (none after a fork)
        self._wake: threading.Condition | None = None
        self._starting = threading.Lock()

    def _condition(self) -> threading.Condition:
        # Made on first use in each process, not at import: by then gevent has patched threading (so the
        # sleeper is a greenlet waiting on a gevent lock), and a forked child starts its own thread.
        with self._starting:
            if self._pid != os.getpid() or self._wake is None:
                self._due = []
                self._wake = threading.Condition()
                self._pid = os.getpid()
                threading.Thread(
                    target=self._serve, args=(self._wake,), name="ack-deadlines", daemon=True
                ).start()
            return self._wake

    def call_at(self, when: float, callback: Callable[[], Any]) -> None:
        """Call `callback` on the deadline thread once time.monotonic() reaches `when`."""
        wake = self._wake if self._pid == os.getpid() and self._wake is not None else self._condition()
        with wake:
            heapq.heappush(self._due, (when, next(self._order), callback))
            if self._due[0][0] == when:
                wake.notify()

    def _serve(self, wake: threading.Condition) -> None:
        due = self._due
        while True:
            with wake:
                while True:
                    now = time.monotonic()
                    if due and due[0][0] <= now:
                        callback = heapq.heappop(due)[2]
                        break
                    wake.wait(due[0][0] - now if due else None)
            try:
                callback()
            except Exception:
                logger.exception("an ack deadline failed")


_DEADLINES = Deadlines()


class AckOnce:
    """Bolt's ack, sent at most once: by the listener (with its reply) or, at the deadline, empty."""

    def __init__(self, ack: Ack, deadlines: Deadlines = _DEADLINES) -> None:
        self._ack = ack
        self._lock = threading.Lock()
        self._sent = False
        self._deadlines = deadlines

    def send(self, **reply: Any) -> bool:
        """Ack with `reply`; False when the ack was already sent (so the reply must go another way)."""
        with self._lock:
            if self._sent:
                return False
            self._sent = True
        self._ack(**reply)
        return True

    def send_empty_by(self, seconds: float) -> None:
        """Ack empty in `seconds` (at once if that is not positive) unless the listener acks first."""
        if seconds <= 0:
            self.send()
            return
        self._deadlines.call_at(time.monotonic() + seconds, self.send)


class AckWindow(Middleware):
    """Global middleware: a slash command is acked within the window whether or not its listener has
    started (the listeners' pool may be busy on slow Slack calls); a listener that finds the ack gone
    posts its reply at the response URL. The listener acks through `ack_once`. A Middleware class: a
    function would cost a pass of keyword injection on every request."""

    def process(
        self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]
    ) -> BoltResponse | None:
        if "command" not in req.body:
            return next()
        context = req.context
        once = AckOnce(context.ack)
        context["ack_once"] = once
        once.send_empty_by(_seconds_to_deadline(context))
        return next()


ack_window = AckWindow()


# --- admin only -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Refused:
    """A request an admin-only listener turns away: `error` is NotAdmin, or why the check itself failed."""

    ack: Ack
    body: dict[str, Any]
    respond: Respond
    client: WebClient
    user_id: str
    error: Exception
    deps: Deps | None = None  # the process's outage log counts a refusal that met a Redis outage


Refusal = Callable[[Refused], None]


def refuse_in_modal(block_id: str) -> Refusal:
    """For a modal submission: the refusal shows inline on `block_id`, as any error on that modal does."""

    def answer(refused: Refused) -> None:
        refused.ack(
            response_action="errors", errors={block_id: errors.friendly_message(refused.error, refused.deps)}
        )

    return answer


def refuse_in_dm(refused: Refused) -> None:
    """For a button with no reply URL (the App Home): ack, then refuse ephemerally in the app's DM."""
    refused.ack()
    if not isinstance(refused.error, errors.UserError):  # not a refusal nor a try-again: logged, answered
        errors.handle_error(refused.error, refused.body, refused.respond, refused.deps)
        return
    try:
        refused.client.chat_postEphemeral(
            channel=refused.user_id, user=refused.user_id, text=errors.translated(refused.error)
        )
    except Exception as error:  # the same single error path answers_errors gives a listener
        errors.handle_error(error, refused.body, refused.respond, refused.deps)


def admin_only(refusal: Refusal) -> Callable[..., Any]:
    """Listener middleware: the listener runs only for admins; everyone else gets `refusal`.

    It runs before the listener, so it asks is_admin (from the cached profile, users.info when older than
    ten minutes) only for the few listeners registered with it.
    """

    def check_admin(
        ack: Ack,
        body: dict[str, Any],
        respond: Respond,
        client: WebClient,
        context: BoltContext,
        next: Callable[[], Any],
    ) -> BoltResponse | None:
        failure: Exception
        try:
            allowed = context["is_admin"]()
        except Exception as error:
            allowed, failure = False, error
        else:
            failure = admin.NotAdmin(admin_ui.refusal_text())
        if allowed:
            return next()
        with i18n.speaking(context.get("locale") or (lambda: None)):  # the refusal in their language
            if isinstance(failure, admin.NotAdmin):
                failure = admin.NotAdmin(admin_ui.refusal_text())
            refusal(Refused(ack, body, respond, client, context.user_id or "", failure, context.get("deps")))
        # Not calling next() ends the request here; Bolt sends this answer.
        return ack.response or BoltResponse(status=200, body="")

    return check_admin
