"""Checking that a render speaks a language without pinning the translators' exact words."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from babel.messages.pofile import read_po

from slackapp.ui.i18n import LOCALE_DIR, translator

_FIELD = re.compile(r"\{[a-z_0-9]*\}")


@cache
def catalog(locale: str):
    with Path(LOCALE_DIR, locale, "LC_MESSAGES", "messages.po").open("rb") as handle:
        return read_po(handle, locale=locale)


def said(locale: str, msgid: str) -> list[str]:
    """The literal pieces (between {placeholders}) of msgid's translation in `locale`, longest first."""
    text = translator(locale).gettext(msgid)
    return sorted((p for p in _FIELD.split(text) if p.strip()), key=len, reverse=True)


def speaks(text: str, locale: str, msgid: str) -> bool:
    """Whether `text` carries msgid as translated into `locale` (and not the English, when they differ)."""
    pieces = said(locale, msgid)
    english = sorted((p for p in _FIELD.split(msgid) if p.strip()), key=len, reverse=True)
    return all(p in text for p in pieces) and (pieces == english or english[0] not in text)


def text_nodes(payload: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """(path, text) for every text a person sees: Block Kit text objects and a message's `text`."""
    if isinstance(payload, dict):
        for key, value in payload.items():
            if key == "text" and isinstance(value, str):
                yield f"{path}/text", value
            elif key in ("initial_comment",) and isinstance(value, str):
                yield f"{path}/{key}", value
            elif key not in ("value", "action_id", "block_id", "initial_value", "private_metadata", "url"):
                yield from text_nodes(value, f"{path}/{key}")
    elif isinstance(payload, list):
        for index, value in enumerate(payload):
            yield from text_nodes(value, f"{path}/{index}")
