"""Update handlers: commands, text, mentions, button presses, errors.

Each handler turns an update into ``holder.ask`` / ``holder.press`` and sends the ``Reply``.
The conversation context of DESIGN.md lives in the chat's state under ``"context"`` (a
plain dict) and the language chosen with /language under ``"lang"``, in the bounded
``ChatState`` store of ``bot_data[CHAT_STATE]`` (in memory, or shared by replicas); PTB's
own ``chat_data`` is not used: it keeps every chat forever. Replies are in the question's
language where its words make it clear, else the chat's chosen one, else the language of
the user's Telegram app (``language_code``), else English.
"""

from __future__ import annotations

import asyncio
import html
import logging
import time
from collections.abc import Callable, Mapping
from typing import Any

from telegram import (
    CallbackQuery,
    Message,
    MessageEntity,
    Update,
    User,
)
from telegram.constants import ChatAction
from telegram.error import BadRequest, TelegramError
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from migbot.answers.reply import Action, Reply
from migbot.context import Context
from migbot.i18n import choose
from migbot.languages import LANGUAGES
from migbot.ops.chatstate import ChatState
from migbot.ops.holder import AssistantHolder
from migbot.telegram import callback, delivery, photos, render, send, textsafe, words
from migbot.telegram.logsafe import scrub

log = logging.getLogger(__name__)

HOLDER = "migbot.holder"
SETTINGS = "migbot.settings"
CHAT_STATE = "migbot.chat_state"
CONTEXT = "context"
LANG = "lang"  # the chat's language chosen with /language (absent: the user's app language)
TYPING_AFTER = 0.3  # seconds of thinking after which the chat shows "typing…"

AnyApp = Application[Any, Any, Any, Any, Any, Any]
Ctx = ContextTypes.DEFAULT_TYPE


def holder_of(context: Ctx) -> AssistantHolder:
    holder: AssistantHolder = context.application.bot_data[HOLDER]
    return holder


def chat_states(context: Ctx) -> ChatState:
    store: ChatState = context.application.bot_data[CHAT_STATE]
    return store


def user_lang(user: User | None) -> str | None:
    """The language of ``user``'s Telegram app, if answers are written in it."""
    code = (user.language_code or "")[:2].lower() if user is not None else ""
    return code if code in LANGUAGES else None


def lang_of(state: Mapping[str, Any], user: User | None) -> str | None:
    """The language of a chat with ``state`` when no question's words say otherwise: the
    chat's /language choice, else ``user``'s app language, else None."""
    chosen = state.get(LANG)
    return chosen if chosen in LANGUAGES else user_lang(user)


async def chat_lang(context: Ctx, chat_id: int, user: User | None) -> str | None:
    """The language ``chat_id`` is spoken to in (``lang_of`` its state)."""
    return lang_of(await chat_states(context).get(str(chat_id)) or {}, user)


async def recall(
    context: Ctx, chat_id: int, user: User | None
) -> tuple[Context | None, str | None]:
    """The chat's conversation context, and the language to answer in when the question's
    own words do not say (``lang_of``)."""
    state = await chat_states(context).get(str(chat_id)) or {}
    lang = lang_of(state, user)
    data = state.get(CONTEXT)
    if isinstance(data, dict):
        try:
            return Context.model_validate(data), lang
        except ValueError:
            pass  # an old or foreign shape: start afresh
    return None, lang


async def choose_lang(context: Ctx, chat_id: int, lang: str) -> None:
    store = chat_states(context)
    state = dict(await store.get(str(chat_id)) or {})  # the context stays
    state[LANG] = lang
    await store.put(str(chat_id), state)


async def remember(context: Ctx, chat_id: int, reply: Reply) -> None:
    store = chat_states(context)
    state = dict(await store.get(str(chat_id)) or {})  # other keys of the chat stay
    state[CONTEXT] = reply.context.model_dump(mode="json")
    await store.put(str(chat_id), state)


class _Pace:
    """A moving average of how long answers take, to pick the cheap path when they are fast."""

    seconds = 0.0

    @classmethod
    def note(cls, seconds: float) -> None:
        cls.seconds = 0.8 * cls.seconds + 0.2 * seconds


async def think(context: Ctx, chat_id: int, produce: Callable[[], Reply]) -> Reply:
    """Compute a reply; show "typing…" first when it takes a while.

    Answers usually take well under a millisecond: then they are computed right here (a
    thread hop would cost more than the answer). When answers have been slow lately, the
    work goes to a thread and the chat shows "typing…" if it is not done within
    ``TYPING_AFTER`` seconds.
    """
    start = time.perf_counter()
    if _Pace.seconds < TYPING_AFTER / 10:
        reply = produce()
        _Pace.note(time.perf_counter() - start)
        return reply
    task = asyncio.ensure_future(asyncio.to_thread(produce))
    done, _ = await asyncio.wait({task}, timeout=TYPING_AFTER)
    if not done:
        try:
            await context.bot.send_chat_action(chat_id, ChatAction.TYPING)
        except TelegramError as exc:  # cosmetic: never lose the answer over it
            log.warning("typing action failed: %s", scrub(str(exc)))
    reply = await task
    _Pace.note(time.perf_counter() - start)
    return reply


async def send_reply(context: Ctx, chat_id: int, reply: Reply, reply_to: int | None = None) -> None:
    """Send ``reply`` as one or more messages; the keyboard goes on the last one."""
    parts, keyboard = render.rendered(reply, holder_of(context).current.kb)
    await send_parts(context, chat_id, parts, keyboard, reply_to)


async def send_parts(
    context: Ctx,
    chat_id: int,
    parts: tuple[str, ...],
    keyboard: render.Keyboard | None,
    reply_to: int | None = None,
) -> None:
    """Send ``parts`` in order: the first quotes ``reply_to``, the last carries the keyboard."""
    for i, part in enumerate(parts):
        await send.send_html(
            context.bot,
            chat_id,
            part,
            keyboard if i == len(parts) - 1 else None,
            reply_to=reply_to if i == 0 else None,
        )


Produce = Callable[[Context | None, str, str | None], Reply]


async def respond(update: Update, context: Ctx, produce: Produce) -> None:
    """Answer ``update``'s message with ``produce(context, chat_key, lang)``; quote it in
    groups."""
    message = update.effective_message
    chat = update.effective_chat
    if message is None or chat is None:
        return
    before, lang = await recall(context, chat.id, update.effective_user)
    key = str(chat.id)
    reply = await think(context, chat.id, lambda: produce(before, key, lang))
    await remember(context, chat.id, reply)
    quote = message.message_id if chat.type != "private" else None
    await send_reply(context, chat.id, reply, reply_to=quote)


async def ask(update: Update, context: Ctx, text: str) -> None:
    holder = holder_of(context)
    question = textsafe.clean(text).strip()
    if not question:
        help_ = Action(kind="help")
        await respond(update, context, lambda ctx, key, lang: holder.press(help_, ctx, key, lang))
        return
    await respond(update, context, lambda ctx, key, lang: holder.ask(question, ctx, key, lang))


async def press(update: Update, context: Ctx, action: Action) -> None:
    holder = holder_of(context)
    await respond(update, context, lambda ctx, key, lang: holder.press(action, ctx, key, lang))


# --- commands -------------------------------------------------------------------------


async def cmd_start(update: Update, context: Ctx) -> None:
    payload = context.args[0] if context.args else ""
    records = holder_of(context).current.kb.records
    if payload in records:  # a deep link t.me/<bot>?start=<record id>
        await press(update, context, Action(kind="open", entity=payload))
    else:
        await press(update, context, Action(kind="home"))


async def cmd_help(update: Update, context: Ctx) -> None:
    await press(update, context, Action(kind="help"))


async def cmd_menu(update: Update, context: Ctx) -> None:
    await press(update, context, Action(kind="home"))


async def cmd_dialogues(update: Update, context: Ctx) -> None:
    await press(update, context, Action(kind="list", filters=(("kind", "dialogue"),)))


async def cmd_projects(update: Update, context: Ctx) -> None:
    await press(update, context, Action(kind="list", filters=(("kind", "project"),)))


async def cmd_ask(update: Update, context: Ctx) -> None:
    await ask(update, context, " ".join(context.args or ()))


async def cmd_language(update: Update, context: Ctx) -> None:
    """The language buttons; a press sets the chat's language (``on_press``)."""
    message = update.effective_message
    chat = update.effective_chat
    if message is None or chat is None:
        return
    _, lang = await recall(context, chat.id, update.effective_user)
    row = [
        {"text": name, "callback_data": callback.encode_language(code)}
        for code, name in words.LANGUAGE_NAMES.items()
    ]
    keyboard = render.Keyboard({"inline_keyboard": [row[:2], row[2:]]})
    quote = message.message_id if chat.type != "private" else None
    text = html.escape(words.choose_language(lang))
    await send.send_html(context.bot, chat.id, text, keyboard, reply_to=quote)


async def on_text(update: Update, context: Ctx) -> None:
    message = update.effective_message
    if message is not None and message.text is not None:
        await ask(update, context, message.text)


async def on_mention(update: Update, context: Ctx) -> None:
    """A group message addressed to the bot: its text without the @mention."""
    message = update.effective_message
    if message is None or message.text is None:
        return
    username = (context.bot.username or "").lower()
    spans = [
        (entity.offset, entity.length)
        for entity, value in textsafe.entity_texts(message, [MessageEntity.MENTION])
        if value.lower() == f"@{username}"
    ]
    await ask(update, context, textsafe.without(message.text, spans))


class AddressedToBot(filters.MessageFilter):
    """A message that mentions this bot or replies to one of its messages."""

    def filter(self, message: Message) -> bool:
        bot = message.get_bot()
        replied = message.reply_to_message
        if replied is not None and replied.from_user is not None and replied.from_user.id == bot.id:
            return True
        username = f"@{bot.username}".lower()
        mentions = textsafe.entity_texts(message, [MessageEntity.MENTION])
        return any(value.lower() == username for _, value in mentions)


# --- buttons --------------------------------------------------------------------------


def _same(message: Message, parts: tuple[str, ...], keyboard: render.Keyboard | None) -> bool:
    """Would editing ``message`` into this reply change nothing (Telegram would refuse)?"""
    if len(parts) != 1:
        return False
    old = (message.text or "").strip()
    new = render.visible_text(parts[0]).strip()
    markup = message.reply_markup.to_dict() if message.reply_markup else None
    return old == new and markup == (keyboard.wire if keyboard else None)


async def on_press(update: Update, context: Ctx) -> None:
    query = update.callback_query
    if query is None:
        return
    chosen = callback.decode_language(query.data)
    if chosen is not None:
        await on_language(update, context, query, chosen)
        return
    holder = holder_of(context)
    action = callback.decode(query.data, holder.current.kb)
    # Answer first and exactly once: the spinner stops even if composing the reply fails.
    stale = None
    if action is None:
        where = query.message.chat.id if query.message is not None else None
        stale = words.stale_notice(await notice_lang(context, where, query.from_user))
    await query.answer(stale)
    if action is None:
        log.info("stale or forged callback data in update %s", update.update_id)
        action = Action(kind="home")
    message = query.message
    if not isinstance(message, Message):
        return  # inline-mode message or too old to be accessible: nothing to edit
    if action.kind == "map":  # a photo of its own; the answer with the button stays as it is
        await show_map(context, query, message, action)
        return
    before, lang = await recall(context, message.chat.id, query.from_user)
    key = str(message.chat.id)
    reply = await think(context, message.chat.id, lambda: holder.press(action, before, key, lang))
    await remember(context, message.chat.id, reply)
    await show_in_place(context, query, message, reply)


async def show_map(context: Ctx, query: CallbackQuery, message: Message, action: Action) -> None:
    """The map of a 🗺 button as a photo, in the language of the answer that showed the
    button (as any other press), else the chat's."""
    chat = message.chat
    lang = choose(action.lang, await chat_lang(context, chat.id, query.from_user))
    quote = message.message_id if chat.type != "private" else None
    kb, ids = holder_of(context).current.kb, photos.file_ids(context.bot_data)
    await photos.send_map(context.bot, chat.id, action, kb, ids, quote, lang)


async def on_language(update: Update, context: Ctx, query: CallbackQuery, lang: str) -> None:
    """A /language button: the chat answers in ``lang`` from now on; said in ``lang``."""
    await query.answer()
    chat = update.effective_chat
    if chat is None:
        return
    await choose_lang(context, chat.id, lang)
    text = html.escape(words.language_chosen(lang))
    message = query.message
    if isinstance(message, Message):
        try:
            await send.edit_html(context.bot, chat.id, message.message_id, text, None)
            return
        except BadRequest as exc:
            if "not modified" in str(exc):
                return  # the same language pressed twice
            log.info("language message not editable (%s): answering anew", scrub(str(exc)))
    await send.send_html(context.bot, chat.id, text, None)


async def show_in_place(context: Ctx, query: CallbackQuery, message: Message, reply: Reply) -> None:
    parts, keyboard = render.rendered(reply, holder_of(context).current.kb)
    if _same(message, parts, keyboard):
        return
    try:
        await send.edit_html(
            context.bot,
            message.chat.id,
            message.message_id,
            parts[0],
            keyboard if len(parts) == 1 else None,
        )
    except BadRequest as exc:
        if "not modified" in str(exc):
            pass
        elif "edit" in str(exc).lower():
            # Too old, deleted, or not the bot's own: the answer comes as a new message.
            log.info("message not editable (%s): answering anew", scrub(str(exc)))
            await send_parts(context, message.chat.id, parts, keyboard)
            return
        else:
            raise
    await send_parts(context, message.chat.id, parts[1:], keyboard)


# --- errors ---------------------------------------------------------------------------


async def on_error(update: object, context: Ctx) -> None:
    error = context.error
    update_id = update.update_id if isinstance(update, Update) else None
    text = scrub(f"{type(error).__name__}: {error}")
    if update_id is None:
        log.warning("error outside an update: %s", text)
        return
    if delivery.undelivered():
        # Telegram unreachable for the whole send deadline: the update stays unconfirmed
        # and is answered when Telegram delivers it again; an apology would not get through.
        log.warning("update %s not answered yet: %s", update_id, text)
        return
    log.error("update %s failed: %s", update_id, text, exc_info=error)
    assert isinstance(update, Update)
    chat = update.effective_chat
    if chat is None or update.inline_query is not None:
        return
    sorry = words.sorry(await notice_lang(context, chat.id, update.effective_user))
    try:
        await context.bot.send_message(chat.id, sorry)
    except TelegramError as exc:
        log.warning("could not tell chat about the error: %s", scrub(str(exc)))


async def notice_lang(context: Ctx, chat_id: int | None, user: User | None) -> str | None:
    """The chat's language for a notice that must go out whatever else failed (an apology,
    an expired button, an admin's report); the user's app language where there is no chat
    (inline mode) or its state cannot be read (that may be the very failure apologised for)."""
    if chat_id is None:
        return user_lang(user)
    try:
        return await chat_lang(context, chat_id, user)
    except Exception as exc:
        log.warning("chat state unreadable for a notice: %s", scrub(str(exc)))
        return user_lang(user)


def register(application: AnyApp) -> None:
    # New messages only: an edited message must not be answered a second time.
    fresh = filters.UpdateType.MESSAGE
    private = filters.ChatType.PRIVATE & fresh
    groups = filters.ChatType.GROUPS & fresh
    for name, callback_fn in (
        ("start", cmd_start),
        ("help", cmd_help),
        ("menu", cmd_menu),
        ("dialogues", cmd_dialogues),
        ("projects", cmd_projects),
    ):
        application.add_handler(CommandHandler(name, callback_fn, filters=private))
    # /ask and /ask@ThisBot everywhere; /ask@OtherBot is filtered out by CommandHandler.
    application.add_handler(CommandHandler("ask", cmd_ask, filters=private | groups))
    application.add_handler(CommandHandler("language", cmd_language, filters=private | groups))
    application.add_handler(MessageHandler(private & filters.TEXT & ~filters.COMMAND, on_text))
    application.add_handler(MessageHandler(private & filters.COMMAND, cmd_help))
    application.add_handler(
        MessageHandler(groups & filters.TEXT & ~filters.COMMAND & AddressedToBot(), on_mention)
    )
    application.add_handler(CallbackQueryHandler(on_press))
    application.add_error_handler(on_error)
