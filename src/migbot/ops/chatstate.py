"""Per-chat state (the follow-up context, the language chosen with /language), bounded.

A transport keeps one small JSON-able dict per chat. ``MemoryChatState`` holds the most
recently used ``max_chats`` chats and forgets a chat ``ttl`` seconds after its last write,
so memory stays bounded however many people write; a forgotten chat simply starts afresh
(its next question is read without the earlier one). The interface is asynchronous so a
shared store (Redis, for several replicas) can stand in for it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, Protocol

from cachetools import TTLCache

State = dict[str, Any]


class ChatState(Protocol):
    async def get(self, chat: str) -> State | None: ...
    async def put(self, chat: str, state: State) -> None: ...
    async def close(self) -> None: ...


class MemoryChatState:
    """An LRU of chats in this process, each kept ``ttl`` seconds after its last write."""

    def __init__(
        self,
        max_chats: int = 10_000,
        ttl: float = 24 * 3600,
        timer: Callable[[], float] = time.monotonic,
    ) -> None:
        self._chats: TTLCache[str, State] = TTLCache(maxsize=max_chats, ttl=ttl, timer=timer)

    async def get(self, chat: str) -> State | None:
        state = self._chats.get(chat)
        return state  # callers build their objects from it and never change it

    async def put(self, chat: str, state: State) -> None:
        self._chats[chat] = state

    async def close(self) -> None:
        self._chats.clear()

    def __len__(self) -> int:
        return len(self._chats)
