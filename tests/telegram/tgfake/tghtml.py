"""Telegram's HTML parse mode: the one HTML validator of the tests.

``parse(markup) -> visible text`` or ``HtmlError`` with a message in Telegram's words.

Always (the fake Bot API server's mode, as lenient as Telegram itself):

1. every ``<`` opens a well-formed ``<name attr=...>`` or ``</name>``: a bare ``<``, a
   self-closing ``<br/>``, a comment, ``<!DOCTYPE>``, ``<?pi?>``, CDATA or a tag cut off at the
   end are refused;
2. only the documented tags (``TAGS``; names are case-insensitive);
3. an end tag closes the innermost open tag (no stray, no crossed tags);
4. no tag left open at the end;
5. ``<a>`` with an empty ``href`` is refused;
6. ``<span>`` carries ``tg-spoiler`` in its class;
7. named entities are only ``&lt; &gt; &amp; &quot;`` (numeric references are fine).

Telegram itself accepts a bare ``>`` and a ``&`` that starts no entity, and ignores unknown
attributes of known tags, so that mode does too. ``strict=True`` is what migbot promises on top
(the answer and fuzz tests ask for it):

8. no bare ``>`` and 9. no bare ``&`` in text (``&amp`` without its ``;`` is a bare ``&``);
10. character references within Unicode (at most U+10FFFF);
11. only the attributes the tag may carry, each once;
12. a span's class is exactly ``tg-spoiler``; 13. a code class is ``language-*``;
14. ``<a>`` has an ``href``;
15. no ``tg-emoji`` (custom emoji need a Fragment username migbot's bot does not have).

``tags=`` narrows the tag → attributes table (the composer's ``b i a code``, no attributes but
``href``) and ``flat=True`` refuses a tag inside another. ``check_message`` adds a message's own
limits: 16. some visible text, 17. at most 4096 characters of it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Collection, Mapping

# Tag → attributes it may carry (Telegram ignores unknown attributes of known tags).
TAGS: dict[str, set[str]] = {
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
STRICT_TAGS = {name: attrs for name, attrs in TAGS.items() if name != "tg-emoji"}
# What the answer composer writes: bold, italic, links and code, never nested, no classes.
COMPOSER_TAGS: dict[str, set[str]] = {"b": set(), "i": set(), "a": {"href"}, "code": set()}
NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
MAX_TEXT = 4096
_TAG = re.compile(
    r"<(/?)([A-Za-z][A-Za-z0-9-]*)((?:\s+[A-Za-z-]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*)\s*>"
)
_ATTR = re.compile(r"([A-Za-z-]+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+))?")
_TEXT = re.compile(r"[^<&>]+")
_ENTITY = re.compile(r"&(#x[0-9A-Fa-f]{1,6}|#[0-9]{1,7}|[A-Za-z]+);")

TagTable = Mapping[str, Collection[str]]


class HtmlError(ValueError):
    pass


def parse(
    markup: str, *, strict: bool = False, tags: TagTable | None = None, flat: bool = False
) -> str:
    table = tags if tags is not None else STRICT_TAGS if strict else TAGS
    out: list[str] = []
    stack: list[str] = []
    i = 0
    while i < len(markup):
        ch = markup[i]
        if ch == "<":
            offset = _offset(markup, i)
            m = _TAG.match(markup, i)
            if not m:
                raise HtmlError(f"Unexpected end of name token at byte offset {offset}")
            closing, name = m.group(1), m.group(2).lower()
            if name not in table:
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
                raw = m.group(3) or ""
                attrs = [(a.lower(), v.strip("\"'")) for a, v in _ATTR.findall(raw)]
                for attr, value in attrs:
                    if name == "a" and attr == "href" and not value:
                        raise HtmlError(f"Empty href in a tag at byte offset {offset}")
                if name == "span" and "tg-spoiler" not in raw:
                    raise HtmlError(
                        f'Tag "span" must have class "tg-spoiler" at byte offset {offset}'
                    )
                if strict:
                    _check_attributes(name, attrs, table[name], offset)
                if flat and stack:
                    raise HtmlError(f'Tag "{name}" inside "{stack[-1]}" at byte offset {offset}')
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
                if strict and _code_point(m.group(1)) > 0x10FFFF:
                    raise HtmlError(f"Character reference {m.group(0)!r} out of range")
                out.append(html.unescape(m.group(0)))
                i = m.end()
            elif strict:
                raise HtmlError(f'Unescaped "&" at byte offset {_offset(markup, i)}')
            else:
                out.append("&")
                i += 1
        elif ch == ">":
            if strict:
                raise HtmlError(f'Unescaped ">" at byte offset {_offset(markup, i)}')
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


def check_message(
    markup: str,
    *,
    strict: bool = True,
    tags: TagTable | None = None,
    flat: bool = False,
    limit: int = MAX_TEXT,
) -> str:
    """``parse`` plus a message's own limits: some visible text, at most ``limit`` characters."""
    text = parse(markup, strict=strict, tags=tags, flat=flat)
    if not text.strip():
        raise HtmlError("Message text is empty")
    if len(text) > limit:
        raise HtmlError(f"Message is too long: {len(text)} characters")
    return text


def _check_attributes(
    name: str, attrs: list[tuple[str, str]], allowed: Collection[str], offset: int
) -> None:
    seen: set[str] = set()
    for attr, raw in attrs:
        value = html.unescape(raw)
        where = f'of tag "{name}" at byte offset {offset}'
        if attr not in allowed:
            raise HtmlError(f'Unsupported attribute "{attr}" {where}')
        if attr in seen:
            raise HtmlError(f'Repeated attribute "{attr}" {where}')
        seen.add(attr)
        if name == "span" and attr == "class" and value != "tg-spoiler":
            raise HtmlError(f'Class "{value}" {where}: only "tg-spoiler"')
        if name == "code" and attr == "class" and not value.startswith("language-"):
            raise HtmlError(f'Class "{value}" {where}: only "language-*"')
    if name == "a" and "href" not in seen:
        raise HtmlError(f"No href in a tag at byte offset {offset}")


def _offset(markup: str, i: int) -> int:
    """Telegram reports positions in UTF-8 bytes."""
    return len(markup[:i].encode())


def _code_point(reference: str) -> int:
    """``#65`` or ``#x41`` → 65."""
    return int(reference[2:], 16) if reference[1:2] == "x" else int(reference[1:])
