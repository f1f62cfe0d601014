"""What replicas share in Redis (``MIGBOT_REDIS_URL``): journal, chat state, flood budget.

redis-py's asyncio client. Every key starts with ``migbot:<bot id>:`` and expires:
handled updates and sent parts after ``journal.KEEP_SECONDS``, a chat's state ``ttl``
seconds after its last write, flood windows after their window.

The flood budget is Telegram's, for the bot as a whole whatever the number of replicas:
about 30 messages a second overall, one a second per chat, 20 a minute per group; and a
429 pauses every replica for its ``retry_after``. One Lua script checks and takes from
all windows at once (sliding windows in sorted sets, on Redis's own clock), so two
replicas can never both take the last place.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from redis.asyncio import Redis

from migbot.ops.chatstate import State
from migbot.ops.journal import KEEP_SECONDS, SENDING, SENT, Part


def connect(url: str) -> Redis:
    return Redis.from_url(url, socket_connect_timeout=5, socket_timeout=10)


class RedisJournal:
    """``migbot.ops.journal.Journal`` in Redis: replicas skip what another one handled."""

    def __init__(self, client: Redis, prefix: str) -> None:
        self.redis = client
        self.prefix = prefix

    async def is_handled(self, update_id: int) -> bool:
        return bool(await self.redis.exists(f"{self.prefix}h:{update_id}"))

    async def mark_handled(self, update_id: int) -> None:
        await self.redis.set(f"{self.prefix}h:{update_id}", 1, ex=KEEP_SECONDS)

    async def part(self, update_id: int, seq: int) -> Part | None:
        raw = await self.redis.hget(f"{self.prefix}p:{update_id}", str(seq))
        if raw is None:
            return None
        text = raw.decode() if isinstance(raw, bytes) else str(raw)
        state, chat, message = text.split(":")
        return Part(state, int(chat), int(message) if message else None)

    async def sending(self, update_id: int, seq: int, chat_id: int) -> None:
        key = f"{self.prefix}p:{update_id}"
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.hsetnx(key, str(seq), f"{SENDING}:{chat_id}:")
            pipe.expire(key, KEEP_SECONDS)
            await pipe.execute()

    async def sent(self, update_id: int, seq: int, chat_id: int, message_id: int) -> None:
        key = f"{self.prefix}p:{update_id}"
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.hset(key, str(seq), f"{SENT}:{chat_id}:{message_id}")
            pipe.expire(key, KEEP_SECONDS)
            # A chat's updates are handled one at a time, so its messages only grow.
            pipe.set(f"{self.prefix}last:{chat_id}", message_id, ex=KEEP_SECONDS)
            await pipe.execute()

    async def last_message(self, chat_id: int) -> int | None:
        raw = await self.redis.get(f"{self.prefix}last:{chat_id}")
        return int(raw) if raw is not None else None

    async def close(self) -> None:
        await self.redis.aclose()


class RedisChatState:
    """``migbot.ops.chatstate.ChatState`` in Redis: a follow-up may reach another replica."""

    def __init__(self, client: Redis, prefix: str, ttl: float) -> None:
        self.redis = client
        self.prefix = prefix
        self.ttl = max(1, int(ttl))

    async def get(self, chat: str) -> State | None:
        raw = await self.redis.get(f"{self.prefix}chat:{chat}")
        if raw is None:
            return None
        state: State = json.loads(raw)
        return state

    async def put(self, chat: str, state: State) -> None:
        await self.redis.set(f"{self.prefix}chat:{chat}", json.dumps(state), ex=self.ttl)

    async def close(self) -> None:
        await self.redis.aclose()


# KEYS: pause, overall, chat, group. ARGV: overall/s, chat/s, group/min, member.
# Returns 0 when a place was taken in every window, else milliseconds to wait. Windows are
# 10% longer than Telegram's: a message may wait for a connection or the CPU between
# taking its place and reaching Telegram, and two must not arrive closer than allowed.
_TAKE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local pause = redis.call('PTTL', KEYS[1])
if pause > 0 then return pause end
local windows = {{KEYS[2], tonumber(ARGV[1]), 1100}, {KEYS[3], tonumber(ARGV[2]), 1100},
                 {KEYS[4], tonumber(ARGV[3]), 66000}}
local wait = 0
for _, w in ipairs(windows) do
  if w[2] > 0 then
    redis.call('ZREMRANGEBYSCORE', w[1], '-inf', now - w[3])
    if redis.call('ZCARD', w[1]) >= w[2] then
      local oldest = redis.call('ZRANGE', w[1], 0, 0, 'WITHSCORES')
      wait = math.max(wait, tonumber(oldest[2]) + w[3] - now + 1)
    end
  end
end
if wait > 0 then return wait end
for _, w in ipairs(windows) do
  if w[2] > 0 then
    redis.call('ZADD', w[1], now, ARGV[4])
    redis.call('PEXPIRE', w[1], w[3])
  end
end
return 0
"""


class RedisFloodBudget:
    """Telegram's flood limits shared by every replica (see the module doc)."""

    def __init__(
        self,
        client: Redis,
        prefix: str,
        *,
        overall_per_second: float,
        chat_per_second: float,
        group_per_minute: float,
    ) -> None:
        self.redis = client
        self.prefix = prefix
        self.limits = (overall_per_second, chat_per_second, group_per_minute)
        self._take: Any = client.register_script(_TAKE)

    async def wait_ms(self, chat_id: int | str | None) -> int:
        """Take a place for one message to ``chat_id``; 0, or milliseconds to wait first."""
        overall, per_chat, per_group = self.limits
        group = isinstance(chat_id, str) or (isinstance(chat_id, int) and chat_id < 0)
        keys = [
            f"{self.prefix}flood:pause",
            f"{self.prefix}flood:all",
            f"{self.prefix}flood:chat:{chat_id}",
            f"{self.prefix}flood:group:{chat_id}",
        ]
        args = [
            overall,
            per_chat if chat_id is not None else 0,
            per_group if group else 0,
            uuid.uuid4().hex,
        ]
        return int(await self._take(keys=keys, args=args))

    async def pause(self, seconds: float) -> None:
        """Every replica holds its requests for ``seconds`` (a 429 is for the whole bot)."""
        await self.redis.set(f"{self.prefix}flood:pause", 1, px=max(1, int(seconds * 1000)))


async def ping(client: Redis) -> bool:
    try:
        return bool(await client.ping())
    except Exception:  # any failure to answer is "not ready"
        return False
