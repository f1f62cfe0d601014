"""Inline mode: ``@BotName cluster`` in any chat lists matching records as article results.

Each result carries the record's card (its overview reply) and a deep link that opens the
record in the private chat (``t.me/<bot>?start=<record id>``). Results come 50 a page;
``next_offset`` is the index of the next page, so paging needs no server-side state.
"""

from __future__ import annotations

import logging

from rapidfuzz import fuzz, process, utils
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

from migbot.answers import sections
from migbot.answers.reply import Action
from migbot.i18n import speaking
from migbot.knowledge.loader import KnowledgeBase
from migbot.knowledge.models import Dialogue, Record
from migbot.memo import Memo
from migbot.telegram import render, words
from migbot.telegram.callback import short_key
from migbot.telegram.handlers import AnyApp, Ctx, holder_of, user_lang
from migbot.telegram.perkb import PerKnowledge

log = logging.getLogger(__name__)

PAGE = 50
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
MIN_SCORE = 60
RECENT_QUERIES = 32


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


class SearchIndex:
    """What ``search`` needs of one knowledge base, prepared once (a reload brings a new kb).

    The records in listing order (dialogues first, then by title) with their titles, and
    every distinct name after ``utils.default_process`` with the records bearing it (an id
    such as ``lm-0024`` and the IDF id ``LM.0024`` process to the same ``lm 0024``, so about
    a third fewer names to score). A query is then scored against all names in one C loop.
    """

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.records: tuple[Record, ...] = tuple(
            sorted(kb.records.values(), key=lambda r: (r.kind != "dialogue", record_title(r)))
        )
        self.titles = [record_title(record) for record in self.records]
        owners: dict[str, list[int]] = {}
        for position, record in enumerate(self.records):
            for name in _names(record):
                owners.setdefault(utils.default_process(name), []).append(position)
        self.names = list(owners)
        self.owners = [owners[name] for name in self.names]
        # Inline results come a page at a time and every page asks for the same query
        # again; the last few results are kept.
        self._recent: Memo[tuple[Record, ...]] = Memo(RECENT_QUERIES)

    def search(self, query: str) -> list[Record]:
        query = query.strip()
        if not query:
            return list(self.records)
        return list(self._recent.get(query, lambda: self._score(query)) or ())

    def _score(self, query: str) -> tuple[Record, ...]:
        # WRatio(q, n, processor=default_process) is WRatio on the processed strings, and
        # default_process is idempotent, so scoring processed names with processor=None
        # gives the very scores of the per-name loop this replaced.
        processed = utils.default_process(query)
        if not processed:
            return ()  # WRatio of an empty string is 0: nothing reaches MIN_SCORE
        best: dict[int, float] = {}
        for _name, score, index in process.extract(
            processed,
            self.names,
            scorer=fuzz.WRatio,
            processor=None,
            score_cutoff=MIN_SCORE,
            limit=None,
        ):
            for position in self.owners[index]:
                if score > best.get(position, -1.0):
                    best[position] = score
        # Best score first, then title, then listing order: the old stable sort's order.
        ranked = sorted(best, key=lambda p: (-best[p], self.titles[p], p))
        return tuple(self.records[position] for position in ranked)


index_for = PerKnowledge(SearchIndex)


def search(kb: KnowledgeBase, query: str) -> list[Record]:
    """Records matching ``query``, best first; all records (dialogues first) when empty.

    A record matches when one of its names scores at least ``MIN_SCORE`` with
    ``fuzz.WRatio`` (both sides through ``utils.default_process``); its best name counts.
    """
    return index_for(kb).search(query)


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
    lang = user_lang(query.from_user)  # no chat yet: the querying user's app language
    results = []
    for record in page:
        card = holder.press(Action(kind="open", entity=record.id), None, f"inline:{query.id}", lang)
        body = render.split_html(card.html)[0]
        link = f"https://t.me/{username}?start={record.id}"
        with speaking(lang):  # named as the card names it
            title = sections.title(kb, record)
        results.append(
            InlineQueryResultArticle(
                id=short_key(record.id),
                title=title[:200],
                description=(record.summary or card.text)[:200],
                input_message_content=InputTextMessageContent(
                    body, parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW
                ),
                reply_markup=InlineKeyboardMarkup(
                    [[InlineKeyboardButton(words.open_in_chat(lang), url=link)]]
                ),
            )
        )
    more = offset + PAGE < len(found)
    # Personal: the results are in the user's language, so Telegram must not hand them
    # to users of another language asking the same query.
    await query.answer(
        results, next_offset=str(offset + PAGE) if more else "", cache_time=30, is_personal=True
    )


def register(application: AnyApp) -> None:
    application.add_handler(InlineQueryHandler(on_inline))
