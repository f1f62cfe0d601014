"""Drive a bot through the fake server the way people do, waiting on real events only."""

from __future__ import annotations

import asyncio
from typing import Any

from .server import FakeBotApi

SENTINEL_CHAT = 990_000_001


async def say(fake: FakeBotApi, chat_id: int, text: str, **kwargs: Any) -> list[dict[str, Any]]:
    """Send ``text`` and return the bot's new messages in that chat once it has answered."""
    before = len(fake.bot_messages(chat_id))
    fake.send(chat_id, text, **kwargs)
    await settle(fake)
    return fake.bot_messages(chat_id)[before:]


async def settle(fake: FakeBotApi) -> None:
    """Wait until the bot has handled everything sent so far.

    Polling: once the bot has answered a /help sent after them in a chat of its own, every
    earlier update has reached it (a batch arrives in order). Webhook: chats are POSTed
    side by side, and an update is acknowledged only once handled, so wait until none is
    left unacknowledged. Chats are handled side by side, so then wait for the bot's own
    word that none is still being handled (``fake.bot_idle``).
    """
    before = len(fake.bot_messages(SENTINEL_CHAT))
    fake.send(SENTINEL_CHAT, "/help")
    await fake.wait_for(lambda: len(fake.bot_messages(SENTINEL_CHAT)) > before, timeout=120)
    if fake.webhook is not None:
        await fake.wait_for(lambda: not fake.updates, timeout=120)
    if fake.bot_idle is not None:
        await asyncio.wait_for(fake.bot_idle(), 120)


async def click(fake: FakeBotApi, message: dict[str, Any], data: str) -> dict[str, Any]:
    """Press a button; returns the message as it is afterwards (edited in place or not)."""
    query_id = fake.press(message, data)
    await settle(fake)
    assert fake.queries[query_id]["answered"] == 1
    return fake.messages[(message["chat"]["id"], message["message_id"])]


def buttons(message: dict[str, Any]) -> list[dict[str, Any]]:
    markup = message.get("reply_markup") or {}
    return [b for row in markup.get("inline_keyboard", []) for b in row]


def data_of(message: dict[str, Any], label_part: str) -> str:
    for button in buttons(message):
        if label_part.lower() in button["text"].lower() and "callback_data" in button:
            return str(button["callback_data"])
    raise AssertionError(f"no button {label_part!r} in {[b['text'] for b in buttons(message)]}")
