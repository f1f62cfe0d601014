"""A ``Reply`` as Telegram messages: HTML parts of at most 4096 characters and a keyboard.

Telegram counts a message's length after entity parsing (tags removed, ``&amp;`` one
character) in UTF-16 code units. Long replies are split at line boundaries; a tag open
across a cut is closed at the end of one part and re-opened at the start of the next, so
every part parses on its own. The keyboard goes on the last part.
"""

from __future__ import annotations

import html
import logging
import re
from typing import Any, NamedTuple

from migbot.answers.reply import Reply
from migbot.knowledge.loader import KnowledgeBase
from migbot.telegram import callback
from migbot.telegram.perkb import PerKnowledge

log = logging.getLogger(__name__)

MAX_TEXT = 4096
_TOKEN = re.compile(r"<[^>]*>|&#?[A-Za-z0-9]+;|[^<&]+|[<&]")
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)[^>]*>")


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def visible_text(markup: str) -> str:
    """The text Telegram shows for HTML ``markup`` (tags dropped, entities decoded)."""
    return html.unescape(re.sub(r"<[^>]*>", "", markup))


def split_html(markup: str, limit: int = MAX_TEXT) -> list[str]:
    """``markup`` in parts whose visible text is at most ``limit`` UTF-16 units, never empty."""
    if utf16_len(visible_text(markup)) <= limit:
        return [markup] if visible_text(markup).strip() else [html.escape("…")]
    parts: list[str] = []
    open_tags: list[tuple[str, str]] = []  # (name, full opening tag) still open
    current: list[str] = []
    size = 0
    budget = limit

    def flush() -> None:
        nonlocal current, size
        body = "".join(current) + "".join(f"</{name}>" for name, _ in reversed(open_tags))
        if visible_text(body).strip():
            parts.append(body)
        current = [tag for _, tag in open_tags]
        size = 0

    for line in markup.splitlines(keepends=True):
        line_size = utf16_len(visible_text(line))
        if size and size + line_size > budget:
            flush()
        for token in _TOKEN.findall(line):
            tag = _TAG.fullmatch(token)
            if tag:
                name = tag.group(2).lower()
                if tag.group(1):
                    for i in range(len(open_tags) - 1, -1, -1):
                        if open_tags[i][0] == name:
                            del open_tags[i]
                            break
                else:
                    open_tags.append((name, token))
                current.append(token)
                continue
            # An entity is one visible character: never cut inside it.
            entity = token.startswith("&") or token in "<&"
            for chunk in [token] if entity else list(token):
                width = utf16_len(html.unescape(chunk) if entity else chunk)
                if size + width > budget:
                    flush()
                current.append(chunk)
                size += width
    flush()
    return parts or [html.escape("…")]


class Keyboard(NamedTuple):
    """An inline keyboard as the JSON object Telegram receives (``reply_markup``).

    Written as plain dicts, not PTB objects: building ``InlineKeyboardButton``s and calling
    ``to_dict`` cost more CPU than understanding and composing the answer itself.
    """

    wire: dict[str, Any]


class Rendered(NamedTuple):
    """A reply as Telegram messages: HTML parts, and the keyboard of the last one."""

    parts: tuple[str, ...]
    keyboard: Keyboard | None


# The assistant hands out the same (frozen) Reply again for a repeated question or button,
# so its Telegram form is kept beside it, found by identity: no comparing of buttons. Each
# entry holds its reply, so an id cannot be reused while the entry lives. A reload starts
# afresh (new knowledge, new callback keys).
_rendered_for: PerKnowledge[dict[int, tuple[Reply, Rendered]]] = PerKnowledge(lambda kb: {})
_RENDERED_MAX = 4096


def rendered(reply: Reply, kb: KnowledgeBase) -> Rendered:
    """``reply`` split into message parts, with its keyboard; the same reply renders once."""
    table = _rendered_for(kb)
    hit = table.get(id(reply))
    if hit is not None and hit[0] is reply:
        return hit[1]
    out = Rendered(tuple(split_html(reply.html)), keyboard(reply, kb))
    if len(table) >= _RENDERED_MAX:
        table.clear()
    table[id(reply)] = (reply, out)
    return out


def keyboard(reply: Reply, kb: KnowledgeBase) -> Keyboard | None:
    """The reply's buttons as an inline keyboard; a button that cannot be encoded is dropped."""
    rows: list[list[dict[str, str]]] = []
    for row in reply.buttons:
        out: list[dict[str, str]] = []
        for button in row:
            label = button.label[:64] or "…"
            if button.url:
                out.append({"text": label, "url": button.url})
            elif button.action is not None:
                # A press answers in the reply's language; if that does not fit in 64
                # bytes, the button still works in the chat's language.
                spoken = button.action.model_copy(update={"lang": reply.lang})
                data = callback.encode(spoken, kb) or callback.encode(button.action, kb)
                if data is None:
                    log.warning("button %r dropped: action does not fit callback data", label)
                    continue
                out.append({"text": label, "callback_data": data})
        if out:
            rows.append(out)
    return Keyboard({"inline_keyboard": rows}) if rows else None
