"""Updates of different chats are handled side by side; each chat's updates stay in order.

python-telegram-bot either handles one update at a time (the bot idles while each reply
travels to Telegram and back) or, with ``concurrent_updates``, several at once in no
particular order, so a quick "/menu" could overtake the question typed before it. Here an
update waits only for the earlier updates of its own conversation (chat, or user where
there is no chat), and at most ``limit`` updates are worked on at once.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Hashable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

# PTB's own cap is only a bound on tasks waiting here: waiting for an earlier update of the
# same chat must not take one of the ``limit`` working places.
_QUEUED = 1 << 20


def conversation(update: object) -> Hashable | None:
    """What an update must stay in order with: its chat, else its user, else nothing."""
    if not isinstance(update, Update):
        return None
    if update.effective_chat is not None:
        return ("chat", update.effective_chat.id)
    if update.effective_user is not None:
        return ("user", update.effective_user.id)
    return None


class ChatOrderedProcessor(BaseUpdateProcessor):
    """At most ``limit`` updates at once, in arrival order within each conversation.

    PTB starts ``do_process_update`` in arrival order (one task per update, started FIFO,
    and its semaphore never makes them wait at this cap), so taking a place in the
    conversation's chain before the first ``await`` keeps that order.
    """

    __slots__ = ("_idle", "_in_flight", "_last", "_working", "limit")

    def __init__(self, limit: int) -> None:
        super().__init__(_QUEUED)
        if limit < 1:
            raise ValueError("limit must be at least 1")
        self.limit = limit
        self._working = asyncio.Semaphore(limit)
        # The last update of each conversation still being handled: the next one waits for it.
        self._last: dict[Hashable, asyncio.Future[None]] = {}
        self._in_flight = 0
        self._idle = asyncio.Event()
        self._idle.set()

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = conversation(update)
        before = self._last.get(key) if key is not None else None
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        if key is not None:
            self._last[key] = done
        self._in_flight += 1
        self._idle.clear()
        try:
            if before is not None:
                await asyncio.shield(before)  # a cancelled wait must not cancel the earlier one
            async with self._working:
                await coroutine
        finally:
            done.set_result(None)
            if key is not None and self._last.get(key) is done:
                del self._last[key]
            self._in_flight -= 1
            if not self._in_flight:
                self._idle.set()
            if not isinstance(coroutine, asyncio.Future) and hasattr(coroutine, "close"):
                coroutine.close()  # never awaited when cancelled while waiting: no warning

    async def idle(self) -> None:
        """Until no update is being handled or waiting its turn (tests settle on this)."""
        await self._idle.wait()

    async def initialize(self) -> None:
        """Nothing to allocate."""

    async def shutdown(self) -> None:
        """Nothing to free: PTB waits for the update tasks themselves on ``stop``."""
