"""Errors people can act on, and the one Bolt error handler that turns any error into a friendly reply."""

from __future__ import annotations

import functools
import logging
import uuid
from collections.abc import Callable
from typing import Any

import redis
from slack_sdk.errors import SlackApiError

from slackapp.domain.errors import InputError
from slackapp.ui.i18n import N_, _

logger = logging.getLogger("glutes")

NOT_IN_CHANNEL = {"not_in_channel", "channel_not_found", "is_archived"}
# Plain text (no backticks): it is also shown inline on a modal field.
NOT_IN_CHANNEL_MESSAGE = N_(
    "I'm not a member of that channel yet. Type /invite @Glutes there, then try again."
)


class UserError(Exception):
    """Something the person can fix; the message is shown to them as is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class BadInput(UserError):
    """What they typed or clicked cannot be used."""


def friendly_message(error: Exception) -> str:
    """The sentence a person sees for `error`; unknown errors are logged with a reference they also see."""
    if isinstance(error, UserError | InputError):
        return error.message
    if isinstance(error, SlackApiError) and error.response.get("error") in NOT_IN_CHANNEL:
        return NOT_IN_CHANNEL_MESSAGE
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


def answers_errors(listener: Callable[..., None]) -> Callable[..., None]:
    """Route a listener's errors to handle_error from inside the listener.

    Bolt 1.30 can lose an ack() already made when the listener raises a moment later (its error path
    overwrites the ack with None and Slack gets a 404), so listeners that ack first use this. The
    wrapped listener must take `body` and `respond`.
    """

    @functools.wraps(listener)
    def wrapper(**kwargs: Any) -> None:
        try:
            listener(**kwargs)
        except Exception as error:
            handle_error(error, kwargs["body"], kwargs.get("respond"))

    return wrapper


def answers_view_errors(block_id: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """For modal submissions (which ack last): show any error inline on `block_id` instead of a 500."""

    def decorate(listener: Callable[..., None]) -> Callable[..., None]:
        @functools.wraps(listener)
        def wrapper(**kwargs: Any) -> None:
            try:
                listener(**kwargs)
            except Exception as error:
                kwargs["ack"](response_action="errors", errors={block_id: friendly_message(error)})

        return wrapper

    return decorate
