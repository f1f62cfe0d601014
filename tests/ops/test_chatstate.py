"""The in-memory per-chat state is bounded: least recently used chats go, old ones expire."""

from __future__ import annotations

from migbot.ops.chatstate import MemoryChatState


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


async def test_the_least_recently_used_chat_is_forgotten_beyond_the_bound() -> None:
    store = MemoryChatState(max_chats=2, ttl=3600)
    await store.put("1", {"context": {"entity": "a"}})
    await store.put("2", {"context": {"entity": "b"}})
    assert await store.get("1") == {"context": {"entity": "a"}}  # 1 is now the most recent
    await store.put("3", {"context": {"entity": "c"}})
    assert await store.get("2") is None
    assert await store.get("1") is not None and await store.get("3") is not None
    assert len(store) == 2


async def test_a_chat_expires_ttl_seconds_after_its_last_write() -> None:
    clock = Clock()
    store = MemoryChatState(max_chats=10, ttl=60, timer=clock)
    await store.put("1", {"context": {}})
    clock.now = 59
    assert await store.get("1") == {"context": {}}
    await store.put("2", {"context": {}})
    clock.now = 61
    assert await store.get("1") is None
    assert await store.get("2") is not None
    assert len(store) == 1


async def test_100_000_chats_keep_only_the_bound_in_memory() -> None:
    store = MemoryChatState(max_chats=1000, ttl=3600)
    for chat in range(100_000):
        await store.put(str(chat), {"context": {"entity": "x"}})
    assert len(store) == 1000
    assert await store.get("99999") is not None and await store.get("0") is None
