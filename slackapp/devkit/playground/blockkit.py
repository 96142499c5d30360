"""Block Kit JSON (as the Slack stand-in recorded it) rendered to HTML, the way Slack's clients show it.

Every block and element glutes uses is drawn; interactive elements carry data-* attributes the page's
script reads to send the app the block_actions / view_submission payloads Slack would. A block or
element this renderer does not know is shown as a visible placeholder, never silently dropped.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping
from typing import Any

import emoji

# Slack shortcodes whose names differ from the emoji package's aliases.
SLACK_EMOJI = {
    "first_place_medal": "🥇",
    "second_place_medal": "🥈",
    "third_place_medal": "🥉",
    "large_green_circle": "🟢",
    "drum_with_drumsticks": "🥁",
    "white_circle": "⚪",
    "red_circle": "🔴",
}
CHANNEL_NAMES = {"CDEMO": "demo"}  # the pretend workspace's channels (the page shows each)

MULTI_SELECTS = (
    "multi_static_select",
    "multi_users_select",
    "multi_conversations_select",
    "multi_channels_select",
)
_ANGLE = re.compile(r"<([^<>]+)>")
_EMOJI = re.compile(r":([a-z0-9_+-]+):")
_CODE_BLOCK = re.compile(r"```(.+?)```", re.S)
_CODE = re.compile(r"`([^`\n]+)`")
_BOLD = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
_ITALIC = re.compile(r"(?<![\w_])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w_])")
_STRIKE = re.compile(r"(?<![\w~])~(?=\S)([^~\n]+?)(?<=\S)~(?![\w~])")


def esc(value: Any) -> str:
    return html.escape(str(value), quote=True)


def shortcode(name: str) -> str | None:
    """The emoji for a Slack shortcode name, or None if unknown."""
    if name in SLACK_EMOJI:
        return SLACK_EMOJI[name]
    for language in ("alias", "en"):
        found = emoji.emojize(f":{name}:", language=language)
        if found != f":{name}:":
            return found
    return None


def emojize(escaped: str) -> str:
    return _EMOJI.sub(lambda m: shortcode(m.group(1)) or m.group(0), escaped)


# The link targets the page turns into <a href>: the ones Slack itself would open.
_SAFE_LINK = re.compile(r"(https?://|mailto:)", re.IGNORECASE)


def mrkdwn(text: str, names: Mapping[str, str] | None = None) -> str:
    """Slack mrkdwn to HTML: *bold*, _italic_, ~strike~, `code`, ```blocks```, > quotes, <links|labels>,
    <@U…> mentions, <#C…> channels, <!here>, :emoji: shortcodes and line breaks."""
    names = names or {}
    tokens: list[str] = []

    def angle(match: re.Match[str]) -> str:
        inner = html.unescape(match.group(1))
        target, _, label = inner.partition("|")
        if target.startswith("@"):
            user = target[1:]
            shown = (
                f'<span class="mention" data-user="{esc(user)}">@{esc(label or names.get(user, user))}</span>'
            )
        elif target.startswith("#"):
            channel = target[1:]
            shown = f'<span class="mention">#{esc(label or CHANNEL_NAMES.get(channel, channel))}</span>'
        elif target.startswith("!"):
            shown = f'<span class="mention">@{esc(label or target[1:].split("^")[0])}</span>'
        elif _SAFE_LINK.match(target):
            shown = f'<a href="{esc(target)}" target="_blank" rel="noopener">{esc(label or target)}</a>'
        else:  # javascript:, data: and the like are shown as text, never made a link
            shown = esc(label or target)
        tokens.append(shown)
        return f"\x00{len(tokens) - 1}\x00"

    text = _ANGLE.sub(angle, str(text))
    out = esc(html.unescape(text))
    out = _CODE_BLOCK.sub(lambda m: f"<pre>{m.group(1)}</pre>", out)
    out = _CODE.sub(lambda m: f"<code>{m.group(1)}</code>", out)
    out = _BOLD.sub(r"<b>\1</b>", out)
    out = _ITALIC.sub(r"<i>\1</i>", out)
    out = _STRIKE.sub(r"<s>\1</s>", out)
    out = emojize(out)
    lines = [
        f"<blockquote>{line[5:]}</blockquote>" if line.startswith("&gt; ") else line
        for line in out.split("\n")
    ]
    out = "<br>".join(lines).replace("</blockquote><br>", "</blockquote>")
    return re.sub("\x00(\\d+)\x00", lambda m: tokens[int(m.group(1))], out)


def text_obj(obj: Any, names: Mapping[str, str] | None = None) -> str:
    """A text object (mrkdwn or plain_text, emoji on) or a plain string, as HTML."""
    if isinstance(obj, dict):
        if obj.get("type") == "mrkdwn":
            return mrkdwn(str(obj.get("text", "")), names)
        return emojize(esc(obj.get("text", ""))).replace("\n", "<br>")
    return emojize(esc(obj or ""))


def plain(obj: Any) -> str:
    return str(obj.get("text", "")) if isinstance(obj, dict) else str(obj or "")


def _data(element: dict[str, Any], block_id: str, **extra: Any) -> str:
    attrs = {
        "data-action-id": element.get("action_id", ""),
        "data-block-id": block_id,
        "data-type": element.get("type", ""),
        **extra,
    }
    return " ".join(f'{k}="{esc(v)}"' for k, v in attrs.items())


def _options(element: dict[str, Any]) -> list[dict[str, Any]]:
    found = list(element.get("options") or [])
    for group in element.get("option_groups") or []:
        found.extend(group.get("options") or [])
    return found


def _is(option: dict[str, Any] | None, candidate: dict[str, Any]) -> bool:
    return bool(option) and option.get("value") == candidate.get("value")  # type: ignore[union-attr]


def element(el: dict[str, Any], block_id: str, names: Mapping[str, str], *, in_input: bool = False) -> str:
    """One block element: buttons, selects, checkboxes, radio buttons, inputs, images, text."""
    kind = el.get("type", "")
    if kind == "button":
        style = el.get("style", "")
        confirm = json.dumps(el["confirm"]) if el.get("confirm") else ""
        extra = {"data-value": el.get("value", ""), "data-confirm": confirm}
        if el.get("url"):
            extra["data-url"] = el["url"]
        label = text_obj(el.get("text"))
        return f'<button class="bk-button {esc(style)}" {_data(el, block_id, **extra)}>{label}</button>'
    if kind in (
        "static_select",
        "conversations_select",
        "channels_select",
        "users_select",
        "external_select",
    ):
        if kind == "static_select":
            chosen = el.get("initial_option")
            choices = [(o.get("value", ""), plain(o.get("text")), _is(chosen, o)) for o in _options(el)]
        elif kind == "users_select":
            chosen_user = el.get("initial_user")
            choices = [(u, n, u == chosen_user) for u, n in names.items()]
        else:
            chosen_channel = el.get("initial_conversation") or el.get("initial_channel")
            choices = [(c, f"#{n}", c == chosen_channel) for c, n in CHANNEL_NAMES.items()]
        placeholder = plain(el.get("placeholder")) or "Select an item"
        any_chosen = any(selected for _, _, selected in choices)
        rows = [
            f'<option value="" disabled{" selected" if not any_chosen else ""}>{esc(placeholder)}</option>'
        ]
        rows += [
            f'<option value="{esc(v)}"{" selected" if s else ""}>{emojize(esc(t))}</option>'
            for v, t, s in choices
        ]
        return f'<select class="bk-select" {_data(el, block_id)}>{"".join(rows)}</select>'
    if kind in MULTI_SELECTS:
        if kind == "multi_static_select":
            chosen_values = {o.get("value") for o in el.get("initial_options") or []}
            choices = [
                (o.get("value", ""), plain(o.get("text")), o.get("value") in chosen_values)
                for o in _options(el)
            ]
        elif kind == "multi_users_select":
            chosen_users = set(el.get("initial_users") or [])
            choices = [(u, n, u in chosen_users) for u, n in names.items()]
        else:
            chosen_channels = set(el.get("initial_conversations") or el.get("initial_channels") or [])
            choices = [(c, f"#{n}", c in chosen_channels) for c, n in CHANNEL_NAMES.items()]
        rows = [
            f'<option value="{esc(v)}"{" selected" if s else ""}>{emojize(esc(t))}</option>'
            for v, t, s in choices
        ]
        size = max(2, min(len(rows), 5))
        attrs = f'class="bk-select bk-multi" multiple size="{size}" {_data(el, block_id)}'
        return f"<select {attrs}>{''.join(rows)}</select>"
    if kind in ("checkboxes", "radio_buttons"):
        box = "checkbox" if kind == "checkboxes" else "radio"
        initial = el.get("initial_options") or ([el["initial_option"]] if el.get("initial_option") else [])
        group = esc(f"{block_id}/{el.get('action_id', '')}")
        rows = []
        for option in el.get("options") or []:
            checked = " checked" if any(_is(i, option) for i in initial) else ""
            description = (
                f'<div class="bk-desc">{text_obj(option["description"], names)}</div>'
                if option.get("description")
                else ""
            )
            rows.append(
                f'<label class="bk-option"><input type="{box}" name="{group}" '
                f'value="{esc(option.get("value", ""))}"'
                f"{checked}> <span>{text_obj(option.get('text'), names)}{description}</span></label>"
            )
        return f'<div class="bk-{box}es" {_data(el, block_id)}>{"".join(rows)}</div>'
    if kind == "plain_text_input":
        value = esc(el.get("initial_value", ""))
        placeholder = esc(plain(el.get("placeholder")))
        if el.get("multiline"):
            attrs = f'class="bk-input" placeholder="{placeholder}" {_data(el, block_id)}'
            return f"<textarea {attrs}>{value}</textarea>"
        return f'<input class="bk-input" value="{value}" placeholder="{placeholder}" {_data(el, block_id)}>'
    if kind == "overflow":
        rows = ['<option value="" selected disabled>⋯</option>']
        rows += [
            f'<option value="{esc(o.get("value", ""))}">{esc(plain(o.get("text")))}</option>'
            for o in _options(el)
        ]
        return f'<select class="bk-select bk-overflow" {_data(el, block_id)}>{"".join(rows)}</select>'
    if kind == "image":
        return (
            f'<img class="bk-image" src="{esc(el.get("image_url", ""))}" alt="{esc(el.get("alt_text", ""))}">'
        )
    if kind in ("mrkdwn", "plain_text"):
        return f'<span class="bk-text">{text_obj(el, names)}</span>'
    return unknown("element", kind, el)


def unknown(what: str, kind: str, obj: Any) -> str:
    """A visible placeholder for a block or element the playground cannot draw."""
    return (
        f'<div class="bk-unknown" title="{esc(json.dumps(obj)[:500])}">'
        f"This {esc(what)} ({esc(kind or 'no type')}) can't be shown in the playground.</div>"
    )


def block(b: dict[str, Any], index: int, names: Mapping[str, str], errors: Mapping[str, str]) -> str:
    kind = b.get("type", "")
    block_id = str(b.get("block_id") or f"b{index}")
    if kind == "header":
        return f'<div class="bk-header">{text_obj(b.get("text"))}</div>'
    if kind == "divider":
        return '<hr class="bk-divider">'
    if kind == "section":
        parts = []
        if b.get("text"):
            parts.append(f'<div class="bk-section-text">{text_obj(b["text"], names)}</div>')
        if b.get("fields"):
            cells = "".join(f'<div class="bk-field">{text_obj(f, names)}</div>' for f in b["fields"])
            parts.append(f'<div class="bk-fields">{cells}</div>')
        accessory = (
            f'<div class="bk-accessory">{element(b["accessory"], block_id, names)}</div>'
            if b.get("accessory")
            else ""
        )
        main = f'<div class="bk-main">{"".join(parts)}</div>'
        return f'<div class="bk-section" data-block-id="{esc(block_id)}">{main}{accessory}</div>'
    if kind == "actions":
        inner = "".join(element(e, block_id, names) for e in b.get("elements") or [])
        return f'<div class="bk-actions" data-block-id="{esc(block_id)}">{inner}</div>'
    if kind == "context":
        inner = "".join(element(e, block_id, names) for e in b.get("elements") or [])
        return f'<div class="bk-context">{inner}</div>'
    if kind == "input":
        optional = ' <span class="bk-optional">(optional)</span>' if b.get("optional") else ""
        hint = f'<div class="bk-hint">{text_obj(b["hint"], names)}</div>' if b.get("hint") else ""
        error = f'<div class="bk-error">{esc(errors[block_id])}</div>' if block_id in errors else ""
        el = element(b.get("element") or {}, block_id, names, in_input=True)
        dispatch = ' data-dispatch="1"' if b.get("dispatch_action") else ""
        dispatch += ' data-optional="1"' if b.get("optional") else ""
        return (
            f'<div class="bk-input-block" data-block-id="{esc(block_id)}"{dispatch}>'
            f'<label class="bk-label">{text_obj(b.get("label"))}{optional}</label>{el}{hint}{error}</div>'
        )
    if kind == "image":
        title = f'<div class="bk-image-title">{text_obj(b["title"])}</div>' if b.get("title") else ""
        src, alt = esc(image_source(b)), esc(b.get("alt_text", ""))
        return f'{title}<img class="bk-image" src="{src}" alt="{alt}">'
    return unknown("block", kind, b)


_FILE_ID = re.compile(r"^F[A-Z0-9]+$")


def image_source(b: Mapping[str, Any]) -> str:
    """Where the page loads an image from: its public URL, or for a file uploaded to Slack (`slack_file`)
    the playground's copy of what the stand-in received."""
    file_id = str((b.get("slack_file") or {}).get("id") or "")
    if _FILE_ID.match(file_id):
        return f"/playground/files/{file_id}"
    return str(b.get("image_url") or (b.get("slack_file") or {}).get("url") or "")


def blocks(
    items: list[dict[str, Any]] | None, names: Mapping[str, str], errors: Mapping[str, str] | None = None
) -> str:
    return "".join(block(b, i, names, errors or {}) for i, b in enumerate(items or []) if isinstance(b, dict))


def message(args: Mapping[str, Any], names: Mapping[str, str]) -> str:
    """A message's body: its blocks, or its text when it has none (as Slack shows it)."""
    if args.get("blocks"):
        return blocks(args["blocks"], names)
    return f'<div class="bk-section-text">{mrkdwn(str(args.get("text") or ""), names)}</div>'


def view(v: Mapping[str, Any], names: Mapping[str, str], errors: Mapping[str, str] | None = None) -> str:
    """A modal or Home tab: title, blocks, Close and Submit (the page's script handles the buttons)."""
    body = blocks(v.get("blocks"), names, errors)
    if v.get("type") == "home":
        return f'<div class="bk-view bk-home">{body}</div>'
    close = text_obj(v.get("close")) if v.get("close") else "Cancel"
    submit = (
        f'<button class="bk-button primary bk-submit">{text_obj(v["submit"])}</button>'
        if v.get("submit")
        else ""
    )
    return (
        f'<div class="bk-view bk-modal" data-view-id="{esc(v.get("id", ""))}">'
        f'<div class="bk-modal-title">{text_obj(v.get("title"))}</div><div class="bk-modal-body">{body}</div>'
        f'<div class="bk-modal-foot"><button class="bk-button bk-close">{close}</button>{submit}</div></div>'
    )
