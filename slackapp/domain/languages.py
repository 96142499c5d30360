"""The languages glutes speaks, and reading a language someone typed (`/glutes language es`).

Codes are the catalogs' (gettext) codes; the names are each language's own name for itself, shown
untranslated so anyone can find theirs in any language.
"""

from __future__ import annotations

DEFAULT = "en"
AUTO = "auto"  # `/glutes language auto`: back to the person's Slack language

NAMES: dict[str, str] = {
    "en": "English",
    "es": "Español",
    "de": "Deutsch",
    "fr": "Français",
    "pt_BR": "Português (Brasil)",
    "ja": "日本語",
}

# Other ways people write the same choice: Slack's own locale codes and the languages' names.
_ALIASES: dict[str, str] = {
    "english": "en",
    "espanol": "es",
    "español": "es",
    "spanish": "es",
    "deutsch": "de",
    "german": "de",
    "francais": "fr",
    "français": "fr",
    "french": "fr",
    "pt": "pt_BR",
    "portugues": "pt_BR",
    "português": "pt_BR",
    "portuguese": "pt_BR",
    "japanese": "ja",
    "日本語": "ja",
}


def parse(text: str) -> str | None:
    """The language code `text` names (`es`, `de-DE`, `pt-br`, `Deutsch`, `auto`), or None if none."""
    wanted = text.strip().lower().replace("-", "_")
    if not wanted:
        return None
    if wanted == AUTO:
        return AUTO
    by_lower = {code.lower(): code for code in NAMES}
    if wanted in by_lower:
        return by_lower[wanted]
    if wanted in _ALIASES:
        return _ALIASES[wanted]
    language = wanted.split("_", 1)[0]
    if language in by_lower:  # de_de, es_la, fr_ca, ja_jp
        return by_lower[language]
    return _ALIASES.get(language)


def known(code: str | None) -> str:
    """`code` if glutes speaks it, else English (a stored or Slack value we no longer know)."""
    return code if code in NAMES else DEFAULT
