"""Inline mode: ``@BotName cluster`` in any chat lists matching records as article results.

Each result carries the record's card (its overview reply) and a deep link that opens the
record in the private chat (``t.me/<bot>?start=<record id>``). Results come 50 a page;
``next_offset`` is the index of the next page, so paging needs no server-side state.
"""

from __future__ import annotations

import logging

from rapidfuzz import fuzz, utils
from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    LinkPreviewOptions,
    Update,
)
from telegram.constants import ParseMode
from telegram.ext import InlineQueryHandler

from migbot.answers.reply import Action
from migbot.knowledge.loader import KnowledgeBase
from migbot.knowledge.models import Dialogue, Record
from migbot.telegram import render
from migbot.telegram.callback import short_key
from migbot.telegram.handlers import AnyApp, Ctx, holder_of

log = logging.getLogger(__name__)

PAGE = 50
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
MIN_SCORE = 60


def record_title(record: Record) -> str:
    if isinstance(record, Dialogue):
        return record.name + (f" ({record.acronym})" if record.acronym else "")
    return (f"{record.idf_id}: " if record.idf_id else "") + record.title


def _names(record: Record) -> list[str]:
    names = [record.id, *record.aliases]
    if isinstance(record, Dialogue):
        names += [record.name, record.acronym or ""]
    else:
        names += [record.title, record.idf_id or ""]
    return [n for n in names if n]


def search(kb: KnowledgeBase, query: str) -> list[Record]:
    """Records matching ``query``, best first; all records (dialogues first) when empty."""
    records = sorted(kb.records.values(), key=lambda r: (r.kind != "dialogue", record_title(r)))
    query = query.strip()
    if not query:
        return records
    scored = []
    for record in records:
        score = max(
            fuzz.WRatio(query, name, processor=utils.default_process) for name in _names(record)
        )
        if score >= MIN_SCORE:
            scored.append((-score, record_title(record), record))
    return [record for _, _, record in sorted(scored, key=lambda item: item[:2])]


async def on_inline(update: Update, context: Ctx) -> None:
    query = update.inline_query
    if query is None:
        return
    holder = holder_of(context)
    kb = holder.current.kb
    offset = int(query.offset) if query.offset.isdigit() else 0
    found = search(kb, query.query)
    page = found[offset : offset + PAGE]
    username = context.bot.username
    results = []
    for record in page:
        card = holder.press(Action(kind="open", entity=record.id), None, f"inline:{query.id}")
        body = render.split_html(card.html)[0]
        link = f"https://t.me/{username}?start={record.id}"
        results.append(
            InlineQueryResultArticle(
                id=short_key(record.id),
                title=record_title(record)[:200],
                description=(record.summary or card.text)[:200],
                input_message_content=InputTextMessageContent(
                    body, parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW
                ),
                reply_markup=InlineKeyboardMarkup(
                    [[InlineKeyboardButton("Open in a chat with the bot", url=link)]]
                ),
            )
        )
    more = offset + PAGE < len(found)
    await query.answer(
        results, next_offset=str(offset + PAGE) if more else "", cache_time=30, is_personal=False
    )


def register(application: AnyApp) -> None:
    application.add_handler(InlineQueryHandler(on_inline))
