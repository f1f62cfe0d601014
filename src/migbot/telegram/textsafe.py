"""Text as Telegram never sends it but a proxy or a forged update might.

A lone surrogate (JSON ``"\\ud800"``) cannot be encoded as UTF-8, so it would fail the reply
that quotes it, the inbox that stores it and every later send; an entity whose UTF-16 offset
splits a surrogate pair makes python-telegram-bot's ``parse_entities`` raise. Both are
turned into U+FFFD instead, so the question is still answered and still recorded.
"""

from __future__ import annotations

from collections.abc import Iterable

from telegram import Message, MessageEntity

REPLACEMENT = "\ufffd"


def clean(text: str) -> str:
    """``text`` with every unpaired surrogate replaced by U+FFFD (paired ones kept)."""
    if text.isascii():
        return text
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def entity_texts(message: Message, types: Iterable[str]) -> list[tuple[MessageEntity, str]]:
    """(entity, its text) for ``message``'s entities of ``types``; never raises on offsets
    that split a character (the broken half is dropped)."""
    text = message.text or ""
    units = text.encode("utf-16-le", "surrogatepass")
    wanted = set(types)
    return [
        (
            entity,
            units[entity.offset * 2 : (entity.offset + entity.length) * 2]
            .decode("utf-16-le", "replace")
            .strip(REPLACEMENT),
        )
        for entity in message.entities
        if entity.type in wanted
    ]


def without(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """``text`` without the UTF-16 ``(offset, length)`` spans, cleaned."""
    units = text.encode("utf-16-le", "surrogatepass")
    for offset, length in sorted(spans, reverse=True):
        units = units[: offset * 2] + units[(offset + length) * 2 :]
    return units.decode("utf-16-le", "replace")
