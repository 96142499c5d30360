"""Translations and locale-aware formatting for everything glutes says (gettext catalogs managed by Babel).

Catalogs live in slackapp/locale/<lang>/LC_MESSAGES/messages.po (compiled to .mo by `make install`);
`make messages` re-extracts messages.pot and updates every .po. English is the msgid itself, so an
English render never touches a catalog and a missing or empty catalog falls back to English.

Two ways to translate, both in terms of one locale:
- `translator(locale)` returns a Translator bound to that locale (gettext, ngettext, Babel dates);
- ui modules call the module-level `_` / `ngettext` / `format_*`, which use the locale of the render
  in progress: a render function decorated with `@localized` takes `locale=` (English by default)
  and holds it for the duration of the call, so nested helpers need not pass it along.

Placeholders are str.format's named fields (`{count}`, `{name}`), so translators can reorder them.
"""

from __future__ import annotations

import functools
import gettext as _gettext
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, ParamSpec, TypeVar
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from babel import dates as babel_dates
from babel import lists as babel_lists
from babel import numbers as babel_numbers
from babel.support import Translations

from slackapp.domain.text import N_, Filled, Listing, Number, Phrase, without_hidden_controls

__all__ = [
    "DEFAULT_LOCALE",
    "DOMAIN",
    "LOCALE_DIR",
    "N_",
    "SUPPORTED_LOCALES",
    "Translator",
    "_",
    "current",
    "error_text",
    "format_date",
    "format_list",
    "format_month_day",
    "format_time",
    "localized",
    "negotiate",
    "nformat",
    "ngettext",
    "speaking",
    "translator",
    "using",
    "weekday_name",
]

DEFAULT_LOCALE = "en"
# English first; the rest each have a catalog under LOCALE_DIR.
SUPPORTED_LOCALES: tuple[str, ...] = ("en", "es", "de", "fr", "pt_BR", "ja")
DOMAIN = "messages"
LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"


def negotiate(slack_locale: str | None) -> str:
    """Map a Slack locale (`de-DE`, `es-LA`, `pt-BR`, `ja-JP`, `en-US`…) to a supported one; unknown -> en.

    An exact match (`pt_BR`) wins, then the language alone (`es-LA` -> `es`, `pt-PT` -> `pt_BR`: the
    only Portuguese we have).
    """
    if not slack_locale or not isinstance(slack_locale, str):
        return DEFAULT_LOCALE
    wanted = slack_locale.strip().replace("-", "_")
    if not wanted:
        return DEFAULT_LOCALE
    by_lower = {code.lower(): code for code in SUPPORTED_LOCALES}
    if wanted.lower() in by_lower:
        return by_lower[wanted.lower()]
    language = wanted.split("_", 1)[0].lower()
    for code in SUPPORTED_LOCALES:
        if code.split("_", 1)[0].lower() == language:
            return code
    return DEFAULT_LOCALE


@functools.lru_cache(maxsize=len(SUPPORTED_LOCALES) + 1)
def _translations(locale: str, directory: str) -> _gettext.NullTranslations:
    if locale == DEFAULT_LOCALE:
        return _gettext.NullTranslations()
    # Translations.load returns NullTranslations when the .mo is missing: English, not an error.
    return Translations.load(directory, [locale], DOMAIN)


@dataclass(frozen=True)
class Translator:
    """Everything a render needs to speak one locale."""

    locale: str = DEFAULT_LOCALE
    directory: Path = LOCALE_DIR

    @property
    def _catalog(self) -> _gettext.NullTranslations:
        return _translations(self.locale, str(self.directory))

    @property
    def babel_locale(self) -> Locale:
        try:
            return Locale.parse(self.locale)
        except (UnknownLocaleError, ValueError):
            return Locale.parse(DEFAULT_LOCALE)

    def gettext(self, message: str) -> str:
        """`message` in this locale, or `message` itself (English) when the catalog has no translation."""
        if not message:  # gettext("") is the catalog's header, never a sentence
            return message
        return self._catalog.gettext(message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        """The plural form of this locale's rules for `count` (Japanese has one form, English two)."""
        return self._catalog.ngettext(singular, plural, count)

    def format_date(self, value: date | datetime, tz: str | None = None, format: str = "medium") -> str:
        """A date as this locale writes it (`Nov 30, 2026`, `30.11.2026`…), in `tz` when it has a time."""
        if isinstance(value, datetime) and tz:
            value = value.astimezone(ZoneInfo(tz))
        return babel_dates.format_date(value, format=format, locale=self.babel_locale)

    def format_time(self, value: datetime | time, tz: str | None = None, format: str = "short") -> str:
        """A clock time as this locale writes it (`9:30 AM`, `09:30`), in the person's time zone `tz`."""
        if isinstance(value, datetime) and tz:
            value = value.astimezone(ZoneInfo(tz))
        return babel_dates.format_time(value, format=format, locale=self.babel_locale)

    def format_datetime(self, value: datetime, tz: str | None = None, format: str = "medium") -> str:
        """A moment as this locale writes it, in the person's time zone `tz`."""
        if tz:
            value = value.astimezone(ZoneInfo(tz))
        return babel_dates.format_datetime(value, format=format, locale=self.babel_locale)

    def format_month_day(self, value: date) -> str:
        """A day without its year as this locale writes it: `Nov 23`, `23. Nov.`, `11月23日`."""
        return babel_dates.format_skeleton("MMMd", value, locale=self.babel_locale)

    def weekday_name(self, weekday: int, width: str = "wide") -> str:
        """The name of `weekday` (0 = Monday, as datetime.weekday()) in this locale: `Monday`, `lunes`…"""
        return self.babel_locale.days["format"][width][weekday]


@functools.lru_cache(maxsize=len(SUPPORTED_LOCALES) + 1)
def translator(locale: str | None = None) -> Translator:
    """The cached Translator for `locale` (any Slack or our code; unknown -> English)."""
    return Translator(negotiate(locale))


_ENGLISH = Translator()
_current: ContextVar[Translator | None] = ContextVar("glutes_translator", default=None)
# A request's language, looked up only when its first sentence is rendered (see speaking).
_pending: ContextVar[Callable[[], str | None] | None] = ContextVar("glutes_pending_locale", default=None)


def current() -> Translator:
    """The Translator of the render in progress (English outside any `using`/`@localized` call)."""
    found = _current.get()
    if found is not None:
        return found
    resolve = _pending.get()
    if resolve is None:
        return _ENGLISH
    _pending.set(None)
    try:
        wanted = resolve()
    except Exception:  # e.g. Redis down: the error reply still has to be said, in English
        wanted = None
    chosen = translator(wanted)
    _current.set(chosen)
    return chosen


@contextmanager
def speaking(resolve: Callable[[], str | None]) -> Iterator[None]:
    """Speak the language `resolve()` names inside the block, asking it only when (and if) something is
    first rendered: a listener's person, whose choice or Slack locale the use case may just have stored."""
    current_token = _current.set(None)
    pending_token = _pending.set(resolve)
    try:
        yield
    finally:
        _pending.reset(pending_token)
        _current.reset(current_token)


@contextmanager
def using(locale: str | Translator | None) -> Iterator[Translator]:
    """Render in `locale` inside the block; None keeps the surrounding locale (English by default)."""
    if locale is None:
        yield current()
        return
    chosen = locale if isinstance(locale, Translator) else translator(locale)
    token = _current.set(chosen)
    try:
        yield chosen
    finally:
        _current.reset(token)


P = ParamSpec("P")
R = TypeVar("R")


def localized(render: Callable[P, R]) -> Callable[P, R]:
    """Give a render function a keyword-only `locale=` (default: the surrounding locale, else English)."""

    @functools.wraps(render)
    def wrapper(*args: Any, locale: str | Translator | None = None, **kwargs: Any) -> R:
        with using(locale):
            return render(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def _(message: str) -> str:
    """Translate `message` into the current render's locale."""
    return current().gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The plural form for `count` in the current render's locale (format `{count}` in afterwards)."""
    return current().ngettext(singular, plural, count)


def nformat(singular: str, plural: str, count: int, **fields: object) -> str:
    """ngettext, then str.format with `{count}` and `fields`: nformat("{count} break", "{count} breaks", n).

    `make messages` extracts it as a plural keyword (`-k nformat:1,2`).
    """
    return ngettext(singular, plural, count).format(count=count, **fields)


def format_date(value: date | datetime, tz: str | None = None, format: str = "medium") -> str:
    return current().format_date(value, tz, format)


def format_time(value: datetime | time, tz: str | None = None, format: str = "short") -> str:
    return current().format_time(value, tz, format)


def weekday_name(weekday: int, width: str = "wide") -> str:
    return current().weekday_name(weekday, width)


def format_month_day(value: date) -> str:
    return current().format_month_day(value)


def format_list(items: list[str], style: str = "standard") -> str:
    """Items joined as the render's language joins a list: "a, b, and c", "a, b und c", "a、b、c"; style
    "or" for a choice. (Babel 2.19 raises KeyError on the unit and narrow styles in some of our locales.)"""
    return babel_lists.format_list(items, style=style, locale=current().babel_locale) if items else ""


def _error_value(value: object) -> object:
    """An error's value as the current language shows it: marked phrases translated, dates by Babel."""
    if isinstance(value, Phrase):
        return _(value)
    if isinstance(value, date):
        return format_month_day(value)
    if isinstance(value, Number):
        return babel_numbers.format_decimal(int(value), locale=current().babel_locale)
    if isinstance(value, Listing):
        return format_list([str(_error_value(item)) for item in value.items], value.style)
    if isinstance(value, Filled):
        return _(value.template).format(**{name: _error_value(item) for name, item in value.values})
    if isinstance(value, str):
        # What the person typed, echoed back: literal in mrkdwn (`<https://evil|click>` is no link) and
        # without the controls that would reorder the sentence around it.
        return literal(value)
    return value


def literal(text: str) -> str:
    """Text someone typed (or a name or title), made literal for mrkdwn: &, < and > as entities, so it
    never becomes a link or a mention, and no bidi or zero-width controls."""
    return without_hidden_controls(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def error_text(error: Any) -> str:
    """An error's sentence (an InputError or UserError: an N_-marked `template` and its `values`) in the
    current render's language; English when the template has no translation."""
    template = _(error.template)
    if not error.values:
        return template
    return template.format(**{name: _error_value(value) for name, value in error.values.items()})
