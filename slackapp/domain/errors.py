"""The one error type domain rules raise for input a person typed."""

from __future__ import annotations


class InputError(ValueError):
    """Input a person gave that a rule cannot use; the message is shown to them as is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
