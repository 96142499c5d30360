"""Workflow Builder custom steps (`function_executed`): each run ends with exactly one complete or fail.

Bolt acks the event at once (auto_acknowledge) and runs the step after, on the listener pool; `complete`
and `fail` speak with the run's own short-lived token (Bolt attaches it). `run_step`
claims the run by its function_execution_id first (a redelivered event does nothing), runs the step's use
case, and sends `complete` with its outputs or `fail` with the friendly sentence for whatever went wrong,
Redis and Slack errors included. A run still going at STEP_DEADLINE_SECONDS is failed right then (Redis
hanging: each command may wait 5 s, and is retried once), so Workflow Builder never waits on glutes.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltContext, Complete, Fail

from slackapp import errors, ids
from slackapp.deps import Deps
from slackapp.domain.errors import InputError
from slackapp.domain.text import N_
from slackapp.flows import language, workflow_steps
from slackapp.ui import admin as admin_ui
from slackapp.ui import i18n
from slackapp.ui import workflow_steps as steps_ui

logger = logging.getLogger("glutes.steps")

# Well inside the time Slack gives a step, and past a hung Redis's two 5 s timeouts.
STEP_DEADLINE_SECONDS = 12.0

Outputs = dict[str, Any]


class StepEnd:
    """A run's complete and fail, of which exactly one is sent: the first called; later calls are dropped."""

    def __init__(self, complete: Complete, fail: Fail) -> None:
        self._complete, self._fail = complete, fail
        self._lock = threading.Lock()
        self._ended = False

    def claim(self) -> bool:
        """Take the one ending; False when it is taken already."""
        with self._lock:
            if self._ended:
                return False
            self._ended = True
            return True

    def complete(self, outputs: Outputs) -> None:
        """Complete the run; when Slack refuses the completion (outputs it won't take, an error on its side)
        the run is failed instead, so it still ends rather than waiting out Slack's time limit."""
        if not self.claim():
            return
        try:
            self._complete(outputs=outputs)
        except Exception as error:
            logger.warning("workflow step completion refused; failing the run", exc_info=True)
            self._send(self._fail, error=errors.friendly_message(error))

    def fail(self, message: str) -> None:
        if self.claim():
            self._send(self._fail, error=message)

    @staticmethod
    def _send(call: Callable[..., Any], **kwargs: Any) -> None:
        try:
            call(**kwargs)
        except Exception:  # Slack could not be told; nothing else can end the run, so log it
            logger.warning("could not end a workflow step run", exc_info=True)


def run_step(
    deps: Deps,
    context: BoltContext,
    team_id: str | None,
    complete: Complete,
    fail: Fail,
    work: Callable[[], Outputs],
) -> None:
    """Run one step: once per function_execution_id, ended by exactly one complete or fail in time."""
    end = StepEnd(complete, fail)
    speaking: list[str | None] = [None]  # the workspace's language, once Redis has told it
    deadline = threading.Timer(
        STEP_DEADLINE_SECONDS, lambda: end.fail(steps_ui.too_slow_text(locale=speaking[0]))
    )
    deadline.daemon = True
    deadline.start()
    try:
        if not team_id:
            raise InputError(N_("Slack sent this step without a workspace, so glutes did nothing."))
        if not workflow_steps.first_run(deps, team_id=team_id, execution_id=context.function_execution_id):
            end.claim()  # a redelivery: the first delivery ends the run
            logger.info("workflow step run %s redelivered; handled once", context.function_execution_id)
            return
        speaking[0] = language.workspace_locale(deps.redis, deps.settings, team_id=team_id)
        with i18n.using(speaking[0]):
            end.complete(work())
    except Exception as error:
        with i18n.using(speaking[0]):
            end.fail(errors.friendly_message(error, deps))
    finally:
        deadline.cancel()


def handle_team_break(
    inputs: dict[str, Any],
    complete: Complete,
    fail: Fail,
    context: BoltContext,
    deps: Deps,
) -> None:
    def work() -> Outputs:
        run = workflow_steps.team_break(
            deps,
            team_id=context.team_id or "",
            channel_id=inputs.get(ids.STEP_IN_CHANNEL),
            moves=inputs.get(ids.STEP_IN_MOVES),
            run_by=inputs.get(ids.STEP_IN_RUN_BY),
            refusal=admin_ui.refusal_text(),
        )
        return {ids.STEP_OUT_LINK: run.link}

    run_step(deps, context, context.team_id, complete, fail, work)


def handle_break_card(
    inputs: dict[str, Any],
    complete: Complete,
    fail: Fail,
    context: BoltContext,
    deps: Deps,
) -> None:
    def work() -> Outputs:
        run = workflow_steps.break_card(
            deps, team_id=context.team_id or "", user_id=inputs.get(ids.STEP_IN_PERSON)
        )
        if run.sent:  # the reasons are optional outputs, left out when there is none
            return {ids.STEP_OUT_SENT: True}
        return {
            ids.STEP_OUT_SENT: False,
            ids.STEP_OUT_REASON: run.reason,
            ids.STEP_OUT_REASON_TEXT: steps_ui.reason_text(run.reason),
        }

    run_step(deps, context, context.team_id, complete, fail, work)


def handle_challenge(
    inputs: dict[str, Any],
    complete: Complete,
    fail: Fail,
    context: BoltContext,
    deps: Deps,
) -> None:
    def work() -> Outputs:
        started = workflow_steps.start_challenge(
            deps,
            team_id=context.team_id or "",
            channel_id=inputs.get(ids.STEP_IN_CHANNEL),
            days=inputs.get(ids.STEP_IN_DAYS),
            title=inputs.get(ids.STEP_IN_TITLE),
            run_by=inputs.get(ids.STEP_IN_RUN_BY),
            refusal=admin_ui.refusal_text(),
        )
        return {ids.STEP_OUT_TITLE: started.title, ids.STEP_OUT_ENDS_ON: started.ends_on.isoformat()}

    run_step(deps, context, context.team_id, complete, fail, work)


def register(app: App) -> None:
    app.function(ids.FUNCTION_TEAM_BREAK)(handle_team_break)
    app.function(ids.FUNCTION_BREAK_CARD)(handle_break_card)
    app.function(ids.FUNCTION_CHALLENGE)(handle_challenge)
