"""The one error type domain rules raise for input a person typed."""

from __future__ import annotations


class InputError(ValueError):
    """Input a person gave that a rule cannot use.

    `template` is an English sentence marked with N_ (str.format fields, e.g. `{typed}`) and `values` fill
    it in; `message` is the English text. The ui translates the template at render time (errors.render).
    """

    def __init__(self, template: str, **values: object) -> None:
        self.template = template
        self.values = values
        self.message = template.format(**values) if values else template
        super().__init__(self.message)
