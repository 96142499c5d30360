"""The translation marker for domain text: domain/ has no I/O, so it cannot load a catalog.

`N_("...")` returns its argument unchanged; `pybabel extract` (a default keyword) finds it, so the
sentence lands in the catalog, and ui/ translates it at render time with `i18n._(text)`.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass


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


@dataclass(frozen=True)
class Filled:
    """A marked sentence with the values that fill it in, passed as one value into another sentence (a
    list item such as `es (Español)`, whose punctuation the language decides): the ui translates it, then
    fills it in."""

    template: str
    values: tuple[tuple[str, object], ...]

    def __str__(self) -> str:  # the English message of an error, which no reader sees
        return self.template.format(**dict(self.values))


# Translators: a language as a choice, its code then its own name (Japanese: full-width parentheses).
LANGUAGE_CHOICE = N_("{code} ({name})")


@dataclass(frozen=True)
class Listing:
    """Several values passed into a sentence as one list: the ui joins them as the language does ("a, b
    and c", "a、b、c"). `style` is Babel's list style: "standard" (and) or "or"."""

    items: tuple[object, ...]
    style: str = "standard"

    def __str__(self) -> str:  # the English message of an error, which no reader sees
        return ", ".join(str(item) for item in self.items)


# Characters that change how the text around them is shown without showing themselves (Unicode's format
# characters, Cf): the bidi embeddings, overrides and isolates (U+202E turns "until 12 May" into
# "yaM 21 litnu") and the zero-width ones. The zero-width joiner stays: emoji sequences such as a runner with
# a skin tone need it.
ZERO_WIDTH_JOINER = "\u200d"


def without_hidden_controls(text: str) -> str:
    """text without invisible format characters (except the joiner emoji need)."""
    return "".join(c for c in text if c == ZERO_WIDTH_JOINER or unicodedata.category(c) != "Cf")


def ascii_number(text: str, *, max_digits: int = 9) -> int | None:
    """The whole number `text` spells in ASCII digits, at most `max_digits` of them; else None.

    str.isdigit accepts "²" and "٣", which int() refuses or reads, and int() refuses more than 4,300
    digits: a number a person types is checked here before it is converted."""
    if not text or len(text) > max_digits or not (text.isascii() and text.isdigit()):
        return None
    return int(text)
