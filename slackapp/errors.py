"""Errors people can act on, and the one Bolt error handler that turns any error into a friendly reply."""

from __future__ import annotations

import functools
import inspect
import logging
import uuid
from collections.abc import Callable
from typing import Any

import redis
from slack_sdk.errors import SlackApiError

from slackapp.domain.errors import InputError
from slackapp.ui import i18n
from slackapp.ui.i18n import N_, _

logger = logging.getLogger("glutes")

NOT_IN_CHANNEL = {"not_in_channel", "channel_not_found", "is_archived"}
# Plain text (no backticks): it is also shown inline on a modal field.
NOT_IN_CHANNEL_MESSAGE = N_(
    "I'm not a member of that channel yet. Type /invite @Glutes there, then try again."
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


def friendly_message(error: Exception) -> str:
    """The sentence a person sees for `error`; unknown errors are logged with a reference they also see."""
    if isinstance(error, UserError | InputError):
        return translated(error)
    if isinstance(error, SlackApiError) and error.response.get("error") in NOT_IN_CHANNEL:
        return _(NOT_IN_CHANNEL_MESSAGE)
    if isinstance(error, redis.RedisError):
        logger.warning("redis unavailable: %s", error)
        return _(":hourglass: glutes can't reach its database right now. Please try again in a moment.")
    reference = uuid.uuid4().hex[:8]
    logger.error("unhandled error ref=%s", reference, exc_info=error)
    return _(
        ":warning: Something went wrong on our side (ref `{reference}`). Please try again in a moment."
    ).format(reference=reference)


def handle_error(error: Exception, body: dict[str, Any], respond: Any = None) -> None:
    """Bolt's global error handler: reply ephemerally when the request has somewhere to reply."""
    message = friendly_message(error)
    if respond is None or not (body.get("response_url") or body.get("response_urls")):
        return
    try:
        respond(text=message, response_type="ephemeral", replace_original=False)
    except Exception:  # the reply itself failed; the error is already logged
        logger.warning("could not deliver error reply", exc_info=True)


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
        speaking, kwargs = _call_speaking(listener, kwargs)
        with speaking:
            try:
                listener(**kwargs)
            except Exception as error:
                handle_error(error, kwargs["body"], kwargs.get("respond"))

    return _speaks_the_person(listener, wrapper)


def answers_view_errors(block_id: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """For modal submissions (which ack last): show any error inline on `block_id` instead of a 500."""

    def decorate(listener: Callable[..., None]) -> Callable[..., None]:
        def wrapper(**kwargs: Any) -> None:
            speaking, kwargs = _call_speaking(listener, kwargs)
            with speaking:
                try:
                    listener(**kwargs)
                except Exception as error:
                    kwargs["ack"](response_action="errors", errors={block_id: friendly_message(error)})

        return _speaks_the_person(listener, wrapper)

    return decorate
