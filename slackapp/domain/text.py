"""The translation marker for domain text: domain/ has no I/O, so it cannot load a catalog.

`N_("...")` returns its argument unchanged; `pybabel extract` (a default keyword) finds it, so the
sentence lands in the catalog, and ui/ translates it at render time with `i18n._(text)`.
"""

from __future__ import annotations


def N_(message: str) -> str:  # noqa: N802 - the gettext convention's name
    """Mark `message` for extraction without translating it here."""
    return message


class Number(int):
    """A count passed as a value into a sentence: the ui writes it as the language does (`1,500`, `1.500`)."""

    __slots__ = ()

    def __format__(self, spec: str) -> str:
        return format(int(self), spec or ",")


class Phrase(str):
    """A marked sentence passed as a value into another one (an error's `{example}`): the ui translates
    it too when it translates the sentence it sits in."""

    __slots__ = ()
