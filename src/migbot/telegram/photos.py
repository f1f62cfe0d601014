"""Maps as Telegram photos: drawn off the event loop, uploaded once, then re-sent by file_id.

A map takes ~80 ms of CPU to draw (the first one also reads the atlas, ~1 s): it runs in a
small thread pool so other chats are answered meanwhile. Telegram keeps every uploaded photo
and hands back a ``file_id``; the next press of the same map sends that id instead of the
picture (no drawing, no upload). The ids are kept per bot (in ``bot_data``: a file_id is
only valid for the bot that uploaded it) and per loaded knowledge (a reload may change who
takes part, so its maps start afresh).
"""

from __future__ import annotations

import asyncio
import html
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from telegram import Bot, InputFile, Message, ReplyParameters
from telegram.constants import ParseMode
from telegram.error import BadRequest

from migbot.answers.reply import Action
from migbot.knowledge.loader import KnowledgeBase
from migbot.maps import MapSpec, map_for, render_map
from migbot.maps.words import say
from migbot.telegram import render

FILE_IDS = "migbot.map_file_ids"
CAPTION_MAX = 1024  # Telegram's limit on a photo caption
# Two workers: a second map need not wait behind the first, and drawing never takes more of
# this 2-core machine's CPU than that.
DRAWING = ThreadPoolExecutor(max_workers=2, thread_name_prefix="migbot-map")


class FileIds:
    """``MapSpec.name`` (a map in one language) → file_id of the photo this bot uploaded,
    for one knowledge base."""

    def __init__(self) -> None:
        self.kb: KnowledgeBase | None = None
        self.ids: dict[str, str] = {}
        self.locks: dict[str, asyncio.Lock] = {}

    def table(self, kb: KnowledgeBase) -> dict[str, str]:
        if kb is not self.kb:  # a reload: maps drawn from the old knowledge are not reused
            self.kb, self.ids, self.locks = kb, {}, {}
        return self.ids

    def lock(self, key: str) -> asyncio.Lock:
        # One upload per map even when two chats press it at once: the second waits, then
        # re-sends the first one's file_id.
        return self.locks.setdefault(key, asyncio.Lock())


def file_ids(bot_data: dict[Any, Any]) -> FileIds:
    ids: FileIds = bot_data.setdefault(FILE_IDS, FileIds())
    return ids


async def draw(spec: MapSpec) -> bytes:
    return await asyncio.get_running_loop().run_in_executor(DRAWING, render_map, spec)


def caption_html(text: str) -> str:
    """``text`` as a photo caption in Telegram HTML: escaped, and cut (with "…") to the
    caption limit as Telegram counts it (visible UTF-16 units, entities as one)."""
    escaped = html.escape(text)
    if render.utf16_len(text) <= CAPTION_MAX:
        return escaped
    return render.split_html(escaped, CAPTION_MAX - 1)[0] + "…"


async def send_map(
    bot: Bot,
    chat_id: int,
    action: Action,
    kb: KnowledgeBase,
    ids: FileIds,
    reply_to: int | None = None,
    lang: str | None = None,
) -> None:
    """Send the map of ``action`` (a record or a country) to ``chat_id`` as a photo, its
    words in ``lang``."""
    spec = map_for(kb, action.entity, action.country, lang)
    if spec is None:  # a stale button for a record that lost its countries
        await bot.send_message(chat_id, say("no_map", lang))
        return
    caption = caption_html(spec.caption)
    reply = ReplyParameters(reply_to, allow_sending_without_reply=True) if reply_to else None

    async def send(photo: str | InputFile) -> Message:
        return await bot.send_photo(
            chat_id, photo, caption=caption, parse_mode=ParseMode.HTML, reply_parameters=reply
        )

    table = ids.table(kb)
    async with ids.lock(spec.name):
        known = table.get(spec.name)
        if known is not None:
            try:
                await send(known)
                return
            except BadRequest:  # Telegram no longer knows the file: upload it again
                table.pop(spec.name, None)
        png = await draw(spec)
        message = await send(InputFile(png, filename=spec.name + ".png"))
        if message.photo:
            table[spec.name] = message.photo[-1].file_id  # the largest size Telegram made
