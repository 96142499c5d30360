"""Errors people can act on, and the one Bolt error handler that turns any error into a friendly reply."""

from __future__ import annotations

import functools
import inspect
import logging
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import redis
from slack_sdk.errors import SlackApiError

from slackapp.clock import wall_clock
from slackapp.domain.errors import InputError
from slackapp.slack.client import slack_was_busy
from slackapp.ui import i18n
from slackapp.ui.i18n import N_, _

if TYPE_CHECKING:
    from slackapp.deps import Deps

logger = logging.getLogger("glutes")

NOT_IN_CHANNEL = {"not_in_channel", "channel_not_found", "is_archived"}
# Plain text (no backticks): it is also shown inline on a modal field.
NOT_IN_CHANNEL_MESSAGE = N_(
    "I'm not a member of that channel yet. Type /invite @Glutes there, then try again."
)


# A 429, a 5xx, a timeout: Slack's side, so no error reference (the client counts them in /metrics).
SLACK_BUSY_MESSAGE = N_(
    ":hourglass: Slack is busy or having trouble right now. Please try again in a minute."
)


class UserError(Exception):
    """Something the person can fix: an N_-marked English `template` and the `values` that fill it in,
    translated into the person's language when shown (see translated)."""

    def __init__(self, template: str, **values: object) -> None:
        self.template = template
        self.values = values
        self.message = template.format(**values) if values else template
        super().__init__(self.message)


def translated(error: UserError | InputError) -> str:
    """The error's sentence in the current render's language (English when its template has no entry)."""
    return i18n.error_text(error)


def friendly_message(error: Exception, deps: Deps | None = None) -> str:
    """The sentence a person sees for `error`; unknown errors are logged with a reference they also see.

    A Redis error is counted in the process's outage log (deps.outage: a line when the outage starts, then
    at most one a minute), not logged once per request: at 200 requests a second that would be 200 lines."""
    if isinstance(error, UserError | InputError):
        return translated(error)
    if isinstance(error, SlackApiError) and error.response.get("error") in NOT_IN_CHANNEL:
        return _(NOT_IN_CHANNEL_MESSAGE)
    if slack_was_busy(error):  # counted in /metrics by the client (SlackCallCounter); not a fault of ours
        logger.info("slack busy: %s", type(error).__name__)
        return _(SLACK_BUSY_MESSAGE)
    if isinstance(error, redis.RedisError):
        if deps is not None:
            deps.outage.failed(error, now=wall_clock(deps.clock)())
        else:  # no process to count it in (a caller without deps)
            logger.warning("redis unavailable: %s", error)
        return _(":hourglass: glutes can't reach its database right now. Please try again in a moment.")
    reference = uuid.uuid4().hex[:8]
    logger.error("unhandled error ref=%s", reference, exc_info=error)
    return _(
        ":warning: Something went wrong on our side (ref `{reference}`). Please try again in a moment."
    ).format(reference=reference)


def handle_error(
    error: Exception, body: dict[str, Any], respond: Any = None, deps: Deps | None = None
) -> None:
    """Reply to a failed request ephemerally when it has somewhere to reply (Bolt's global error handler is
    error_handler(deps); listeners that ack first call this themselves, through answers_errors)."""
    message = friendly_message(error, deps)
    if respond is None or not (body.get("response_url") or body.get("response_urls")):
        return
    try:
        respond(text=message, response_type="ephemeral", replace_original=False)
    except Exception:  # the reply itself failed; the error is already logged
        logger.warning("could not deliver error reply", exc_info=True)


def error_handler(deps: Deps) -> Callable[..., None]:
    """Bolt's global error handler for an app built on `deps`: middleware errors included (a Redis outage
    can meet a request before any listener runs), so the process's outage log always has the request."""

    def handle(error: Exception, body: dict[str, Any], respond: Any = None) -> None:  # names Bolt injects
        handle_error(error, body, respond, deps)

    return handle


def _deps_of(kwargs: dict[str, Any]) -> Deps | None:
    context = kwargs.get("context")
    return context.get("deps") if context is not None else None


def _speaks_the_person(listener: Callable[..., None], wrapper: Callable[..., None]) -> Callable[..., None]:
    """Make `wrapper` (which takes **kwargs) ask Bolt for the listener's arguments plus `context`.

    Bolt injects arguments by the names in the listener's signature; the wrapper declares the listener's
    names and `context`, whose `locale` (see listeners.middleware) it speaks while the listener runs.
    """
    functools.update_wrapper(wrapper, listener)
    del wrapper.__wrapped__  # type: ignore[attr-defined]
    signature = inspect.signature(listener)
    parameters = list(signature.parameters.values())
    if "context" not in signature.parameters:
        # Bolt reads the names with getfullargspec(...).args: a positional-or-keyword parameter.
        plain = [p for p in parameters if p.kind == inspect.Parameter.POSITIONAL_OR_KEYWORD]
        rest = [p for p in parameters if p.kind != inspect.Parameter.POSITIONAL_OR_KEYWORD]
        context = inspect.Parameter("context", inspect.Parameter.POSITIONAL_OR_KEYWORD)
        parameters = [*plain, context, *rest]
    wrapper.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
    return wrapper


@functools.cache
def _takes_context(listener: Callable[..., None]) -> bool:
    """Whether the listener itself asks for `context` (read once per listener, not per request)."""
    return "context" in inspect.signature(listener).parameters


def _call_speaking(listener: Callable[..., None], kwargs: dict[str, Any]) -> Any:
    """Bolt's kwargs minus what the listener didn't ask for, and the person's language to render in."""
    context = kwargs.get("context")
    if not _takes_context(listener):
        kwargs = {k: v for k, v in kwargs.items() if k != "context"}
    resolve = context.get("locale") if context is not None else None
    return i18n.speaking(resolve if callable(resolve) else lambda: None), kwargs


def answers_errors(listener: Callable[..., None]) -> Callable[..., None]:
    """Route a listener's errors to handle_error from inside the listener.

    Bolt 1.30 can lose an ack() already made when the listener raises a moment later (its error path
    overwrites the ack with None and Slack gets a 404), so listeners that ack first use this. The
    wrapped listener must take `body` and `respond`.
    """

    def wrapper(**kwargs: Any) -> None:
        deps = _deps_of(kwargs)
        speaking, kwargs = _call_speaking(listener, kwargs)
        with speaking:
            try:
                listener(**kwargs)
            except Exception as error:
                handle_error(error, kwargs["body"], kwargs.get("respond"), deps)

    return _speaks_the_person(listener, wrapper)


def answers_view_errors(block_id: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """For modal submissions (which ack last): show any error inline on `block_id` instead of a 500."""

    def decorate(listener: Callable[..., None]) -> Callable[..., None]:
        def wrapper(**kwargs: Any) -> None:
            deps = _deps_of(kwargs)
            speaking, kwargs = _call_speaking(listener, kwargs)
            with speaking:
                try:
                    listener(**kwargs)
                except Exception as error:
                    kwargs["ack"](response_action="errors", errors={block_id: friendly_message(error, deps)})

        return _speaks_the_person(listener, wrapper)

    return decorate
