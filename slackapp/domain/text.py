"""The translation marker for domain text: domain/ has no I/O, so it cannot load a catalog.

`N_("...")` returns its argument unchanged; `pybabel extract` (a default keyword) finds it, so the
sentence lands in the catalog, and ui/ translates it at render time with `i18n._(text)`.
"""

from __future__ import annotations


def N_(message: str) -> str:  # noqa: N802 - the gettext convention's name
    """Mark `message` for extraction without translating it here."""
    return message
