"""Telegram's HTML parse mode, strictly: the documented tag set, nesting, four named entities.

``parse(markup) -> visible text`` or ``HtmlError`` with a message in Telegram's words.
"""

from __future__ import annotations

import html
import re

# Tag → attributes it may carry (Telegram ignores unknown attributes of known tags).
TAGS = {
    "b": set(),
    "strong": set(),
    "i": set(),
    "em": set(),
    "u": set(),
    "ins": set(),
    "s": set(),
    "strike": set(),
    "del": set(),
    "span": {"class"},
    "tg-spoiler": set(),
    "a": {"href"},
    "code": {"class"},
    "pre": set(),
    "blockquote": {"expandable"},
    "tg-emoji": {"emoji-id"},
}
NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_TAG = re.compile(
    r"<(/?)([A-Za-z][A-Za-z0-9-]*)((?:\s+[A-Za-z-]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*)\s*>"
)
_ATTR = re.compile(r"([A-Za-z-]+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+))?")
_TEXT = re.compile(r"[^<&>]+")
_ENTITY = re.compile(r"&(#x[0-9A-Fa-f]{1,6}|#[0-9]{1,7}|[A-Za-z]+);")


class HtmlError(ValueError):
    pass


def parse(markup: str) -> str:
    out: list[str] = []
    stack: list[str] = []
    i = 0
    while i < len(markup):
        ch = markup[i]
        if ch == "<":
            m = _TAG.match(markup, i)
            offset = len(markup[:i].encode())
            if not m:
                raise HtmlError(f"Unexpected end of name token at byte offset {offset}")
            closing, name = m.group(1), m.group(2).lower()
            if name not in TAGS:
                kind = "end" if closing else "start"
                raise HtmlError(f'Unsupported {kind} tag "{name}" at byte offset {offset}')
            if closing:
                if not stack or stack[-1] != name:
                    raise HtmlError(
                        f'Unmatched end tag at byte offset {offset}, expected "</{stack[-1]}>", '
                        f'found "</{name}>"'
                        if stack
                        else f"Unexpected end tag at byte offset {offset}"
                    )
                stack.pop()
            else:
                for attr, value in _ATTR.findall(m.group(3) or ""):
                    if name == "a" and attr == "href" and not value.strip("\"'"):
                        raise HtmlError(f"Empty href in a tag at byte offset {offset}")
                if name == "span" and "tg-spoiler" not in (m.group(3) or ""):
                    raise HtmlError(
                        f'Tag "span" must have class "tg-spoiler" at byte offset {offset}'
                    )
                stack.append(name)
            i = m.end()
        elif ch == "&":
            m = _ENTITY.match(markup, i)
            if m and not m.group(1).startswith("#"):
                if m.group(1) not in NAMED:
                    raise HtmlError(f"Unsupported HTML entity {m.group(0)!r}")
                out.append(NAMED[m.group(1)])
                i = m.end()
            elif m:
                out.append(html.unescape(m.group(0)))
                i = m.end()
            else:
                out.append("&")
                i += 1
        elif ch == ">":
            out.append(">")
            i += 1
        else:
            m = _TEXT.match(markup, i)
            assert m is not None
            out.append(m.group(0))
            i = m.end()
    if stack:
        raise HtmlError(f'Can\'t find end tag corresponding to start tag "{stack[-1]}"')
    return "".join(out)
