"""Journal, chat state and flood budget in a real redis-server, as replicas share them."""

from __future__ import annotations

import asyncio
import time

from migbot.ops import redisstore
from migbot.ops.journal import SENDING, SENT, Part
from migbot.ops.redisstore import RedisChatState, RedisFloodBudget, RedisJournal


async def test_journal_is_shared_between_two_clients(redis_url: str) -> None:
    one = RedisJournal(redisstore.connect(redis_url), "migbot:1:")
    two = RedisJournal(redisstore.connect(redis_url), "migbot:1:")
    other_bot = RedisJournal(redisstore.connect(redis_url), "migbot:2:")
    try:
        assert not await two.is_handled(7)
        await one.mark_handled(7)
        assert await two.is_handled(7) and not await other_bot.is_handled(7)
        await one.sending(8, 0, 42)
        await two.sending(8, 0, 42)  # never overwrites: the first word stays
        assert await two.part(8, 0) == Part(SENDING, 42, None)
        await two.sent(8, 0, 42, 1001)
        assert await one.part(8, 0) == Part(SENT, 42, 1001)
        assert await one.last_message(42) == 1001 and await one.last_message(43) is None
        assert 0 < await one.redis.ttl("migbot:1:h:7") <= 48 * 3600  # everything expires
    finally:
        for journal in (one, two, other_bot):
            await journal.close()


async def test_chat_state_expires(redis_url: str) -> None:
    client = redisstore.connect(redis_url)
    chats = RedisChatState(client, "migbot:1:", ttl=60)
    await chats.put("5", {"context": {"entity": "x"}})
    assert await chats.get("5") == {"context": {"entity": "x"}}
    assert 0 < await client.ttl("migbot:1:chat:5") <= 60
    assert await chats.get("6") is None
    await chats.close()


async def test_flood_budget_is_kept_by_replicas_together(redis_url: str) -> None:
    """Two replicas taking as fast as they can: never more than the limits in any window."""
    limits = {"overall_per_second": 20, "chat_per_second": 5, "group_per_minute": 8}
    replicas = [RedisFloodBudget(redisstore.connect(redis_url), "migbot:1:", **limits)]
    replicas.append(RedisFloodBudget(redisstore.connect(redis_url), "migbot:1:", **limits))
    taken: list[tuple[float, int]] = []

    async def send(budget: RedisFloodBudget, chat: int, count: int) -> None:
        for _ in range(count):
            while wait := await budget.wait_ms(chat):
                await asyncio.sleep(wait / 1000)
            taken.append((time.monotonic(), chat))

    chats = [1, 2, 3, 4, 5, 6]
    await asyncio.gather(
        *(send(replicas[i % 2], chat, 4) for i, chat in enumerate(chats)),
        send(replicas[0], -100, 3),
        send(replicas[1], -100, 3),
    )
    assert len(taken) == 6 * 4 + 6
    times = sorted(t for t, _ in taken)
    slack = 0.05  # the budget counts on Redis's clock, this test on its own
    assert all(sum(1 for u in times if t <= u < t + 1 - slack) <= 20 for t in times)
    for chat in chats:
        mine = [t for t, c in taken if c == chat]
        assert all(sum(1 for u in mine if t <= u < t + 1 - slack) <= 5 for t in mine)
    group = sorted(t for t, c in taken if c == -100)
    assert group[-1] - group[0] < 60 and len(group) == 6  # 6 of the group's 8 a minute
    for budget in replicas:
        await budget.redis.aclose()


async def test_a_429_pauses_every_replica(redis_url: str) -> None:
    limits = {"overall_per_second": 0, "chat_per_second": 0, "group_per_minute": 0}
    one = RedisFloodBudget(redisstore.connect(redis_url), "migbot:1:", **limits)
    two = RedisFloodBudget(redisstore.connect(redis_url), "migbot:1:", **limits)
    assert await two.wait_ms(5) == 0
    await one.pause(2.0)
    assert 1000 < await two.wait_ms(5) <= 2000
    assert await redisstore.ping(two.redis)
    dead = redisstore.connect("redis://127.0.0.1:1/0")
    assert not await redisstore.ping(dead)
    for client in (one.redis, two.redis, dead):
        await client.aclose()
