"""Slack's documented size limits on what the app posts, checked on a rendered payload.

Two checks, because neither alone covers everything a render can carry:
- slack_sdk's own models (`Block.parse` / `View`, then `to_dict()`, which validates every nested object
  against the limits the SDK encodes: section text 3,000, button text 75, option value 150, …);
- the table below, from Slack's Block Kit reference, for what the SDK does not check on a parsed dict
  (a text object's 3,000, a context element, a header's 150, a section field's 2,000, the counts) and for
  the message itself (Slack truncates `text` past 40,000 characters and asks apps to stay under 4,000).
"""

from __future__ import annotations

from typing import Any

from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

# A message's fallback `text`: Slack truncates past 40,000 and has long asked for 4,000 or less (it may split
# longer text into several messages); the stricter one is ours.
MESSAGE_TEXT = 4000
MESSAGE_BLOCKS = 50
VIEW_BLOCKS = 100
TEXT_OBJECT = 3000
VIEW_TEXT = {"title": 24, "submit": 24, "close": 24}
PRIVATE_METADATA = 3000
# (block or element type, text-bearing key) -> most characters of its text object.
TEXT_IN = {
    ("section", "text"): 3000,
    ("header", "text"): 150,
    ("button", "text"): 75,
    ("input", "label"): 2000,
    ("input", "hint"): 2000,
    ("image", "title"): 2000,
    ("option", "text"): 75,
    ("option", "description"): 75,
    ("confirm", "title"): 100,
    ("confirm", "text"): 300,
    ("confirm", "confirm"): 30,
    ("confirm", "deny"): 30,
}
PLACEHOLDER = 150
SECTION_FIELD = 2000
# (type, list key) -> most items.
COUNTS = {
    ("section", "fields"): 10,
    ("context", "elements"): 10,
    ("actions", "elements"): 25,
    ("overflow", "options"): 5,
    ("static_select", "options"): 100,
    ("checkboxes", "options"): 10,
    ("radio_buttons", "options"): 10,
}


def _text_of(node: Any) -> str | None:
    return node.get("text") if isinstance(node, dict) and isinstance(node.get("text"), str) else None


def _walk(node: Any, where: str, kind: str, problems: list[str]) -> None:
    """Every object under `node`; `kind` is the type of the object holding it (options and confirm
    dialogs carry no type of their own)."""
    if isinstance(node, list):
        for index, item in enumerate(node):
            _walk(item, f"{where}/{index}", kind, problems)
        return
    if not isinstance(node, dict):
        return
    own = node.get("type") if isinstance(node.get("type"), str) else kind
    if node.get("type") in ("plain_text", "mrkdwn"):
        text = _text_of(node) or ""
        if not text:
            problems.append(f"{where}: empty text object")
        if len(text) > TEXT_OBJECT:
            problems.append(f"{where}: text object {len(text)} > {TEXT_OBJECT}")
        return
    for key, value in node.items():
        place = f"{where}/{key}"
        holder = "option" if key in ("options",) else "confirm" if key == "confirm" else own
        if isinstance(value, dict) and value.get("type") in ("plain_text", "mrkdwn"):
            text = _text_of(value) or ""
            most = TEXT_IN.get((own, key))
            if key == "placeholder":
                most = PLACEHOLDER
            if most is not None and len(text) > most:
                problems.append(f"{place}: {own} {key} {len(text)} > {most}: {text[:80]!r}")
        if isinstance(value, list):
            most = COUNTS.get((own, key))
            if most is not None and len(value) > most:
                problems.append(f"{place}: {len(value)} {key} > {most}")
            if own == "section" and key == "fields":
                for index, field in enumerate(value):
                    if len(_text_of(field) or "") > SECTION_FIELD:
                        problems.append(f"{place}/{index}: section field > {SECTION_FIELD}")
        _walk(value, place, holder, problems)


def _sdk_problems(name: str, payload: dict[str, Any], *, surface: str) -> list[str]:
    """What slack_sdk's models refuse (they validate nested objects as they serialise)."""
    try:
        if surface in ("modal", "home"):
            View(**payload).to_dict()
        else:
            for block in payload.get("blocks") or []:
                parsed = Block.parse(block)
                if parsed is None:
                    return [f"{name}: slack_sdk does not know block {block.get('type')!r}"]
                parsed.to_dict()
    except SlackObjectFormationError as error:
        return [f"{name}: slack_sdk: {error}"]
    return []


def problems(name: str, payload: Any, *, surface: str = "message") -> list[str]:
    """Every documented limit `payload` (a message's kwargs, a modal or a Home view) goes over."""
    if not isinstance(payload, dict):
        return []
    found: list[str] = []
    blocks = payload.get("blocks") or []
    most = VIEW_BLOCKS if surface in ("modal", "home") else MESSAGE_BLOCKS
    if len(blocks) > most:
        found.append(f"{name}: {len(blocks)} blocks > {most}")
    if surface in ("modal", "home"):
        for key, limit in VIEW_TEXT.items():
            text = _text_of(payload.get(key)) or ""
            if len(text) > limit:
                found.append(f"{name}: view {key} {len(text)} > {limit}: {text!r}")
        if len(payload.get("private_metadata") or "") > PRIVATE_METADATA:
            found.append(f"{name}: private_metadata > {PRIVATE_METADATA}")
    elif isinstance(payload.get("text"), str) and len(payload["text"]) > MESSAGE_TEXT:
        found.append(f"{name}: message text {len(payload['text'])} > {MESSAGE_TEXT}")
    inner: list[str] = []
    _walk(blocks, "", "", inner)
    found += [f"{name} {p}" for p in inner]
    if blocks:
        found += _sdk_problems(name, payload, surface=surface)
    return found
